"""The user's figure: the original widget's API. It checks what the user gives and builds
a Scene (scene.py) that every format draws from; each drawing method is one delegation."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import IO, Any

from .colormap import VIRIDIS_SUBSET, check_colour, make_scale, palette_of, readable_on
from .data import Facet, parse_data
from .formats.notebook import NotebookFigure
from .formats.png import png_bytes
from .formats.svg import draw_svg
from .formats.writers import Target, save
from .frames import FrameData
from .layout import MINIMUM_COLUMNS, THEMES, Look, look_of, minimum_width
from .notebook import LiveDisplay
from .scene import PAGE, Scene, Settings, build_scene, paused_gc

FONT_SIZES = (4.0, 72.0)  # the font sizes a figure takes, in px


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


def _check_width(width: object, look: Look) -> None:
    least = minimum_width(look)
    if isinstance(width, bool) or not isinstance(width, int):
        raise ValueError(f"width must be a whole number of pixels, at least {least}, was {width!r}")
    if width < least:
        raise ValueError(f"width must be at least {least} px (the {look.title_width:g} px title column, "
                         f"the padding and {MINIMUM_COLUMNS} characters), was {width}")


def _check_look(theme: object, font_size: object) -> Look:
    if not isinstance(theme, str) or theme not in THEMES:
        raise ValueError(f"theme must be one of {', '.join(map(repr, THEMES))}, was {theme!r}")
    low, high = FONT_SIZES
    if isinstance(font_size, bool) or not isinstance(font_size, (int, float)) or not low <= font_size <= high:
        raise ValueError(f"font_size must be a number of pixels from {low:g} to {high:g}, was {font_size!r}")
    return look_of(theme, float(font_size))


def _check_background(background: object) -> str | None:
    if background is None or background == PAGE:
        return background
    return check_colour(background, "background")


def _text_palette(palette: tuple[str, ...], readable_text: object, look: Look) -> tuple[str, ...] | None:
    """The token text's colour on each palette colour; None keeps it all white."""
    if readable_text is not None and not isinstance(readable_text, bool):
        raise ValueError(f"readable_text must be True, False or None, was {readable_text!r}")
    # By default the original's palette keeps its white text (its look); any other map
    # switches, as white on its light colours is unreadable.
    switch = palette != VIRIDIS_SUBSET if readable_text is None else readable_text
    return tuple(readable_on(c, look.token_text, look.dark_text) for c in palette) if switch else None


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
            behind it, for a contrast ratio of at least 4.5:1. None (the default) switches
            on every colour map but the original's, whose text stays white as it was;
            True always switches, False keeps all text white.
        theme: "light" (the original's look) or "dark": meta and title boxes, borders and
            text for a dark page (every text at least 4.5:1 on what it sits on).
        background: The colour behind the figure ("#rrggbb" or an (r, g, b) tuple of 0-1
            floats), or None: transparent (a GIF too, through GIF transparency). "page"
            (the default): transparent where the format allows, as in the original, and
            the theme's page colour (white; dark: #0d1117) in a GIF.
        font_size: The tokens' font size in px (default 14, the original's). Everything
            the original sizes in em scales with it, and so do its px-sized title column
            (60 px at 14), meta row (40 px at 14) and legend bar; borders, corner radii and
            gaps stay in px.
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
        readable_text: bool | None = None,
        theme: str = "light",
        background: str | None = PAGE,
        font_size: float = 14,
    ) -> None:
        look = _check_look(theme, font_size)
        _check_width(width, look)
        palette = palette_of(colormap)
        make_scale(vmin, vmax, center, extent=1.0)  # bad bounds fail here, before any data
        self._settings = Settings(
            titles=_check_titles(facet_titles),
            width=width,
            show_meta=_check_bool(show_meta, "show_meta"),
            rotate_titles=_check_bool(rotate_facet_titles, "rotate_facet_titles"),
            interactive=_check_bool(interactive, "interactive"),
            palette=palette,
            text_palette=_text_palette(palette, readable_text, look),
            bounds=(vmin, vmax, center),
            legend=_check_bool(legend, "legend"),
            look=look,
            background=_check_background(background),
        )
        self._debug = debug
        self._scene = build_scene(self._settings, tuple(Facet(()) for _ in self._settings.titles))
        self._notebook = NotebookFigure(self._scene)
        self._display = LiveDisplay(display_fn)
        self._display.show(self._outputs())

    def set_data(self, data: list[list[dict[str, Any]]] | FrameData) -> None:
        """Set the tokens of every facet (replacing any earlier data) and redraw.

        ``data`` holds one list per facet title of token dicts
        ``{"token": str, "meta": [str], "heat": [float], "format": bool}``; only
        ``"token"`` is required. ``heat[j]`` colours the j-th non-format token when
        this token is highlighted. Or ``data`` is a ``FrameData`` (frames given one by
        one, as ``from_seq2seq`` and ``from_generation`` make): then indices count frames.
        """
        frames = None
        with paused_gc():
            if isinstance(data, FrameData):
                facets, frames = data.parse(len(self._settings.titles))
            else:
                facets = parse_data(data, len(self._settings.titles))
        self._scene = build_scene(self._settings, facets, self._scene.highlight, frames)
        self._notebook = NotebookFigure(self._scene)
        self._display.refresh(self._outputs())

    def highlight(self, index: int) -> None:
        """Highlight the ``index``-th non-format token in every facet and redraw."""
        self._scene = self._scene.highlighted(index)
        self._display.refresh(self._outputs())

    @property
    def token_count(self) -> int:
        """How many tokens a highlight can select: the most non-format tokens of a facet
        (with ``FrameData``: how many frames)."""
        return self._scene.token_count

    @property
    def highlighted(self) -> int | None:
        """The highlighted token's index, or None."""
        return self._scene.highlight

    @property
    def scene(self) -> Scene:
        """Everything the formats draw from: layout, facets, palettes, scale, highlight."""
        return self._scene

    def to_svg(self, index: int | Sequence[int] | None = None, columns: int | None = None) -> str:
        """The figure as an SVG document, at highlight ``index`` or the current one; a list
        of indices draws the figure once per highlight, labelled, ``columns`` per row."""
        return draw_svg(self._scene, index, columns)

    def to_png(self, index: int | Sequence[int] | None = None, scale: float = 1,
               columns: int | None = None) -> bytes:
        """The figure as PNG bytes, ``scale`` pixels per SVG unit (2 doubles the size);
        ``index`` and ``columns`` as in ``to_svg``."""
        return png_bytes(self._scene, index, scale, columns)

    def save(self, target: Target | IO[bytes], index: int | Sequence[int] | None = None, **options: Any) -> None:
        """Save the figure; the format follows the file's extension (``.svg``, ``.png``,
        ``.pdf``, ``.gif``: an animation over highlights, ``.html``: a page where hovering
        a token highlights it; ``interactive=False`` saves it without the script).

        In ``.svg``, ``.png``, ``.pdf`` and ``.tex`` a list ``index=[12, 40]`` draws one
        labelled panel per highlight, ``columns=`` of them to a row.

        ``target`` is a path or an open stream (then pass ``format="svg"``).
        """
        # Only a given index is passed on: the GIF takes none.
        if index is not None:
            options = {"index": index, **options}
        save(self._scene, target, **options)

    def _repr_svg_(self) -> str:
        return self.to_svg()

    def _outputs(self) -> list[dict[str, str]]:
        """The notebook outputs at the current highlight (formats/notebook.py)."""
        return self._notebook.outputs(self._scene) if self._display.active else []

    def notebook_outputs(self) -> list[dict[str, str]]:
        """The mime bundles of the notebook outputs: the static picture, then (with
        ``interactive``) the script that makes it live where scripts run."""
        return self._notebook.outputs(self._scene)

    def _ipython_display_(self) -> None:
        # A bare expression or display(): shown once per cell (notebook.py).
        self._display.show_as_result(self.notebook_outputs)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return self._notebook.picture(self._scene)
