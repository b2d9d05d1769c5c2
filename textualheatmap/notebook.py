"""Showing a figure in IPython: displayed once when created, then updated in place."""
from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any


def in_kernel() -> bool:
    """True inside a Jupyter kernel; never imports IPython when it is not loaded already."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    shell = ipython.get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


class LiveDisplay:
    """One display of an object that later calls refresh in place (a display id)."""

    def __init__(self, display_fn: Callable[..., Any] | None) -> None:
        if display_fn is None and in_kernel():
            from IPython.display import display

            display_fn = display
        self._display_fn = display_fn
        self._handle: Any = None

    def show(self, obj: object) -> None:
        if self._display_fn is not None:
            self._handle = self._display_fn(obj, display_id=True)

    def refresh(self, obj: object) -> None:
        if self._handle is not None and hasattr(self._handle, "update"):
            self._handle.update(obj)
