"""The PDF's text layer: the figure's text as real (nearly invisible) text, so a reader
can search and copy it; the picture is the glyph outlines drawn as before.

Each character that the figure draws is set at its outline's place (its x and baseline)
in the bundled fonts' family, through cairo's own text, facet by facet in reading order:
meta strings, the token lines, the title; then the legend's ticks. It is painted at the
least alpha cairo does not drop as clear (``TEXT_ALPHA``), so the page changes by at most
``TEXT_ALPHA * 255`` levels where a character lies (tests/test_pdf_text.py measures it);
text extractors (pdftotext, a viewer's search) read it whatever its alpha.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from ..frame import Frame
from ..layout import GlyphUse, layout_meta
from ..layout.glyphs import Typesetter, visible
from ..layout.look import Look
from ..scene import Scene
from .panels import Indices, check_panels, panel_grid

# cairo treats an alpha of at most 255/65535 as clear and draws nothing: just above it.
TEXT_ALPHA = 0.005
FAMILIES = {"mono": "DejaVu Sans Mono", "sans": "DejaVu Sans"}  # layout/fonts.py's files


def _drawn(text: str, setter: Typesetter) -> list[str]:
    """The characters of ``text`` that get an outline, in order: one per GlyphUse (those
    XML cannot hold as U+FFFD, as the SVG's labels have them)."""
    return [visible(char) for char in text if setter.place(char).glyph is not None]


def _set(context: Any, family: str, size: float, chars: Sequence[str], uses: Sequence[GlyphUse]) -> None:
    if len(chars) != len(uses):  # pragma: no cover - place() decides both
        return
    context.select_font_face(family)
    context.set_font_size(size)
    for char, use in zip(chars, uses):
        context.move_to(use.x, use.y)
        context.show_text(char)


def _set_string(context: Any, family: str, size: float, text: str, uses: Sequence[GlyphUse]) -> None:
    """A whole string (a title, a meta string, a label) from its first outline's place."""
    if text.strip() and uses:
        context.select_font_face(family)
        context.set_font_size(size)
        context.move_to(uses[0].x, uses[0].y)
        context.show_text(text)


def draw_scene_text(context: Any, scene: Scene, index: Indices = None, columns: int | None = None) -> None:
    """The text of ``scene`` as ``draw_svg(scene, index, columns)`` draws it, into the cairo
    ``context`` (in SVG units): each panel's label, then its figure's text."""
    indices = check_panels(scene, index, columns)
    context.save()
    context.set_source_rgba(0, 0, 0, TEXT_ALPHA)
    if indices is None:
        _figure_text(context, scene, scene.frame(cast("int | None", index)))
    else:
        for panel in panel_grid(scene, indices, columns).panels:
            _set_string(context, FAMILIES["sans"], scene.layout.look.font_size, panel.label, panel.label_glyphs)
            context.save()
            context.translate(panel.x, panel.y)
            _figure_text(context, scene, scene.frame(panel.index))
            context.restore()
    context.restore()


def _figure_text(context: Any, scene: Scene, frame: Frame) -> None:
    layout = scene.layout
    look: Look = layout.look
    mono = Typesetter("mono", look.font_size, monospace=True)
    for facet, data, state in zip(layout.facets, scene.facets, frame.facets):
        if facet.meta_row is not None:
            for item in layout_meta(state.meta, facet.meta_row, look):
                _set_string(context, FAMILIES["sans"], look.font_size, item.label, item.glyphs)
        text = "".join(token.text for token in data.tokens)  # as the layout placed it
        _set(context, FAMILIES["mono"], look.font_size, _drawn(text, mono), facet.text)
        # A title is one string however it wraps (or turns): found as written.
        _set_string(context, FAMILIES["sans"], look.font_size, " ".join(facet.title_label.split()),
                    facet.title_glyphs)
    if layout.legend is not None:
        size = look.font_size * look.legend_font_em
        for tick in layout.legend.ticks:
            _set_string(context, FAMILIES["sans"], size, tick.label, tick.glyphs)
