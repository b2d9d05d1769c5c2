"""Plain records of where things go, and setting a run of text at a place.

Shared by the figure's layout and its legend; nothing here knows about output formats.
"""
from __future__ import annotations

from dataclasses import dataclass

from .fonts import Glyph, load_font
from .glyphs import Typesetter
from .precision import rounded

Radii = tuple[float, float, float, float]  # top-left, top-right, bottom-right, bottom-left


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class GlyphUse:
    """A glyph placed at (x, y), its origin on the baseline, rounded as the SVG writes it."""

    glyph: Glyph
    x: float
    y: float


def glyph_use(glyph: Glyph, x: float, y: float) -> GlyphUse:
    """``glyph`` placed at (x, y), the coordinates rounded once, here (precision.py)."""
    return GlyphUse(glyph, rounded(x), rounded(y))


def place_text(text: str, setter: Typesetter, x: float, baseline: float) -> list[GlyphUse]:
    uses = []
    for char in text:
        placed = setter.place(char)
        if placed.glyph is not None:
            uses.append(glyph_use(placed.glyph, x + placed.dx, baseline))
        x += placed.advance
    return uses


def centered_baseline(key: str, size: float, center_y: float) -> float:
    """The baseline that centres the font's content area (ascent + descent) on center_y."""
    font = load_font(key)
    return center_y + (font.ascent - font.descent) * size / 2


def content_height(key: str, size: float) -> float:
    font = load_font(key)
    return (font.ascent + font.descent) * size
