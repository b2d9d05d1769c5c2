"""The GIF writer: a Scene's highlights, one frame each, checked options, a progress bar.

``write_gif`` checks every option before drawing anything, then hands the frames, each
computed when the encoder asks for it, to encoder.py.
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from numbers import Integral, Real
from typing import IO, cast

import numpy as np

from ...colormap import hex_to_rgb
from ...frame import Frame
from ...layout.glyphs import note_missing, one_missing_warning
from ...scene import PAGE, Scene
from ..cairo import check_scale
from .composition import Compositor
from .encoder import write_frames
from .snapping import HEAT_ERROR, figure_anchors, snap_frame, snap_table

MANY_FRAMES = 100  # a progress bar is worth showing from here on


@contextmanager
def progress_bar(total: int, enabled: bool | None) -> Iterator[Callable[[], None]]:
    """A tick function for a tqdm bar on stderr: always when ``enabled``, never when False,
    and when None only for many frames on a terminal."""
    if enabled is False or (enabled is None and (total < MANY_FRAMES or not _stderr_is_terminal())):
        yield lambda: None
        return
    # tqdm ships no type information (unused-ignore: for where types-tqdm is installed).
    from tqdm import tqdm  # type: ignore[import-untyped, unused-ignore]

    with tqdm(total=total, unit="frame", desc="GIF", file=sys.stderr, leave=False) as bar:
        yield lambda: bar.update(1)


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


class _Frames(Sequence[Frame]):
    """The frames of some highlights, each computed when asked for and not kept after the
    run it was computed with, with heat colours replaced through ``table``
    (snapping.snap_table). Asked in order, frames are computed _RUN at a time."""

    _RUN = 32

    def __init__(self, scene: Scene, indices: list[int | None], table: np.ndarray) -> None:
        self._scene, self._indices, self._table = scene, indices, table
        self._run: dict[int, Frame] = {}
        self._last = -2  # the frame asked for last

    def __len__(self) -> int:
        return len(self._indices)

    def __getitem__(self, k: int) -> Frame:  # type: ignore[override]
        if k not in self._run:
            indices = self._indices[k:k + self._RUN] if k == self._last + 1 else self._indices[k:k + 1]
            frames = self._scene.frames_at(cast(list[int], indices), self._table) if None not in indices \
                else [snap_frame(self._scene.frame(index), self._table) for index in indices]
            self._run = {k + n: frame for n, frame in enumerate(frames)}
        self._last = k
        return self._run[k]


def heat_table(scene: Scene, tolerance: int = HEAT_ERROR) -> np.ndarray:
    """The scene's heat colours snapped for its GIF (snapping.snap_table)."""
    return snap_table(scene.palette, scene.text_palette,
                      figure_anchors(scene.palette, scene.layout.look.panel_fill), tolerance)


def _check_frames(frames: Iterable[int] | None, token_count: int, has_data: bool) -> list[int]:
    if frames is None:
        frames = range(token_count)
    if isinstance(frames, (str, bytes)) or not isinstance(frames, Iterable):
        raise TypeError(f"frames must be an iterable of highlight indices, was {type(frames).__name__}")
    indices: list[int] = []
    for position, index in enumerate(frames):
        if isinstance(index, (bool, np.bool_)) or not isinstance(index, Integral):
            raise TypeError(f"frames[{position}] must be an int highlight index, was {index!r}")
        if not 0 <= int(index) < token_count:
            raise ValueError(f"frames[{position}] is {index}: out of range, the figure has "
                             f"{token_count} highlightable tokens (index from 0)")
        indices.append(int(index))
    if not indices:
        raise ValueError("a GIF needs at least one frame: frames is empty" + _why_no_frames(token_count, has_data))
    return indices


def _why_no_frames(token_count: int, has_data: bool) -> str:
    if token_count:
        return ""
    if has_data:
        return (" (the figure has no highlightable tokens: every token is a format token, "
                "and a GIF shows one frame per highlightable token)")
    return " (the figure has no tokens: call set_data first)"


def _check_duration(value: object, name: str) -> float:
    # GIF counts hundredths of a second; browsers show frames shorter than 20 ms for 100.
    # numbers.Real's stubs have no int <= Real; a cast, as float(value) would overflow on huge ints.
    if isinstance(value, bool) or not isinstance(value, Real) or not 20 <= cast(float, value) <= 655_350:
        raise ValueError(f"{name} must be a number of milliseconds from 20 to 655350 "
                         f"(browsers slow shorter frames down to 100 ms), was {value!r}")
    return float(value)


def _check_loop(loop: object) -> int | None:
    if loop is True:
        return 0
    if loop is False or loop is None:
        return None
    if not isinstance(loop, Integral) or not 0 <= int(loop) <= 65_535:
        raise ValueError(f"loop must be 0 (forever), a repeat count up to 65535, True, False "
                         f"or None (play once), was {loop!r}")
    return int(loop)


def _check_tolerance(tolerance: object) -> int:
    if isinstance(tolerance, (bool, np.bool_)) or not isinstance(tolerance, Integral) \
            or not 0 <= int(tolerance) <= 255:
        raise ValueError("tolerance must be a whole number of levels from 0 to 255 per colour "
                         f"channel (0: exact heat colours, a larger file), was {tolerance!r}")
    return int(tolerance)


def write_gif(scene: Scene, stream: IO[bytes], frames: Iterable[int] | None = None,
              duration: float = 100, last_duration: float | None = 2000,
              loop: int | bool | None = 0, progress: bool | None = None, scale: float = 1,
              tolerance: int = HEAT_ERROR) -> None:
    """An animated GIF of ``scene`` highlighting each of ``frames`` in turn, into ``stream``.

    ``frames``: highlight indices (default: every non-format token in order; a plain
    saliency map, one score per token, is one frame); ``duration``: milliseconds per
    frame; ``last_duration``: for the last frame (None: ``duration``); ``loop``: 0 or True
    forever, n repeats, None or False play once; ``progress``: a tqdm bar (None: for many
    frames when stderr is a terminal); ``scale``: pixels per SVG unit; ``tolerance``: how
    many levels (of 255, per colour channel) a token's colour may be off its heat's
    colour, so that neighbouring heat colours share one and fewer tokens are repainted per
    frame (snapping.py). The background is the figure's ``background``: its theme's page
    colour (white) by default, and with None, GIF transparency where the figure draws
    nothing (its anti-aliased edges blend into the theme's page colour).
    """
    # A plain saliency map (one score per token) is the same picture at every highlight.
    indices: list[int | None] = (
        [None] if frames is None and scene.token_count and not scene.has_vectors
        else list(_check_frames(frames, scene.token_count, any(f.tokens for f in scene.facets)))
    )
    delay = _check_duration(duration, "duration")
    last = delay if last_duration is None else _check_duration(last_duration, "last_duration")
    repeat = _check_loop(loop)
    tolerance = _check_tolerance(tolerance)
    scale = check_scale(scale)
    if progress is not None and not isinstance(progress, bool):
        raise ValueError(f"progress must be True, False or None (automatic), was {progress!r}")
    with one_missing_warning():
        note_missing(scene.layout.missing)
        _write_frames(scene, stream, indices, delay, last, repeat, progress, scale, tolerance)


def _write_frames(scene: Scene, stream: IO[bytes], indices: list[int | None], delay: float, last: float,
                  repeat: int | None, progress: bool | None, scale: float, tolerance: int) -> None:
    transparent = scene.background is None
    matte = scene.layout.look.page if transparent or scene.background == PAGE else scene.background
    compositor = Compositor(scene.layout, scene.palette, scene.text_palette, scale, cast(str, matte))
    delays = [delay] * (len(indices) - 1) + [last]
    table = heat_table(scene, tolerance)
    reserved = np.array([hex_to_rgb(scene.palette[k]) for k in np.unique(table).tolist()],
                        dtype=np.uint8)
    with progress_bar(len(indices), progress) as tick:
        write_frames(stream, compositor, _Frames(scene, indices, table), delays, repeat, tick, reserved,
                     tolerance, transparent)
