"""The ``frames`` section of bench.py: a generation as frames (``from_generation``, frame-
driven data) beside the same figure in the original data format, in the same run.

Both show one facet of PROMPT + STEPS character pieces and STEPS frames; frame k colours
the PROMPT + k pieces before piece k and underlines it. The original format says this with
a heat vector per token (frame k = token PROMPT + k highlighted); the frame-driven form
also hides the pieces not generated yet. Reported: median time (REPEATS runs) of building
the data, set_data, an SVG of the middle frame and a GIF of GIF_FRAMES frames, and peak
traced memory (tracemalloc) of set_data, each as the ratio to the original format's.
"""
from __future__ import annotations

import io
import statistics
import time
import tracemalloc
from collections.abc import Callable

import numpy as np

PROMPT = 200
STEPS = 400
REPEATS = 3
GIF_FRAMES = 60


def _pieces() -> tuple[list[str], list[str], list[np.ndarray]]:
    rng = np.random.default_rng(5)
    letters = [chr(ord("a") + int(k)) for k in rng.integers(0, 26, PROMPT + STEPS)]
    rows = [rng.random(PROMPT + k) for k in range(STEPS)]
    return letters[:PROMPT], letters[PROMPT:], rows


def _original(prompt: list[str], generated: list[str], rows: list[np.ndarray]) -> list[list[dict]]:
    tokens = [{"token": piece} for piece in prompt + generated]
    for k, row in enumerate(rows):
        tokens[PROMPT + k]["heat"] = row.tolist()
    return [tokens]


def _run(build: Callable[[], object], figure_class: type) -> tuple[list[float], float]:
    times = []
    start = time.perf_counter()
    data = build()
    times.append(time.perf_counter() - start)
    figure = figure_class(width=600)
    tracemalloc.start()
    start = time.perf_counter()
    figure.set_data(data)
    times.append(time.perf_counter() - start)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    first = PROMPT if isinstance(data, list) else 0  # the original's frame k is token PROMPT + k
    start = time.perf_counter()
    figure.to_svg(first + STEPS // 2)
    times.append(time.perf_counter() - start)
    start = time.perf_counter()
    figure.save(io.BytesIO(), format="gif", frames=range(first, first + GIF_FRAMES))
    times.append(time.perf_counter() - start)
    return times, peak


def section_frames() -> None:
    from textualheatmap import TextualHeatmap, from_generation

    prompt, generated, rows = _pieces()
    builders = {"original": lambda: _original(prompt, generated, rows),
                "frames": lambda: from_generation(prompt, generated, rows, scheme="wordpiece")}
    print(f"== frames: a generation of {STEPS} pieces after {PROMPT} (median of {REPEATS}); "
          "the original format beside frame-driven data")
    results = {}
    for name, build in builders.items():
        runs = [_run(build, TextualHeatmap) for _ in range(REPEATS)]
        results[name] = ([statistics.median(run[0][i] for run in runs) for i in range(4)],
                         statistics.median(run[1] for run in runs))
    labels = ("build data", "set_data", "SVG", f"GIF {GIF_FRAMES} frames")
    for i, label in enumerate(labels):
        original, frames = results["original"][0][i], results["frames"][0][i]
        print(f"{label:>16}  original {original:.3f} s  frames {frames:.3f} s  ratio {frames / original:.2f}")
    original, frames = results["original"][1], results["frames"][1]
    print(f"{'set_data memory':>16}  original {original / 1e6:.1f} MB  frames {frames / 1e6:.1f} MB  "
          f"ratio {frames / original:.2f}")
