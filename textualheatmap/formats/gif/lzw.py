"""LZW coding of frames by Pillow, on a second core while the next frames are composed.

Pillow's GIF coder holds the GIL while it codes into memory (``Image.tobytes``), but lets
it go while it writes to a file descriptor (the path ``ImageFile._save`` takes for a real
file). So frames are coded into a scratch file in memory by one worker thread, and the
main thread composes the next frames meanwhile: the same bytes, about the coder's time
less on a machine with two cores. Results come back in the order the jobs were given.
"""
from __future__ import annotations

import os
import tempfile
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import Generic, TypeVar

import numpy as np

T = TypeVar("T")
_BUFFER = 1 << 16  # bytes Pillow codes between writes


class Scratch:
    """A file in memory (a memfd where the system has them, else a temporary file) that
    one thread codes into and reads back from."""

    def __init__(self) -> None:
        if hasattr(os, "memfd_create"):
            self._fd = os.memfd_create("textualheatmap-lzw", getattr(os, "MFD_CLOEXEC", 0))
            self._file = None
        else:
            self._file = tempfile.TemporaryFile()
            self._fd = self._file.fileno()

    def lzw(self, indices: np.ndarray, bits: int) -> bytes:
        """Pillow's GIF LZW coding of ``indices`` (height x width uint8) at code size ``bits``."""
        from PIL import Image

        height, width = indices.shape
        image = Image.frombuffer("L", (width, height), np.ascontiguousarray(indices), "raw", "L", 0, 1)
        coder = Image._getencoder("L", "gif", ("L", bits, 0))
        os.lseek(self._fd, 0, os.SEEK_SET)
        try:
            coder.setimage(image.im, (0, 0, width, height))
            status = coder.encode_to_file(self._fd, _BUFFER)  # without the GIL
        finally:
            coder.cleanup()
        if status < 0:
            raise OSError(f"Pillow's GIF coder failed (error {status}) on a {width} x {height} frame")
        size = os.lseek(self._fd, 0, os.SEEK_CUR)
        os.lseek(self._fd, 0, os.SEEK_SET)
        # os.read, not os.pread, which Windows lacks; a read may return less than asked.
        parts = []
        while size > 0:
            part = os.read(self._fd, size)
            if not part:
                raise OSError("the coded frame was cut short in its scratch file")
            parts.append(part)
            size -= len(part)
        return b"".join(parts)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        else:
            os.close(self._fd)


class InOrder(Generic[T]):
    """Runs jobs on one worker thread and hands their results to ``sink`` in the order
    the jobs were given, letting at most ``ahead`` wait, holding at most ``most_bytes``
    between them (each job says how many it holds: a frame's indices).

    Used as a context manager: leaving normally hands over every result; leaving on an
    error drops the jobs not yet started and waits for the running one."""

    def __init__(self, sink: Callable[[T], None], ahead: int = 32, most_bytes: int = 16 << 20) -> None:
        self._sink = sink
        self._ahead, self._most_bytes = ahead, most_bytes
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="textualheatmap-gif")
        self._pending: deque[tuple[Future[T], int]] = deque()
        self._held = 0

    def submit(self, job: Callable[[], T], held: int = 0) -> None:
        """Run ``job``, which holds ``held`` bytes until it has run."""
        self._pending.append((self._pool.submit(job), held))
        self._held += held
        while len(self._pending) > self._ahead or (self._held > self._most_bytes and len(self._pending) > 1):
            self._hand_over_one()

    def _hand_over_one(self) -> None:
        future, held = self._pending.popleft()
        self._sink(future.result())
        self._held -= held

    def __enter__(self) -> InOrder[T]:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        try:
            while kind is None and self._pending:
                self._hand_over_one()
        finally:
            for future, _ in self._pending:
                future.cancel()
            self._pool.shutdown(wait=True)
