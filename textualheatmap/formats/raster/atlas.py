"""Many glyphs, few cairo calls: each distinct outline rasterised once per sub-pixel position.

A long document has tens of thousands of placed glyphs but only a few thousand distinct
(outline, sub-pixel offset) pairs, since the layout rounds coordinates to 2 decimals.
Replaying one outline costs about 45 µs of Python-side calls into cairo, so each pair is
drawn once into one atlas surface (a single fill: the cells do not touch) and every
placed glyph then takes its cell's coverage, composited with numpy.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ...layout import GlyphUse
from ..cairo import import_cairo
from .glyphs import cairo_path, outline_extent, surface_pixels

_USES_PER_PASS = 8192  # placed glyphs composited at once: bounds the temporary arrays


@dataclass(frozen=True)
class PlacedGlyphs:
    """Coverage of placed glyphs: ``cells[variant[k]]`` (0..1) lies at canvas pixel
    (``top[k]``, ``left[k]``)."""

    cells: np.ndarray  # float32 (variants, height, width)
    variant: np.ndarray
    top: np.ndarray
    left: np.ndarray


def place_glyphs(uses: Sequence[GlyphUse], scale: float) -> PlacedGlyphs:
    """Rasterise each distinct (outline, sub-pixel offset) of ``uses`` once, at ``scale``."""
    # cairo places a glyph at scale * (outline + use): the whole pixels move the cell, the
    # fraction is drawn into it.
    x = np.array([use.x for use in uses], dtype=np.float64) * scale
    y = np.array([use.y for use in uses], dtype=np.float64) * scale
    whole_x, whole_y = np.floor(x), np.floor(y)
    outlines: dict[str, int] = {}
    keys: dict[tuple[int, float, float], int] = {}
    variant = np.array([keys.setdefault((outlines.setdefault(use.glyph.path, len(outlines)), fx, fy), len(keys))
                        for use, fx, fy in zip(uses, (x - whole_x).tolist(), (y - whole_y).tolist())],
                       dtype=np.intp)
    distinct = np.array(list(keys), dtype=np.float64).reshape(-1, 3)
    paths = list(outlines)
    extent = np.array([outline_extent(path) for path in paths], dtype=np.float64).reshape(-1, 4)
    which, fx, fy = distinct[:, 0].astype(np.intp), distinct[:, 1], distinct[:, 2]
    x0, y0, x1, y1 = (extent[which, k] for k in range(4))
    # Each variant's ink box relative to the whole pixel, one pixel to spare for antialiasing.
    boxes = np.stack([np.floor(fy + y0 * scale) - 1, np.ceil(fy + y1 * scale) + 1,
                      np.floor(fx + x0 * scale) - 1, np.ceil(fx + x1 * scale) + 1], axis=1).astype(np.intp)
    cells = _rasterise([(paths[k], a, b) for k, a, b in zip(which.tolist(), fx.tolist(), fy.tolist())],
                       boxes, scale)
    return PlacedGlyphs(cells, variant, whole_y.astype(np.intp) + boxes[variant, 0],
                        whole_x.astype(np.intp) + boxes[variant, 2])


def _rasterise(keys: list[tuple[str, float, float]], boxes: np.ndarray, scale: float) -> np.ndarray:
    """The coverage of every variant, each in a cell of the same size, as one atlas."""
    if not keys:
        return np.zeros((0, 1, 1), dtype=np.float32)
    cairo = import_cairo()
    height = int((boxes[:, 1] - boxes[:, 0]).max())
    width = int((boxes[:, 3] - boxes[:, 2]).max())
    columns = max(1, min(len(keys), 4096 // width))
    rows = -(-len(keys) // columns)
    surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, columns * width, rows * height)
    context = cairo.Context(surface)
    context.set_source_rgba(1.0, 1.0, 1.0, 1.0)
    lib, pointer = cairo.cairo, context._pointer  # cairocffi's documented C-level access
    matrix = cairo.ffi.new("cairo_matrix_t *")
    matrix.xx = matrix.yy = scale
    for k, ((path, fx, fy), box) in enumerate(zip(keys, boxes.tolist())):
        row, column = divmod(k, columns)
        matrix.x0 = column * width - box[2] + fx
        matrix.y0 = row * height - box[0] + fy
        lib.cairo_set_matrix(pointer, matrix)
        lib.cairo_append_path(pointer, cairo_path(path)[0])
    context.fill()
    alpha = surface_pixels(surface)[..., 3]
    cells = alpha.reshape(rows, height, columns, width).transpose(0, 2, 1, 3).reshape(-1, height, width)
    return np.ascontiguousarray(cells[:len(keys)])


def composite_glyphs(canvas: np.ndarray, placed: PlacedGlyphs, colors: np.ndarray) -> None:
    """Lay the glyphs over ``canvas`` (premultiplied 8-bit, alpha last, h x w x 4) in
    ``colors`` (premultiplied opaque colours in the canvas's channel order, 0..255: one
    row for all glyphs, or one per glyph).

    Where glyphs of one colour overlap, the result is cairo's one fill after another:
    what lies below keeps the product of (1 - coverage). Where glyphs of different colours
    overlap (rare: kerned neighbours' antialiased edges), their colours mix by coverage.
    """
    # Each variant's inked pixels as a sparse list: most of a cell is empty.
    owner, rows, cols = np.nonzero(placed.cells > 0)
    entries = _Entries(rows, cols, np.log1p(-np.minimum(placed.cells[owner, rows, cols].astype(np.float64), 1 - 1e-9)),
                       placed.cells[owner, rows, cols],
                       np.bincount(owner, minlength=len(placed.cells)))
    count = len(placed.variant)
    for start in range(0, count, _USES_PER_PASS):
        part = slice(start, min(start + _USES_PER_PASS, count))
        _composite_pass(canvas, placed, entries, part, colors if len(colors) == 1 else colors[part])


@dataclass(frozen=True)
class _Entries:
    row: np.ndarray  # of each inked pixel of every variant, variant by variant
    col: np.ndarray
    log_keep: np.ndarray  # log(1 - coverage)
    cover: np.ndarray
    count: np.ndarray  # inked pixels per variant

    @property
    def start(self) -> np.ndarray:
        return np.concatenate([[0], np.cumsum(self.count)[:-1]]).astype(np.intp)


def _composite_pass(canvas: np.ndarray, placed: PlacedGlyphs, entries: _Entries, part: slice,
                    colors: np.ndarray) -> None:
    height, width = canvas.shape[:2]
    variant = placed.variant[part]
    counts = entries.count[variant]
    total = int(counts.sum())
    if not total:
        return
    # Entry k of use u is entry (k - first of u) of u's variant.
    first = np.concatenate([[0], np.cumsum(counts)[:-1]])
    entry = np.repeat(entries.start[variant] - first, counts) + np.arange(total)
    top, left = placed.top[part], placed.left[part]
    cell_h, cell_w = placed.cells.shape[1:]
    if top.min() >= 0 and left.min() >= 0 and (top + cell_h).max() <= height and (left + cell_w).max() <= width:
        flat = np.repeat(top * width + left, counts) + entries.row[entry] * width + entries.col[entry]
        use = None
    else:  # some glyph reaches over the canvas's edge: keep only its pixels inside
        use = np.repeat(np.arange(len(variant)), counts)
        rows, cols = top[use] + entries.row[entry], left[use] + entries.col[entry]
        inside = (rows >= 0) & (rows < height) & (cols >= 0) & (cols < width)
        flat, entry, use = (rows * width + cols)[inside], entry[inside], use[inside]
        if not len(flat):
            return
    low, high = int(flat.min()), int(flat.max()) + 1
    flat -= low
    # (1 - a) multiplied over overlapping glyphs, as a sum of logarithms.
    log_keep = np.bincount(flat, entries.log_keep[entry], high - low)
    touched = np.flatnonzero(log_keep)
    keep = np.exp(log_keep[touched])[:, None]
    if len(colors) == 1:
        ink = colors[0][None, :].astype(np.float64)
    else:
        if use is None:
            use = np.repeat(np.arange(len(variant)), counts)
        cover = entries.cover[entry]
        total_cover = np.bincount(flat, cover, high - low)[touched]
        ink = np.stack([np.bincount(flat, cover * colors[use, c], high - low)[touched]
                        for c in range(colors.shape[1])], axis=1) / total_cover[:, None]
    pixels = canvas.reshape(-1, canvas.shape[2])[low:high]
    blended = pixels[touched] * keep + ink * (1.0 - keep)
    pixels[touched] = np.rint(blended).astype(np.uint8)
