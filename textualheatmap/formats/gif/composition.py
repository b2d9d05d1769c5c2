"""Frames as pixels, fast: what never changes is rasterised once, each frame composed.

Highlights of one figure differ only in the heat colours (and the token text colours
that follow them), the underline and the meta row; layout and glyphs stay. Within a
facet the SVG draws, in order: meta row, panel, heat rectangles, underline, token
glyphs, title. So a frame is composed as

    token area (heat, underline, glyphs: token_layer.py)  over  panel, titles and legend
    over  meta row  over  background

where the panel, titles and legend are rasterised once by cairosvg, each distinct meta
row once (cached), and the token area is repainted per frame where it changed. The
token area and the meta row never share a pixel: the panel's padding lies between.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from ...colormap import hex_to_rgb
from ...frame import UNCOLOURED, FacetFrame, Frame
from ...layout import GlyphUse, Layout, layout_meta
from ..cairo import canvas_size
from ..png import without_tokens
from ..svg import GROUP, meta_box_paths, svg_document
from ..raster.glyphs import fill_paths, glyph_box, glyph_layer, rasterize_svg_rgba8
from .backdrop import Backdrop
from .palette import rounded_keys
from .token_layer import Box, RunPlan, TokenLayer, union_box
from .token_strips import FacetRun

_NS = "http://www.w3.org/2000/svg"
# Drawn meta rows are kept for when they show again, up to this many bytes: a long GIF
# whose every frame has new meta strings would otherwise keep them all.
META_CACHE_BYTES = 64 << 20
_ROWS_AT_ONCE = 1024  # of the backdrop made floats at a time
RUN_FRAMES = 16  # frames composed together at most


MetaKey = tuple[int, tuple[str, ...]]  # a facet and the meta strings its row shows


@dataclass(frozen=True)
class MetaPatch:
    """A meta row drawn: the strings it shows, its pixels (keys), how many boxes it has, and
    the box (rows and columns of the row) outside which it is the empty row of that count."""

    meta: tuple[str, ...]
    keys: np.ndarray
    count: int
    ink: Box


@dataclass(frozen=True)
class Saved:
    """A picture the compositor showed (``Compositor.saved``)."""

    keys: np.ndarray
    layers: list[FacetRun]
    meta: list[MetaPatch | None]  # each facet's meta row shown


def blank_frame(layout: Layout) -> Frame:
    """Nothing highlighted: no colours, no underline, the empty meta row."""
    states = []
    for facet in layout.facets:
        count = int(facet.fragments.token.max()) + 1 if len(facet.fragments.token) else 0
        states.append(FacetFrame(np.full(count, UNCOLOURED, dtype=np.int16), None, ()))
    return Frame(None, tuple(states))


def only(svg: str, keep: Callable[[ET.Element], bool]) -> str:
    """``svg`` with only the children of each facet group that ``keep`` accepts (placed
    glyphs, ``<use>``, stay)."""
    root = ET.fromstring(svg)
    for group in list(root.iter(f"{{{_NS}}}g")):
        if group.get("class") == GROUP.facet:
            for child in list(group):
                if child.tag != f"{{{_NS}}}use" and not keep(child):
                    group.remove(child)
    return ET.tostring(root, encoding="unicode")


def _rgb_table(colors: Sequence[str]) -> np.ndarray:
    return np.array([hex_to_rgb(color) for color in colors], dtype=np.float32).reshape(-1, 3)


def _front(base: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """What is drawn over a meta row (premultiplied RGBA 0..1): its colour (0..255) and
    how much of the row shows through; None if nothing is."""
    return (base[..., :3] * 255.0, 1.0 - base[..., 3:]) if base.any() else None


def _box_of(changed: np.ndarray, box: Box) -> Box:
    """The smallest box holding the pixels ``changed`` (a mask of ``box``, some set)."""
    rows, cols = np.flatnonzero(changed.any(axis=1)), np.flatnonzero(changed.any(axis=0))
    return (box[0] + int(rows[0]), box[0] + int(rows[-1]) + 1, box[2] + int(cols[0]), box[2] + int(cols[-1]) + 1)


def _within(box: Box, bounds: Box) -> Box:
    """``box`` cut to ``bounds`` (possibly empty)."""
    return (max(box[0], bounds[0]), min(box[1], bounds[1]), max(box[2], bounds[2]), min(box[3], bounds[3]))


def _pixel_box(x: float, y: float, w: float, h: float, scale: float, size: tuple[int, int]) -> Box:
    width, height = size
    return (max(int(np.floor(y * scale)), 0), min(int(np.ceil((y + h) * scale)), height),
            max(int(np.floor(x * scale)), 0), min(int(np.ceil((x + w) * scale)), width))


class Compositor:
    """Composes frames of one layout into ``rgb`` (uint8, height x width x 3).

    ``update(frame)`` repaints only what differs from the previous frame and returns the
    boxes (top, bottom, left, right) it repainted; ``show(frames)`` does so for frames a
    run at a time, ``changes(frames)`` returns the pixels each changed instead of boxes;
    ``render(frame)`` returns a copy; ``saved()`` and ``restore`` show a picture again.
    ``palette`` and ``text_palette`` are the figure's (heat colours; text colour on each);
    ``scale`` is pixels per SVG unit; ``background`` shows where the SVG is transparent.
    """

    def __init__(self, layout: Layout, palette: Sequence[str],
                 text_palette: Sequence[str] | None = None, scale: float = 1.0,
                 background: str = "#ffffff") -> None:
        self._layout = layout
        self._scale = scale
        self.size = canvas_size(layout.width, layout.height, scale)
        self._palette_rgb = _rgb_table(palette)
        self._text_rgb = None if text_palette is None else _rgb_table(text_palette)
        self.matte = np.array(hex_to_rgb(background), dtype=np.uint8)  # the background as drawn
        blank = blank_frame(layout)
        # Without the token area (drawn per frame): its glyphs would only be written and dropped.
        backdrop = Backdrop(rasterize_svg_rgba8(only(svg_document(without_tokens(layout), blank, palette),
                                                     lambda child: child.get("class") not in GROUP.per_frame), scale),
                            self.matte)
        # Where the figure itself draws nothing: what a transparent GIF leaves clear.
        self.bare = backdrop.bare
        self._backdrop = backdrop
        # Kept as blue, green, red and a zero byte, so that each pixel read as a little-endian
        # 32-bit word is its colour key (palette.color_keys) at no cost; ``rgb`` views it.
        self._bgr0 = np.zeros((*self.bare.shape, 4), dtype=np.uint8)
        self.rgb = self._bgr0[..., 2::-1]
        # ``rgb`` as one 24-bit integer a pixel (palette.color_keys): a view.
        self.keys: np.ndarray = self._bgr0.view("<u4")[..., 0]
        for top in range(0, self.size[1], _ROWS_AT_ONCE):
            rows = slice(top, top + _ROWS_AT_ONCE)
            self.rgb[rows] = (backdrop.under(rows) + 0.5).astype(np.uint8)
        look = layout.look
        self._tokens = [TokenLayer(facet, scale, backdrop, hex_to_rgb(look.underline_fill), hex_to_rgb(look.token_text),
                                   self._palette_rgb, self._text_rgb) for facet in layout.facets]
        for layer in self._tokens:
            layer.paint_blank(self.rgb)
        # Meta rows lie under the panel's edge: what is drawn after them, per row.
        self._rows = {f: box for f, box in enumerate(map(self._meta_box, range(len(layout.facets))))
                      if box is not None}
        self._front = {f: _front(backdrop.rgba(slice(top, bottom), slice(left, right)))
                       for f, (top, bottom, left, right) in self._rows.items()}
        self._meta_boxes: dict[tuple[int, int], np.ndarray] = {}
        self._meta_patches: OrderedDict[MetaKey, MetaPatch] = OrderedDict()
        self._meta_bytes = 0  # of the patches kept
        self._empty_rows: dict[tuple[int, int], np.ndarray] = {}
        self._meta_drawn: list[MetaPatch | None] = [None] * len(layout.facets)  # the row shown
        self._rows_positions: dict[int, np.ndarray] = {}  # of _positions
        self.update(blank)

    def update(self, frame: Frame, whole_meta_rows: bool = False) -> list[Box]:
        """Make ``rgb`` the picture of ``frame``; boxes holding every pixel that changed
        (``show``)."""
        return next(self.show([frame], 1, whole_meta_rows))

    def show(self, frames: Sequence[Frame], most_pixels: int, whole_meta_rows: bool = False) -> Iterator[list[Box]]:
        """Make ``rgb`` the picture of each of ``frames`` in turn, composed runs of frames
        that repaint about ``most_pixels`` pixels at a time: after each, the boxes holding
        every pixel that changed.

        ``whole_meta_rows``: a meta row that shows new strings is one box whole, as the
        palette samples what a frame shows (encoder.palette_samples); else the smallest
        box holding the row's pixels that differ from the row shown before."""
        k = 0
        while k < len(frames):
            count, plans, strips = self._compose(frames[k:k + RUN_FRAMES], most_pixels)
            for n, (frame, painted) in enumerate(zip(frames[k:k + count], zip(*strips))):
                # The layers stand at the frame shown (``saved``), not at the run's last.
                for layer, plan in zip(self._tokens, plans):
                    layer.standing = plan.run.frame(n)
                boxes: list[Box] = []
                for f, state in enumerate(frame.facets):
                    for box, keys in painted[f]:
                        self.keys[box[0]:box[1], box[2]:box[3]] = keys
                        boxes.append(box)
                    if f in self._rows and not self._shows_meta(f, state.meta):
                        part, changed, _ = self._paint_meta(f, state.meta)
                        if whole_meta_rows:
                            boxes.append(self._rows[f])
                        elif changed.any():
                            boxes.append(_box_of(changed, part))
                yield boxes
            k += count

    def changes(self, frames: Sequence[Frame], most_pixels: int) -> list[tuple[np.ndarray, np.ndarray]]:
        """Make ``rgb`` the picture of the first frames of ``frames`` in turn, as many as
        repaint at most ``most_pixels`` pixels together (at least one): for each, the pixels
        whose colour changed, as flat positions and new colours (``keys``)."""
        count, _, strips = self._compose(frames, most_pixels)
        found = []
        for frame, painted in zip(frames[:count], zip(*strips)):
            where: list[np.ndarray] = [np.zeros(0, dtype=np.intp)]
            colours: list[np.ndarray] = [np.zeros(0, dtype=np.uint32)]
            for f, state in enumerate(frame.facets):
                for box, new in painted[f]:
                    self._note(box, new != self.keys[box[0]:box[1], box[2]:box[3]], new, where, colours)
                    self.keys[box[0]:box[1], box[2]:box[3]] = new
                if f in self._rows and not self._shows_meta(f, state.meta):
                    self._note(*self._paint_meta(f, state.meta), where, colours)
            found.append((np.concatenate(where), np.concatenate(colours)))
        return found

    def _compose(self, frames: Sequence[Frame], most_pixels: int
                 ) -> tuple[int, list[RunPlan], list[list[list[tuple[Box, np.ndarray]]]]]:
        """Compose the token areas of the first frames of ``frames``, as many as repaint at
        most ``most_pixels`` pixels together (at least one): how many, each facet's plan,
        and per facet, per frame, its strips (TokenLayer.compose)."""
        plans = [layer.plan([frame.facets[f] for frame in frames]) for f, layer in enumerate(self._tokens)]
        area = np.cumsum(np.sum([plan.area for plan in plans], axis=0))
        count = max(1, min(int(np.searchsorted(area, most_pixels, side="right")), *(plan.alike for plan in plans)))
        return count, plans, [layer.compose(plan, count) for layer, plan in zip(self._tokens, plans)]

    def _note(self, box: Box, changed: np.ndarray, new: np.ndarray, where: list[np.ndarray],
              colours: list[np.ndarray]) -> None:
        """The pixels ``changed`` (a mask of ``box``) to ``where`` (flat positions) and their
        colours in ``new`` (keys of ``box``) to ``colours``."""
        top, bottom, left, right = box
        # Flat positions from a table of a box's rows: a mask picks them in order, where
        # dividing each pixel's position by the box width costs more.
        where.append(self._positions(bottom - top)[:, :right - left][changed] + (top * self.size[0] + left))
        colours.append(new[changed])

    def _positions(self, height: int) -> np.ndarray:
        """Flat positions, relative to its top left corner, of a box ``height`` rows by the
        canvas's width."""
        if height not in self._rows_positions:
            width = self.size[0]
            self._rows_positions[height] = np.arange(height)[:, None] * width + np.arange(width)
        return self._rows_positions[height]

    def saved(self) -> Saved:
        """What ``restore`` needs to show the picture shown now again, without composing it."""
        return Saved(self.keys.copy(), [layer.standing for layer in self._tokens], list(self._meta_drawn))

    def restore(self, saved: Saved) -> None:
        self.keys[...] = saved.keys
        for layer, standing in zip(self._tokens, saved.layers):
            layer.standing = standing
        self._meta_drawn = list(saved.meta)

    def render(self, frame: Frame) -> np.ndarray:
        """A copy of the picture of ``frame``."""
        self.update(frame)
        picture: np.ndarray = self.rgb.copy()
        return picture

    def _meta_box(self, f: int) -> Box | None:
        row = self._layout.facets[f].meta_row
        return None if row is None else _pixel_box(row.x, row.y, row.w, row.h, self._scale, self.size)

    def _shows_meta(self, f: int, meta: tuple[str, ...]) -> bool:
        """Whether facet f's meta row shows ``meta``."""
        drawn = self._meta_drawn[f]
        return drawn is not None and drawn.meta == meta

    def _paint_meta(self, f: int, meta: tuple[str, ...]) -> tuple[Box, np.ndarray, np.ndarray]:
        """Show ``meta`` in facet f's row: a box of the row holding every pixel that changed,
        which of its pixels did (a mask), and their colours (keys)."""
        key = (f, meta)
        patch = self._meta_patches.pop(key, None)
        if patch is None:
            patch = self._meta_patch(f, meta)
            self._meta_bytes += patch.keys.nbytes
        self._meta_patches[key] = patch  # the most recently shown last
        while self._meta_bytes > META_CACHE_BYTES and len(self._meta_patches) > 1:
            self._meta_bytes -= self._meta_patches.popitem(last=False)[1].keys.nbytes
        top, bottom, left, right = self._rows[f]
        shown = self._meta_drawn[f]
        # Rows of one count differ only where either has text; the rest is its empty row.
        if shown is None or shown.count != patch.count:
            part = (0, bottom - top, 0, right - left)
        else:
            inked = [ink for ink in (shown.ink, patch.ink) if ink[0] < ink[1]]
            part = union_box(inked) if inked else (0, 0, 0, 0)
        self._meta_drawn[f] = patch
        rows, cols = slice(part[0], part[1]), slice(part[2], part[3])
        # The row's pixels are the row shown before: nothing else is drawn there.
        region = self.keys[top:bottom, left:right][rows, cols]
        new = patch.keys[rows, cols]
        changed: np.ndarray = new != region
        region[...] = new
        return (top + part[0], top + part[1], left + part[2], left + part[3]), changed, new

    def _meta_patch(self, f: int, meta: tuple[str, ...]) -> MetaPatch:
        """Facet f's meta row showing ``meta``."""
        count = max(len(meta), 1)
        top, bottom, left, right = row_box = self._rows[f]
        if (f, count) not in self._empty_rows:
            self._empty_rows[(f, count)] = self._row_keys(f, row_box, self._boxes(f, count))
        patch: np.ndarray = self._empty_rows[(f, count)].copy()
        row = self._layout.facets[f].meta_row
        assert row is not None
        items = layout_meta(meta, row, self._layout.look)
        # Only where a string's text may have ink differs from the row's empty boxes.
        inks = [_within(union_box([glyph_box(use, self._scale) for use in item.glyphs]), row_box)
                for item in items if item.glyphs]
        inks = [ink for ink in inks if ink[0] < ink[1] and ink[2] < ink[3]]
        if not inks:
            return MetaPatch(meta, patch, count, (0, 0, 0, 0))
        # Drawn in the box of every glyph (cut to the row), the box cairo has always had.
        box = _within(union_box([glyph_box(use, self._scale) for item in items for use in item.glyphs]), row_box)
        # The text drawn in one go over the boxes, made floats only where it has ink.
        boxes = self._boxes(f, count)[box[0] - top:box[1] - top, box[2] - left:box[3] - left]
        drawn = glyph_layer([use for item in items for use in item.glyphs], self._layout.look.meta_text, box,
                            self._scale, under=boxes)
        for ink in inks:
            patch[ink[0] - top:ink[1] - top, ink[2] - left:ink[3] - left] = self._row_keys(
                f, ink, drawn[ink[0] - box[0]:ink[1] - box[0], ink[2] - box[2]:ink[3] - box[2]])
        return MetaPatch(meta, patch, count, (box[0] - top, box[1] - top, box[2] - left, box[3] - left))

    def _row_keys(self, f: int, box: Box, drawn: np.ndarray) -> np.ndarray:
        """Final pixels of ``box`` (inside facet f's meta row), given what is drawn there
        (boxes, text: premultiplied 8-bit RGBA), under what lies over; as colour keys."""
        top, bottom, left, right = box
        r0, _, c0, _ = self._rows[f]
        # The row over the background, as the backdrop's table has it (the same float steps).
        pixels = self._backdrop.over_background(drawn)
        over = self._front[f]
        if over is not None:
            front, keep = (a[top - r0:bottom - r0, left - c0:right - c0] for a in over)
            pixels = front + keep * pixels
        return rounded_keys(pixels)

    def _boxes(self, f: int, count: int) -> np.ndarray:
        """Facet f's meta row of boxes (no text) for ``count`` strings, as cairosvg draws the
        figure's (premultiplied 8-bit RGBA, the row's pixels only)."""
        if (f, count) not in self._meta_boxes:
            top, bottom, left, right = self._rows[f]
            self._meta_boxes[(f, count)] = fill_paths(meta_box_paths(self._layout, count), (right - left, bottom - top),
                                                      self._scale, origin=(left, top))
        return self._meta_boxes[(f, count)]
