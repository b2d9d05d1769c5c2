"""How precisely coordinates are kept: two decimals, the precision the SVG writes.

Every format draws the same figure, so every format must see the same numbers. The
layout rounds each coordinate a format reads once, here, when it places it; SVG writes
those numbers as text (``fmt``), the hover script receives them as JSON and the
rasterisers draw at them, so none of them rounds again.
"""
from __future__ import annotations

import numpy as np

DECIMALS = 2


def fmt(value: float) -> str:
    """``value`` with at most two decimals and no trailing zeros ("12.5", "3", "-0.25")."""
    text = f"{value:.{DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def rounded(value: float) -> float:
    """``value`` as the SVG writes it, ``float(fmt(value))``: both round the exact binary
    value correctly, half to even; adding 0.0 turns -0.0 into 0.0, as fmt writes it."""
    return round(value, DECIMALS) + 0.0


def rounded_array(values: np.ndarray) -> np.ndarray:
    """Each value as the SVG writes it (float64)."""
    flat = np.asarray(values, dtype=np.float64).reshape(-1).tolist()
    return np.array([round(value, DECIMALS) + 0.0 for value in flat],
                    dtype=np.float64).reshape(np.shape(values))
