"""Showing a figure in IPython: one figure per cell, shown once and updated in place.

The figure shows when it is made (the original's behaviour: the seed README's example never
evaluates the object), as one display per output (formats/notebook.py), each with a display
id that later ``set_data`` and ``highlight`` update. When the object is also a cell's last
expression, IPython asks it to display itself (``_ipython_display_``): in the cell that made
it that would show it twice, so it shows again only in a later cell, with the same ids.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any


def _shell() -> Any:
    ipython = sys.modules.get("IPython")
    return None if ipython is None else ipython.get_ipython()


def in_kernel() -> bool:
    """True inside a Jupyter kernel; never imports IPython when it is not loaded already."""
    shell = _shell()
    return shell is not None and getattr(shell, "kernel", None) is not None


def _execution_count() -> int | None:
    shell = _shell()
    return None if shell is None else getattr(shell, "execution_count", None)


class LiveDisplay:
    """The displays of one figure: ``display_fn`` is called as IPython's ``display`` with a
    mime bundle, ``raw=True`` and ``display_id=True``; the handles it returns update the
    outputs in place. (A raw bundle: IPython would add a text/plain repr to an object's,
    which untrusted front ends show beside the script.)"""

    def __init__(self, display_fn: Callable[..., Any] | None) -> None:
        if display_fn is None and in_kernel():
            from IPython.display import display

            display_fn = display
        self._display_fn = display_fn
        self._handles: list[Any] = []
        self._shown_in: int | None = None

    @property
    def active(self) -> bool:
        """Whether anything is shown: outputs need building only then."""
        return self._display_fn is not None

    def show(self, outputs: list[dict[str, str]]) -> None:
        """Show every output; again (in a later cell) with the same display ids."""
        if self._display_fn is None:
            return
        if self._handles:
            for handle, bundle in zip(self._handles, outputs):
                if hasattr(handle, "display"):
                    handle.display(bundle, raw=True)
        else:
            self._handles = [self._display_fn(bundle, raw=True, display_id=True) for bundle in outputs]
        self._shown_in = _execution_count()

    def refresh(self, outputs: list[dict[str, str]]) -> None:
        """Update every shown output in place."""
        for handle, bundle in zip(self._handles, outputs):
            if hasattr(handle, "update"):
                handle.update(bundle, raw=True)

    def show_as_result(self, outputs: Callable[[], list[dict[str, str]]]) -> None:
        """The object is a cell's last expression: show it unless this cell shows it already."""
        if self._handles and self._shown_in is not None and self._shown_in == _execution_count():
            return
        if self._display_fn is None:  # IPython outside a kernel (a terminal): the alt text
            from IPython.display import display

            display(outputs()[0], raw=True)
            return
        self.show(outputs())
