"""Animated GIF of highlights: one palette, only what changed, frames streamed out.

Frames come one at a time from the compositor (raster.py) and leave as encoded bytes,
so memory stays flat however many there are. Pillow chooses the palette and does the
LZW coding; the few bytes of GIF structure around them are written here, because
Pillow's own multi-frame writer keeps every frame in a list until the end.
"""
from __future__ import annotations

import io
import struct
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from numbers import Integral, Real
from typing import IO, TYPE_CHECKING

import numpy as np

from .cairodraw import check_scale
from .frame import Frame
from .heat import Box
from .raster import Compositor

if TYPE_CHECKING:
    from .textual_heatmap import TextualHeatmap

MANY_FRAMES = 100  # a progress bar is worth showing from here on
_PALETTE_SAMPLES = 12  # frames whose colours choose the palette
_MAX_COLORS = 255  # the 256th palette entry is the transparent one
_CHUNK = 4096  # new colours matched to the palette at a time (bounds memory)


class Palette:
    """One palette for the whole animation, with a cache from RGB to palette index."""

    def __init__(self, colors: np.ndarray) -> None:
        self.colors = np.asarray(colors, dtype=np.uint8).reshape(-1, 3)
        self.transparent = len(self.colors)
        self._colors = self.colors.astype(np.int32)
        # Every 24-bit colour's index once looked up (-1: not yet); 32 MB, filled lazily.
        self._index = np.full(1 << 24, -1, dtype=np.int16)

    @classmethod
    def from_pixels(cls, pixels: np.ndarray, colors: int = _MAX_COLORS) -> Palette:
        """The palette Pillow's maximum-coverage quantiser picks for ``pixels`` (N x 3 uint8)."""
        from PIL import Image

        image = Image.fromarray(np.ascontiguousarray(pixels.reshape(1, -1, 3)), "RGB")
        reduced = image.quantize(colors, method=Image.Quantize.MAXCOVERAGE, dither=Image.Dither.NONE)
        used = sorted(color for _, color in reduced.getcolors(colors) or [])
        table = np.array(reduced.getpalette()[: 3 * (max(used) + 1)], dtype=np.uint8).reshape(-1, 3)
        palette = cls(table[used])
        palette.lookup(pixels)  # the colours seen so far, matched in one go
        return palette

    def lookup(self, rgb: np.ndarray) -> np.ndarray:
        """The palette index of each pixel of ``rgb`` (... x 3 uint8): the nearest colour."""
        key = (rgb[..., 0].astype(np.int32) << 16) | (rgb[..., 1].astype(np.int32) << 8) | rgb[..., 2]
        index = self._index[key]
        if index.min(initial=0) < 0:
            new = np.unique(key[index < 0])
            for start in range(0, len(new), _CHUNK):
                self._learn(new[start:start + _CHUNK])
            index = self._index[key]
        return index.astype(np.uint8)

    def _learn(self, keys: np.ndarray) -> None:
        # Squared distances |a|^2 - 2 a.b + |b|^2 in exact integers: the same nearest
        # colour, ties to the lowest index, on every machine.
        rgb = np.stack([(keys >> 16) & 255, (keys >> 8) & 255, keys & 255], axis=1).astype(np.int64)
        colors = self._colors.astype(np.int64)
        distance = (rgb * rgb).sum(1)[:, None] - 2 * rgb @ colors.T + (colors * colors).sum(1)[None, :]
        self._index[keys] = distance.argmin(axis=1)

    def table(self) -> bytes:
        """The global colour table: the colours, the transparent entry, padded to 256."""
        padded = np.zeros((256, 3), dtype=np.uint8)
        padded[: len(self.colors)] = self.colors
        return padded.tobytes()


def _lzw(indices: np.ndarray) -> bytes:
    """Pillow's GIF LZW coding of palette indices, as data sub-blocks (no terminator)."""
    from PIL import Image

    height, width = indices.shape
    image = Image.frombuffer("L", (width, height), np.ascontiguousarray(indices), "raw", "L", 0, 1)
    return image.tobytes("gif", ("L", 8, 0))


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

    def frame(self, coded: bytes, box: Box, delay_ms: int, transparent: bool) -> None:
        """One image of LZW-coded indices at ``box``, drawn over the last (disposal: keep)."""
        top, bottom, left, right = box
        flags = (1 << 2) | (1 if transparent else 0)
        self._stream.write(
            struct.pack("<BBBBHBB", 0x21, 0xF9, 4, flags, int(round(delay_ms / 10)),
                        self._transparent, 0)
            + struct.pack("<BHHHHB", 0x2C, left, top, right - left, bottom - top, 0)
            + b"\x08" + coded + b"\x00"
        )

    def close(self) -> None:
        self._stream.write(b"\x3b")


def _changed_box(shown: np.ndarray, new: np.ndarray, boxes: Iterable[Box]) -> Box | None:
    """The smallest box holding every pixel of ``boxes`` where ``new`` differs from ``shown``."""
    found: list[Box] = []
    for top, bottom, left, right in boxes:
        rows, cols = np.nonzero(shown[top:bottom, left:right] != new[top:bottom, left:right])
        if len(rows):
            found.append((top + int(rows.min()), top + int(rows.max()) + 1,
                          left + int(cols.min()), left + int(cols.max()) + 1))
    if not found:
        return None
    return (min(b[0] for b in found), max(b[1] for b in found),
            min(b[2] for b in found), max(b[3] for b in found))


def choose_palette(compositor: Compositor, frames: Sequence[Frame]) -> Palette:
    """A palette from the colours of the whole picture and of frames spread over the run."""
    picks = np.unique(np.linspace(0, len(frames) - 1, min(len(frames), _PALETTE_SAMPLES)).astype(int))
    pixels = [compositor.rgb.reshape(-1, 3).copy()]
    for k in picks.tolist():
        for top, bottom, left, right in compositor.update(frames[k]):
            pixels.append(compositor.rgb[top:bottom, left:right].reshape(-1, 3).copy())
    return Palette.from_pixels(np.concatenate(pixels))


def write_frames(stream: IO[bytes], compositor: Compositor, frames: Sequence[Frame],
                 delays: Sequence[int], loop: int | None, tick: Callable[[], None] = lambda: None) -> None:
    """Encode ``frames`` (shown ``delays`` ms each) into ``stream`` as a GIF.

    ``frames`` may compute each frame when indexed: none is kept after it is written.
    """
    palette = choose_palette(compositor, frames)
    writer = GifWriter(stream, compositor.size, palette, loop)
    width, height = compositor.size
    compositor.update(frames[0])
    shown = palette.lookup(compositor.rgb)
    writer.frame(_lzw(shown), (0, height, 0, width), delays[0], transparent=False)
    tick()
    current = shown.copy()
    for k in range(1, len(frames)):
        boxes = compositor.update(frames[k])
        for top, bottom, left, right in boxes:
            current[top:bottom, left:right] = palette.lookup(compositor.rgb[top:bottom, left:right])
        box = _changed_box(shown, current, boxes)
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


def _write_changes(writer: GifWriter, new: np.ndarray, old: np.ndarray, box: Box, delay: int,
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


@contextmanager
def progress_bar(total: int, enabled: bool | None) -> Iterator[Callable[[], None]]:
    """A tick function for a tqdm bar on stderr: always when ``enabled``, never when False,
    and when None only for many frames on a terminal."""
    if enabled is False or (enabled is None and (total < MANY_FRAMES or not _stderr_is_terminal())):
        yield lambda: None
        return
    from tqdm import tqdm

    with tqdm(total=total, unit="frame", desc="GIF", file=sys.stderr, leave=False) as bar:
        yield lambda: bar.update(1)


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


class _Frames(Sequence[Frame]):
    """The frames of some highlights, each computed when asked for and not kept."""

    def __init__(self, figure: TextualHeatmap, indices: list[int]) -> None:
        self._figure, self._indices = figure, indices

    def __len__(self) -> int:
        return len(self._indices)

    def __getitem__(self, k: int) -> Frame:  # type: ignore[override]
        return self._figure.frame(self._indices[k])


def _check_frames(frames: Iterable[int] | None, token_count: int) -> list[int]:
    if frames is None:
        frames = range(token_count)
    if isinstance(frames, (str, bytes)) or not isinstance(frames, Iterable):
        raise TypeError(f"frames must be an iterable of highlight indices, was {type(frames).__name__}")
    indices = []
    for position, index in enumerate(frames):
        if isinstance(index, (bool, np.bool_)) or not isinstance(index, Integral):
            raise TypeError(f"frames[{position}] must be an int highlight index, was {index!r}")
        if not 0 <= int(index) < token_count:
            raise ValueError(f"frames[{position}] is {index}: out of range, the figure has "
                             f"{token_count} highlightable tokens (index from 0)")
        indices.append(int(index))
    if not indices:
        raise ValueError("a GIF needs at least one frame: frames is empty"
                         + ("" if token_count else " (the figure has no tokens; call set_data first)"))
    return indices


def _check_duration(value: object, name: str) -> float:
    # GIF counts hundredths of a second; browsers show frames shorter than 20 ms for 100.
    if isinstance(value, bool) or not isinstance(value, Real) or not 20 <= value <= 655_350:
        raise ValueError(f"{name} must be a number of milliseconds from 20 to 655350 "
                         f"(browsers slow shorter frames down to 100 ms), was {value!r}")
    return float(value)


def _check_loop(loop: object) -> int | None:
    if loop is True:
        return 0
    if loop is False or loop is None:
        return None
    if not isinstance(loop, Integral) or not 0 <= loop <= 65_535:
        raise ValueError(f"loop must be 0 (forever), a repeat count up to 65535, True, False "
                         f"or None (play once), was {loop!r}")
    return int(loop)


def animate(figure: TextualHeatmap, index: int | None, frames: Iterable[int] | None,
            duration: float, last_duration: float | None, loop: int | bool | None,
            progress: bool | None, scale: float) -> bytes:
    """The GIF bytes of ``figure`` highlighting each of ``frames`` in turn.

    ``frames``: highlight indices (default: every non-format token in order);
    ``duration``: milliseconds per frame; ``last_duration``: for the last frame (None:
    ``duration``); ``loop``: 0 or True forever, n repeats, None or False play once;
    ``progress``: a tqdm bar (None: for many frames when stderr is a terminal);
    ``scale``: pixels per SVG unit. The background is white.
    """
    if index is not None:
        raise ValueError("a GIF shows the highlights listed in frames=, not index=; "
                         f"for this one alone pass frames=[{index!r}]")
    indices = _check_frames(frames, figure.token_count)
    delay = _check_duration(duration, "duration")
    last = delay if last_duration is None else _check_duration(last_duration, "last_duration")
    repeat = _check_loop(loop)
    if progress is not None and not isinstance(progress, bool):
        raise ValueError(f"progress must be True, False or None (automatic), was {progress!r}")
    compositor = Compositor(figure.layout, figure.palette, figure.text_palette, check_scale(scale))
    delays = [delay] * (len(indices) - 1) + [last]
    out = io.BytesIO()
    with progress_bar(len(indices), progress) as tick:
        write_frames(out, compositor, _Frames(figure, indices), delays, repeat, tick)
    return out.getvalue()
