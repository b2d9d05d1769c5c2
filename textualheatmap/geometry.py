"""Plain records of where things go, and setting a run of text at a place.

Shared by the figure's layout and its legend; nothing here knows about output formats.
"""
from __future__ import annotations

from dataclasses import dataclass

from .fonts import Glyph, load_font
from .glyphs import Typesetter

Radii = tuple[float, float, float, float]  # top-left, top-right, bottom-right, bottom-left


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class GlyphUse:
    glyph: Glyph
    x: float
    y: float


def place_text(text: str, setter: Typesetter, x: float, baseline: float) -> list[GlyphUse]:
    uses = []
    for char in text:
        placed = setter.place(char)
        if placed.glyph is not None:
            uses.append(GlyphUse(placed.glyph, x + placed.dx, baseline))
        x += placed.advance
    return uses


def centered_baseline(key: str, size: float, center_y: float) -> float:
    """The baseline that centres the font's content area (ascent + descent) on center_y."""
    font = load_font(key)
    return center_y + (font.ascent - font.descent) * size / 2


def content_height(key: str, size: float) -> float:
    font = load_font(key)
    return (font.ascent + font.descent) * size
