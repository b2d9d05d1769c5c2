"""The GIF's one palette: its colours, the transparent index, nearest-colour lookups.

The table has two parts around the transparent index. Below it are the *dynamic*
colours, the only ones frames after the first use: their pixels and the transparent
index then fit in 7 bits, and LZW codes of 7-bit pixels start a bit narrower and
repeat more. Above it are *static* colours that only the first frame, drawn in full,
also uses: anti-aliased title text, the legend, rounded corners.
"""
from __future__ import annotations

from typing import cast

import numpy as np

from .snapping import EDGE_ERROR

DYNAMIC = 127  # colours below the transparent index, which is then 127: 7-bit pixels
TABLE = 256  # entries of the global colour table
_CHUNK = 4096  # new colours matched to the palette at a time (bounds memory)
_FLAT_PIXELS = 256  # a colour on this many sampled pixels is kept exactly
_MAX_EXACT = 64  # at most this many of them


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
        self._colors = self.colors.astype(np.int32)
        # For every 24-bit colour once looked up, 1 + its nearest colour's index + 256 x
        # its nearest dynamic colour's index; 0: not yet. 32 MB of zeros, which the
        # system provides only where written.
        self._nearest = np.zeros(1 << 24, dtype=np.uint16)

    @classmethod
    def from_pixels(cls, first: np.ndarray, later: np.ndarray | None = None,
                    reserved: np.ndarray | None = None, dynamic: int = DYNAMIC) -> Palette:
        """A palette for a first frame's pixels and ``later`` frames' repainted pixels
        (N x 3 uint8 each): the colours of large flat areas and the ``reserved`` ones
        exactly (up to half the dynamic colours), the rest of ``later`` as Pillow's
        maximum-coverage quantiser picks them, ``dynamic`` colours in all; the rest of
        ``first`` the same way, among the static colours."""
        later = first if later is None else later
        seen = np.concatenate([first, later])
        exact = _exact_colors(seen, reserved, dynamic // 2)
        moving = np.concatenate([exact, _quantize(_without(later, exact), dynamic - len(exact))])
        static = _quantize(_without(first, moving), TABLE - 1 - dynamic)
        if len(static) < TABLE - 1 - dynamic and len(moving):
            # Padded with a repeat (a tie goes to the lower index), so that the palette read
            # back from the GIF's table looks colours up exactly as this one does.
            static = np.concatenate([static, np.repeat(moving[:1], TABLE - 1 - dynamic - len(static), 0)])
        palette = cls(moving, static)
        palette.lookup(seen)  # the colours seen so far, in one go
        return palette

    @classmethod
    def from_table(cls, table: np.ndarray, transparent: int) -> Palette:
        """The palette of a 256-entry colour table (as read back from a GIF)."""
        table = np.asarray(table, dtype=np.uint8).reshape(-1, 3)
        return cls(table[:transparent], table[transparent + 1:])

    def lookup(self, rgb: np.ndarray, dynamic: bool = False) -> np.ndarray:
        """The palette index of each pixel of ``rgb`` (... x 3 uint8): the nearest colour,
        among the dynamic colours only if ``dynamic``."""
        both = self._both(rgb)
        indices: np.ndarray = (both >> 8 if dynamic else both & 255).astype(np.uint8)
        return indices

    def _both(self, rgb: np.ndarray) -> np.ndarray:
        """Nearest colour + 256 x nearest dynamic colour, for each pixel of ``rgb``."""
        key = color_keys(rgb)
        found: np.ndarray = self._nearest[key]
        if not found.all():
            new = np.unique(key[found == 0])
            for start in range(0, len(new), _CHUNK):
                self._learn(new[start:start + _CHUNK])
            found = self._nearest[key]
        return found - 1

    def choose(self, rgb: np.ndarray, shown: np.ndarray, edge: np.ndarray,
               tolerance: int = EDGE_ERROR) -> np.ndarray:
        """Indices to show for ``rgb`` in a frame after the first.

        A pixel keeps its ``shown`` index if that is its nearest colour; otherwise it
        takes its nearest dynamic colour, except that an ``edge`` pixel whose colour is
        not in the palette keeps its ``shown`` index while that is within ``tolerance``
        levels per channel. So only dynamic indices are ever new.
        """
        both = self._both(rgb)
        chosen = (both >> 8).astype(np.uint8)
        keep = (both & 255) == shown
        chosen[keep] = shown[keep]
        free = np.flatnonzero(edge & (chosen != shown))
        if len(free):  # usually few: the rest of the work is on those alone
            kept, target = shown.reshape(-1)[free], rgb.reshape(-1, 3)[free].astype(np.int32)
            off = np.abs(self._colors[kept] - target).max(axis=-1)
            inexact = (self._colors[chosen.reshape(-1)[free]] != target).any(axis=-1)
            hold = inexact & (off <= tolerance)
            chosen.reshape(-1)[free[hold]] = kept[hold]
        return chosen

    def _learn(self, keys: np.ndarray) -> None:
        # Squared distances |a|^2 - 2 a.b + |b|^2 in exact integers: the same nearest
        # colour, ties to the lowest index, on every machine.
        rgb = _rgb(keys).astype(np.int64)
        colors = self._colors.astype(np.int64)
        distance = (rgb * rgb).sum(1)[:, None] - 2 * rgb @ colors.T + (colors * colors).sum(1)[None, :]
        distance[:, self.transparent] = np.iinfo(np.int64).max
        nearest = distance.argmin(axis=1)
        # Without dynamic colours (no later frames to speak of), any colour will do.
        dynamic = distance[:, : self.transparent].argmin(axis=1) if self.transparent else nearest
        self._nearest[keys] = 1 + nearest + 256 * dynamic

    def table(self) -> bytes:
        """The global colour table, padded to 256 entries."""
        padded = np.zeros((TABLE, 3), dtype=np.uint8)
        padded[: len(self.colors)] = self.colors
        return padded.tobytes()


def _quantize(pixels: np.ndarray, count: int) -> np.ndarray:
    """At most ``count`` colours for ``pixels`` by Pillow's maximum-coverage quantiser."""
    from PIL import Image

    if not len(pixels) or count <= 0:
        return np.zeros((0, 3), dtype=np.uint8)
    image = Image.fromarray(np.ascontiguousarray(pixels.reshape(1, -1, 3)), "RGB")
    reduced = image.quantize(count, method=Image.Quantize.MAXCOVERAGE, dither=Image.Dither.NONE)
    # A "P" image's colours are palette indices, which Pillow types as any image's pixels.
    used = sorted(cast(int, color) for _, color in reduced.getcolors(count) or [])
    palette = reduced.getpalette()
    assert palette is not None  # a "P" image has one
    table = np.array(palette[: 3 * (max(used) + 1)], dtype=np.uint8).reshape(-1, 3)
    return np.unique(table[used], axis=0)


def _without(pixels: np.ndarray, colors: np.ndarray) -> np.ndarray:
    """The pixels whose colour is not one of ``colors``."""
    if not len(colors):
        return pixels
    # A table over every 24-bit colour: one look-up a pixel, where np.isin sorts them all.
    listed = np.zeros(1 << 24, dtype=bool)
    listed[color_keys(colors)] = True
    kept: np.ndarray = pixels[~listed[color_keys(pixels)]]
    return kept


def _exact_colors(pixels: np.ndarray, reserved: np.ndarray | None, limit: int) -> np.ndarray:
    """Colours a palette holds exactly (at most ``limit``): first those that fill large
    flat areas of ``pixels`` (panel, titles, meta boxes, common heat colours), which the
    quantiser would otherwise average with their neighbours, most frequent first; then
    the ``reserved`` ones."""
    keys, counts = np.unique(color_keys(pixels), return_counts=True)
    order = np.argsort(-counts, kind="stable")[:_MAX_EXACT]
    frequent = keys[order][counts[order] >= _FLAT_PIXELS]
    wanted = frequent if reserved is None else \
        np.concatenate([frequent, color_keys(np.asarray(reserved, dtype=np.uint8).reshape(-1, 3))])
    _, first = np.unique(wanted, return_index=True)
    return _rgb(wanted[np.sort(first)][:limit])


def color_keys(rgb: np.ndarray) -> np.ndarray:
    """Each colour of ``rgb`` (... x 3 uint8) as one 24-bit integer."""
    keys: np.ndarray = (rgb[..., 0].astype(np.int32) << 16) | (rgb[..., 1].astype(np.int32) << 8) | rgb[..., 2]
    return keys


def _rgb(keys: np.ndarray) -> np.ndarray:
    """24-bit colour integers back to N x 3 uint8."""
    return np.stack([(keys >> 16) & 255, (keys >> 8) & 255, keys & 255], axis=1).astype(np.uint8)
