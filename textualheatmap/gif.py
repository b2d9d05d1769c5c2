"""Animated GIF of highlights: one palette, only what changed, frames streamed out.

Frames come one at a time from the compositor (raster.py) and leave as encoded bytes,
so memory stays flat however many there are. Pillow picks most of the palette
(gifpalette.py) and does the LZW coding; the few bytes of GIF structure around them are
written here, because Pillow's own multi-frame writer keeps every frame in a list until
the end. The bounded colour reductions that keep frames small are in gifcolors.py.
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
from .colormap import hex_to_rgb
from .frame import Frame
from .gifcolors import HEAT_ERROR, edge_error, edges, figure_anchors, snap_frame, snap_table
from .gifpalette import Palette, color_keys
from .heat import Box
from .raster import Compositor

if TYPE_CHECKING:
    from .textual_heatmap import TextualHeatmap

MANY_FRAMES = 100  # a progress bar is worth showing from here on
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

    def frame(self, coded: bytes, box: Box, delay_ms: int, transparent: bool) -> None:
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
        for top, bottom, left, right in compositor.update(frames[k]):
            later.append(compositor.rgb[top:bottom, left:right].reshape(-1, 3).copy())
    return Palette.from_pixels(first, np.concatenate(later), reserved)


def write_frames(stream: IO[bytes], compositor: Compositor, frames: Sequence[Frame],
                 delays: Sequence[int], loop: int | None, tick: Callable[[], None] = lambda: None,
                 reserved: np.ndarray | None = None, tolerance: int = HEAT_ERROR) -> None:
    """Encode ``frames`` (shown ``delays`` ms each) into ``stream`` as a GIF.

    ``frames`` may compute each frame when indexed: none is kept after it is written.
    ``reserved``: colours the palette must hold exactly. ``tolerance``: the heat
    tolerance the frames' colours were snapped with (gifcolors.py).
    """
    palette = choose_palette(compositor, frames, reserved)
    writer = GifWriter(stream, compositor.size, palette, loop)
    width, height = compositor.size
    compositor.update(frames[0])
    shown = palette.lookup(compositor.rgb)
    writer.frame(_lzw(shown), (0, height, 0, width), delays[0], transparent=False)
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
    after = palette.choose(rgb.reshape(-1, 3)[flat], before, edges(colors, flat), edge_tolerance)
    current.reshape(-1)[flat] = after
    rows, cols = np.divmod(flat[after != before], width)
    if not len(rows):
        return None
    return int(rows.min()), int(rows.max()) + 1, int(cols.min()), int(cols.max()) + 1


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
    """The frames of some highlights, each computed when asked for and not kept, with
    heat colours replaced through ``table`` (gifcolors.snap_table)."""

    def __init__(self, figure: TextualHeatmap, indices: list[int | None], table: np.ndarray) -> None:
        self._figure, self._indices, self._table = figure, indices, table

    def __len__(self) -> int:
        return len(self._indices)

    def __getitem__(self, k: int) -> Frame:  # type: ignore[override]
        return snap_frame(self._figure.frame(self._indices[k]), self._table)


def heat_table(figure: TextualHeatmap, tolerance: int = HEAT_ERROR) -> np.ndarray:
    """The figure's heat colours snapped for its GIF (gifcolors.snap_table)."""
    return snap_table(figure.palette, figure.text_palette,
                      figure_anchors(figure.palette, figure.layout.look.panel_fill), tolerance)


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


def _check_tolerance(tolerance: object) -> int:
    if isinstance(tolerance, (bool, np.bool_)) or not isinstance(tolerance, Integral) \
            or not 0 <= tolerance <= 255:
        raise ValueError("tolerance must be a whole number of levels from 0 to 255 per colour "
                         f"channel (0: exact heat colours, a larger file), was {tolerance!r}")
    return int(tolerance)


def animate(figure: TextualHeatmap, index: int | None, frames: Iterable[int] | None,
            duration: float, last_duration: float | None, loop: int | bool | None,
            progress: bool | None, scale: float, tolerance: int = HEAT_ERROR) -> bytes:
    """The GIF bytes of ``figure`` highlighting each of ``frames`` in turn.

    ``frames``: highlight indices (default: every non-format token in order);
    ``duration``: milliseconds per frame; ``last_duration``: for the last frame (None:
    ``duration``); ``loop``: 0 or True forever, n repeats, None or False play once;
    ``progress``: a tqdm bar (None: for many frames when stderr is a terminal);
    ``scale``: pixels per SVG unit; ``tolerance``: how many levels (of 255, per colour
    channel) a token's colour may be off its heat's colour, so that neighbouring heat
    colours share one and fewer tokens are repainted per frame (gifcolors.py). The
    background is white.
    """
    if index is not None:
        raise ValueError("a GIF shows the highlights listed in frames=, not index=; "
                         f"for this one alone pass frames=[{index!r}]")
    # A plain saliency map (one score per token) is the same picture at every highlight.
    indices: list[int | None] = (
        [None] if frames is None and figure.token_count and not figure.has_vectors
        else list(_check_frames(frames, figure.token_count))
    )
    delay = _check_duration(duration, "duration")
    last = delay if last_duration is None else _check_duration(last_duration, "last_duration")
    repeat = _check_loop(loop)
    tolerance = _check_tolerance(tolerance)
    if progress is not None and not isinstance(progress, bool):
        raise ValueError(f"progress must be True, False or None (automatic), was {progress!r}")
    compositor = Compositor(figure.layout, figure.palette, figure.text_palette, check_scale(scale))
    delays = [delay] * (len(indices) - 1) + [last]
    table = heat_table(figure, tolerance)
    reserved = np.array([hex_to_rgb(figure.palette[k]) for k in np.unique(table).tolist()],
                        dtype=np.uint8)
    out = io.BytesIO()
    with progress_bar(len(indices), progress) as tick:
        write_frames(out, compositor, _Frames(figure, indices, table), delays, repeat, tick, reserved,
                     tolerance)
    return out.getvalue()
