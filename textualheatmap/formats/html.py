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
  the SVG writes them, and the shared ``h`` and ``uh``); ``rows``: each distinct frame's
  cells (palette index + 1 per token; 0 = uncoloured), cut after the last coloured one and
  packed as runs (``packed.runs``), base64; ``of``: the row of each frame, left out when there is
  one row for all or row k for frame k; with meta, ``meta``: the row's
  boxes per box count, its distinct rows (baseline, then ``[label, glyph, x, ...]`` per
  box; the label is the string as text, for the glyph group's aria-label) and
  ``of``, the row of each frame.
- for frame-driven data (``FrameData``) per facet also ``frameOf``: the frame each
  token shows when hovered (-1: none) and ``sel``: each frame's underlined token (-1:
  none); with hidden tokens, ``hide``: the hidden tokens of each frame and ``uses``:
  every glyph of text as ``[glyph, x, y]`` (the tokens' glyphs are redrawn per frame).
- ``pin``: what a pinned highlight's tooltip shows (pin.py): per facet the tokens' text and
  meta strings, and each distinct frame's scores packed as the colour rows are.

Nothing the user wrote becomes markup: tokens, meta strings and titles are drawn as glyph
outlines, the data is JSON escaped for a ``<script>`` element and the page title is
HTML-escaped.
"""
from __future__ import annotations

import hashlib
import html
import json
import re
from functools import lru_cache
from importlib import resources
from typing import IO, Any, Union

import numpy as np
import svgwrite

from ..data import Facet
from ..frame import UNCOLOURED, FacetFrame, make_frame
from ..layout import FacetLayout, Layout, Look, layout_meta
from ..layout.glyphs import one_missing_warning, visible
from ..scene import Scene
from .packed import Rows, cell_type, runs
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
def hover_script() -> str:
    """The hover script's source, shipped inside the package: rows.js (packed rows, read by
    both others), hover.js, then pin.js (click to pin, scores on hover), which hover.js
    calls when it is there."""
    # One name per joinpath: a Traversable takes only one before Python 3.11.
    assets = resources.files(__package__).joinpath("assets")
    return "\n".join(assets.joinpath(name).read_text("utf-8") for name in ("rows.js", "hover.js", "pin.js"))


def defined_glyphs(svg: str) -> set[str]:
    """The glyph ids an SVG document defines."""
    return set(_DEFINED_ID.findall(svg))


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


def _meta(layout: FacetLayout, metas: list[tuple[str, ...]], look: Look,
          glyph_numbers: dict[str, int], outlines: dict[str, str]) -> dict[str, Any]:
    rows: dict[tuple[str, ...], int] = {}
    drawn: list[list[Any]] = []
    boxes: dict[str, Any] = {}
    of = []
    assert layout.meta_row is not None  # only facets with a meta row get here
    for meta in metas:
        if meta not in rows:
            items = layout_meta(meta, layout.meta_row, look)
            # layout_meta sets a whole row on one baseline.
            baseline = next((i.glyphs[0].y for i in items if i.glyphs), 0.0)
            row: list[Any] = [_num(baseline)]
            for item in items:
                flat: list[Any] = [item.label]
                for use in item.glyphs:
                    outlines[use.glyph.id] = use.glyph.path
                    flat += [glyph_numbers.setdefault(use.glyph.id, len(glyph_numbers)), _num(use.x)]
                row.append(flat)
            rows[meta] = len(drawn)
            drawn.append(row)
            boxes.setdefault(str(len(items)), _box_paths(layout, len(items), look))
        of.append(rows[meta])
    return {"text": look.meta_text, "boxes": boxes, "rows": drawn, "of": of}


def _colour_rows(facet: Facet, count: int, scene: Scene, cell: np.dtype) -> dict[str, Any]:
    """Each frame's colours packed (``packed.runs``), one row per distinct frame: a facet of
    single numbers is one row, a window of heat costs the window."""
    rows = Rows()
    if not facet.has_vectors:
        packed = runs(_cells(make_frame((facet,), None, scene.scale, len(scene.palette)).facets[0], cell))
        for _ in range(count):
            rows.add(packed)
        return rows.data()
    for k in range(count):
        state = make_frame((facet,), k, scene.scale, len(scene.palette)).facets[0]
        rows.add(runs(_cells(state, cell)))
    return rows.data()


def _cells(state: FacetFrame, cell: np.dtype) -> np.ndarray:
    shifted: np.ndarray = (state.colors.astype(np.int32) - UNCOLOURED).astype(cell)
    return shifted


def _state_rows(states: list[FacetFrame], cell: np.dtype) -> dict[str, Any]:
    """Frames given one by one (``FrameData``): each frame's colours packed, as above."""
    rows = Rows()
    for state in states:
        rows.add(runs(_cells(state, cell)))
    return rows.data()


def _driven(placed: FacetLayout, states: list[FacetFrame], frame_of: list[int],
            glyph_numbers: dict[str, int], outlines: dict[str, str]) -> dict[str, Any]:
    """A frame-driven facet's extras: hover targets, underlines, hidden tokens and glyphs."""
    entry: dict[str, Any] = {"frameOf": frame_of,
                             "sel": [-1 if s.selected is None else s.selected for s in states]}
    if any(s.shown is not None for s in states):
        entry["hide"] = [[] if s.shown is None else np.flatnonzero(~s.shown).tolist() for s in states]
        entry["glyphTok"] = placed.text_token.tolist()
        uses = []
        for use in placed.text:
            number = glyph_numbers.setdefault(use.glyph.id, len(glyph_numbers))
            outlines[use.glyph.id] = use.glyph.path
            uses.append([number, _num(use.x), _num(use.y)])
        entry["uses"] = uses
    return entry


def _driven_states(scene: Scene) -> list[list[FacetFrame]] | None:
    """For frame-driven data, each facet's state in every frame; None for the original's."""
    if scene.frames is None:
        return None
    frames = [scene.frame(k).facets for k in range(scene.token_count)]
    return [[frame[f] for frame in frames] for f in range(len(scene.facets))]


def hover_data(scene: Scene, defined: set[str]) -> dict[str, Any]:
    """What the script needs to draw every frame of ``scene``; ``defined``: glyph ids
    already in the SVG. Built frame by frame, keeping only distinct packed rows."""
    layout, palette, text_palette = scene.layout, scene.palette, scene.text_palette
    glyph_numbers: dict[str, int] = {}
    outlines: dict[str, str] = {}
    cell = cell_type(len(palette))  # palette index + 1
    count = scene.token_count
    driven = _driven_states(scene)
    hover_table = None if scene.frames is None else scene.frames.hover_table([len(f.counted) for f in scene.facets])
    facets = []
    for f, (facet, placed) in enumerate(zip(scene.facets, layout.facets)):
        colours = _colour_rows(facet, count, scene, cell) if driven is None else _state_rows(driven[f], cell)
        entry = {**_pieces(placed), **colours}
        if text_palette is not None:
            entry["glyphTok"] = placed.text_token.tolist()
        if driven is not None and hover_table is not None:
            entry.update(_driven(placed, driven[f], hover_table[f], glyph_numbers, outlines))
        if placed.meta_row is not None:
            counted = facet.counted
            metas = ([counted[k].meta if k < len(counted) else () for k in range(count)] if driven is None
                     else [state.meta for state in driven[f]])
            entry["meta"] = _meta(placed, metas, layout.look, glyph_numbers, outlines)
        facets.append(entry)
    glyphs = sorted(glyph_numbers, key=glyph_numbers.__getitem__)
    defs = {id_: outlines[id_] for id_ in sorted(outlines) if id_ not in defined}
    data = {"palette": list(palette), "cellBytes": cell.itemsize, "glyphs": glyphs,
            "defs": defs, "facets": facets}
    if text_palette is not None:
        # null: the glyph keeps the group's fill, as draw_svg leaves it.
        data["textPalette"] = [None if c == layout.look.token_text else c for c in text_palette]
    data["pin"] = pin_data(scene)  # the scores a pinned highlight's tooltip shows (pin.py)
    return data


def hover_payload(scene: Scene, svg: str) -> tuple[str, str]:
    """The hover data of ``scene`` as script-safe JSON, and the figure's key: beside
    ``svg``, the static figure the script starts from."""
    data = script_json(hover_data(scene, defined_glyphs(svg)))
    # Deterministic and different for different figures: two on one page never mix.
    return data, hashlib.sha256(f"{svg}\n{data}".encode()).hexdigest()[:16]


def figure_html(scene: Scene, index: int | None = None, interactive: bool = True) -> str:
    """An HTML fragment: the SVG at ``index`` (the current highlight when None), and
    with ``interactive`` the data and script that make hovering a token show its frame."""
    svg = draw_svg(scene, index)
    if not interactive:
        return f'<div class="textualheatmap" {_BOX}>{svg}</div>'
    data, key = hover_payload(scene, svg)
    return (f'<div class="textualheatmap" {_BOX} data-thm-figure="{key}">{svg}'
            f'<script type="application/json" class="thm-data">{data}</script>'
            f'<script>(function () {{\n{hover_script()}\nthmHover("{key}");\n}})();</script></div>')


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
