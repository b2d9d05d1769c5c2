"""The user's figure: the original widget's API, drawing static SVG from one layout."""
from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from .colormap import VIRIDIS_SUBSET
from .data import Facet, check_index, parse_data
from .frame import Frame, make_frame
from .layout import Layout, layout_figure
from .notebook import LiveDisplay
from .style import DEFAULT_LOOK
from .svg import draw_svg
from .writers import Target, save


def _check_bool(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be a boolean, was {value!r}")
    return value


def _check_titles(titles: object) -> tuple[str, ...]:
    if not isinstance(titles, list):
        raise ValueError(f"facet_titles must be a list, was {type(titles).__name__}")
    for i, title in enumerate(titles):
        if not isinstance(title, str):
            raise ValueError(f"facet_titles[{i}] must be a string, was {title!r}")
    return tuple(titles)


class TextualHeatmap:
    """A textual heatmap: text whose tokens are coloured by a score, one frame per token.

    Example::

        heatmap = TextualHeatmap(show_meta=True, facet_titles=["LSTM", "GRU"])
        heatmap.set_data([
            [{"token": "a", "meta": ["and", "africa"], "heat": [1, 0, 0]}, ...],
            [{"token": "a", "meta": ["and", "america"], "heat": [1, 0, 0]}, ...],
        ])
        heatmap.highlight(1)
        heatmap.save("figure.svg")

    Arguments:
        show_meta: Show the highlighted token's meta strings above each facet.
        facet_titles: One title per facet; ``set_data`` takes one token list per title.
        rotate_facet_titles: Turn the titles 90 degrees clockwise.
        width: Width of the whole figure in pixels, titles included.
        interactive: Hovering a token highlights it where scripts run (notebooks, HTML).
        display_fn: How to show the figure in a notebook; IPython's ``display`` when
            running in a Jupyter kernel, nothing elsewhere.
        debug: Accepted for compatibility with the original widget; has no effect.
    """

    def __init__(
        self,
        show_meta: bool = False,
        facet_titles: list[str] = ["Heatmap"],  # noqa: B006 - the original's signature
        rotate_facet_titles: bool = False,
        width: int = 600,
        interactive: bool = True,
        display_fn: Callable[..., Any] | None = None,
        debug: bool = False,
    ) -> None:
        if isinstance(width, bool) or not isinstance(width, int) or width <= 0:
            raise ValueError(f"width must be a positive number, was {width!r}")
        self._show_meta = _check_bool(show_meta, "show_meta")
        self._interactive = _check_bool(interactive, "interactive")
        self._titles = _check_titles(facet_titles)
        self._rotate_titles = _check_bool(rotate_facet_titles, "rotate_facet_titles")
        self._width = width
        self._debug = debug
        self._look = DEFAULT_LOOK
        self._palette = VIRIDIS_SUBSET
        self._facets: tuple[Facet, ...] = tuple(Facet(()) for _ in self._titles)
        self._layout: Layout | None = None
        self._index: int | None = None
        self._display = LiveDisplay(display_fn)
        self._display.show(self)

    def set_data(self, data: list[list[dict[str, Any]]]) -> None:
        """Set the tokens of every facet (replacing any earlier data) and redraw.

        ``data`` holds one list per facet title of token dicts
        ``{"token": str, "meta": [str], "heat": [float], "format": bool}``; only
        ``"token"`` is required. ``heat[j]`` colours the j-th non-format token when
        this token is highlighted.
        """
        self._facets = parse_data(data, len(self._titles))
        self._layout = None
        if self._index is not None and self._index >= self.token_count:
            self._index = None
        self._display.refresh(self)

    def highlight(self, index: int) -> None:
        """Highlight the ``index``-th non-format token in every facet and redraw."""
        self._index = check_index(index, self._facets)
        self._display.refresh(self)

    @property
    def token_count(self) -> int:
        """How many tokens a highlight can select: the most non-format tokens of a facet."""
        return max((len(facet.counted) for facet in self._facets), default=0)

    @property
    def highlighted(self) -> int | None:
        return self._index

    @property
    def layout(self) -> Layout:
        """Where everything goes; computed once per ``set_data``."""
        if self._layout is None:
            self._layout = layout_figure(self._facets, self._titles, self._width,
                                         self._show_meta, self._rotate_titles, self._look)
        return self._layout

    @property
    def palette(self) -> tuple[str, ...]:
        return self._palette

    def frame(self, index: int | None = None) -> Frame:
        """What highlight ``index`` (the current one when None) colours and shows."""
        if index is None:
            index = self._index
        else:
            index = check_index(index, self._facets)
        return make_frame(self._facets, index)

    def to_svg(self, index: int | None = None) -> str:
        """The figure as an SVG document, at highlight ``index`` or the current one."""
        return draw_svg(self.layout, self.frame(index), self._palette)

    def save(self, target: Target | IO[bytes], index: int | None = None, **options: Any) -> None:
        """Save the figure; the format follows the file's extension (``.svg``).

        ``target`` is a path or an open stream (then pass ``format="svg"``).
        """
        save(self, target, index=index, **options)

    def _repr_svg_(self) -> str:
        return self.to_svg()
