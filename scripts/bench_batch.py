"""``python scripts/bench.py batch``: many figures at once with ``render_many``.

2,000 records of 200 character tokens each (the last token highlighted, its heat over all
200, a meta string), streamed from a generator, rendered to SVG and to PNG at workers=1
(in this process) and workers=2 (a process pool) in the same run: records per second and
the ratio (the best of a few interleaved rounds), beside the ratio a pure-Python loop gets
on the same pool in the same rounds: on a machine shared with other work, that is what two
processes could get at the time. Then peak memory of a fresh process
rendering 500 and 2,000 records (SVG, workers=1 and workers=2): this process's peak RSS,
and the largest worker's.
"""
from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from sample_data import TEXT  # noqa: E402

RECORDS = 2000
TOKENS = 200
# Rounds of workers=1 then workers=2, best rate of each kept: on a machine shared with other
# work, the best round is the one least disturbed. PNG takes minutes a round: one.
ROUNDS = {"svg": 3, "png": 1}


def batch_record(position: int) -> dict[str, Any]:
    """One review-like record: 200 characters of the sample text from a shifting start; the
    last token carries a heat over all of them (decay times position-seeded noise)."""
    start = (position * 13) % len(TEXT)
    text = (TEXT * 3)[start:start + TOKENS]
    noise = np.random.default_rng(position).random(TOKENS)
    heat = (np.exp(-0.02 * np.arange(TOKENS)[::-1]) * noise).round(3).tolist()
    tokens: list[dict[str, Any]] = [{"token": char} for char in text]
    tokens[-1].update(heat=heat, meta=[f"review {position}"])
    return {"name": f"review-{position:05d}", "settings": {"width": 600, "show_meta": True},
            "data": [tokens], "highlight": TOKENS - 1}


def batch_records(count: int) -> Iterator[dict[str, Any]]:
    return (batch_record(position) for position in range(count))


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (a pool's workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _rate(count: int, format: str, workers: int) -> tuple[float, float]:
    """Records per second, and per CPU second of every process involved."""
    from textualheatmap.batch import render_many

    with tempfile.TemporaryDirectory() as out:
        cpu, start = _cpu_seconds(), time.perf_counter()
        result = render_many(batch_records(count), out, format, workers=workers, progress=False)
        took, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
    assert result.rendered == count and not result.failures, result.failures[:3]
    return count / took, count / cpu


def spin(count: int) -> int:
    """Pure-Python arithmetic: the reference for what two processes can get on this machine."""
    total = 0
    for number in range(count):
        total += number * number
    return total


def _reference_rate(workers: int, tasks: int = 24, count: int = 1_000_000) -> float:
    """Tasks per second of ``spin`` in this process (workers=1) or on a pool of ``workers``."""
    start = time.perf_counter()
    if workers == 1:
        for _ in range(tasks):
            spin(count)
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            list(pool.map(spin, [count] * tasks))
    return tasks / (time.perf_counter() - start)


MEMORY_SCRIPT = """
import resource, sys, tempfile
sys.path.insert(0, {here!r})
from bench import peak_rss_mb
from bench_batch import batch_records
from textualheatmap.batch import render_many
with tempfile.TemporaryDirectory() as out:
    result = render_many(batch_records({count}), out, "svg", workers={workers}, progress=False)
assert result.rendered == {count}
print(peak_rss_mb(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""


def _peak_memory(count: int, workers: int) -> tuple[float, float]:
    script = MEMORY_SCRIPT.format(here=str(Path(__file__).resolve().parent), count=count, workers=workers)
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    main, worker = (float(value) for value in out.stdout.split())
    return main, worker


def section_batch(work: Path) -> None:
    print(f"== batch: {RECORDS:,} records of {TOKENS} tokens (show_meta, width 600), render_many "
          f"on {os.cpu_count()} CPUs")
    for format, rounds in ROUNDS.items():
        rates: dict[int, list[tuple[float, float]]] = {1: [], 2: []}
        reference: dict[int, list[float]] = {1: [], 2: []}
        for _ in range(rounds):
            for workers in (1, 2):
                reference[workers].append(_reference_rate(workers))
                rates[workers].append(_rate(RECORDS, format, workers))
        (one, one_cpu), (two, two_cpu) = max(rates[1]), max(rates[2])
        print(f"{format}  workers=1 {one:7.1f} records/s   workers=2 {two:7.1f} records/s   "
              f"ratio {two / one:.2f}x  (best of {rounds}; every round: "
              f"{', '.join(f'{a[0]:.0f}/{b[0]:.0f}' for a, b in zip(rates[1], rates[2]))})")
        print(f"{format}  reference, a pure-Python loop on the same pool, same rounds: ratio "
              f"{max(reference[2]) / max(reference[1]):.2f}x (what the machine gave two processes then)")
        print(f"{format}  records per CPU second (every process): workers=1 {one_cpu:.1f}, workers=2 "
              f"{two_cpu:.1f}: on two free cores the pool would give {2 * two_cpu / one_cpu:.2f}x")
    for workers in (1, 2):
        peaks = {count: _peak_memory(count, workers) for count in (500, RECORDS)}
        (main_500, worker_500), (main_all, worker_all) = peaks[500], peaks[RECORDS]
        largest_worker = "" if workers == 1 else (
            f"; largest worker {worker_500:.0f} / {worker_all:.0f} MB ({worker_all - worker_500:+.0f} MB)")
        print(f"peak RSS, svg, workers={workers}: 500 / {RECORDS:,} records: this process "
              f"{main_500:.0f} / {main_all:.0f} MB ({main_all - main_500:+.0f} MB){largest_worker}")
