"""What a pinned highlight shows on hover: each token's score and meta strings.

In HTML and notebooks a click pins a highlight (assets/pin.js); hovering a token then
shows, in a tooltip, its score for the pinned highlight as the user gave it (not clamped
to the colour scale) and its meta strings. Per facet the scores go into the page as the
hover colours do (packed.py), so their size follows what is given, not tokens squared:

- ``values``: each distinct score once, exact, as big-endian float64s in base64 (a random
  double takes 8 bytes so, about 19 as a JSON number), in the order first given (frame by
  frame, token by token, over the distinct rows);
- ``rows``: each distinct frame's scores once, one cell per token: 0 no score, 1 the next
  value not given before (so a row of new values is one run, however long), c >= 2 the
  value number c - 2; packed as runs of ``cellBytes``-byte cells, base64; ``of``: the row
  of each frame, left out when there is one row for all or row k for frame k.

A facet of single numbers is one row; a window of heat costs the window (its zeros are
one run of one cell).
"""
from __future__ import annotations

import base64
import hashlib
from typing import Any

import numpy as np

from ..data import Facet
from ..layout.glyphs import visible
from ..scene import Scene
from .packed import Rows, cell_type, runs

NO_SCORE, NEW_VALUE, FIRST_GIVEN = 0, 1, 2  # the cells of a row


def given_scores(facet: Facet, index: int) -> np.ndarray:
    """The scores highlight ``index`` gives the facet's tokens, as given (NaN: none):
    the highlighted token's heat (cut to the facet, as the frame does), else the tokens'
    own scores (a plain saliency map), as frame.py colours them."""
    counted = facet.counted
    selected = counted[index] if index < len(counted) else None
    if selected is not None and selected.heat.size:
        return np.asarray(selected.heat[: len(counted)], dtype=np.float64)
    return _own_scores(facet)


def _own_scores(facet: Facet) -> np.ndarray:
    scores = np.asarray(facet.scores, dtype=np.float64)
    given = np.flatnonzero(~np.isnan(scores))
    return scores[: int(given[-1]) + 1] if given.size else scores[:0]


class _Values:
    """The distinct scores of one facet in the order first given, and rows as cells."""

    def __init__(self, cell: np.dtype) -> None:
        self.cell = cell
        self.values: list[float] = []
        self._number: dict[float, int] = {}

    def packed(self, row: np.ndarray) -> bytes:
        """``row`` as cells (module docstring), its new values added, packed as runs."""
        cells = np.zeros(row.size, dtype=np.int64)
        scored = ~np.isnan(row)
        distinct, first, inverse = np.unique(row[scored], return_index=True, return_inverse=True)
        codes = np.empty(distinct.size, dtype=np.int64)
        fresh = []
        # New values are numbered in the order the row gives them, as the browser reads them.
        for j in np.argsort(first, kind="stable").tolist():
            value = float(distinct[j])
            number = self._number.get(value)
            if number is None:
                number = self._number[value] = len(self.values)
                self.values.append(value)
                fresh.append(first[j])
            codes[j] = FIRST_GIVEN + number
        shown = codes[inverse.reshape(-1)]
        shown[fresh] = NEW_VALUE  # a value's first place: the next new value
        cells[scored] = shown
        return runs(cells.astype(self.cell))


def _score_rows(facet: Facet, count: int) -> dict[str, Any]:
    """Every frame's scores, each distinct row packed once."""
    counted = facet.counted
    # The cells must fit the most values there could be: every number the facet holds.
    most = sum(token.heat.size for token in counted) + len(counted) + FIRST_GIVEN
    values, rows = _Values(cell_type(most)), Rows()
    own = _own_scores(facet)
    for index in range(count):
        selected = counted[index] if index < len(counted) else None
        if selected is None or not selected.heat.size:
            rows.add_keyed("own", lambda: values.packed(own))  # the saliency map
            continue
        row = np.asarray(selected.heat[: len(counted)], dtype=np.float64)
        # Frames giving the same scores share a row; a digest keeps the key small.
        key = hashlib.blake2b(row.tobytes(), digest_size=16).digest()
        rows.add_keyed(key, lambda: values.packed(row))
    given = base64.b64encode(np.asarray(values.values, dtype=">f8").tobytes()).decode("ascii")
    return {"values": given, "cellBytes": values.cell.itemsize, **rows.data()}


def pin_data(scene: Scene) -> dict[str, object]:
    """Per facet: the counted tokens' text and meta strings, and every frame's scores."""
    facets = []
    for facet in scene.facets:
        entry: dict[str, object] = {"text": [visible(token.text) for token in facet.counted],
                                    **_score_rows(facet, scene.token_count)}
        if any(token.meta for token in facet.counted):
            entry["meta"] = [[visible(m) for m in token.meta] for token in facet.counted]
        facets.append(entry)
    return {"count": scene.token_count, "facets": facets}
