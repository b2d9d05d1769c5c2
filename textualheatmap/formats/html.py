"""HTML: the static SVG of the current highlight plus a small script for hover.

The page or notebook output holds the scene's SVG as it is, so a viewer without
scripts (GitHub, an untrusted notebook) still shows the figure. The script
(``assets/hover.js``, no network, no libraries) redraws frame k when the mouse is over
token k. Everything a frame changes is embedded as compact data, precomputed here so the
browser draws exactly what ``to_svg(k)`` draws:

- ``palette``: the colour table; ``glyphs``: glyph ids the meta rows use, by number;
  ``defs``: outlines of those glyphs missing from the static SVG (id -> path data);
  ``cellBytes``: 1, or 2 (big-endian) for palettes of 256 colours or more; with coloured
  text, ``textPalette``: each colour's text fill (null: the group's) and per facet
  ``glyphTok``, the token of each glyph of text.
- per facet: the painted pieces (``tok``, ``x``, ``y``, ``w``, underline top ``uy``, as
  the SVG writes them, and the shared ``h`` and ``uh``); ``colors``: base64 of one cell
  per coloured token per frame (palette index + 1; 0 = uncoloured), each frame cut after
  its last coloured token, with ``lens`` its lengths; with meta, ``meta``: the row's
  boxes per box count, its distinct rows (baseline, then ``[label, glyph, x, ...]`` per
  box; the label is the string as text, for the glyph group's aria-label) and
  ``of``, the row of each frame.

Nothing the user wrote becomes markup: tokens, meta strings and titles are drawn as glyph
outlines, the data is JSON escaped for a ``<script>`` element and the page title is
HTML-escaped.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from functools import lru_cache
from importlib import resources
from typing import IO, Any, Union

import numpy as np
import svgwrite

from ..frame import UNCOLOURED, FacetFrame
from ..layout import FacetLayout, Layout, Look, layout_meta
from ..layout.glyphs import one_missing_warning, visible
from ..scene import Scene
from .pin import pin_data
from .svg import bordered_box, draw_svg

Number = Union[int, float]
# Without it the inline SVG sits on a text baseline, a few pixels above the box's end.
_BOX = 'style="line-height:0"'
_DEFINED_ID = re.compile(r'\bid="(thm-[^"]+)"')
# Characters that could end a <script> element or open a comment in it, and the two
# line separators that old JavaScript parsers reject inside strings.
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                  "\u2028": "\\u2028", "\u2029": "\\u2029"}


@lru_cache(maxsize=1)
def pin_script() -> str:
    """The click-to-pin script (scores on hover), shipped inside the package."""
    return resources.files(__package__).joinpath("assets").joinpath("pin.js").read_text("utf-8")


@lru_cache(maxsize=1)
def hover_script() -> str:
    """The hover script's source, shipped inside the package."""
    # One name per joinpath: a Traversable takes only one before Python 3.11.
    return resources.files(__package__).joinpath("assets").joinpath("hover.js").read_text("utf-8")


def script_json(value: object) -> str:
    """``value`` as JSON that is safe as the text of an HTML ``<script>`` element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return re.sub("[<>&\u2028\u2029]", lambda match: _SCRIPT_UNSAFE[match.group()], text)


def _num(value: float) -> Number:
    # Layout coordinates are rounded already (layout/precision.py): whole ones are
    # written as JSON integers, so the browser sets the SVG writer's very attributes.
    number = float(value)
    return int(number) if number.is_integer() else number


def _pieces(facet: FacetLayout) -> dict[str, Any]:
    pieces = facet.fragments
    return {
        "tok": pieces.token.tolist(),
        "x": [_num(v) for v in pieces.x.tolist()],
        "y": [_num(v) for v in pieces.y.tolist()],
        "w": [_num(v) for v in pieces.w.tolist()],
        "uy": [_num(v) for v in pieces.underline_top.tolist()],
        "h": _num(pieces.height),
        "uh": _num(pieces.underline_h),
    }


def _cell_type(palette: tuple[str, ...]) -> np.dtype:
    # One byte per cell while palette index + 1 fits in it, else two (big-endian).
    return np.dtype(np.uint8) if len(palette) < 256 else np.dtype(">u2")


def _colours(states: list[FacetFrame], cell: np.dtype) -> dict[str, Any]:
    chunks, lens = [], []
    for state in states:
        shifted = (state.colors.astype(np.int32) - UNCOLOURED).astype(cell)
        coloured = np.flatnonzero(shifted)
        length = int(coloured[-1]) + 1 if coloured.size else 0
        chunks.append(shifted[:length].tobytes())
        lens.append(length)
    return {"colors": base64.b64encode(b"".join(chunks)).decode("ascii"), "lens": lens}


def _box_paths(layout: FacetLayout, count: int, look: Look) -> list[list[list[str]]]:
    # The bordered background of each box of a row of ``count`` boxes, drawn by the
    # SVG writer's own code so both agree to the digit.
    dwg = svgwrite.Drawing()
    boxes = []
    assert layout.meta_row is not None  # only facets with a meta row get here
    for item in layout_meta(("",) * count, layout.meta_row, look):
        group = bordered_box(dwg, item.box, item.radii, look.meta_fill, look, "tlr")
        boxes.append([[e.get_xml().get("fill"), e.get_xml().get("d")] for e in group.elements])
    return boxes


def _meta(layout: FacetLayout, states: list[FacetFrame], look: Look,
          glyph_numbers: dict[str, int], outlines: dict[str, str]) -> dict[str, Any]:
    rows: dict[tuple[str, ...], int] = {}
    drawn: list[list[Any]] = []
    boxes: dict[str, Any] = {}
    of = []
    assert layout.meta_row is not None  # only facets with a meta row get here
    for state in states:
        if state.meta not in rows:
            items = layout_meta(state.meta, layout.meta_row, look)
            # layout_meta sets a whole row on one baseline.
            baseline = next((i.glyphs[0].y for i in items if i.glyphs), 0.0)
            row: list[Any] = [_num(baseline)]
            for item in items:
                flat: list[Any] = [item.label]
                for use in item.glyphs:
                    outlines[use.glyph.id] = use.glyph.path
                    flat += [glyph_numbers.setdefault(use.glyph.id, len(glyph_numbers)), _num(use.x)]
                row.append(flat)
            rows[state.meta] = len(drawn)
            drawn.append(row)
            boxes.setdefault(str(len(items)), _box_paths(layout, len(items), look))
        of.append(rows[state.meta])
    return {"text": look.meta_text, "boxes": boxes, "rows": drawn, "of": of}


def hover_data(layout: Layout, frames: list[tuple[FacetFrame, ...]], palette: tuple[str, ...],
               defined: set[str], text_palette: tuple[str, ...] | None = None) -> dict[str, Any]:
    """What the script needs to draw every frame; ``defined``: glyph ids already in the SVG;
    ``text_palette``: the token text colour on each palette colour, as ``draw_svg`` takes it."""
    glyph_numbers: dict[str, int] = {}
    outlines: dict[str, str] = {}
    cell = _cell_type(palette)
    facets = []
    for f, facet in enumerate(layout.facets):
        states = [frame[f] for frame in frames]
        entry = {**_pieces(facet), **_colours(states, cell)}
        if text_palette is not None:
            entry["glyphTok"] = facet.text_token.tolist()
        if facet.meta_row is not None:
            entry["meta"] = _meta(facet, states, layout.look, glyph_numbers, outlines)
        facets.append(entry)
    glyphs = sorted(glyph_numbers, key=glyph_numbers.__getitem__)
    defs = {id_: outlines[id_] for id_ in sorted(outlines) if id_ not in defined}
    data = {"palette": list(palette), "cellBytes": cell.itemsize, "glyphs": glyphs,
            "defs": defs, "facets": facets}
    if text_palette is not None:
        # null: the glyph keeps the group's fill, as draw_svg leaves it.
        data["textPalette"] = [None if c == layout.look.token_text else c for c in text_palette]
    return data


def figure_html(scene: Scene, index: int | None = None, interactive: bool = True) -> str:
    """An HTML fragment: the SVG at ``index`` (the current highlight when None), and
    with ``interactive`` the data and script that make hovering a token show its frame."""
    svg = draw_svg(scene, index)
    if not interactive:
        return f'<div class="textualheatmap" {_BOX}>{svg}</div>'
    frames = [scene.frame(k).facets for k in range(scene.token_count)]
    payload = hover_data(scene.layout, frames, scene.palette, set(_DEFINED_ID.findall(svg)), scene.text_palette)
    payload["pin"] = pin_data(scene)
    data = script_json(payload)
    # Deterministic and different for different figures: two on one page never mix.
    key = hashlib.sha256(f"{svg}\n{data}".encode()).hexdigest()[:16]
    return (f'<div class="textualheatmap" {_BOX} data-thm-figure="{key}">{svg}'
            f'<script type="application/json" class="thm-data">{data}</script>'
            f'<script>(function () {{\n{hover_script()}\n{pin_script()}\nthmHover("{key}");\n}})();</script></div>')


def page_html(scene: Scene, index: int | None = None, interactive: bool = True) -> str:
    """A standalone HTML page holding ``figure_html``."""
    # Cleaned as the drawn titles are: a lone surrogate cannot be encoded, NUL is no HTML.
    title = html.escape(visible(" / ".join(scene.titles)) or "textualheatmap")
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{title}</title>\n</head>\n<body>\n"
            f"{figure_html(scene, index, interactive)}\n</body>\n</html>\n")


def write_html(scene: Scene, stream: IO[bytes], index: int | None = None,
               interactive: bool | None = None) -> None:
    """A standalone page; ``interactive`` (default: the figure's setting) adds hover."""
    chosen = scene.interactive if interactive is None else interactive
    stream.write(page_html(scene, index, chosen).encode("utf-8"))


def notebook_bundle(scene: Scene) -> dict[str, str]:
    """The notebook's mime bundle: the SVG stays in it for viewers that run no scripts
    or show no HTML; with ``interactive`` the HTML with hover beside it."""
    with one_missing_warning():
        bundle = {"image/svg+xml": draw_svg(scene)}
        if scene.interactive:
            bundle["text/html"] = figure_html(scene)
    return bundle
