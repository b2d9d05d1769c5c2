"""Building large trees of objects without the cyclic garbage collector's passes.

Drawing a 100,000-token figure creates millions of short-lived, acyclic objects; each
full collection the allocations trigger walks all of them again, which makes the time
grow faster than the figure. Nothing built here forms cycles, so the collector can wait.
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
