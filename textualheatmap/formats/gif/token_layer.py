"""The per-frame part of a facet's pixels: heat rectangles, underline and token text.

Every pixel of the token area remembers what covers it, in drawing order, and by how
much: heat rectangles (antialiased coverage computed here, like cairo's), then token
glyphs (coverage rasterised once by cairo, one glyph at a time). A frame repaints a
pixel by laying each item's colour of that frame over the panel in turn, as cairo's OVER
does; the underline goes between the two. Only lines whose tokens changed are repainted.
"""
from __future__ import annotations

from collections.abc import Sequence
import numpy as np

from ...frame import FacetFrame, glyph_colors, glyphs_drawn
from ...layout import FacetLayout
from ..raster.glyphs import glyph_box, glyph_coverage
from ..raster.rects import Patch, rect_patches
from .backdrop import Backdrop
from .token_bands import BandStacks, Box, Layer, LineHeat, band_stacks, bands, text_keep



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

    def __init__(self, facet: FacetLayout, scale: float, backdrop: Backdrop,
                 underline: tuple[int, int, int], text: tuple[int, int, int]) -> None:
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
        self._previous = (np.full(count, -2, dtype=np.int64), np.zeros(count, dtype=bool), np.ones(count, dtype=bool))
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
            self._keeps[band] = text_keep(self._glyph_layer.stack(self._band_box(band))[1])
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
        self._previous = (np.full(self._count, -1, dtype=np.int64), np.zeros(self._count, dtype=bool),
                          np.ones(self._count, dtype=bool))

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
        self._lines_ascending = bool(np.all(np.diff(self._line) >= 0))
        rows: dict[int, Box] = {}
        for k, extent in enumerate(extents):
            if extent is not None:
                line = int(self._line[k])
                rows[line] = union_box([rows.get(line, extent), extent])
        self._line_rows = {line: (b[0] - top, b[1] - top) for line, b in rows.items()}
        self._left = np.array([e[2] - left if e else 0 for e in extents], dtype=np.intp)
        self._right = np.array([e[3] - left if e else 0 for e in extents], dtype=np.intp)
        self._visible = np.array([e is not None for e in extents], dtype=bool)
    def update(self, state: FacetFrame, palette_rgb: np.ndarray, text_rgb: np.ndarray | None,
               canvas: np.ndarray) -> list[Box]:
        """Repaint into ``canvas`` (uint8 RGB) what changed since the last update.

        ``palette_rgb[c]`` is colour c, ``text_rgb[c]`` the text colour on it (None: the
        look's text colour everywhere).
        """
        if self._empty:
            return []
        colors = state.colors[self._token].astype(np.int64)
        shown = np.ones(self._count, dtype=bool) if state.shown is None else state.shown[self._token]
        selected = (self._token == state.selected) & shown if state.selected is not None \
            else np.zeros(self._count, dtype=bool)
        dirty = ((colors != self._previous[0]) | (selected != self._previous[1])
                 | (shown != self._previous[2])) & self._visible
        self._previous = (colors, selected, shown)
        if not dirty.any():
            return []
        fills = np.zeros((self._count + 1, 3), dtype=np.float32)
        alpha = np.zeros(self._count + 1, dtype=np.float32)
        coloured = colors >= 0
        fills[:self._count][coloured] = palette_rgb[colors[coloured]]
        alpha[:self._count] = coloured & shown
        text = None if text_rgb is None and state.shown is None else self._text_colors(state, text_rgb)
        underlined = np.flatnonzero(selected).tolist()
        boxes = []
        top, _, left, _ = self.region
        for line, c0, c1 in self._strips(np.flatnonzero(dirty)):
            r0, r1 = self._line_rows[line]
            stacks = self._stacks(self._band_of[line])
            pixels = _heat(stacks.lines[line], c0, c1, fills, alpha)
            self._underline(pixels, (r0, r1, c0, c1), underlined)
            self._text(self._band_of[line], pixels, (r0 - stacks.top, r1 - stacks.top, c0, c1), text)
            box = (top + r0, top + r1, left + c0, left + c1)
            pixels += 0.5  # rounded as the canvas takes them (a cast, as astype(np.uint8))
            canvas[box[0]:box[1], box[2]:box[3]] = pixels
            boxes.append(box)
        return boxes

    def _strips(self, dirty: np.ndarray) -> list[tuple[int, int, int]]:
        """For fragments ``dirty`` (ascending), each line they lie on and the columns of the
        area they span there: (line, first, end)."""
        lines = self._line[dirty]
        if not self._lines_ascending:
            order = np.argsort(lines, kind="stable")
            dirty, lines = dirty[order], lines[order]
        new_line = np.empty(len(lines), dtype=bool)
        new_line[0] = True
        np.not_equal(lines[1:], lines[:-1], out=new_line[1:])
        starts = np.flatnonzero(new_line)
        first = np.minimum.reduceat(self._left[dirty], starts)
        end = np.maximum.reduceat(self._right[dirty], starts)
        return list(zip(lines[starts].tolist(), first.tolist(), end.tolist()))

    def _text_colors(self, state: FacetFrame, text_rgb: np.ndarray | None) -> np.ndarray:
        """Per glyph (and one spare): its colour, then its opacity (0 for a hidden token's)."""
        text = np.empty((self._glyphs + 1, 4), dtype=np.float32)
        text[:, :3] = self._text_rgb
        text[:, 3] = 1.0
        owner = self._glyph_token
        if text_rgb is not None:
            color = glyph_colors(owner, state.colors)
            text[:self._glyphs, :3][color >= 0] = text_rgb[color[color >= 0]]
        if state.shown is not None:
            text[:self._glyphs, 3] = glyphs_drawn(owner, state.shown)
        return text

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
        strip, as a whole document's would take 12 bytes a pixel; a channel at a time, or
        once for a grey (broadcasting a plane over three channels costs more than the
        arithmetic)."""
        pixels *= keep[..., None]
        ink = 1.0 - keep
        if self._text_grey:
            pixels += (ink * self._text_rgb[0])[..., None]
        else:
            for channel in range(3):
                pixels[..., channel] += ink * self._text_rgb[channel]

    def _text(self, band: int, pixels: np.ndarray, strip: Box, text: np.ndarray | None) -> None:
        """Token glyphs over ``pixels`` (``strip``: rows of ``band``): per glyph colours from
        ``text``, or all the look's text colour (then the glyphs are one layer composed
        beforehand)."""
        r0, r1, c0, c1 = strip
        if text is None:
            self._lay_text(pixels, self._built[band].text_keep[r0:r1, c0:c1])
            return
        items, cover = self._band_glyphs(band)
        for slot in range(items.shape[0]):
            colour = text[items[slot, r0:r1, c0:c1]]
            pixels += (colour[..., :3] - pixels) * (cover[slot, r0:r1, c0:c1] * colour[..., 3])[..., None]


def _heat(line: LineHeat, c0: int, c1: int, fills: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """A line's heat over its panel in columns c0..c1, each item's colour ``fills[item]``
    laid over at its coverage times ``alpha[item]``, as cairo's OVER does."""
    pixels = line.under[:, c0:c1].copy()
    depth = int(line.depth[c0:c1].max(initial=0))
    # Every slot's colours and weights looked up at once; only the blending goes in order.
    items = line.items[:depth, :, c0:c1]
    weights = line.cover[:depth, :, c0:c1] * alpha.take(items)
    steps = fills.take(items, axis=0)
    for step, weight in zip(steps, weights[..., None]):
        step -= pixels  # pixels += (fill - pixels) * weight, in place
        step *= weight
        pixels += step
    rows: np.ndarray = pixels[line.copies]
    return rows


def _clip(box: Box, size: tuple[int, int]) -> Box:
    height, width = size
    return (min(max(box[0], 0), height), min(max(box[1], 0), height),
            min(max(box[2], 0), width), min(max(box[3], 0), width))
