"""Rows of small integers, one per token, packed for the browser: runs of equal cells, and
each distinct row sent once with the row each frame shows.

The hover colours (html.py: palette index + 1 per token) and the pinned tooltip's scores
(pin.py: a value's number per token) are both sent this way, and assets/hover.js reads both
with one function (``thmRuns``). A row's size follows what it holds: a run of equal cells
costs a few bytes whatever its length, and trailing zero cells (nothing there) cost nothing.
"""
from __future__ import annotations

import base64
from collections.abc import Callable, Hashable
from typing import Any

import numpy as np


def cell_type(largest: int) -> np.dtype:
    """The smallest cell holding ``largest``: 1, 2 or 4 bytes, big-endian."""
    return np.dtype(np.uint8) if largest < 256 else np.dtype(">u2") if largest < 65_536 else np.dtype(">u4")


def runs(cells: np.ndarray) -> bytes:
    """``cells`` packed as runs: a count byte c, then c + 1 literal cells (c < 128), one cell
    repeated c - 126 times (128 <= c < 255), or (c = 255) a two-byte big-endian count and
    the cell repeated that often; the trailing zero cells are cut."""
    nonzero = np.flatnonzero(cells)
    cells = cells[: int(nonzero[-1]) + 1] if nonzero.size else cells[:0]
    starts = np.flatnonzero(np.diff(cells, prepend=cells[:1] ^ 1)) if cells.size else cells[:0]
    lengths = np.diff(np.append(starts, cells.size))
    out, literal = bytearray(), list[int]()
    for start, length in zip(starts.tolist(), lengths.tolist()):
        if length < 3:  # short runs cost less as literals
            literal.extend(range(start, start + length))
            continue
        out += _literals(cells, literal)
        literal = []
        while length:
            take = min(length, 0xFFFF)
            value = cells[start:start + 1].tobytes()
            if take > 128:  # a long run: 255, then its length in two bytes
                out += bytes([255]) + take.to_bytes(2, "big") + value
            elif take > 1:
                out += bytes([take + 126]) + value
            else:
                out += bytes([0]) + value
            length -= take
    out += _literals(cells, literal)
    return bytes(out)


def _literals(cells: np.ndarray, positions: list[int]) -> bytes:
    out = bytearray()
    for at in range(0, len(positions), 128):
        chunk = positions[at:at + 128]
        out += bytes([len(chunk) - 1]) + cells[chunk[0]:chunk[-1] + 1].tobytes()
    return bytes(out)


class Rows:
    """Distinct packed rows of one facet and which one each frame shows."""

    def __init__(self) -> None:
        self._number: dict[Hashable, int] = {}
        self.packed: list[bytes] = []
        self.of: list[int] = []

    def add(self, packed: bytes) -> None:
        """The next frame shows the row ``packed``."""
        self.add_keyed(packed, lambda: packed)

    def add_keyed(self, key: Hashable, pack: Callable[[], bytes]) -> None:
        """The next frame shows the row ``key`` names; ``pack()`` packs it when it is new."""
        number = self._number.get(key)
        if number is None:
            number = self._number[key] = len(self.packed)
            self.packed.append(pack())
        self.of.append(number)

    def data(self) -> dict[str, Any]:
        rows = [base64.b64encode(packed).decode("ascii") for packed in self.packed]
        # "of" is left out where it says nothing: one row for all, or row k for frame k.
        plain = len(rows) == 1 or self.of == list(range(len(self.of)))
        return {"rows": rows} if plain else {"rows": rows, "of": self.of}
