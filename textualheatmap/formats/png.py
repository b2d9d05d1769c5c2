"""PNG drawn straight from the Scene: the few boxes by cairosvg, the many tokens with numpy.

A facet's token area (heat rectangles, the underline, token glyphs) is most of a figure's
elements and never shares a pixel with the titles, the meta row or the legend (the
panel's padding lies between). So the rest is drawn by cairosvg from an SVG without the
token area, and the token area over it: rectangles with cairo's coverage
(raster/rects.py) one after another, glyphs from an atlas (raster/atlas.py). cairosvg of
the whole SVG (cairo.py) stays the reference the tests compare against.
"""
from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from dataclasses import replace
from typing import IO, cast

import numpy as np

from ..colormap import hex_to_rgb
from ..frame import UNCOLOURED, FacetFrame, Frame, glyph_colors
from ..layout import FacetLayout, Layout
from ..layout.glyphs import note_missing, one_missing_warning
from ..scene import Scene
from .cairo import check_scale
from .raster.atlas import composite_glyphs, place_glyphs
from .raster.glyphs import rasterize_svg_rgba8
from .raster.rects import Patch, rect_patches
from .panels import Indices, PanelGrid, check_panels, panel_grid
from .shown import drawn_part
from .svg import panel_labels_document, svg_document

PNG_LEVEL = 1  # zlib's fastest: on these flat pictures within a tenth of its best size


def without_tokens(layout: Layout, titles: bool = True) -> Layout:
    """The layout without its token area (text and token pieces), and without title text
    unless ``titles``: quick to draw when the rest is wanted."""
    empty = np.zeros(0)
    facets = tuple(replace(facet, text=(), text_token=np.zeros(0, dtype=np.int32),
                           title_glyphs=facet.title_glyphs if titles else (),
                           fragments=replace(facet.fragments, token=np.zeros(0, dtype=np.int32),
                                             x=empty, y=empty, w=empty, underline_top=empty))
                   for facet in layout.facets)
    return replace(layout, facets=facets)


def _rgba(color: str) -> np.ndarray:
    """An opaque colour as premultiplied 8-bit RGBA."""
    return np.array([*hex_to_rgb(color), 255], dtype=np.float32)


def _over(canvas: np.ndarray, patches: Sequence[Patch | None], colors: Sequence[np.ndarray]) -> None:
    """Each rectangle's colour over ``canvas`` in turn (cairo's OVER, premultiplied 8-bit)."""
    for patch, color in zip(patches, colors):
        if patch is None:
            continue
        area = canvas[patch.top:patch.bottom, patch.left:patch.right]
        cover = patch.cover[..., None]
        area[...] = np.rint(area * (1.0 - cover) + color * cover)


def _token_area(canvas: np.ndarray, facet: FacetLayout, state: FacetFrame, scene: Scene,
                scale: float) -> None:
    look = scene.layout.look
    facet, state = drawn_part(facet, state)
    pieces = facet.fragments
    size = canvas.shape[:2]
    x, y, w = (v * scale for v in (pieces.x, pieces.y, pieces.w))
    color = state.colors[pieces.token] if len(pieces.token) else np.zeros(0, dtype=np.int16)
    palette = [_rgba(c) for c in scene.palette]
    heated = (color != UNCOLOURED).nonzero()[0]
    rects = rect_patches(x[heated], (x + w)[heated], y[heated], y[heated] + pieces.height * scale, size)
    _over(canvas, rects, [palette[c] for c in color[heated].tolist()])
    if state.selected is not None:
        chosen = (pieces.token == state.selected).nonzero()[0]
        top = pieces.underline_top[chosen] * scale
        lines = rect_patches(x[chosen], (x + w)[chosen], top, top + pieces.underline_h * scale, size)
        _over(canvas, lines, [_rgba(look.underline_fill)] * len(lines))
    if facet.text:
        composite_glyphs(canvas, place_glyphs(facet.text, scale), _text_colors(facet, state, scene))


def _text_colors(facet: FacetLayout, state: FacetFrame, scene: Scene) -> np.ndarray:
    """One RGBA row for all glyphs, or one per glyph where the text palette applies."""
    plain = _rgba(scene.layout.look.token_text)[None, :]
    if scene.text_palette is None:
        return plain
    table = np.array([_rgba(c) for c in scene.text_palette]).reshape(-1, 4)
    color = glyph_colors(facet.text_token, state.colors)
    colors = np.repeat(plain, len(color), axis=0)
    colors[color >= 0] = table[color[color >= 0]]
    return colors


def draw_pixels(scene: Scene, index: Indices = None, scale: float = 1, columns: int | None = None) -> np.ndarray:
    """The scene at highlight ``index`` (a list: one labelled panel each, ``columns`` to a
    row) as premultiplied 8-bit RGBA (h x w x 4), ``scale`` pixels per SVG unit;
    transparent where the figure draws nothing, unless it has a background."""
    scale = check_scale(scale)
    indices = check_panels(scene, index, columns)
    with one_missing_warning():  # one warning for the figure and its meta row alike
        note_missing(scene.layout.missing)
        if indices is not None:
            return _panel_pixels(scene, panel_grid(scene, indices, columns), scale)
        return _figure_pixels(scene, scene.frame(cast("int | None", index)), scale, scene.drawn_background)


def _figure_pixels(scene: Scene, frame: Frame, scale: float, background: str | None) -> np.ndarray:
    rest = svg_document(without_tokens(scene.layout), frame, scene.palette, scene.text_palette, background)
    canvas = rasterize_svg_rgba8(rest, scale)
    for facet, state in zip(scene.layout.facets, frame.facets):
        _token_area(canvas, facet, state, scene, scale)
    return canvas


def _panel_pixels(scene: Scene, grid: PanelGrid, scale: float) -> np.ndarray:
    """The labels (and background), then each panel's figure over them at its place: panels
    sit on whole pixels at scale 1 (panels.py), so each is its highlight's own PNG."""
    canvas = rasterize_svg_rgba8(panel_labels_document(scene, grid), scale)
    for panel in grid.panels:
        figure = _figure_pixels(scene, scene.frame(panel.index), scale, None)
        top, left = int(round(panel.y * scale)), int(round(panel.x * scale))
        area = canvas[top:top + figure.shape[0], left:left + figure.shape[1]]
        figure = figure[: area.shape[0], : area.shape[1]].astype(np.float32)
        area[...] = np.rint(figure + area * (1.0 - figure[..., 3:] / 255.0))
    return canvas


def encode_png(premultiplied: np.ndarray) -> bytes:
    """Premultiplied 8-bit RGBA as a PNG of straight RGBA.

    Written here rather than by Pillow's PNG plugin, whose per-row adaptive filter takes
    twice as long as the compression on a tall figure (0.6 s against 0.25 s for a
    600 x 9,800 page, measured); rows are left unfiltered, which compresses these flat
    pictures smaller (2.4 MB against Pillow's 3.1 MB there).
    """
    height, width = premultiplied.shape[:2]
    raw = np.zeros((height, 1 + 4 * width), dtype=np.uint8)  # each row: filter type 0, then pixels
    straight = raw[:, 1:].reshape(height, width, 4)
    straight[...] = premultiplied
    # Opaque and empty pixels are the same premultiplied or not; only the others are divided
    # (rounded as cairo's PNG writer does).
    partial = np.nonzero((straight[..., 3] > 0) & (straight[..., 3] < 255))
    alpha = straight[partial][:, 3:].astype(np.uint32)
    colour = straight[partial][:, :3].astype(np.uint32)
    straight[partial[0], partial[1], :3] = np.minimum((colour * 255 + alpha // 2) // alpha, 255)
    raw_bytes = raw.tobytes()

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA, not interlaced
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw_bytes, PNG_LEVEL))
            + chunk(b"IEND", b""))


def png_bytes(scene: Scene, index: Indices = None, scale: float = 1, columns: int | None = None) -> bytes:
    """The scene at highlight ``index`` (a list: one panel each) as PNG bytes, ``scale``
    pixels per SVG unit."""
    return encode_png(draw_pixels(scene, index, scale, columns))


def write_png(scene: Scene, stream: IO[bytes], index: Indices = None, scale: float = 1,
              columns: int | None = None) -> None:
    stream.write(png_bytes(scene, index, scale, columns))
