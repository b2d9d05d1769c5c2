"""PDF drawn straight from the Scene: one vector page, each glyph outline defined once.

Every distinct glyph outline is a form XObject, and each placed glyph a ``Do`` of it in
the text colour, so a long document costs a line of content per glyph, not its outline
(cairosvg writes every outline at every use, and spends 0.5 ms a glyph parsing it). The
page is in points, 0.75 per SVG unit (96 dpi), as cairosvg makes it; nothing in the file
depends on the date, so the same figure always gives the same bytes. cairosvg of the
SVG (cairo.py) stays the reference the tests compare against.
"""
from __future__ import annotations

import math
import zlib
from collections.abc import Sequence
from typing import IO, cast

import numpy as np

from ..colormap import hex_to_rgb
from ..frame import UNCOLOURED, FacetFrame, Frame, glyph_colors
from ..layout import Box, FacetLayout, GlyphUse, Radii, layout_meta
from ..layout.glyphs import note_missing, one_missing_warning
from ..layout.legend import LegendLayout
from ..layout.precision import fmt
from ..scene import Scene
from .raster.glyphs import outline_extent, outline_ops
from .panels import Indices, Panel, check_panels, panel_grid
from .pdf_text import FONT, TextLayer, add_figure_text
from .shown import drawn_part
from .svg import border_inset

POINTS_PER_UNIT = 0.75  # 72 pt per inch over 96 SVG units per inch
_ARC = 0.5522847498  # control point distance of a quarter circle of radius 1 as a cubic


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _fill_color(color: str) -> str:
    return " ".join(_num(channel / 255) for channel in hex_to_rgb(color)) + " rg"


def rounded_rect_ops(box: Box, radii: Radii) -> str:
    """PDF path operators of ``box`` with its own radius at each corner (tl, tr, br, bl)."""
    x, y, w, h = box.x, box.y, box.w, box.h
    tl, tr, br, bl = radii
    parts = [f"{_num(x + tl)} {_num(y)} m {_num(x + w - tr)} {_num(y)} l"]
    # Each corner: the curve from the end of one side to the start of the next.
    corners = ((tr, (x + w - tr, y), (x + w, y), (x + w, y + tr), f"{_num(x + w)} {_num(y + h - br)} l"),
               (br, (x + w, y + h - br), (x + w, y + h), (x + w - br, y + h), f"{_num(x + bl)} {_num(y + h)} l"),
               (bl, (x + bl, y + h), (x, y + h), (x, y + h - bl), f"{_num(x)} {_num(y + tl)} l"),
               (tl, (x, y + tl), (x, y), (x + tl, y), "h"))
    for radius, start, corner, end, side in corners:
        if radius:
            c1 = (start[0] + (corner[0] - start[0]) * _ARC, start[1] + (corner[1] - start[1]) * _ARC)
            c2 = (end[0] + (corner[0] - end[0]) * _ARC, end[1] + (corner[1] - end[1]) * _ARC)
            parts.append(" ".join(_num(v) for v in (*c1, *c2, *end)) + " c")
        parts.append(side)
    return " ".join(parts)


def _outline_stream(path: str) -> str:
    pdf_op = {"m": "m", "l": "l", "c": "c", "z": "h"}
    return "\n".join(" ".join([*map(_num, args), pdf_op[op]]) for op, args in outline_ops(path)) + "\nf"


class _Page:
    """The page's content operators and the glyph outlines they use."""

    def __init__(self) -> None:
        self.ops: list[str] = []
        self.glyphs: dict[str, str] = {}  # outline path -> XObject name

    def fill(self, color: str, path: str) -> None:
        self.ops.append(f"{_fill_color(color)} {path} f")

    def rect(self, color: str, x: float, y: float, w: float, h: float) -> None:
        self.ops.append(f"{_fill_color(color)} {fmt(x)} {fmt(y)} {fmt(w)} {fmt(h)} re f")

    def bordered(self, box: Box, radii: Radii, fill: str, border: str, inner: tuple[Box, Radii]) -> None:
        self.fill(border, rounded_rect_ops(box, radii))
        self.fill(fill, rounded_rect_ops(*inner))

    def text(self, uses: Sequence[GlyphUse], colors: Sequence[str]) -> None:
        """Glyphs, each in its colour; the colour is set only where it changes."""
        current = None
        names = self.glyphs
        for use, color in zip(uses, colors):
            path = use.glyph.path
            if not outline_ops(path):
                continue  # no ink (a space)
            if color != current:
                self.ops.append(_fill_color(color))
                current = color
            name = names.get(path)
            if name is None:
                name = names[path] = f"g{len(names)}"
            self.ops.append(f"q 1 0 0 1 {fmt(use.x)} {fmt(use.y)} cm /{name} Do Q")


def _facet(page: _Page, facet: FacetLayout, state: FacetFrame, scene: Scene) -> None:
    look = scene.layout.look
    facet, state = drawn_part(facet, state)
    if facet.meta_row is not None:
        for item in layout_meta(state.meta, facet.meta_row, look):
            page.bordered(item.box, item.radii, look.meta_fill, look.border_color,
                          border_inset(item.box, item.radii, look, "tlr"))
            page.text(item.glyphs, [look.meta_text] * len(item.glyphs))
    page.fill(look.panel_fill, rounded_rect_ops(facet.panel, facet.panel_radii))
    pieces = facet.fragments
    for token, x, y, w in zip(pieces.token.tolist(), pieces.x.tolist(), pieces.y.tolist(), pieces.w.tolist()):
        color = int(state.colors[token])
        if color != UNCOLOURED:
            page.rect(scene.palette[color], x, y, w, pieces.height)
    if state.selected is not None:
        for k in (pieces.token == state.selected).nonzero()[0].tolist():
            page.rect(look.underline_fill, pieces.x[k], pieces.underline_top[k], pieces.w[k], pieces.underline_h)
    page.text(facet.text, _text_colors(facet, state, scene))
    title, radii = facet.title, (0.0, look.radius, look.radius, 0.0)
    page.bordered(title, radii, look.title_fill, look.border_color, border_inset(title, radii, look, "trb"))
    page.ops.append("q")
    if facet.title_rotation:
        page.ops.append(_rotation(facet.title_rotation, title.x + (title.w - look.border) / 2,
                                  title.y + title.h / 2))
    page.text(facet.title_glyphs, [look.title_text] * len(facet.title_glyphs))
    page.ops.append("Q")


def _rotation(degrees: float, cx: float, cy: float) -> str:
    """SVG's rotate(degrees cx cy) as a PDF matrix."""
    cos, sin = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return " ".join(_num(v) for v in (cos, sin, -sin, cos, cx - cos * cx + sin * cy,
                                      cy - sin * cx - cos * cy)) + " cm"


def _text_colors(facet: FacetLayout, state: FacetFrame, scene: Scene) -> list[str]:
    plain = scene.layout.look.token_text
    if scene.text_palette is None or not len(facet.text):
        return [plain] * len(facet.text)
    table = scene.text_palette
    color = glyph_colors(facet.text_token, state.colors)
    return [plain if c < 0 else table[c] for c in color.tolist()]


def _legend(page: _Page, legend: LegendLayout, scene: Scene) -> None:
    look, bar = scene.layout.look, legend.bar
    for k, (x, w, colour) in enumerate(legend.steps):
        # Each run reaches under the next, so antialiased edges leave no seams (as svg.py).
        overlap = 0.5 if k < len(legend.steps) - 1 else 0.0
        page.rect(colour, bar.x + x, bar.y, w + overlap, bar.h)
    for tick in legend.ticks:
        x = min(max(bar.x + tick.x - 0.5, bar.x), bar.x + bar.w - 1)
        page.rect(look.legend_text, x, legend.tick_top, 1, legend.tick_length)
        page.text(tick.glyphs, [look.legend_text] * len(tick.glyphs))


def _stream(dictionary: str, data: bytes) -> bytes:
    packed = zlib.compress(data, 6)
    return f"<< {dictionary} /Filter /FlateDecode /Length {len(packed)} >>\nstream\n".encode() \
        + packed + b"\nendstream"


def _document(page: _Page, width: float, height: float, text: TextLayer) -> bytes:
    glyphs = sorted(page.glyphs.items(), key=lambda item: int(item[1][1:]))
    first_glyph = 5
    xobjects = " ".join(f"/{name} {first_glyph + k} 0 R" for k, (_, name) in enumerate(glyphs))
    first_font = first_glyph + len(glyphs)
    ops = "\n".join(page.ops)
    fonts = ""
    if text.operators():
        ops += "\n" + text.operators()
        fonts = f"/Font << /{FONT} {first_font} 0 R >> "
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {_num(width)} {_num(height)}] /Contents 4 0 R "
         f"/Resources << {fonts}/XObject << {xobjects} >> >> >>").encode(),
        _stream("", ops.encode()),
    ]
    for path, _ in glyphs:
        x0, y0, x1, y1 = outline_extent(path)
        bbox = " ".join(_num(v) for v in (math.floor(x0), math.floor(y0), math.ceil(x1), math.ceil(y1)))
        objects.append(_stream(f"/Type /XObject /Subtype /Form /BBox [{bbox}]", _outline_stream(path).encode()))
    if fonts:
        objects += text.font_objects(first_font)
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def pdf_bytes(scene: Scene, index: Indices = None, columns: int | None = None) -> bytes:
    """The scene at highlight ``index`` (a list: one labelled panel each, ``columns`` to a
    row) as a one-page vector PDF whose text can be searched (pdf_text.py)."""
    indices = check_panels(scene, index, columns)
    with one_missing_warning():  # one warning for the figure and its meta row alike
        note_missing(scene.layout.missing)
        if indices is None:
            return _pdf_bytes(scene, [(0.0, 0.0, scene.frame(cast("int | None", index)))],
                              (scene.layout.width, scene.layout.height))
        grid = panel_grid(scene, indices, columns)
        return _pdf_bytes(scene, [(p.x, p.y, scene.frame(p.index)) for p in grid.panels],
                          (grid.width, grid.height), grid.panels)


def _pdf_bytes(scene: Scene, placed: list[tuple[float, float, Frame]], size: tuple[float, float],
               panels: Sequence[Panel] = ()) -> bytes:
    layout, look = scene.layout, scene.layout.look
    page, text = _Page(), TextLayer()
    width, height = size[0] * POINTS_PER_UNIT, size[1] * POINTS_PER_UNIT
    # SVG units, y pointing down, as every coordinate of the layout.
    page.ops.append(f"{_num(POINTS_PER_UNIT)} 0 0 {_num(-POINTS_PER_UNIT)} 0 {_num(height)} cm")
    if scene.drawn_background is not None:
        page.rect(scene.drawn_background, 0, 0, size[0], size[1])
    for panel in panels:
        page.text(panel.label_glyphs, [look.legend_text] * len(panel.label_glyphs))
    for k, (x, y, frame) in enumerate(placed):
        if panels:  # each label just before its panel's text: the reading order
            text.string(panels[k].label, panels[k].label_glyphs, look.font_size)
        page.ops.append(f"q 1 0 0 1 {fmt(x)} {fmt(y)} cm")
        for facet, state in zip(layout.facets, frame.facets):
            _facet(page, facet, state, scene)
        if layout.legend is not None:
            _legend(page, layout.legend, scene)
        page.ops.append("Q")
        add_figure_text(text, layout, scene.facets, frame, x, y)
    return _document(page, width, height, text)


def write_pdf(scene: Scene, stream: IO[bytes], index: Indices = None, columns: int | None = None) -> None:
    stream.write(pdf_bytes(scene, index, columns))
