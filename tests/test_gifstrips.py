"""Which strips of the token area a run of frames repaints (formats/gif/token_strips.py),
against the obvious way: frame by frame, fragment by fragment."""
from __future__ import annotations

import numpy as np

from textualheatmap.formats.gif.token_strips import FacetRun, facet_run, strips
from textualheatmap.frame import FacetFrame


def one_by_one(run: FacetRun, before: FacetRun, visible: np.ndarray, line: np.ndarray, left: np.ndarray,
               right: np.ndarray) -> list[tuple[int, int, int, int]]:
    found = []
    previous = [before.colors[0], before.selected[0], before.shown[0]]
    for frame in range(len(run.colors)):
        now = [run.colors[frame], run.selected[frame], run.shown[frame]]
        spans: dict[int, tuple[int, int]] = {}
        for k in range(len(line)):
            if visible[k] and any(a[k] != b[k] for a, b in zip(now, previous)):
                c0, c1 = spans.get(int(line[k]), (left[k], right[k]))
                spans[int(line[k])] = (min(c0, left[k]), max(c1, right[k]))
        found += [(frame, ln, c0, c1) for ln, (c0, c1) in sorted(spans.items())]
        previous = now
    return found


def test_a_runs_strips_are_those_found_frame_by_frame() -> None:
    rng = np.random.default_rng(5)
    count = 40
    line = np.sort(rng.integers(0, 6, count))
    line[10:14] = [5, 1, 0, 3]  # lines out of order, as right-to-left or wrapped text can have
    left = rng.integers(0, 300, count)
    right = left + rng.integers(1, 40, count)
    visible = rng.random(count) > 0.1
    for trial in range(20):
        frames = 1 + trial % 9
        colors = rng.integers(-1, 4, (frames, count))
        run = FacetRun(colors, rng.random((frames, count)) > 0.9, rng.random((frames, count)) > 0.2)
        before = FacetRun(rng.integers(-1, 4, (1, count)), np.zeros((1, count), bool), np.ones((1, count), bool))
        got = strips(run, before, visible, line, left, right)
        assert list(zip(got.frame.tolist(), got.line.tolist(), got.first.tolist(), got.end.tolist())) \
            == one_by_one(run, before, visible, line, left, right)
        cut = got.of_frames(frames // 2)
        assert (cut.frame < frames // 2).all() and len(cut.frame) == int((got.frame < frames // 2).sum())


def test_a_runs_states_per_fragment() -> None:
    token = np.array([0, 0, 1, 2])  # fragments of tokens 0, 0, 1 and 2
    states = [FacetFrame(np.array([3, -1, 2]), 1, ()), FacetFrame(np.array([0, 1, 2]), None, (), np.array([True, False, True]))]
    run = facet_run(states, token)
    assert run.colors.tolist() == [[3, 3, -1, 2], [0, 0, 1, 2]]
    assert run.selected.tolist() == [[False, False, True, False], [False] * 4]
    assert run.shown.tolist() == [[True] * 4, [True, True, False, True]]
