"""A facet's title in its column, as the original's CSS grid laid it out.

The title is wrapped at spaces and never inside a word. Upright, its lines run across
the 60 px column: a word wider than the column sets that title in a smaller font (the
column keeps its width, so the tokens keep theirs; a word too long even at half the
size is broken), and the facet grows in height to hold the lines. Turned
(``rotate_facet_titles``), its lines run along the facet's height, as many as fit across
the column: the facet grows in height to hold the longest line.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from .geometry import Box, GlyphUse, centered_baseline, place_text
from .glyphs import Typesetter
from .look import Look
from .wrap import wrap

_WORD = re.compile(r"[^\s]+")
SMALLEST_TITLE_EM = 0.5  # the smallest size a long word shrinks a title to
TURNED_SLACK = 0.25  # px at each end of a turned title's lines, beyond the border


@dataclass(frozen=True)
class TitlePlan:
    """A title wrapped into lines, in the font size it is set at."""

    lines: tuple[str, ...]
    setter: Typesetter
    line_height: float
    needed: float  # the facet height the title needs


def _lines(title: str, setter: Typesetter, room: float) -> tuple[str, ...]:
    advances = [setter.advance(char) for char in title]
    return tuple(title[a:b].strip(" ") for a, b in wrap(title, advances, room, setter.tab))


def _longest_word(title: str, setter: Typesetter) -> float:
    return max((setter.width(word) for word in _WORD.findall(title)), default=0.0)


def _upright(title: str, look: Look, setter_at: Callable[[float], Typesetter]) -> TitlePlan:
    across = look.title_width - look.border - 2 * look.title_margin
    setter = setter_at(look.font_size)
    longest = _longest_word(title, setter)
    if longest > across:
        # Widths scale with the size; rounded down so the word surely fits. Below half
        # the size a word is unreadable anyway: it is broken instead, like the tokens.
        fitting = math.floor(look.font_size * across / longest * 100) / 100
        setter = setter_at(max(fitting, look.font_size * SMALLEST_TITLE_EM))
    lines = _lines(title, setter, across)
    line_h = setter.size * look.title_line_height_em
    return TitlePlan(lines, setter, line_h, len(lines) * line_h + 2 * look.padding)


def _turned(title: str, panel_h: float, look: Look, setter: Typesetter) -> TitlePlan:
    line_h = setter.size * look.title_line_height_em
    most_lines = max(1, int((look.title_width - look.border - look.padding) // line_h))
    # A title that fits the facet as it is needs only the borders and a quarter pixel (for
    # the rounded coordinates) at its ends: "GRU" beside one line of tokens stays as it
    # was. A facet grown for its title leaves the usual margin.
    room = panel_h - 2 * (look.border + TURNED_SLACK)
    low = max(room, _longest_word(title, setter))
    if len(_lines(title, setter, low)) > most_lines:
        # The shortest line length that needs no more lines than fit across the column.
        high = max(setter.width(title), low)
        for _ in range(40):
            middle = (low + high) / 2
            low, high = (low, middle) if len(_lines(title, setter, middle)) <= most_lines else (middle, high)
        low = high
    needed = panel_h if low <= room else low + 2 * (look.border + look.title_margin)
    return TitlePlan(_lines(title, setter, low), setter, line_h, needed)


def plan_title(title: str, panel_h: float, rotate: bool, look: Look,
               setter_at: Callable[[float], Typesetter]) -> TitlePlan:
    """How ``title`` is wrapped and set beside a token panel ``panel_h`` tall."""
    if rotate:
        return _turned(title, panel_h, look, setter_at(look.font_size))
    return _upright(title, look, setter_at)


def title_glyphs(plan: TitlePlan, box: Box, look: Look) -> tuple[GlyphUse, ...]:
    # Like the original's inline-block span: each line centred, the block centred both
    # ways. A rotation, if any, turns the finished block about the box's centre.
    inner = box.w - look.border
    center_x = box.x + inner / 2
    line_h = plan.line_height
    top = box.y + box.h / 2 - len(plan.lines) * line_h / 2
    uses: list[GlyphUse] = []
    for k, line in enumerate(plan.lines):
        baseline = centered_baseline("sans", plan.setter.size, top + (k + 0.5) * line_h)
        uses += place_text(line, plan.setter, center_x - plan.setter.width(line) / 2, baseline)
    return tuple(uses)
