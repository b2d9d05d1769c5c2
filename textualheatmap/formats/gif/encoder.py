"""The GIF encoder: one palette, only what changed, frames written as they are encoded.

Frames come from the compositor (composition.py) a short run at a time, as the pixels
each one changes, and leave as encoded bytes, so memory stays flat however many there
are. Pillow picks most of the palette (palette.py) while the first frames are composed,
and does the LZW coding on a worker thread while the next ones are (lzw.py); the few
bytes of GIF structure around them are written here, because Pillow's own multi-frame
writer keeps every frame in a list until the end. The bounded colour reductions that
keep frames small are in snapping.py.
"""
from __future__ import annotations

import struct
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import chain
from typing import IO

import numpy as np

from ...frame import Frame
from .composition import RUN_FRAMES, Compositor
from .lzw import InOrder, Scratch
from .palette import Entries, Palette, color_keys
from .snapping import HEAT_ERROR, edge_error, edges
from .token_layer import Box

_PALETTE_SAMPLES = 12  # frames whose colours choose the palette
_RUN_PIXELS = 1 << 20  # frames composed together repaint at most this many pixels (at least one frame)
_AHEAD_BYTES = 4 << 20  # of changes composed ahead while the palette is chosen
# A frame as coded: LZW data, its box (top, bottom, left, right), delay in ms, whether it
# has transparent pixels.
Coded = tuple[bytes, Box, float, bool]
# A run of frames as composed: each frame's index, and the pixels it changed (flat
# positions, colour keys).
Run = list[tuple[int, np.ndarray, np.ndarray]]


def _lzw(indices: np.ndarray, scratch: Scratch, largest: int | None = None) -> bytes:
    """Pillow's GIF LZW coding of palette indices (``largest``: the largest, if known): the
    minimum code size byte, then data sub-blocks (no terminator). The code size is the
    fewest bits that hold every index (at least 2, as GIF asks): later frames use only the
    lower half of the palette."""
    bits = max(2, (int(indices.max(initial=0)) if largest is None else largest).bit_length())
    return bytes([bits]) + scratch.lzw(indices, bits)


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

    def frame(self, coded: Coded) -> None:
        """One image of LZW-coded indices, drawn over the last (disposal: keep)."""
        data, (top, bottom, left, right), delay_ms, transparent = coded
        flags = (1 << 2) | (1 if transparent else 0)
        self._stream.write(
            struct.pack("<BBBBHBB", 0x21, 0xF9, 4, flags, int(round(delay_ms / 10)),
                        self._transparent, 0)
            + struct.pack("<BHHHHB", 0x2C, left, top, right - left, bottom - top, 0)
            + data + b"\x00"
        )

    def close(self) -> None:
        self._stream.write(b"\x3b")


def palette_samples(compositor: Compositor, frames: Sequence[Frame]) -> tuple[np.ndarray, np.ndarray]:
    """What the palette is chosen from: the colours of the whole picture as the compositor
    shows it, and of frames spread over the run, where they differ from the frame sampled
    before (one key a pixel each). The compositor is left showing frame 0."""
    picks = np.unique(np.linspace(0, len(frames) - 1, min(len(frames), _PALETTE_SAMPLES)).astype(int))
    first = compositor.keys.reshape(-1).copy()
    later = [np.zeros(0, dtype=first.dtype)]
    shows = compositor.show([frames[k] for k in picks.tolist()], _RUN_PIXELS, whole_meta_rows=True)
    for k, boxes in zip(picks.tolist(), shows):
        later += [compositor.keys[top:bottom, left:right].reshape(-1) for top, bottom, left, right in boxes]
        if k == 0:
            frame_0 = compositor.saved()  # shown again after the others, without composing it
    compositor.restore(frame_0)
    return first, np.concatenate(later)


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
    first, later = palette_samples(compositor, frames)
    runs = _runs(compositor, frames)
    # Pillow's quantiser and numpy's sorts choose the palette mostly without the GIL: on a
    # second core, while the first runs are composed (they do not need it).
    with ThreadPoolExecutor(1, thread_name_prefix="textualheatmap-palette") as pool:
        choosing = pool.submit(Palette.from_keys, first, later, reserved)
        frame_0 = compositor.keys.copy()
        ahead = _composed_while(choosing, runs)
        palette = choosing.result()
    writer = GifWriter(stream, compositor.size, palette, loop)
    scratch = Scratch()
    try:
        with InOrder(writer.frame) as coding:
            _code_frames(coding, scratch, compositor, frame_0, chain(ahead, runs), palette, delays, tick,
                         tolerance, transparent)
    finally:
        scratch.close()
    writer.close()


def _composed_while(pending: Future[Palette], runs: Iterator[Run]) -> list[Run]:
    """The runs composed while ``pending`` runs, holding at most _AHEAD_BYTES of changes."""
    ahead: list[Run] = []
    held = 0
    while not pending.done() and held < _AHEAD_BYTES:
        run = next(runs, None)
        if run is None:
            break
        ahead.append(run)
        held += sum(flat.nbytes + keys.nbytes for _, flat, keys in run)
    return ahead


def _code_frames(coding: InOrder[Coded], scratch: Scratch, compositor: Compositor, colors: np.ndarray,
                 runs: Iterable[Run], palette: Palette, delays: Sequence[float], tick: Callable[[], None],
                 tolerance: int, transparent: bool) -> None:
    """Choose the indices of frame 0 (``colors``, its keys) and of the frames of ``runs``,
    and hand each frame's coding to ``coding``. ``colors`` is then kept as each pixel's
    colour when its index was last chosen."""
    width, height = compositor.size
    shown = palette.lookup_keys(colors)
    first = shown.copy()
    if transparent:
        # Only the background stays clear: a meta box drawn over it later is a colour, and
        # later frames never change a pixel back to clear (they keep or recolour).
        first = np.where(compositor.bare & (colors == color_keys(compositor.matte)),
                         np.uint8(palette.transparent), shown)
    coding.submit(_whole(first, (0, height, 0, width), delays[0], transparent, scratch), first.nbytes)
    tick()
    nothing = np.full((1, 1), palette.transparent, dtype=np.uint8)
    for run in runs:
        # A run of frames is composed before their colours are chosen, so that the
        # palette looks the run's new colours up in one go.
        known = palette.entries(np.concatenate([keys for _, _, keys in run]))
        ends = np.cumsum([len(keys) for _, _, keys in run]).tolist()
        for (k, flat, keys), start, end in zip(run, [0, *ends], ends):
            changed, indices = _choose(palette, flat, keys, known.part(start, end), colors, shown, edge_error(tolerance))
            if not len(changed):
                # Nothing changed: one transparent pixel keeps the frame and its delay.
                coding.submit(_whole(nothing, (0, 1, 0, 1), delays[k], True, scratch))
            else:
                coding.submit(*_changes(shown, changed, indices, delays[k], palette.transparent, scratch))
            tick()


def _runs(compositor: Compositor, frames: Sequence[Frame]) -> Iterator[Run]:
    """Frames 1, 2, ... composed, a run at a time (at most RUN_FRAMES frames, or fewer
    that repaint _RUN_PIXELS pixels): each frame's index, and the pixels it changed
    (``Compositor.changes``)."""
    k = 1
    while k < len(frames):
        run = compositor.changes([frames[j] for j in range(k, min(k + RUN_FRAMES, len(frames)))], _RUN_PIXELS)
        yield [(k + n, flat, keys) for n, (flat, keys) in enumerate(run)]
        k += len(run)


def _choose(palette: Palette, flat: np.ndarray, keys: np.ndarray, known: Entries, colors: np.ndarray,
            shown: np.ndarray, edge_tolerance: int) -> tuple[np.ndarray, np.ndarray]:
    """Choose indices for the new colours ``keys`` at ``flat`` (flat positions), given the
    ``shown`` ones; ``shown`` takes those that change: their positions and indices are
    returned. Pixels whose colour did not change are not chosen again, as they would get
    the index they have. ``colors`` holds each pixel's colour (24-bit) when its index was
    last chosen; it takes ``keys`` first, as edges are those of the new frame. ``known``:
    ``palette.entries(keys)``.
    """
    colors.reshape(-1)[flat] = keys
    before = shown.reshape(-1)[flat]
    after = palette.choose(keys, before, lambda at: edges(colors, flat[at]), edge_tolerance, known)
    moved = np.flatnonzero(after != before)  # then taken twice: cheaper than two masks
    changed, indices = flat[moved], after[moved]
    shown.reshape(-1)[changed] = indices
    return changed, indices


def _whole(indices: np.ndarray, box: Box, delay: float, transparent: bool, scratch: Scratch) -> Callable[[], Coded]:
    """The coding of a frame of ``indices`` at ``box`` (``indices`` must not change until it ran)."""
    return lambda: (_lzw(indices, scratch), box, delay, transparent)


def _changes(shown: np.ndarray, changed: np.ndarray, indices: np.ndarray, delay: float, transparent: int,
             scratch: Scratch) -> tuple[Callable[[], Coded], int]:
    """The coding of a frame of the box around the pixels ``changed`` (flat positions of
    ``shown``, which already shows their new ``indices``), to run while the next frames are
    composed: it keeps its own pixels; and how many bytes they take."""
    width = shown.shape[1]
    rows, cols = np.divmod(changed, width)
    top, bottom, left, right = int(rows.min()), int(rows.max()) + 1, int(cols.min()), int(cols.max()) + 1
    box = (top, bottom, left, right)
    # Unchanged pixels as the transparent index make long runs that code to little;
    # only when most pixels changed may the plain pixels code smaller: then both are
    # tried and the smaller kept.
    masked = np.full((bottom - top, right - left), transparent, dtype=np.uint8)
    # Flat positions in the box: (row - top) * its width + col - left.
    masked.reshape(-1)[changed - rows * (width - (right - left)) - (top * (right - left) + left)] = indices
    same = masked.size - len(changed)
    largest = max(int(indices.max()), transparent if same else 0)
    plain = shown[top:bottom, left:right].copy() if 2 * same < masked.size else None

    def code() -> Coded:
        coded = _lzw(masked, scratch, largest)
        if plain is not None:
            whole = _lzw(plain, scratch)
            if len(whole) <= len(coded):
                return whole, box, delay, False
        return coded, box, delay, True

    return code, masked.nbytes + (0 if plain is None else plain.nbytes)
