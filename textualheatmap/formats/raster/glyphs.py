"""Pixels through cairo: SVG documents with cairosvg, glyph outlines straight to cairo.

Both end as premultiplied 8-bit RGBA arrays (glyph coverage as floats 0..1), made floats
only where frames are composed. Glyphs skip cairosvg because it re-parses a glyph's path
text at every ``<use>`` (about 0.5 ms a glyph); here each outline is parsed once and
replayed with the very calls cairosvg makes for it, so the pixels are the same; flat
paths (the meta boxes) go through cairosvg's own path parser, without a document.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import numpy as np

from ...colormap import hex_to_rgb
from ...layout import GlyphUse
from ..cairo import import_cairo

Ops = tuple[tuple[str, tuple[float, ...]], ...]

_COMMAND = re.compile(r"([MLHVQCZmlhvqcz])([^MLHVQCZmlhvqcz]*)")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
# How many numbers each command takes per repetition.
# ARGB32 is native-endian words: B, G, R, A in memory on little-endian machines.
_RGBA_ORDER = [2, 1, 0, 3] if np.little_endian else [1, 2, 3, 0]
_ARITY = {"M": 2, "L": 2, "H": 1, "V": 1, "Q": 4, "C": 6, "Z": 0}


def _surface_bytes(surface: Any) -> np.ndarray:
    """A cairo ARGB32 image surface's own memory as (h, w, 4) bytes in its native order
    (see _RGBA_ORDER): a view, so writing it changes the surface, and valid only while the
    caller holds the surface."""
    surface.flush()
    width, height, stride = surface.get_width(), surface.get_height(), surface.get_stride()
    raw = np.frombuffer(surface.get_data(), dtype=np.uint8).reshape(height, stride)
    return raw[:, : width * 4].reshape(height, width, 4)


def surface_pixels(surface: Any) -> np.ndarray:
    """A cairo ARGB32 image surface as premultiplied RGBA float32 (h, w, 4) in 0..1."""
    return _surface_bytes(surface)[:, :, _RGBA_ORDER].astype(np.float32) / 255.0


def _svg_surface(svg: str, scale: float) -> Any:
    from cairosvg.parser import Tree
    from cairosvg.surface import PNGSurface

    return PNGSurface(Tree(bytestring=svg.encode("utf-8")), None, 96, scale=scale).cairo


def rasterize_svg_rgba8(svg: str, scale: float) -> np.ndarray:
    """The SVG document as cairosvg draws it, premultiplied 8-bit RGBA (h, w, 4)."""
    surface = _svg_surface(svg, scale)  # kept alive until its bytes are copied out
    pixels: np.ndarray = _surface_bytes(surface)[:, :, _RGBA_ORDER]
    return pixels


class _PathNode(dict):  # type: ignore[type-arg, unused-ignore]
    """What cairosvg's path drawing reads of a ``<path>`` element: its attributes."""

    vertices: Any = None


class _PathSurface:
    """What cairosvg's path drawing reads of its surface: the cairo context."""

    def __init__(self, context: Any) -> None:
        self.context = context


def fill_paths(paths: Iterable[tuple[str, str]], size: tuple[int, int], scale: float,
               origin: tuple[int, int] = (0, 0)) -> np.ndarray:
    """SVG path data filled with flat colours, in order, on a transparent ``size`` canvas at
    ``scale``, as cairosvg draws a document of such ``<path d fill>`` elements: its own
    path parser makes the same cairo calls (arcs included), without a document's cost (a
    millisecond a document). Premultiplied 8-bit RGBA (h, w, 4). ``origin``: the pixel
    (left, top) of the document's canvas that the canvas drawn starts at, so a region of
    it can be drawn alone: moved by whole pixels, every edge covers its pixels alike."""
    from cairosvg.path import path as add_path

    cairo = import_cairo()
    width, height = size
    surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, width, height)
    context = cairo.Context(surface)
    context.translate(-origin[0], -origin[1])
    context.scale(scale, scale)
    target = _PathSurface(context)
    for data, fill in paths:
        # As cairosvg around each element: its own state (the path parser sets the
        # tolerance for arcs), the current point where the last left it.
        context.save()
        context.move_to(0, 0)
        add_path(target, _PathNode(d=data))
        red, green, blue = hex_to_rgb(fill)
        context.set_source_rgba(red / 255, green / 255, blue / 255, 1.0)
        context.fill()
        context.restore()
    pixels: np.ndarray = _surface_bytes(surface)[:, :, _RGBA_ORDER]
    return pixels


@lru_cache(maxsize=4096)
def outline_ops(path: str) -> Ops:
    """An absolute SVG path (as fonts.py writes glyphs) as cairo calls, as cairosvg makes them."""
    ops: list[tuple[str, tuple[float, ...]]] = []
    x = y = 0.0
    for letter, args in _COMMAND.findall(path):
        command = letter.upper()
        if letter != command:
            raise ValueError(f"glyph path uses relative command {letter!r}; expected absolute ones")
        numbers = [float(value) for value in _NUMBER.findall(args)]
        arity = _ARITY[command]
        if command == "Z":
            ops.append(("z", ()))
            continue
        if not numbers or len(numbers) % arity:
            raise ValueError(f"glyph path command {letter} has {len(numbers)} numbers")
        for k in range(0, len(numbers), arity):
            a = numbers[k:k + arity]
            if command == "M" and k == 0:
                ops.append(("m", (a[0], a[1])))
                x, y = a
            elif command in "ML":
                ops.append(("l", (a[0], a[1])))
                x, y = a
            elif command == "H":
                ops.append(("l", (a[0], y)))
                x = a[0]
            elif command == "V":
                ops.append(("l", (x, a[0])))
                y = a[0]
            elif command == "Q":
                # cairosvg's quadratic_points: the same arithmetic, the same control points.
                x2, y2, x3, y3 = a
                ops.append(("c", (x2 * 2 / 3 + x / 3, y2 * 2 / 3 + y / 3,
                                  x2 * 2 / 3 + x3 / 3, y2 * 2 / 3 + y3 / 3, x3, y3)))
                x, y = x3, y3
            else:
                ops.append(("c", tuple(a)))
                x, y = a[4], a[5]
    return tuple(ops)


@lru_cache(maxsize=4096)
def outline_extent(path: str) -> tuple[float, float, float, float]:
    # Bezier curves stay inside their control points' hull: a safe box for the ink.
    points = [args[i:i + 2] for _, args in outline_ops(path) for i in range(0, len(args), 2)]
    xs, ys = [p[0] for p in points] or [0.0], [p[1] for p in points] or [0.0]
    return min(xs), min(ys), max(xs), max(ys)


def glyph_box(use: GlyphUse, scale: float) -> tuple[int, int, int, int]:
    """Canvas pixels (top, bottom, left, right) that may hold ink of ``use``, unclipped."""
    x0, y0, x1, y1 = outline_extent(use.glyph.path)
    x, y = use.x, use.y  # rounded by the layout, as the SVG carries them
    # One pixel to spare: edges are antialiased and snapped to cairo's fixed point.
    return (math.floor((y + y0) * scale) - 1, math.ceil((y + y1) * scale) + 1,
            math.floor((x + x0) * scale) - 1, math.ceil((x + x1) * scale) + 1)


@lru_cache(maxsize=4096)
def cairo_path(path: str) -> tuple[Any, Any]:
    """The outline as a ready cairo_path_t (pointer, data): built once, appended per use."""
    cairo = import_cairo()
    kinds = {"m": cairo.PATH_MOVE_TO, "l": cairo.PATH_LINE_TO, "c": cairo.PATH_CURVE_TO,
             "z": cairo.PATH_CLOSE_PATH}
    ops = outline_ops(path)
    data = cairo.ffi.new("cairo_path_data_t[]", sum(1 + len(args) // 2 for _, args in ops))
    position = 0
    for op, args in ops:
        data[position].header.type = kinds[op]
        data[position].header.length = 1 + len(args) // 2
        for i in range(0, len(args), 2):
            data[position + 1 + i // 2].point.x = args[i]
            data[position + 1 + i // 2].point.y = args[i + 1]
        position += 1 + len(args) // 2
    pointer = cairo.ffi.new("cairo_path_t *", {"status": cairo.STATUS_SUCCESS, "data": data,
                                               "num_data": position})
    return pointer, data


def fill_glyphs(context: Any, uses: Iterable[GlyphUse], color: str) -> None:
    """Fill each glyph on its own, in order, like cairosvg's one fill per ``<use>``."""
    cairo = import_cairo()
    red, green, blue = hex_to_rgb(color)
    context.set_source_rgba(red / 255, green / 255, blue / 255, 1.0)
    # Each glyph drawn at the matrix in place now, moved to it: as between cairosvg's save
    # and restore, with fewer calls (the matrix is set back exactly, not undone).
    base = context.get_matrix()
    context.new_path()
    for use in uses:
        context.translate(use.x, use.y)  # rounded by the layout, as the SVG carries them
        # cairocffi's documented C-level access: one call per glyph instead of one per
        # path segment, which is most of the time otherwise.
        cairo.cairo.cairo_append_path(context._pointer, cairo_path(use.glyph.path)[0])
        context.fill()
        context.set_matrix(base)


def _glyph_surface(uses: Iterable[GlyphUse], color: str, box: tuple[int, int, int, int],
                   scale: float, under: np.ndarray | None = None) -> Any:
    cairo = import_cairo()
    top, bottom, left, right = box
    surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, max(right - left, 1), max(bottom - top, 1))
    if under is not None:
        _load_premultiplied(surface, under)
    context = cairo.Context(surface)
    context.translate(-left, -top)
    context.scale(scale, scale)
    fill_glyphs(context, uses, color)
    return surface


def glyph_layer(uses: Iterable[GlyphUse], color: str, box: tuple[int, int, int, int],
                scale: float, under: np.ndarray | None = None) -> np.ndarray:
    """Glyphs drawn over ``under`` (premultiplied 8-bit RGBA; None: transparent) in pixel
    ``box``, as premultiplied 8-bit RGBA (h, w, 4).

    ``box`` is (top, bottom, left, right) in canvas pixels; the result covers just it.
    """
    top, bottom, left, right = box
    surface = _glyph_surface(uses, color, box, scale, under)  # kept alive until its bytes are copied out
    pixels: np.ndarray = _surface_bytes(surface)[:bottom - top, :right - left, _RGBA_ORDER]
    return pixels


def glyph_coverage(uses: Iterable[GlyphUse], box: tuple[int, int, int, int], scale: float) -> np.ndarray:
    """How much the glyphs cover each pixel of ``box`` (float32, 0..1): ``glyph_layer``'s
    alpha as floats, without the three colour channels beside it."""
    top, bottom, left, right = box
    surface = _glyph_surface(uses, "#ffffff", box, scale)  # kept alive until its bytes are copied out
    alpha: np.ndarray = _surface_bytes(surface)[:bottom - top, :right - left, _RGBA_ORDER[3]].astype(np.float32) / 255.0
    return alpha


def _load_premultiplied(surface: Any, pixels: np.ndarray) -> None:
    """Premultiplied 8-bit RGBA pixels into the surface."""
    height, width = pixels.shape[:2]
    target = _surface_bytes(surface)[:height, :width]
    target[:, :, _RGBA_ORDER] = pixels
    surface.mark_dirty()


