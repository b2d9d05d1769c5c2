"""What a pinned highlight shows on hover: each token's score and meta strings.

In HTML and notebooks a click pins a highlight (assets/pin.js); hovering a token then
shows, in a tooltip, its score for the pinned highlight as the user gave it (not clamped
to the colour scale) and its meta strings. The scores go into the page compactly: each
facet's distinct values once (JSON numbers, exact), and per frame one cell per token,
the value's number + 1 (0: no score), base64 in 1, 2 or 4 bytes (big-endian).
"""
from __future__ import annotations

import base64

import numpy as np

from ..data import Facet
from ..layout.glyphs import visible
from ..scene import Scene


def given_scores(facet: Facet, index: int) -> np.ndarray:
    """The scores highlight ``index`` gives the facet's tokens, as given (NaN: none):
    the highlighted token's heat (cut to the facet, as the frame does), else the tokens'
    own scores (a plain saliency map), as frame.py colours them."""
    counted = facet.counted
    selected = counted[index] if index < len(counted) else None
    if selected is not None and selected.heat.size:
        return np.asarray(selected.heat[: len(counted)], dtype=np.float64)
    scores = np.asarray(facet.scores, dtype=np.float64)
    given = np.flatnonzero(~np.isnan(scores))
    return scores[: int(given[-1]) + 1] if given.size else scores[:0]


def _cells(rows: list[np.ndarray]) -> tuple[list[float], str, int]:
    joined = np.concatenate(rows) if rows else np.zeros(0)
    values = np.unique(joined[~np.isnan(joined)])
    cells = np.zeros(joined.size, dtype=np.uint32)
    scored = ~np.isnan(joined)
    cells[scored] = np.searchsorted(values, joined[scored]) + 1
    width = 1 if values.size < 255 else 2 if values.size < 65_535 else 4
    encoded = cells.astype(f">u{width}").tobytes()
    return values.tolist(), base64.b64encode(encoded).decode("ascii"), width


def pin_data(scene: Scene) -> dict[str, object]:
    """Per facet: the counted tokens' text and meta strings, and every frame's scores."""
    facets = []
    for facet in scene.facets:
        rows = [given_scores(facet, index) for index in range(scene.token_count)]
        values, cells, width = _cells(rows)
        entry: dict[str, object] = {
            "text": [visible(token.text) for token in facet.counted],
            "values": values, "cells": cells, "cellBytes": width, "lens": [len(row) for row in rows],
        }
        if any(token.meta for token in facet.counted):
            entry["meta"] = [[visible(m) for m in token.meta] for token in facet.counted]
        facets.append(entry)
    return {"count": scene.token_count, "facets": facets}
