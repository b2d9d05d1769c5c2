"""SVG: a Scene at one highlight becomes one SVG document (svgwrite).

Text is drawn as glyph outlines from the bundled fonts, each defined once in ``<defs>``
and placed with ``<use>``, so the picture does not depend on the viewer's fonts. The
group classes (``GROUP``) are read by the GIF's compositor and the hover script.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO, cast

import numpy as np
import svgwrite
from svgwrite.container import Group

from ..frame import UNCOLOURED, FacetFrame, Frame, glyph_colors
from ..layout import Box, FacetLayout, GlyphUse, Layout, Look, Radii, layout_meta
from ..layout.glyphs import note_missing, one_missing_warning
from ..layout.legend import LegendLayout
from ..layout.precision import fmt
from ..scene import Scene, paused_gc
from .shown import drawn_part
from .panels import Indices, PanelGrid, check_panels, panel_grid


@dataclass(frozen=True)
class GroupClasses:
    """The class of each ``<g>`` the SVG draws: what other code finds its parts by
    (the GIF compositor, assets/hover.js; tests/test_house.py checks the script)."""

    facet: str = "facet"
    meta: str = "meta"
    heat: str = "heat"
    underline: str = "underline"
    tokens: str = "tokens"
    title: str = "title"
    legend: str = "legend"
    panel: str = "panel"  # small multiples (panels.py): one copy of the figure per highlight
    panel_label: str = "panel-label"

    @property
    def per_frame(self) -> frozenset[str]:
        """The groups a highlight changes; the rest of a figure stays the same."""
        return frozenset({self.meta, self.heat, self.underline, self.tokens})


GROUP = GroupClasses()


def rounded_rect_path(box: Box, radii: Radii) -> str:
    """SVG path data of ``box`` with its own radius at each corner (tl, tr, br, bl)."""
    x, y, w, h = box.x, box.y, box.w, box.h
    tl, tr, br, bl = radii
    parts = [f"M{fmt(x + tl)} {fmt(y)}H{fmt(x + w - tr)}"]
    if tr:
        parts.append(f"A{fmt(tr)} {fmt(tr)} 0 0 1 {fmt(x + w)} {fmt(y + tr)}")
    parts.append(f"V{fmt(y + h - br)}")
    if br:
        parts.append(f"A{fmt(br)} {fmt(br)} 0 0 1 {fmt(x + w - br)} {fmt(y + h)}")
    parts.append(f"H{fmt(x + bl)}")
    if bl:
        parts.append(f"A{fmt(bl)} {fmt(bl)} 0 0 1 {fmt(x)} {fmt(y + h - bl)}")
    parts.append(f"V{fmt(y + tl)}")
    if tl:
        parts.append(f"A{fmt(tl)} {fmt(tl)} 0 0 1 {fmt(x + tl)} {fmt(y)}")
    return "".join(parts) + "Z"


def border_inset(box: Box, radii: Radii, look: Look, sides: str) -> tuple[Box, Radii]:
    """The inner shape of a bordered box: like CSS, the border is the outer shape showing
    around an inner shape inset on the bordered sides only ("t", "r", "b", "l"), with
    radii shrunk by the border."""
    b = look.border
    left, right = (b if "l" in sides else 0.0), (b if "r" in sides else 0.0)
    top, bottom = (b if "t" in sides else 0.0), (b if "b" in sides else 0.0)
    inner = Box(box.x + left, box.y + top, box.w - left - right, box.h - top - bottom)
    top_left, top_right, bottom_right, bottom_left = radii
    return inner, (max(top_left - b, 0.0), max(top_right - b, 0.0),
                   max(bottom_right - b, 0.0), max(bottom_left - b, 0.0))


def bordered_box_paths(box: Box, radii: Radii, fill: str, look: Look, sides: str) -> list[tuple[str, str]]:
    """A bordered box as path data and fill, in drawing order: the border's outer shape, then
    the inner shape (``border_inset``)."""
    inner, inner_radii = border_inset(box, radii, look, sides)
    return [(rounded_rect_path(box, radii), look.border_color), (rounded_rect_path(inner, inner_radii), fill)]


def bordered_box(dwg: svgwrite.Drawing, box: Box, radii: Radii, fill: str, look: Look,
                 sides: str) -> Group:
    group = dwg.g()
    for data, color in bordered_box_paths(box, radii, fill, look, sides):
        group.add(dwg.path(d=data, fill=color))
    return group


class GlyphGroup(Group):
    """A group of glyph ``<use>`` elements, serialised straight into the XML tree.

    A figure has a ``<use>`` per character; as svgwrite elements they cost ten times
    more than the ElementTree elements they become, so they are written as the latter,
    attributes in svgwrite's (sorted) order.
    """

    def __init__(self, dwg: svgwrite.Drawing, uses: Iterable[GlyphUse],
                 fills: Iterable[str | None] | None = None, **attributes: str) -> None:
        super().__init__(factory=dwg, **attributes)
        self._uses = list(uses)
        self._fills = list(fills) if fills is not None else [None] * len(self._uses)

    def get_xml(self) -> ET.Element:
        xml: ET.Element = super().get_xml()  # svgwrite is untyped
        for use, fill in zip(self._uses, self._fills):
            attributes = {"fill": fill} if fill else {}
            attributes.update({"x": fmt(use.x), "xlink:href": f"#{use.glyph.id}", "y": fmt(use.y)})
            ET.SubElement(xml, "use", attributes)
        return xml


def _heat_rects(dwg: svgwrite.Drawing, facet: FacetLayout, state: FacetFrame,
                palette: Sequence[str]) -> Group:
    group = dwg.g(class_=GROUP.heat)
    pieces = facet.fragments
    height = fmt(pieces.height)
    for token, x, y, w in zip(pieces.token.tolist(), pieces.x.tolist(), pieces.y.tolist(),
                              pieces.w.tolist()):
        color = int(state.colors[token])
        if color != UNCOLOURED:
            group.add(dwg.rect(insert=(fmt(x), fmt(y)), size=(fmt(w), height),
                               fill=palette[color]))
    return group


def _underline(dwg: svgwrite.Drawing, facet: FacetLayout, state: FacetFrame, look: Look) -> Group:
    group = dwg.g(class_=GROUP.underline, fill=look.underline_fill)
    pieces = facet.fragments
    if state.selected is not None:
        for k in (pieces.token == state.selected).nonzero()[0].tolist():
            group.add(dwg.rect(insert=(fmt(pieces.x[k]), fmt(pieces.underline_top[k])),
                               size=(fmt(pieces.w[k]), fmt(pieces.underline_h))))
    return group


def _token_text(dwg: svgwrite.Drawing, facet: FacetLayout, state: FacetFrame, look: Look,
                text_palette: Sequence[str] | None) -> Group:
    fills: list[str | None] = [None] * len(facet.text)
    if text_palette is not None and len(facet.text):
        # Only glyphs whose text colour differs from the group's carry their own fill.
        colour = glyph_colors(facet.text_token, state.colors)
        fills = [None if c < 0 or text_palette[c] == look.token_text else text_palette[c]
                 for c in colour.tolist()]
    return GlyphGroup(dwg, facet.text, fills, fill=look.token_text, class_=GROUP.tokens,
                      **{"aria-label": facet.label})



def _legend(dwg: svgwrite.Drawing, legend: LegendLayout, look: Look) -> tuple[Group, list[GlyphUse]]:
    group = dwg.g(class_=GROUP.legend)
    bar = legend.bar
    for k, (x, w, colour) in enumerate(legend.steps):
        # Each run reaches under the next, so antialiased edges leave no seams.
        overlap = 0.5 if k < len(legend.steps) - 1 else 0.0
        group.add(dwg.rect(insert=(fmt(bar.x + x), fmt(bar.y)), size=(fmt(w + overlap), fmt(bar.h)),
                           fill=colour))
    ticks = dwg.g(fill=look.legend_text)
    used: list[GlyphUse] = []
    for tick in legend.ticks:
        x = min(max(bar.x + tick.x - 0.5, bar.x), bar.x + bar.w - 1)
        ticks.add(dwg.rect(insert=(fmt(x), fmt(legend.tick_top)), size=("1", fmt(legend.tick_length))))
        ticks.add(GlyphGroup(dwg, tick.glyphs, fill=look.legend_text, **{"aria-label": tick.label}))
        used += tick.glyphs
    group.add(ticks)
    return group, used


def _facet(dwg: svgwrite.Drawing, facet: FacetLayout, state: FacetFrame, look: Look,
           palette: Sequence[str], text_palette: Sequence[str] | None) -> tuple[Group, list[GlyphUse]]:
    group = dwg.g(class_=GROUP.facet)
    facet, state = drawn_part(facet, state)
    used = list(facet.text) + list(facet.title_glyphs)
    if facet.meta_row is not None:
        meta = dwg.g(class_=GROUP.meta)
        for item in layout_meta(state.meta, facet.meta_row, look):
            meta.add(bordered_box(dwg, item.box, item.radii, look.meta_fill, look, "tlr"))
            meta.add(GlyphGroup(dwg, item.glyphs, fill=look.meta_text, **{"aria-label": item.label}))
            used += item.glyphs
        group.add(meta)
    group.add(dwg.path(d=rounded_rect_path(facet.panel, facet.panel_radii), fill=look.panel_fill))
    group.add(_heat_rects(dwg, facet, state, palette))
    group.add(_underline(dwg, facet, state, look))
    group.add(_token_text(dwg, facet, state, look, text_palette))
    title = facet.title
    group.add(bordered_box(dwg, title, (0.0, look.radius, look.radius, 0.0), look.title_fill, look, "trb"))
    attributes = {"aria-label": facet.title_label}
    if facet.title_rotation:
        center = (title.x + (title.w - look.border) / 2, title.y + title.h / 2)
        attributes["transform"] = f"rotate({fmt(facet.title_rotation)} {fmt(center[0])} {fmt(center[1])})"
    group.add(GlyphGroup(dwg, facet.title_glyphs, fill=look.title_text, class_=GROUP.title, **attributes))
    return group, used


def draw_svg(scene: Scene, index: Indices = None, columns: int | None = None) -> str:
    """The SVG document of ``scene`` at highlight ``index`` (None: the scene's own); a list
    of highlights draws one labelled panel each, ``columns`` per row (panels.py)."""
    indices = check_panels(scene, index, columns)
    with one_missing_warning():
        note_missing(scene.layout.missing)
        if indices is not None:
            with paused_gc():
                return _draw_panels(scene, panel_grid(scene, indices, columns))
        return svg_document(scene.layout, scene.frame(cast("int | None", index)), scene.palette, scene.text_palette,
                            scene.drawn_background)


def write_svg(scene: Scene, stream: IO[bytes], index: Indices = None, columns: int | None = None) -> None:
    stream.write(draw_svg(scene, index, columns).encode("utf-8"))


def svg_document(layout: Layout, frame: Frame, palette: Sequence[str],
                 text_palette: Sequence[str] | None = None, background: str | None = None) -> str:
    """The SVG document of ``layout`` at ``frame``.

    ``text_palette[k]`` is the text colour on ``palette[k]``; None keeps all text white,
    as the original. ``background``: a colour behind everything, None: transparent.
    """
    with paused_gc():
        dwg = _drawing(layout.width, layout.height, background)
        groups, used = _figure_groups(dwg, layout, frame, palette, text_palette)
        return _finish(dwg, groups, used)


def meta_box_paths(layout: Layout, count: int) -> list[tuple[str, str]]:
    """The boxes of every facet's meta row for ``count`` strings, as ``svg_document``
    draws them (no text): each path's data and fill, in drawing order."""
    look = layout.look
    paths = []
    for facet in layout.facets:
        if facet.meta_row is not None:
            for item in layout_meta(("",) * count, facet.meta_row, look):
                paths += bordered_box_paths(item.box, item.radii, look.meta_fill, look, "tlr")
    return paths


def _drawing(width: float, height: float, background: str | None) -> svgwrite.Drawing:
    dwg = svgwrite.Drawing(size=(fmt(width), fmt(height)), profile="full", debug=False)
    dwg.viewbox(0, 0, fmt(width), fmt(height))
    if background is not None:
        dwg.add(dwg.rect(insert=(0, 0), size=(fmt(width), fmt(height)), fill=background, class_="background"))
    return dwg


def _figure_groups(dwg: svgwrite.Drawing, layout: Layout, frame: Frame, palette: Sequence[str],
                   text_palette: Sequence[str] | None) -> tuple[list[Group], list[GlyphUse]]:
    used: list[GlyphUse] = []
    groups = []
    for facet, state in zip(layout.facets, frame.facets):
        group, glyphs = _facet(dwg, facet, state, layout.look, palette, text_palette)
        groups.append(group)
        used += glyphs
    if layout.legend is not None:
        group, glyphs = _legend(dwg, layout.legend, layout.look)
        groups.append(group)
        used += glyphs
    return groups, used


def _draw_panels(scene: Scene, grid: PanelGrid) -> str:
    # Each panel is the figure's own groups, translated: the hover script and the GIF
    # compositor never read these, so one document holds them all.
    dwg = _drawing(grid.width, grid.height, scene.drawn_background)
    groups, used = [], []
    for panel, label in zip(grid.panels, _labels(dwg, scene, grid)):
        figure = dwg.g(class_=GROUP.panel, transform=f"translate({fmt(panel.x)} {fmt(panel.y)})")
        inner, glyphs = _figure_groups(dwg, scene.layout, scene.frame(panel.index), scene.palette,
                                       scene.text_palette)
        for group in inner:
            figure.add(group)
        groups += [label, figure]
        used += glyphs + list(panel.label_glyphs)
    return _finish(dwg, groups, used)


def _labels(dwg: svgwrite.Drawing, scene: Scene, grid: PanelGrid) -> list[Group]:
    look = scene.layout.look
    return [GlyphGroup(dwg, panel.label_glyphs, fill=look.legend_text, class_=GROUP.panel_label,
                         **{"aria-label": panel.label}) for panel in grid.panels]


def panel_labels_document(scene: Scene, grid: PanelGrid) -> str:
    """The small multiples' labels (and background) alone: what lies under the panels."""
    dwg = _drawing(grid.width, grid.height, scene.drawn_background)
    return _finish(dwg, _labels(dwg, scene, grid), [use for panel in grid.panels for use in panel.label_glyphs])


def _finish(dwg: svgwrite.Drawing, groups: list[Group], used: list[GlyphUse]) -> str:
    outlines = {use.glyph.id: use.glyph.path for use in used}
    for glyph_id in sorted(outlines):
        dwg.defs.add(dwg.path(d=outlines[glyph_id], id=glyph_id))
    for group in groups:
        dwg.add(group)
    return cast(str, dwg.tostring())  # svgwrite is untyped
