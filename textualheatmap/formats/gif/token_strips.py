"""What a run of frames repaints in a facet's token area: strips of lines.

A fragment is repainted in a frame when its colour, its underline or whether it is drawn
differs from the frame before; the repainted fragments of one line make one strip, from
the first one's left to the last one's right (token_layer.py). A run's frames are taken
together, as arrays of frames x fragments, so that a long run costs few numpy calls.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ...frame import FacetFrame


@dataclass(frozen=True)
class FacetRun:
    """A facet's states in a run of frames, per fragment (frames x fragments)."""

    colors: np.ndarray  # palette index (int64), negative: uncoloured
    selected: np.ndarray  # underlined (bool)
    shown: np.ndarray  # drawn (bool)

    def frame(self, k: int) -> FacetRun:
        """The run's frame ``k``, as a run of one."""
        return FacetRun(self.colors[k:k + 1], self.selected[k:k + 1], self.shown[k:k + 1])


def facet_run(states: Sequence[FacetFrame], token: np.ndarray) -> FacetRun:
    """``states`` per fragment, each fragment belonging to highlight index ``token``."""
    count = len(token)
    colors = np.stack([state.colors[token] for state in states]).astype(np.int64)
    shown = np.stack([np.ones(count, dtype=bool) if state.shown is None else state.shown[token]
                      for state in states])
    picked = np.array([-1 if state.selected is None else state.selected for state in states])
    selected = (token[None, :] == picked[:, None]) & (picked[:, None] >= 0) & shown
    return FacetRun(colors, selected, shown)


@dataclass(frozen=True)
class Strips:
    """Strip s repaints line ``line[s]`` in columns ``first[s]``..``end[s]`` (of the area) in
    the run's frame ``frame[s]``; by frame, then line, the order they are painted in."""

    frame: np.ndarray
    line: np.ndarray
    first: np.ndarray
    end: np.ndarray

    def of_frames(self, count: int) -> Strips:
        """The strips of the run's first ``count`` frames."""
        stop = int(np.searchsorted(self.frame, count))
        return Strips(self.frame[:stop], self.line[:stop], self.first[:stop], self.end[:stop])


def strips(run: FacetRun, before: FacetRun, visible: np.ndarray, line: np.ndarray, left: np.ndarray,
           right: np.ndarray) -> Strips:
    """The strips each frame of ``run`` repaints, after ``before`` (a run of one) was shown.
    Fragment k lies on ``line[k]`` in columns ``left[k]``..``right[k]``; only the
    ``visible`` ones are ever repainted."""
    dirty = np.zeros(run.colors.shape, dtype=bool)
    for now, then in ((run.colors, before.colors), (run.selected, before.selected), (run.shown, before.shown)):
        dirty[0] |= now[0] != then[0]
        dirty[1:] |= now[1:] != now[:-1]
    dirty &= visible
    frame, fragment = np.nonzero(dirty)  # by frame, then fragment
    lines = line[fragment]
    if len(frame) > 1 and bool(np.any((np.diff(lines) < 0) & (np.diff(frame) == 0))):
        order = np.lexsort((lines, frame))  # stable: by frame, then line
        frame, fragment, lines = frame[order], fragment[order], lines[order]
    new = np.ones(len(frame), dtype=bool)
    new[1:] = (frame[1:] != frame[:-1]) | (lines[1:] != lines[:-1])
    starts = np.flatnonzero(new)
    if not len(starts):
        empty = np.zeros(0, dtype=np.intp)
        return Strips(empty, empty, empty, empty)
    return Strips(frame[starts], lines[starts], np.minimum.reduceat(left[fragment], starts),
                  np.maximum.reduceat(right[fragment], starts))
