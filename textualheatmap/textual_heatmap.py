"""The user's figure: the original widget's API, drawing static SVG from one layout."""
from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from .colormap import Scale, make_scale, palette_of, readable_on
from .data import Facet, check_index, parse_data
from .frame import Frame, make_frame
from .gcpause import paused_gc
from .interactive import figure_html
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

    Beyond the original (keyword only; the defaults keep the original's look):
        colormap: A built-in name ("viridis", "magma", "Blues", "Reds", "RdBu",
            "PiYG", ...), a list of colours (low to high) or a matplotlib colour map.
            Default: the original's 97-step viridis subset.
        vmin, vmax: The heat at the low and high ends of the colour map (default 0, 1).
        center: For signed scores: the heat at the middle of the colour map (use a
            diverging map such as "RdBu"); without vmin/vmax the scale is symmetric
            about it and spans the data. One scale is shared by every facet.
        legend: Draw a colour bar with ticks under the figure.
        readable_text: Switch token text between white and near-black by the colour
            behind it, for a contrast ratio of at least 4.5:1.
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
        *,
        colormap: object = None,
        vmin: float | None = None,
        vmax: float | None = None,
        center: float | None = None,
        legend: bool = False,
        readable_text: bool = False,
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
        self._palette = palette_of(colormap)
        self._bounds = (vmin, vmax, center)
        self._scale: Scale = make_scale(vmin, vmax, center, extent=1.0)
        self._legend = _check_bool(legend, "legend")
        self._text_palette = (
            tuple(readable_on(c, self._look.token_text, self._look.dark_text) for c in self._palette)
            if _check_bool(readable_text, "readable_text") else None
        )
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
        with paused_gc():
            self._facets = parse_data(data, len(self._titles))
        self._scale = make_scale(*self._bounds, extent=self._extent())
        self._layout = None
        if self._index is not None and self._index >= self.token_count:
            self._index = None
        self._display.refresh(self)

    def _extent(self) -> float:
        # How far the data reaches from the centre: a centred scale without bounds spans it.
        center = self._bounds[2]
        if center is None:
            return 1.0
        values = [facet.heat_values() for facet in self._facets]
        values = [v for v in values if v.size]
        return float(max(abs(v - center).max() for v in values)) if values else 1.0

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
            legend = (self._palette, self._scale) if self._legend else None
            with paused_gc():
                self._layout = layout_figure(self._facets, self._titles, self._width,
                                             self._show_meta, self._rotate_titles, self._look, legend)
        return self._layout

    @property
    def palette(self) -> tuple[str, ...]:
        return self._palette

    @property
    def text_palette(self) -> tuple[str, ...] | None:
        """Text colour on each palette colour with ``readable_text``; None: all white."""
        return self._text_palette

    @property
    def scale(self) -> Scale:
        return self._scale

    @property
    def has_vectors(self) -> bool:
        """False for a plain saliency map (a single number per token): one frame says all."""
        return any(facet.has_vectors for facet in self._facets)

    @property
    def interactive(self) -> bool:
        return self._interactive

    @property
    def facet_titles(self) -> tuple[str, ...]:
        return self._titles

    @property
    def facets(self) -> tuple[Facet, ...]:
        """The checked data: one record per facet (for writers that need the tokens)."""
        return self._facets

    @property
    def show_meta(self) -> bool:
        return self._show_meta

    def frame(self, index: int | None = None) -> Frame:
        """What highlight ``index`` (the current one when None) colours and shows."""
        if index is None:
            index = self._index
        else:
            index = check_index(index, self._facets)
        return make_frame(self._facets, index, self._scale, len(self._palette))

    def to_svg(self, index: int | None = None) -> str:
        """The figure as an SVG document, at highlight ``index`` or the current one."""
        return draw_svg(self.layout, self.frame(index), self._palette, self._text_palette)

    def to_png(self, index: int | None = None, scale: float = 1) -> bytes:
        """The figure as PNG bytes, ``scale`` pixels per SVG unit (2 doubles the size)."""
        from .cairodraw import svg_to_png

        return svg_to_png(self.to_svg(index), scale)

    def save(self, target: Target | IO[bytes], index: int | None = None, **options: Any) -> None:
        """Save the figure; the format follows the file's extension (``.svg``, ``.png``,
        ``.pdf``, ``.gif``: an animation over highlights, ``.html``: a page where hovering
        a token highlights it; ``interactive=False`` saves it without the script).

        ``target`` is a path or an open stream (then pass ``format="svg"``).
        """
        save(self, target, index=index, **options)

    def _repr_svg_(self) -> str:
        return self.to_svg()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        # The SVG stays in the bundle for viewers that run no scripts or show no HTML.
        bundle = {"image/svg+xml": self.to_svg()}
        if self._interactive:
            bundle["text/html"] = figure_html(self)
        return bundle
