"""The token area's per-pixel stacks, one band of whole lines at a time, built when first needed.

Every pixel of the token area remembers what covers it, in drawing order, and by how
much (token_layer.py). For a long document those stacks take some 70 bytes a pixel, and a
GIF of a few highlights repaints a few lines of thousands: so the area is cut into bands
of whole lines (about BAND_ROWS rows) and a band's stacks are built the first time one of
its lines is repainted. A pixel's stack holds the same items in the same order as one
built for the whole area (fewer empty slots at most, which compose to no change), so the
pixels are the same.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from ..raster.rects import Patch

Box = tuple[int, int, int, int]  # top, bottom, left, right in canvas pixels
BAND_ROWS = 256


class Layer:
    """One layer's patches in drawing order (None: an item that covers nothing)."""

    def __init__(self, patches: Sequence[Patch | None]) -> None:
        self.patches = patches
        self._tops = np.array([p.top if p is not None else 0 for p in patches], dtype=np.intp)
        self._bottoms = np.array([p.bottom if p is not None else 0 for p in patches], dtype=np.intp)

    def _touching(self, box: Box) -> Iterator[tuple[int, Patch, Box]]:
        """The patches with rows in ``box``: each one's index, and its part in ``box``."""
        top, bottom, left, right = box
        for k in np.flatnonzero((self._tops < bottom) & (self._bottoms > top)).tolist():
            patch = self.patches[k]
            assert patch is not None  # a patch of None has no rows
            r0, r1 = max(patch.top, top), min(patch.bottom, bottom)
            c0, c1 = max(patch.left, left), min(patch.right, right)
            if r0 < r1 and c0 < c1:
                yield k, patch, (r0, r1, c0, c1)

    def keep(self, box: Box) -> np.ndarray:
        """What the patches leave of the pixels below them in ``box``, laid over one after
        another: the product of (1 - coverage) over the stack's slots, the same factors in
        the same order (a patch that does not cover a pixel multiplies it by one), without
        building the stack."""
        top, bottom, left, right = box
        kept = np.ones((bottom - top, right - left), dtype=np.float32)
        for _, patch, (r0, r1, c0, c1) in self._touching(box):
            kept[r0 - top:r1 - top, c0 - left:c1 - left] *= \
                1.0 - patch.cover[r0 - patch.top:r1 - patch.top, c0 - patch.left:c1 - patch.left]
        return kept

    def stack(self, box: Box) -> tuple[np.ndarray, np.ndarray]:
        """Per-pixel slots (item index, coverage) of the patches in ``box``, in drawing
        order; ``len(patches)`` where no item."""
        top, bottom, left, right = box
        empty = len(self.patches)
        height, width = bottom - top, right - left
        # Flat arrays, indexed by slot * height * width + pixel; grown a slot at a time.
        items = np.full(2 * height * width, empty, dtype=np.int32)
        cover = np.zeros(2 * height * width, dtype=np.float32)
        filled = np.zeros(height * width, dtype=np.intp)
        for k, patch, (r0, r1, c0, c1) in self._touching(box):
            part = np.ascontiguousarray(patch.cover[r0 - patch.top:r1 - patch.top, c0 - patch.left:c1 - patch.left])
            inside = np.flatnonzero(part > 0)  # drawn pixels, numbered within the part
            pixel = inside + (inside // (c1 - c0)) * (width - (c1 - c0)) + ((r0 - top) * width + c0 - left)
            at = filled[pixel] * (height * width) + pixel
            try:
                items[at] = k
            except IndexError:  # a slot more (the patch's writes so far are repeated as they were)
                items = np.concatenate([items, np.full(height * width, empty, dtype=np.int32)])
                cover = np.concatenate([cover, np.zeros(height * width, dtype=np.float32)])
                items[at] = k
            cover[at] = part.reshape(-1)[inside]
            filled[pixel] += 1
        depth = int(filled.max(initial=0))
        slots: np.ndarray = items.reshape(-1, height, width)
        covers: np.ndarray = cover.reshape(-1, height, width)
        if depth < len(slots):  # not kept as views of the larger arrays
            slots, covers = slots[:depth].copy(), covers[:depth].copy()
        return slots, covers


def bands(line_rows: Sequence[tuple[int, int]], height: int) -> list[tuple[int, int]]:
    """Rows 0..height cut into ranges, each holding whole lines (rows r0..r1 of the area)."""
    found, start, end = [], 0, 0
    for r0, r1 in sorted(line_rows):
        if r0 >= end and end - start >= BAND_ROWS:
            found.append((start, end))
            start = end
        end = max(end, r1)
    found.append((start, max(end, height)))
    return found


@dataclass(frozen=True)
class LineHeat:
    """A line's heat slots and panel, one row for each set of alike rows: a row of the line
    is row ``copies[r]`` of these. ``depth[c]``: how many slots column c fills at most
    (the others hold nothing there, and laying nothing over changes no pixel)."""

    under: np.ndarray  # (distinct rows, cols, 3) float32
    items: np.ndarray  # (slots, distinct rows, cols)
    cover: np.ndarray  # (slots, distinct rows, cols)
    depth: np.ndarray  # (cols,)
    copies: np.ndarray  # (rows of the line,)


@dataclass(frozen=True)
class BandStacks:
    """The stacks of the area's rows ``top``..``top + len(text_keep)`` (rows relative to the area)."""

    top: int
    lines: dict[int, LineHeat]  # the heat of each line of the band
    text_keep: np.ndarray  # (rows, cols)


def band_stacks(band: tuple[int, int], region: Box, below: np.ndarray, heat: Layer, keep: np.ndarray,
                line_rows: dict[int, tuple[int, int]]) -> BandStacks:
    """The stacks of rows ``band`` of the token area ``region``, whose panel there is ``below``,
    given what the band's token text leaves of the pixels below (``text_keep``)."""
    b0, b1 = band
    top, _, left, right = region
    items, cover = heat.stack((top + b0, top + b1, left, right))
    # Rows alike in heat slots and panel pixels get the same heat in every frame: each
    # distinct row of a line is blended once per strip and copied to the others.
    first: dict[bytes, int] = {}
    same = np.array([first.setdefault(items[:, r].tobytes() + cover[:, r].tobytes() + below[r].tobytes(), r)
                     for r in range(b1 - b0)], dtype=np.intp)
    empty = len(heat.patches)
    lines = {}
    for line, (r0, r1) in line_rows.items():
        if b0 <= r0 and r1 <= b1:
            rows, copies = np.unique(same[r0 - b0:r1 - b0], return_inverse=True)
            line_items = items[:, rows]
            lines[line] = LineHeat(below[rows], line_items, cover[:, rows],
                                   (line_items != empty).sum(axis=0).max(axis=0, initial=0), copies)
    return BandStacks(b0, lines, keep)
