"""Frames coded on a worker thread (formats/gif/lzw.py): the same bytes as Pillow codes in
memory, handed over in order, errors raised where the frames are written."""
from __future__ import annotations

import functools
import threading
import time

import numpy as np
import pytest
from PIL import Image

from textualheatmap.formats.gif.lzw import InOrder, Scratch


def in_memory(indices: np.ndarray, bits: int) -> bytes:
    """Pillow's GIF coding the documented way, into memory (the GIL held throughout)."""
    height, width = indices.shape
    return Image.frombuffer("L", (width, height), np.ascontiguousarray(indices), "raw", "L", 0, 1) \
        .tobytes("gif", ("L", bits, 0))


@pytest.mark.parametrize("shape, bits", [((1, 1), 2), ((7, 300), 2), ((40, 33), 4), ((272, 600), 7),
                                         ((900, 700), 8)])
def test_the_scratch_file_codes_as_pillow_does_in_memory(shape: tuple[int, int], bits: int) -> None:
    rng = np.random.default_rng(sum(shape))
    # Runs and noise, as frames have them.
    runs = np.repeat(rng.integers(0, 1 << bits, size=shape[0] * shape[1] // 3 + 1, dtype=np.uint8), 3)
    indices = runs[:shape[0] * shape[1]].reshape(shape)
    indices[::5] = rng.integers(0, 1 << bits, size=indices[::5].shape, dtype=np.uint8)
    scratch = Scratch()
    try:
        coded = scratch.lzw(indices, bits)
        assert coded == in_memory(indices, bits)
        if shape == (900, 700):
            assert len(coded) > 1 << 16  # more than one buffer of Pillow's output
        # A shorter frame after a longer one: only its own bytes come back.
        assert scratch.lzw(indices[:1, :1].copy(), bits) == in_memory(indices[:1, :1], bits)
        # A view that is not contiguous is coded as its values.
        assert scratch.lzw(indices[:, ::2], bits) == in_memory(np.ascontiguousarray(indices[:, ::2]), bits)
    finally:
        scratch.close()


def test_results_are_handed_over_in_the_order_given() -> None:
    seen: list[int] = []
    threads: set[str] = set()

    def job(k: int) -> int:
        threads.add(threading.current_thread().name)
        time.sleep(0.002 * (k % 3))
        return k

    with InOrder[int](seen.append, ahead=3) as coding:
        for k in range(20):
            coding.submit(functools.partial(job, k))
            assert len(seen) >= k + 1 - 3  # never more than three waiting
    assert seen == list(range(20))
    assert threads and threading.current_thread().name not in threads


def test_jobs_waiting_hold_at_most_the_bytes_allowed() -> None:
    seen: list[int] = []
    with InOrder[int](seen.append, ahead=100, most_bytes=100) as coding:
        for k in range(10):
            coding.submit(functools.partial(int, k), held=60)
            assert len(seen) >= k  # two waiting would hold 120 bytes: one at most
        coding.submit(functools.partial(int, 10), held=500)  # alone, a job may hold more
        assert seen == list(range(10))
    assert seen == list(range(11))


def test_a_failing_job_raises_where_results_are_handed_over() -> None:
    seen: list[int] = []

    def job(k: int) -> int:
        if k == 5:
            raise RuntimeError("coder on fire")
        return k

    with pytest.raises(RuntimeError, match="coder on fire"):
        with InOrder[int](seen.append, ahead=2) as coding:
            for k in range(10):
                coding.submit(functools.partial(job, k))
    assert seen == [0, 1, 2, 3, 4]


def test_an_error_while_composing_drops_the_jobs_not_started() -> None:
    started: list[int] = []
    gate = threading.Event()

    def job(k: int) -> int:
        started.append(k)
        gate.wait(5)
        return k

    with pytest.raises(KeyError):
        with InOrder[int](lambda k: None, ahead=10) as coding:
            for k in range(5):
                coding.submit(functools.partial(job, k))
            # The first job holds the worker until after the error has dropped the others.
            threading.Timer(0.1, gate.set).start()
            raise KeyError("composition failed")
    # The job running when the error came finished; those queued behind it never started.
    assert started == [0]


def test_without_memory_files_a_temporary_file_codes_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    indices = (np.arange(300 * 400) % 7).astype(np.uint8).reshape(300, 400)
    monkeypatch.delattr(os, "memfd_create", raising=False)  # as on macOS and Windows
    scratch = Scratch()
    try:
        assert scratch._file is not None
        assert scratch.lzw(indices, 3) == in_memory(indices, 3)
    finally:
        scratch.close()
