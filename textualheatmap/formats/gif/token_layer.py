"""The per-frame part of a facet's pixels: heat rectangles, underline and token text.

Every pixel of the token area remembers what covers it, in drawing order, and by how
much: heat rectangles (antialiased coverage computed here, like cairo's), then token
glyphs (coverage rasterised once by cairo, one glyph at a time). A frame repaints a
pixel by laying each item's colour of that frame over the panel in turn, as cairo's OVER
does; the underline goes between the two. Only lines whose tokens changed are repainted.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ...frame import FacetFrame, glyph_colors, glyphs_drawn
from ...layout import FacetLayout
from ..raster.glyphs import glyph_box, glyph_coverage
from ..raster.rects import Patch, rect_patches
from .backdrop import Backdrop
from .palette import rounded_keys
from .token_bands import BandStacks, Box, Layer, LineHeat, band_stacks, bands
from .token_strips import FacetRun, Strips, facet_run, strips


@dataclass(frozen=True)
class RunPlan:
    """What a run of frames repaints in a facet (``TokenLayer.plan``)."""

    states: Sequence[FacetFrame]
    run: FacetRun
    strips: Strips | None  # None: the facet has no token area
    alike: int  # how many of the first frames colour their text alike: composed together at most
    area: np.ndarray  # pixels each frame repaints


def _glyph_patches(facet: FacetLayout, scale: float, region: Box,
                   boxes: list[Box]) -> list[Patch | None]:
    """Each token glyph's own coverage, rasterised by cairo in as few passes as can be:
    glyphs whose boxes do not touch share a pass."""
    top, bottom, left, right = region
    passes: list[np.ndarray] = []
    chosen: list[int] = []
    for box in boxes:
        rows, cols = slice(box[0] - top, box[1] - top), slice(box[2] - left, box[3] - left)
        free = [k for k, taken in enumerate(passes) if not taken[rows, cols].any()]
        if not free:
            passes.append(np.zeros((bottom - top, right - left), dtype=bool))
            free = [len(passes) - 1]
        passes[free[0]][rows, cols] = True
        chosen.append(free[0])
    patches: list[Patch | None] = [None] * len(boxes)
    for k in range(len(passes)):
        # One pass at a time, its coverage cropped to each glyph and let go.
        alpha = glyph_coverage([use for use, c in zip(facet.text, chosen) if c == k], region, scale)
        for g, (box, c) in enumerate(zip(boxes, chosen)):
            if c == k and box[1] > box[0] and box[3] > box[2]:
                patches[g] = Patch(*box, alpha[box[0] - top:box[1] - top, box[2] - left:box[3] - left].copy())
    return patches


def union_box(boxes: Sequence[Box]) -> Box:
    """The smallest box holding every one of ``boxes``."""
    return (min(b[0] for b in boxes), max(b[1] for b in boxes),
            min(b[2] for b in boxes), max(b[3] for b in boxes))


def _box(patch: Patch) -> Box:
    return (patch.top, patch.bottom, patch.left, patch.right)


class TokenLayer:
    """One facet's token area, repainted per frame: heat, underline, then token text.

    ``backdrop`` is the whole canvas without its per-frame parts: below the heat lies the
    panel over the background.
    """

    def __init__(self, facet: FacetLayout, scale: float, backdrop: Backdrop, underline: tuple[int, int, int],
                 text: tuple[int, int, int], palette_rgb: np.ndarray, text_palette: np.ndarray | None) -> None:
        pieces = facet.fragments
        size = backdrop.size
        count = len(pieces.token)
        # At the coordinates the SVG carries (the layout rounded them); cairo then keeps
        # them in 24.8 fixed point.
        x, y, w = (v * scale for v in (pieces.x, pieces.y, pieces.w))
        rects = rect_patches(x, x + w, y, y + pieces.height * scale, size)
        line_top = pieces.underline_top * scale
        line_h = pieces.underline_h * scale
        self._underlines = rect_patches(x, x + w, line_top, line_top + line_h, size)
        self._token = pieces.token.astype(np.intp)
        self._glyph_token = np.asarray(facet.text_token, dtype=np.intp)
        self._count, self._glyphs = count, len(facet.text)
        self._underline_rgb = np.array(underline, dtype=np.float32)
        self._text_rgb = np.array(text, dtype=np.float32)
        self._text_grey = bool((self._text_rgb == self._text_rgb[0]).all())
        # ``palette_rgb[c]`` is heat colour c, ``text_palette[c]`` the text colour on it (None:
        # the look's text colour everywhere).
        self._palette_rgb, self._text_palette = palette_rgb, text_palette
        self._previous = _every_fragment(count, -2)  # no frame's: the first repaints every fragment
        glyph_boxes = [_clip(glyph_box(use, scale), size) for use in facet.text]
        boxes = [_box(p) for p in rects if p is not None]
        boxes += [b for b in glyph_boxes if b[1] > b[0] and b[3] > b[2]]
        self._empty = not boxes
        if self._empty:
            return
        self.region = union_box(boxes)
        top, bottom, left, right = self.region
        self._backdrop = backdrop
        self._heat_layer = Layer(rects)
        self._glyph_layer = Layer(_glyph_patches(facet, scale, self.region, glyph_boxes))
        self._build_lines(rects, glyph_boxes, y)
        self._bands = bands(list(self._line_rows.values()), bottom - top)
        self._band_of = {line: next(b for b, (b0, b1) in enumerate(self._bands) if b0 <= r0 and r1 <= b1)
                         for line, (r0, r1) in self._line_rows.items()}
        self._built: dict[int, BandStacks] = {}
        # Per band, what the text leaves of the pixels below (from paint_blank, until the
        # band is built); and the glyphs' own slots, only once a frame colours glyphs one
        # by one (some 30 bytes a pixel that the look's one text colour never needs).
        self._keeps: dict[int, np.ndarray] = {}
        self._glyph_slots: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def _band_box(self, band: int) -> Box:
        """Band ``band`` in canvas pixels."""
        top, _, left, right = self.region
        b0, b1 = self._bands[band]
        return top + b0, top + b1, left, right

    def _band_glyphs(self, band: int) -> tuple[np.ndarray, np.ndarray]:
        """Band ``band``'s glyph slots (``Layer.stack``), kept once asked for."""
        if band not in self._glyph_slots:
            self._glyph_slots[band] = self._glyph_layer.stack(self._band_box(band))
        return self._glyph_slots[band]

    def _under(self, band: int) -> np.ndarray:
        """The panel below the heat in band ``band`` (RGB 0..255)."""
        top, bottom, left, right = self._band_box(band)
        return self._backdrop.under(slice(top, bottom), slice(left, right))

    def _text_keep(self, band: int) -> np.ndarray:
        """What band ``band``'s token text leaves of the pixels below it."""
        if band in self._built:
            return self._built[band].text_keep
        if band not in self._keeps:
            self._keeps[band] = self._glyph_layer.keep(self._band_box(band))
        return self._keeps[band]

    def _stacks(self, band: int) -> BandStacks:
        """Band ``band``'s stacks, built the first time they are asked for."""
        if band not in self._built:
            keep = self._text_keep(band)
            self._keeps.pop(band, None)
            self._built[band] = band_stacks(self._bands[band], self.region, self._under(band), self._heat_layer,
                                            keep, self._line_rows)
        return self._built[band]

    def paint_blank(self, canvas: np.ndarray) -> None:
        """Paint the whole area as no highlight shows it: panel and text only."""
        if self._empty:
            return
        top, _, left, right = self.region
        for band, (b0, b1) in enumerate(self._bands):
            pixels = self._under(band)
            self._lay_text(pixels, self._text_keep(band))
            canvas[top + b0:top + b1, left:right] = (pixels + 0.5).astype(np.uint8)
        self._previous = _every_fragment(self._count, -1)  # uncoloured

    def _build_lines(self, rects: list[Patch | None], glyph_boxes: list[Box], y: np.ndarray) -> None:
        # A fragment's extent is its rectangle and its token's glyphs in the same line, so
        # a token's new colour and text colour are repainted together; fragments of one
        # line (same top) are repainted as one strip.
        extents: list[Box | None] = [_box(p) if p is not None else None for p in rects]
        by_token: dict[int, list[int]] = {}
        middles: dict[int, float] = {}  # of each fragment with a rectangle
        for k, token in enumerate(self._token.tolist()):
            rect = rects[k]
            if rect is not None:
                by_token.setdefault(token, []).append(k)
                middles[k] = (rect.top + rect.bottom) / 2
        for box, token in zip(glyph_boxes, self._glyph_token.tolist()):
            owners = by_token.get(token, [])
            if token < 0 or not owners or box[1] <= box[0] or box[3] <= box[2]:
                continue
            middle = (box[0] + box[1]) / 2
            k = min(owners, key=lambda f: abs(middles[f] - middle))
            extent = extents[k]
            assert extent is not None  # an owner has a rectangle, so an extent
            extents[k] = union_box([extent, box])
        top, _, left, _ = self.region
        self._line = np.unique(y, return_inverse=True)[1]
        rows: dict[int, Box] = {}
        for k, extent in enumerate(extents):
            if extent is not None:
                line = int(self._line[k])
                rows[line] = union_box([rows.get(line, extent), extent])
        self._line_rows = {line: (b[0] - top, b[1] - top) for line, b in rows.items()}
        self._line_height = np.zeros(int(self._line.max(initial=0)) + 1, dtype=np.intp)
        for line, (r0, r1) in self._line_rows.items():
            self._line_height[line] = r1 - r0
        self._left = np.array([e[2] - left if e else 0 for e in extents], dtype=np.intp)
        self._right = np.array([e[3] - left if e else 0 for e in extents], dtype=np.intp)
        self._visible = np.array([e is not None for e in extents], dtype=bool)

    @property
    def standing(self) -> FacetRun:
        """The state the layer stands at: the last frame composed (a run of one)."""
        return self._previous

    @standing.setter
    def standing(self, state: FacetRun) -> None:
        self._previous = state

    def plan(self, states: Sequence[FacetFrame]) -> RunPlan:
        """What each frame of ``states`` (one facet's, in order, after the last composed)
        repaints; nothing is repainted until ``compose``."""
        run = facet_run(states, self._token)
        if self._empty:
            return RunPlan(states, run, None, len(states), np.zeros(len(states), dtype=np.int64))
        found = strips(run, self._previous, self._visible, self._line, self._left, self._right)
        # Frames composed together colour their text alike: the look's one colour, or glyph by glyph.
        alike = [self._glyph_by_glyph(state) == self._glyph_by_glyph(states[0]) for state in states] + [False]
        area = np.bincount(found.frame, weights=self._line_height[found.line] * (found.end - found.first),
                           minlength=len(states))
        return RunPlan(states, run, found, alike.index(False), area.astype(np.int64))

    def _glyph_by_glyph(self, state: FacetFrame) -> bool:
        return self._text_palette is not None or state.shown is not None

    def compose(self, plan: RunPlan, count: int) -> list[list[tuple[Box, np.ndarray]]]:
        """Compose the first ``count`` frames of ``plan`` (at most ``plan.alike``): each
        frame's strips, in painting order, as a box of the canvas and its pixels (colour
        keys, palette.color_keys). The layer then stands at the last of them."""
        painted: list[list[tuple[Box, np.ndarray]]] = [[] for _ in range(count)]
        if plan.strips is None:
            return painted
        self._previous = plan.run.frame(count - 1)
        found = plan.strips.of_frames(count)
        if not len(found.frame):
            return painted
        fills, alpha = self._heat_colors(plan.run, count)
        text = self._text_colors(plan.states[:count]) if self._glyph_by_glyph(plan.states[0]) else None
        underlined = [np.flatnonzero(plan.run.selected[k]).tolist() for k in range(count)]
        top, _, left, _ = self.region
        by_line = np.argsort(found.line, kind="stable")
        groups = np.flatnonzero(np.diff(found.line[by_line], prepend=-1)).tolist() + [len(by_line)]
        for g0, g1 in zip(groups[:-1], groups[1:]):
            # One line's strips of every frame, side by side: composed with one set of calls.
            which = by_line[g0:g1].tolist()
            line = int(found.line[which[0]])
            r0, r1 = self._line_rows[line]
            spans = [(int(found.first[s]), int(found.end[s])) for s in which]
            frames = found.frame[which]
            band = self._band_of[line]
            stacks = self._stacks(band)
            pixels = _heat(stacks.lines[line], spans, frames, fills, alpha, self._count + 1)
            starts = np.cumsum([0] + [c1 - c0 for c0, c1 in spans]).tolist()
            for s, (c0, c1), at in zip(which, spans, starts):
                self._underline(pixels[:, at:at + c1 - c0], (r0, r1, c0, c1), underlined[int(found.frame[s])])
            self._text(band, pixels, (r0 - stacks.top, r1 - stacks.top), spans, frames, text)
            keys = rounded_keys(pixels)
            for s, (c0, c1), at in zip(which, spans, starts):
                painted[int(found.frame[s])].append(((top + r0, top + r1, left + c0, left + c1), keys[:, at:at + c1 - c0]))
        return painted

    def _heat_colors(self, run: FacetRun, count: int) -> tuple[np.ndarray, np.ndarray]:
        """Each fragment's heat colour and opacity in each of the first ``count`` frames, one
        table of frames x (fragments and one spare)."""
        fills = np.zeros((count, self._count + 1, 3), dtype=np.float32)
        alpha = np.zeros((count, self._count + 1), dtype=np.float32)
        colors = run.colors[:count]
        coloured = colors >= 0
        fills[:, :self._count][coloured] = self._palette_rgb[colors[coloured]]
        alpha[:, :self._count] = coloured & run.shown[:count]
        return fills.reshape(-1, 3), alpha.reshape(-1)

    def _text_colors(self, states: Sequence[FacetFrame]) -> np.ndarray:
        """Per frame, per glyph (and one spare): its colour, then its opacity (0 for a hidden
        token's); one table of frames x (glyphs and one spare)."""
        text = np.empty((len(states), self._glyphs + 1, 4), dtype=np.float32)
        text[..., :3] = self._text_rgb
        text[..., 3] = 1.0
        owner = self._glyph_token
        for frame, state in zip(text, states):
            if self._text_palette is not None:
                color = glyph_colors(owner, state.colors)
                frame[:self._glyphs, :3][color >= 0] = self._text_palette[color[color >= 0]]
            if state.shown is not None:
                frame[:self._glyphs, 3] = glyphs_drawn(owner, state.shown)
        return text.reshape(-1, 4)

    def _underline(self, pixels: np.ndarray, strip: Box, fragments: list[int]) -> None:
        r0, r1, c0, c1 = strip
        top, _, left, _ = self.region
        for k in fragments:
            patch = self._underlines[k]
            if patch is None:
                continue
            a0, a1 = max(patch.top - top, r0), min(patch.bottom - top, r1)
            b0, b1 = max(patch.left - left, c0), min(patch.right - left, c1)
            if a0 < a1 and b0 < b1:
                cover = patch.cover[a0 + top - patch.top:a1 + top - patch.top,
                                    b0 + left - patch.left:b1 + left - patch.left]
                part = pixels[a0 - r0:a1 - r0, b0 - c0:b1 - c0]
                part += (self._underline_rgb - part) * cover[..., None]

    def _lay_text(self, pixels: np.ndarray, keep: np.ndarray) -> None:
        """The look's text colour over ``pixels``, of which the text leaves ``keep``: made per
        strip, as a whole document's would take 12 bytes a pixel; a channel at a time
        (broadcasting a plane over three channels costs twice the arithmetic), a grey's ink
        made once."""
        for channel in range(3):
            pixels[..., channel] *= keep
        ink = 1.0 - keep
        grey = ink * self._text_rgb[0] if self._text_grey else None
        for channel in range(3):
            pixels[..., channel] += ink * self._text_rgb[channel] if grey is None else grey

    def _text(self, band: int, pixels: np.ndarray, rows: tuple[int, int], spans: list[tuple[int, int]],
              frames: np.ndarray, text: np.ndarray | None) -> None:
        """Token glyphs over ``pixels``, the strips ``spans`` (columns) of ``rows`` of ``band``
        side by side, of ``frames``: per glyph colours from ``text`` (``_text_colors``), or
        all the look's text colour (then the glyphs are one layer composed beforehand)."""
        r0, r1 = rows
        if text is None:
            self._lay_text(pixels, _side_by_side(self._built[band].text_keep[r0:r1], spans, 1))
            return
        items, cover = self._band_glyphs(band)
        offset = _frame_offsets(spans, frames, self._glyphs + 1)
        for slot in range(items.shape[0]):
            colour = text[_side_by_side(items[slot, r0:r1], spans, 1) + offset]
            weight = _side_by_side(cover[slot, r0:r1], spans, 1) * colour[..., 3]
            pixels += (colour[..., :3] - pixels) * weight[..., None]


def _side_by_side(values: np.ndarray, spans: list[tuple[int, int]], axis: int) -> np.ndarray:
    """The column ranges ``spans`` of ``values`` (columns along ``axis``) side by side; a
    view when there is one."""
    if len(spans) == 1:
        c0, c1 = spans[0]
        return values[(slice(None),) * axis + (slice(c0, c1),)]
    return np.concatenate([values[(slice(None),) * axis + (slice(c0, c1),)] for c0, c1 in spans], axis=axis)


def _frame_offsets(spans: list[tuple[int, int]], frames: np.ndarray, size: int) -> np.ndarray:
    """Per column of strips side by side, where its frame's rows start in a table of
    frames x ``size`` entries."""
    widths = [c1 - c0 for c0, c1 in spans]
    offsets: np.ndarray = np.repeat(frames.astype(np.int64) * size, widths)
    return offsets


def _heat(line: LineHeat, spans: list[tuple[int, int]], frames: np.ndarray, fills: np.ndarray,
          alpha: np.ndarray, items_per_frame: int) -> np.ndarray:
    """A line's heat over its panel in the column ranges ``spans``, side by side, each of its
    frame in ``frames``: each item's colour ``fills[frame, item]`` laid over at its
    coverage times ``alpha[frame, item]`` (tables of frames x ``items_per_frame``,
    flattened), as cairo's OVER does."""
    pixels = _side_by_side(line.under, spans, 1).copy()
    depth = max(int(line.depth[c0:c1].max(initial=0)) for c0, c1 in spans)
    # Every slot's colours and weights looked up at once; only the blending goes in order.
    items = _side_by_side(line.items[:depth], spans, 2) + _frame_offsets(spans, frames, items_per_frame)
    weights = _side_by_side(line.cover[:depth], spans, 2) * alpha.take(items)
    steps = fills.take(items, axis=0)
    for step, weight in zip(steps, weights):
        step -= pixels  # pixels += (fill - pixels) * weight, in place
        for channel in range(3):  # not broadcast over the channels: that costs twice as much
            step[..., channel] *= weight
        pixels += step
    rows: np.ndarray = pixels[line.copies]
    return rows


def _every_fragment(count: int, color: int) -> FacetRun:
    """A state of ``count`` fragments, each of colour ``color``, drawn, none underlined."""
    return FacetRun(np.full((1, count), color, dtype=np.int64), np.zeros((1, count), dtype=bool),
                    np.ones((1, count), dtype=bool))


def _clip(box: Box, size: tuple[int, int]) -> Box:
    height, width = size
    return (min(max(box[0], 0), height), min(max(box[1], 0), height),
            min(max(box[2], 0), width), min(max(box[3], 0), width))
