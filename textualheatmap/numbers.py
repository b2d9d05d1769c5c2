"""How numbers are written into SVG: short, and the same on every machine."""
from __future__ import annotations


def fmt(value: float) -> str:
    """``value`` with at most two decimals and no trailing zeros ("12.5", "3", "-0.25")."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
