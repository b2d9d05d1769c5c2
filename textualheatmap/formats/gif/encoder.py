"""The GIF encoder: one palette, only what changed, frames written as they are encoded.

Frames come one at a time from the compositor (composition.py) and leave as encoded
bytes, so memory stays flat however many there are. Pillow picks most of the palette
(palette.py) and does the LZW coding; the few bytes of GIF structure around them are
written here, because Pillow's own multi-frame writer keeps every frame in a list until
the end. The bounded colour reductions that keep frames small are in snapping.py.
"""
from __future__ import annotations

import struct
from collections.abc import Callable, Sequence
from typing import IO

import numpy as np

from ...frame import Frame
from .composition import Compositor
from .palette import Palette, color_keys
from .snapping import HEAT_ERROR, edge_error, edges
from .token_layer import Box

_PALETTE_SAMPLES = 12  # frames whose colours choose the palette


def _lzw(indices: np.ndarray) -> bytes:
    """Pillow's GIF LZW coding of palette indices: the minimum code size byte, then data
    sub-blocks (no terminator). The code size is the fewest bits that hold every index
    (at least 2, as GIF asks): later frames use only the lower half of the palette."""
    from PIL import Image

    height, width = indices.shape
    bits = max(2, int(indices.max(initial=0)).bit_length())
    image = Image.frombuffer("L", (width, height), np.ascontiguousarray(indices), "raw", "L", 0, 1)
    return bytes([bits]) + image.tobytes("gif", ("L", bits, 0))


class GifWriter:
    """Writes a GIF89a with a global palette, frame by frame, to a binary stream."""

    def __init__(self, stream: IO[bytes], size: tuple[int, int], palette: Palette,
                 loop: int | None) -> None:
        self._stream = stream
        self._transparent = palette.transparent
        width, height = size
        # Global table of 256 colours (size field 7), colour resolution 8 bits.
        stream.write(b"GIF89a" + struct.pack("<HHBBB", width, height, 0xF7, 0, 0) + palette.table())
        if loop is not None:
            stream.write(b"\x21\xff\x0bNETSCAPE2.0\x03\x01" + struct.pack("<H", loop) + b"\x00")

    def frame(self, coded: bytes, box: Box, delay_ms: float, transparent: bool) -> None:
        """One image of LZW-coded indices (``_lzw``) at ``box``, drawn over the last (disposal: keep)."""
        top, bottom, left, right = box
        flags = (1 << 2) | (1 if transparent else 0)
        self._stream.write(
            struct.pack("<BBBBHBB", 0x21, 0xF9, 4, flags, int(round(delay_ms / 10)),
                        self._transparent, 0)
            + struct.pack("<BHHHHB", 0x2C, left, top, right - left, bottom - top, 0)
            + coded + b"\x00"
        )

    def close(self) -> None:
        self._stream.write(b"\x3b")


def choose_palette(compositor: Compositor, frames: Sequence[Frame],
                   reserved: np.ndarray | None = None) -> Palette:
    """A palette from the colours of the whole picture and of frames spread over the run,
    holding the ``reserved`` colours exactly."""
    picks = np.unique(np.linspace(0, len(frames) - 1, min(len(frames), _PALETTE_SAMPLES)).astype(int))
    first = compositor.rgb.reshape(-1, 3).copy()
    later = [np.zeros((0, 3), dtype=np.uint8)]
    for k in picks.tolist():
        for top, bottom, left, right in compositor.update(frames[k], whole_meta_rows=True):
            later.append(compositor.rgb[top:bottom, left:right].reshape(-1, 3).copy())
    return Palette.from_pixels(first, np.concatenate(later), reserved)


def write_frames(stream: IO[bytes], compositor: Compositor, frames: Sequence[Frame],
                 delays: Sequence[float], loop: int | None, tick: Callable[[], None] = lambda: None,
                 reserved: np.ndarray | None = None, tolerance: int = HEAT_ERROR,
                 transparent: bool = False) -> None:
    """Encode ``frames`` (shown ``delays`` ms each) into ``stream`` as a GIF.

    ``frames`` may compute each frame when indexed: none is kept after it is written.
    ``reserved``: colours the palette must hold exactly. ``tolerance``: the heat
    tolerance the frames' colours were snapped with (snapping.py). ``transparent``: the
    background the figure leaves bare is the transparent index from the first frame on.
    """
    palette = choose_palette(compositor, frames, reserved)
    writer = GifWriter(stream, compositor.size, palette, loop)
    width, height = compositor.size
    compositor.update(frames[0])
    shown = palette.lookup(compositor.rgb)
    first = shown
    if transparent:
        # Only the background stays clear: a meta box drawn over it later is a colour, and
        # later frames never change a pixel back to clear (they keep or recolour).
        first = np.where(compositor.bare & (color_keys(compositor.rgb) == color_keys(compositor.matte)),
                         np.uint8(palette.transparent), shown)
    writer.frame(_lzw(first), (0, height, 0, width), delays[0], transparent=transparent)
    tick()
    current, colors = shown.copy(), color_keys(compositor.rgb)
    for k in range(1, len(frames)):
        box = _choose(palette, compositor.rgb, colors, shown, current, compositor.update(frames[k]),
                      edge_error(tolerance))
        if box is None:
            # Nothing changed: one transparent pixel keeps the frame and its delay.
            one = np.full((1, 1), palette.transparent, dtype=np.uint8)
            writer.frame(_lzw(one), (0, 1, 0, 1), delays[k], transparent=True)
        else:
            top, bottom, left, right = box
            new, old = current[top:bottom, left:right], shown[top:bottom, left:right]
            _write_changes(writer, new, old, box, delays[k], palette.transparent)
            old[...] = new
        tick()
    writer.close()


def _choose(palette: Palette, rgb: np.ndarray, colors: np.ndarray, shown: np.ndarray,
            current: np.ndarray, boxes: Sequence[Box], edge_tolerance: int) -> Box | None:
    """Set ``current``'s indices in ``boxes`` for the new ``rgb``, given the ``shown`` ones
    (the same outside this frame's boxes); the smallest box holding every index changed.

    ``colors`` holds each pixel's colour (24-bit) when its index was last chosen: only
    pixels whose colour changed are chosen again, as the others would get the index
    they have; all of them at once. Afterwards it holds the colours of ``rgb``.
    """
    width = colors.shape[1]
    where: list[np.ndarray] = []
    for top, bottom, left, right in boxes:
        region = (slice(top, bottom), slice(left, right))
        keys = color_keys(rgb[region])
        rows, cols = np.nonzero(keys != colors[region])
        if len(rows):
            colors[region] = keys
            where.append((rows + top) * width + cols + left)
    if not where:
        return None
    flat = np.concatenate(where)
    before = shown.reshape(-1)[flat]
    after = palette.choose(colors.reshape(-1)[flat], before, lambda at: edges(colors, flat[at]), edge_tolerance)
    current.reshape(-1)[flat] = after
    rows, cols = np.divmod(flat[after != before], width)
    if not len(rows):
        return None
    return int(rows.min()), int(rows.max()) + 1, int(cols.min()), int(cols.max()) + 1


def _write_changes(writer: GifWriter, new: np.ndarray, old: np.ndarray, box: Box, delay: float,
                   transparent: int) -> None:
    # Unchanged pixels as the transparent index make long runs that code to little;
    # only when most pixels changed may the plain pixels code smaller: then both are
    # tried and the smaller kept.
    same = new == old
    masked = _lzw(np.where(same, np.uint8(transparent), new))
    if same.mean() < 0.5:
        plain = _lzw(new)
        if len(plain) <= len(masked):
            writer.frame(plain, box, delay, transparent=False)
            return
    writer.frame(masked, box, delay, transparent=True)
