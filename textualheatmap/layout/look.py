"""The original widget's look, in numbers: one place for every size and colour.

The values come from the original stylesheet at its default 14 px font size; lengths
given there in ``em`` are kept in ``em`` here so a different font size scales them.
"""
from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Look:
    font_size: float = 14.0
    padding_em: float = 0.5
    line_height_em: float = 1.4
    underline_em: float = 0.2
    facet_gap_em: float = 0.5
    title_width: float = 60.0
    title_line_height_em: float = 1.0
    meta_height: float = 40.0
    meta_gap: float = 2.0
    meta_padding: float = 5.0
    border: float = 1.0
    radius: float = 5.0
    panel_fill: str = "#365d8d"
    token_text: str = "#ffffff"
    underline_fill: str = "#ffffff"
    meta_fill: str = "#f3f3f3"
    meta_text: str = "#000000"
    border_color: str = "#e0e0e0"
    title_fill: str = "#eeeeee"
    title_text: str = "#555555"
    # Not in the original: text that switches to dark on bright colours, and the legend.
    title_margin: float = 2.0  # between a title's longest line and its column's edges
    dark_text: str = "#050505"  # dark enough for 4.5:1 contrast on every built-in colour
    legend_bar: float = 12.0
    legend_tick: float = 4.0
    legend_font_em: float = 0.8
    legend_text: str = "#555555"  # also the small-multiples panels' labels: text on the page
    page: str = "#ffffff"  # the page the figure is made for: a GIF's background unless given


    def em(self, value: float) -> float:
        return value * self.font_size

    @property
    def padding(self) -> float:
        return self.em(self.padding_em)

    @property
    def line_height(self) -> float:
        return self.em(self.line_height_em)

    @property
    def underline(self) -> float:
        return self.em(self.underline_em)

    @property
    def facet_gap(self) -> float:
        return self.em(self.facet_gap_em)


DEFAULT_LOOK = Look()


# The original's font size: lengths the original gives in px (the title column, the meta
# row, its padding, the legend's bar) are scaled by font_size / ORIGINAL_FONT_SIZE, so a
# smaller font gives the same figure, smaller; borders, radii and gaps stay in px.
ORIGINAL_FONT_SIZE = 14.0

# Colours for a dark page (GitHub's dark mode: #0d1117): every text at least 4.5:1 on
# what it sits on (tests/test_themes.py checks it). The panel keeps its colour: it is the
# first step of the original's colour map, so that zero heat stays invisible on it.
DARK_COLOURS = {
    "meta_fill": "#22272e",
    "meta_text": "#e6edf3",
    "border_color": "#444c56",
    "title_fill": "#2d333b",
    "title_text": "#c9d1d9",
    "legend_text": "#adbac7",
    "page": "#0d1117",
}
DARK_LOOK = Look(**DARK_COLOURS)  # type: ignore[arg-type]  # every key is a colour field
THEMES = ("light", "dark")


def look_of(theme: str = "light", font_size: float = ORIGINAL_FONT_SIZE) -> Look:
    """The look of ``theme`` at ``font_size`` px; the defaults are the original's look."""
    look = DEFAULT_LOOK if theme == "light" else DARK_LOOK
    if font_size == ORIGINAL_FONT_SIZE:
        return look
    ratio = font_size / ORIGINAL_FONT_SIZE
    return replace(look, font_size=font_size, title_width=look.title_width * ratio,
                   meta_height=look.meta_height * ratio, meta_padding=look.meta_padding * ratio,
                   legend_bar=look.legend_bar * ratio, legend_tick=look.legend_tick * ratio)
