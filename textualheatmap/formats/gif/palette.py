"""The GIF's one palette: its colours, the transparent index, nearest-colour lookups.

The table has two parts around the transparent index. Below it are the *dynamic*
colours, the only ones frames after the first use: their pixels and the transparent
index then fit in 7 bits, and LZW codes of 7-bit pixels start a bit narrower and
repeat more. Above it are *static* colours that only the first frame, drawn in full,
also uses: anti-aliased title text, the legend, rounded corners.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

import numpy as np

from .snapping import EDGE_ERROR

DYNAMIC = 127  # colours below the transparent index, which is then 127: 7-bit pixels
TABLE = 256  # entries of the global colour table
_CHUNK = 1024  # new colours matched to the palette at a time: 1 MB a distance table (chosen beside the composing)
_LOOKUP_CHUNK = 1 << 20  # pixels looked up at a time (bounds memory)
_FLAT_PIXELS = 256  # a colour on this many sampled pixels is kept exactly
_MAX_EXACT = 64  # at most this many of them
# An entry of Palette._nearest is four bytes, read little-endian from a uint32: the
# nearest colour's index, the nearest dynamic colour's index, whether that is the colour
# itself, and 1 (0 for a colour not looked up yet). Bytes, so that Entries are views.
_KNOWN = 1 << 24


@dataclass(frozen=True)
class Entries:
    """What a palette knows of some colours (``Palette.entries``)."""

    nearest: np.ndarray  # the index of each one's nearest colour
    dynamic: np.ndarray  # the index of each one's nearest dynamic colour
    exact: np.ndarray  # whether that dynamic colour is the colour itself

    def part(self, start: int, end: int) -> Entries:
        """Those of colours ``start``..``end``."""
        return Entries(self.nearest[start:end], self.dynamic[start:end], self.exact[start:end])


class Palette:
    """``dynamic`` colours, the transparent index, then ``static`` colours (N x 3 uint8)."""

    def __init__(self, dynamic: np.ndarray, static: np.ndarray | None = None) -> None:
        dynamic = np.asarray(dynamic, dtype=np.uint8).reshape(-1, 3)
        static = np.zeros((0, 3), dtype=np.uint8) if static is None \
            else np.asarray(static, dtype=np.uint8).reshape(-1, 3)
        if len(dynamic) + 1 + len(static) > TABLE:
            raise ValueError(f"a GIF palette holds {TABLE - 1} colours and the transparent index, "
                             f"not {len(dynamic)} + {len(static)}")
        self.transparent = len(dynamic)
        # Row ``transparent`` is a placeholder that no lookup returns.
        self.colors = np.concatenate([dynamic, np.zeros((1, 3), dtype=np.uint8), static])
        self._colors = self.colors.astype(np.float32)  # as distances are computed (_learn)
        # Each colour's key, whose bytes read little-endian are blue, green, red and a zero.
        self._keys = color_keys(self.colors).astype("<u4")
        # For every 24-bit colour once looked up, its entry (_KNOWN); 0: not yet.
        self._nearest = ColourTable()

    @classmethod
    def from_pixels(cls, first: np.ndarray, later: np.ndarray | None = None,
                    reserved: np.ndarray | None = None, dynamic: int = DYNAMIC) -> Palette:
        """A palette for a first frame's pixels and ``later`` frames' repainted pixels
        (N x 3 uint8 each): ``from_keys`` of their colours."""
        return cls.from_keys(color_keys(first), None if later is None else color_keys(later), reserved, dynamic)

    @classmethod
    def from_keys(cls, first: np.ndarray, later: np.ndarray | None = None,
                  reserved: np.ndarray | None = None, dynamic: int = DYNAMIC) -> Palette:
        """A palette for a first frame's colours and ``later`` frames' repainted ones (24-bit
        keys, one a pixel): the colours of large flat areas and the ``reserved`` ones
        exactly (up to half the dynamic colours), the rest of ``later`` as Pillow's
        maximum-coverage quantiser picks them, ``dynamic`` colours in all; the rest of
        ``first`` the same way, among the static colours."""
        later = first if later is None else later
        seen, counts = _count_colours([first, later])
        exact = _exact_colors(seen, counts, reserved, dynamic // 2)
        moving = np.concatenate([exact, _quantize(_without(later, exact), dynamic - len(exact))])
        static = _quantize(_without(first, moving), TABLE - 1 - dynamic)
        if len(static) < TABLE - 1 - dynamic and len(moving):
            # Padded with a repeat (a tie goes to the lower index), so that the palette read
            # back from the GIF's table looks colours up exactly as this one does.
            static = np.concatenate([static, np.repeat(moving[:1], TABLE - 1 - dynamic - len(static), 0)])
        palette = cls(moving, static)
        palette._learn_new(seen)  # the colours seen so far, in one go
        return palette

    @classmethod
    def from_table(cls, table: np.ndarray, transparent: int) -> Palette:
        """The palette of a 256-entry colour table (as read back from a GIF)."""
        table = np.asarray(table, dtype=np.uint8).reshape(-1, 3)
        return cls(table[:transparent], table[transparent + 1:])

    def lookup(self, rgb: np.ndarray, dynamic: bool = False) -> np.ndarray:
        """The palette index of each pixel of ``rgb`` (... x 3 uint8): the nearest colour,
        among the dynamic colours only if ``dynamic``."""
        return self.lookup_keys(color_keys(rgb), dynamic)

    def lookup_keys(self, keys: np.ndarray, dynamic: bool = False) -> np.ndarray:
        """``lookup`` of pixels given as colour keys (24-bit integers), a bounded number at a
        time (a long document's canvas has millions)."""
        indices = np.empty(keys.shape, dtype=np.uint8)
        flat, out = keys.reshape(-1), indices.reshape(-1)
        for start in range(0, len(flat), _LOOKUP_CHUNK):
            found = self.entries(flat[start:start + _LOOKUP_CHUNK])
            out[start:start + _LOOKUP_CHUNK] = found.dynamic if dynamic else found.nearest
        return indices

    def _found(self, keys: np.ndarray) -> np.ndarray:
        """The table's entries for ``keys`` (24-bit colours), learning the new ones."""
        found = self._nearest.get(keys)
        missing = found == 0
        if missing.any():
            new, which = np.unique(keys[missing], return_inverse=True)
            found[missing] = self._learn_new(new)[which]
        return found

    def _learn_new(self, keys: np.ndarray) -> np.ndarray:
        """Learn colours ``keys`` (distinct, none known yet), a bounded number at a time;
        their entries."""
        parts = [np.zeros(0, dtype=np.uint32)]
        for start in range(0, len(keys), _CHUNK):
            parts.append(self._learn(keys[start:start + _CHUNK]))
        return np.concatenate(parts)

    def entries(self, keys: np.ndarray) -> Entries:
        """What the palette knows of colours ``keys`` (24-bit), learning the new ones: what
        ``choose`` may be given as ``known``."""
        found = self._found(keys)
        fields = found.astype("<u4", copy=False).view(np.uint8).reshape(-1, 4)
        return Entries(fields[:, 0], fields[:, 1], fields[:, 2].view(bool))

    def choose(self, keys: np.ndarray, shown: np.ndarray, edge: Callable[[np.ndarray], np.ndarray],
               tolerance: int = EDGE_ERROR, known: Entries | None = None) -> np.ndarray:
        """Indices to show for colours ``keys`` (24-bit, color_keys) in a frame after the first.

        A pixel keeps its ``shown`` index if that is its nearest colour; otherwise it
        takes its nearest dynamic colour, except that an edge pixel whose colour is not in
        the palette keeps its ``shown`` index while that is within ``tolerance`` levels per
        channel. So only dynamic indices are ever new. ``edge(at)`` tells which pixels at
        positions ``at`` are edge pixels: asked only of the few where it matters. ``known``:
        ``entries(keys)``, if it was called.
        """
        found = self.entries(keys) if known is None else known
        chosen = np.where(found.nearest == shown, shown, found.dynamic)
        # Where the new colour is exactly a dynamic colour, nothing can be kept (True > False:
        # the index changes and the colour is not exact, in one pass).
        free = np.flatnonzero((chosen != shown) > found.exact)
        if len(free):
            # Within tolerance first: it is the cheaper test, and most such pixels fail it.
            # Channel by channel in bytes: |a - b| as max - min, then any byte over the
            # tolerance read as one word a pixel.
            kept = shown[free]
            new = keys[free].astype("<u4", copy=False).view(np.uint8)
            old = self._keys[kept].view(np.uint8)
            off = np.maximum(new, old)
            off -= np.minimum(new, old)
            near = np.flatnonzero((off > tolerance).view(np.uint32) == 0)
            if len(near):
                free, kept = free[near], kept[near]
                hold = edge(free)
                chosen[free[hold]] = kept[hold]
        return chosen

    def _learn(self, keys: np.ndarray) -> np.ndarray:
        # Squared distances |a|^2 - 2 a.b + |b|^2: whole numbers below 2^19, which float32
        # holds exactly at every step, so the same nearest colour (ties to the lowest index)
        # on every machine. The product a channel at a time, not by BLAS: a multi-threaded
        # BLAS leaves its threads spinning for a while after each call, on the core that
        # codes frames (lzw.py); integers would take numpy's slow loop.
        rgb = _rgb(keys).astype(np.float32)
        colors = self._colors
        product = rgb[:, 0:1] * colors[:, 0]
        product += rgb[:, 1:2] * colors[:, 1]
        product += rgb[:, 2:3] * colors[:, 2]
        distance = (rgb * rgb).sum(1)[:, None] - 2 * product + (colors * colors).sum(1)[None, :]
        distance[:, self.transparent] = np.inf
        nearest = distance.argmin(axis=1)
        # Without dynamic colours (no later frames to speak of), any colour will do.
        dynamic = distance[:, : self.transparent].argmin(axis=1) if self.transparent else nearest
        exact = distance[np.arange(len(keys)), dynamic] == 0
        entries: np.ndarray = (nearest | (dynamic << 8) | (exact.astype(np.int64) << 16) | _KNOWN).astype(np.uint32)
        self._nearest.set(keys, entries)
        return entries

    def table(self) -> bytes:
        """The global colour table, padded to 256 entries."""
        padded = np.zeros((TABLE, 3), dtype=np.uint8)
        padded[: len(self.colors)] = self.colors
        return padded.tobytes()


class ColourTable:
    """A uint32 for each 24-bit colour (0 for those never set), kept in blocks of 256
    colours (one red and green, every blue) made as their colours arrive. A whole 2^24
    table is zeros the system provides only where written, at a page fault for about
    every new colour: a thousand times the cost of the look-up. A figure's colours are
    spread thin (the benchmark GIF's 4,171 fall in 1,080 blocks of 4,096 and 3,717 of
    256): small blocks, packed in arrival order, touch fewer pages and grow by less."""

    _BLOCK = 8  # bits of a colour that index within its block

    def __init__(self) -> None:
        # Where each block starts in the values, flat (0: the empty block, which stays empty).
        self._start = np.zeros(1 << (24 - self._BLOCK), dtype=np.intp)
        # Room for 4,096 blocks from the start: zeros the system provides only when touched.
        self._values = np.zeros((4096, 1 << self._BLOCK), dtype=np.uint32)
        self._used = 1

    def _where(self, keys: np.ndarray) -> np.ndarray:
        where: np.ndarray = self._start[keys >> self._BLOCK] | (keys & ((1 << self._BLOCK) - 1))
        return where

    def get(self, keys: np.ndarray) -> np.ndarray:
        """The values of colours ``keys`` (24-bit integers)."""
        values: np.ndarray = self._values.reshape(-1)[self._where(keys)]
        return values

    def set(self, keys: np.ndarray, values: np.ndarray) -> None:
        high = keys >> self._BLOCK
        new = np.unique(high[self._start[high] == 0])
        if len(new):
            needed = self._used + len(new)
            if needed > len(self._values):
                grown = np.zeros((max(needed, 2 * len(self._values)), 1 << self._BLOCK), dtype=np.uint32)
                grown[:self._used] = self._values[:self._used]
                self._values = grown
            self._start[new] = np.arange(self._used, needed) << self._BLOCK
            self._used = needed
        self._values.reshape(-1)[self._where(keys)] = values


def _quantize(keys: np.ndarray, count: int) -> np.ndarray:
    """At most ``count`` colours for pixels of colours ``keys`` by Pillow's maximum-coverage
    quantiser."""
    from PIL import Image

    if not len(keys) or count <= 0:
        return np.zeros((0, 3), dtype=np.uint8)
    image = Image.fromarray(_rgb(keys).reshape(1, -1, 3), "RGB")
    reduced = image.quantize(count, method=Image.Quantize.MAXCOVERAGE, dither=Image.Dither.NONE)
    # A "P" image's colours are palette indices, which Pillow types as any image's pixels.
    used = sorted(cast(int, color) for _, color in reduced.getcolors(count) or [])
    palette = reduced.getpalette()
    assert palette is not None  # a "P" image has one
    table = np.array(palette[: 3 * (max(used) + 1)], dtype=np.uint8).reshape(-1, 3)
    return np.unique(table[used], axis=0)


def _without(keys: np.ndarray, colors: np.ndarray) -> np.ndarray:
    """The pixels of colours ``keys`` whose colour is not one of ``colors`` (N x 3), in order."""
    if not len(colors):
        return keys
    # A table over every 24-bit colour in blocks (ColourTable): one look-up a pixel, where
    # np.isin sorts them all, and a few pages where a flat table would touch one per colour.
    listed = ColourTable()
    listed.set(color_keys(colors), np.ones(len(colors), dtype=np.uint32))
    # A bounded number of pixels at a time: a look-up takes 20 bytes a pixel on the way.
    kept = [keys[:0]] + [keys[start:start + _LOOKUP_CHUNK][listed.get(keys[start:start + _LOOKUP_CHUNK]) == 0]
                         for start in range(0, len(keys), _LOOKUP_CHUNK)]
    return np.concatenate(kept)


def _count_colours(parts: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The distinct colours of ``parts`` (keys) in order and on how many pixels: as np.unique
    of them all, counted a bounded number of pixels at a time (a long document's canvas
    has millions, and np.unique's index arrays take 8 bytes each)."""
    seen, counts = [np.zeros(0, dtype=parts[0].dtype)], [np.zeros(0, dtype=np.intp)]
    for part in parts:
        for start in range(0, len(part), _LOOKUP_CHUNK):
            colours, count = np.unique(part[start:start + _LOOKUP_CHUNK], return_counts=True)
            seen.append(colours)
            counts.append(count)
    every, which = np.unique(np.concatenate(seen), return_inverse=True)
    return every, np.bincount(which, weights=np.concatenate(counts), minlength=len(every)).astype(np.intp)


def _exact_colors(keys: np.ndarray, counts: np.ndarray, reserved: np.ndarray | None, limit: int) -> np.ndarray:
    """Colours a palette holds exactly (at most ``limit``), given the colours seen
    (``keys``, sorted) and on how many pixels: first those that fill large flat areas
    (panel, titles, meta boxes, common heat colours), which the quantiser would otherwise
    average with their neighbours, most frequent first; then the ``reserved`` ones."""
    order = np.argsort(-counts, kind="stable")[:_MAX_EXACT]
    frequent = keys[order][counts[order] >= _FLAT_PIXELS]
    wanted = frequent if reserved is None else \
        np.concatenate([frequent, color_keys(np.asarray(reserved, dtype=np.uint8).reshape(-1, 3))])
    _, first = np.unique(wanted, return_index=True)
    return _rgb(wanted[np.sort(first)][:limit])


def color_keys(rgb: np.ndarray) -> np.ndarray:
    """Each colour of ``rgb`` (... x 3 uint8) as one 24-bit integer (uint32)."""
    keys: np.ndarray = rgb[..., 0].astype(np.uint32) << 16
    keys |= rgb[..., 1].astype(np.uint32) << 8
    keys |= rgb[..., 2]
    return keys


def rounded_keys(pixels: np.ndarray) -> np.ndarray:
    """RGB pixels (... x 3 floats, 0..255) rounded to bytes, as colour keys (``color_keys``);
    ``pixels`` is changed."""
    pixels += 0.5  # a cast to bytes then truncates
    return color_keys(pixels.astype(np.uint8))


def _rgb(keys: np.ndarray) -> np.ndarray:
    """24-bit colour integers back to N x 3 uint8: the bytes of each as a little-endian
    word are blue, green, red and zero."""
    words = np.ascontiguousarray(keys, dtype="<u4").reshape(-1)
    rgb: np.ndarray = np.ascontiguousarray(words.view(np.uint8).reshape(-1, 4)[:, 2::-1])
    return rgb
