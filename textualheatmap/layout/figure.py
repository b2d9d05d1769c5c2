"""Lay out once, draw many: where every box and glyph of a figure goes, as plain data.

Nothing here knows about SVG or pixels. ``layout_figure`` runs once per ``set_data``;
``layout_meta`` places the meta strings of one highlight, cached per distinct strings.
What several formats read (token pieces, glyph positions) is rounded here, once, to the
precision the SVG writes (precision.py).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..colormap import Scale
from ..data import Facet, Token
from .fonts import load_font
from .geometry import Box, GlyphUse, Radii, centered_baseline, content_height, glyph_use, place_text
from .glyphs import Typesetter, note_missing, visible
from .legend import LegendLayout, layout_legend
from .look import Look
from .precision import rounded, rounded_array
from .titles import plan_title, title_glyphs
from .wrap import Line, line_positions, wrap


@dataclass(frozen=True)
class Fragments:
    """The painted pieces of the non-format tokens: one row per token per line it touches.

    ``token[k]`` is the highlight index (count of non-format tokens) that piece ``k``
    belongs to. Every piece is ``height`` tall; its underline's top is at
    ``underline_top[k]`` and it is ``underline_h`` thick. All rounded (precision.py).
    """

    token: np.ndarray
    x: np.ndarray
    y: np.ndarray
    w: np.ndarray
    underline_top: np.ndarray
    height: float
    underline_h: float


@dataclass(frozen=True)
class FacetLayout:
    label: str  # the facet's text, as data for readers and tests: never markup
    title_label: str
    meta_row: Box | None
    panel: Box
    panel_radii: Radii
    title: Box
    title_glyphs: tuple[GlyphUse, ...]
    title_rotation: float
    fragments: Fragments
    text: tuple[GlyphUse, ...]
    text_token: np.ndarray  # highlight index of the token each glyph of text belongs to, -1 for format


@dataclass(frozen=True)
class MetaBox:
    label: str
    box: Box
    radii: Radii
    glyphs: tuple[GlyphUse, ...]


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    look: Look
    facets: tuple[FacetLayout, ...]
    legend: LegendLayout | None = None
    missing: frozenset[str] = frozenset()  # characters no font draws: formats warn when they draw


# The narrowest figure: the title column, the panel's padding and this many characters.
MINIMUM_COLUMNS = 4


def minimum_width(look: Look) -> int:
    """The narrowest figure width in whole pixels that has room for a few characters."""
    column = load_font("mono").advance("0") * look.font_size
    return math.ceil(look.title_width + 2 * look.padding + MINIMUM_COLUMNS * column)


class Setters:
    """The figure's typesetters: the tokens' monospace and the sans at each size a title needs."""

    def __init__(self, look: Look) -> None:
        self.mono = Typesetter("mono", look.font_size, monospace=True)
        self._sans: dict[float, Typesetter] = {}

    def at(self, size: float) -> Typesetter:
        """The sans-serif typesetter at ``size`` px."""
        return self._sans.setdefault(size, Typesetter("sans", size, monospace=False))

    @property
    def missing(self) -> frozenset[str]:
        return frozenset(self.mono.missing.union(*(setter.missing for setter in self._sans.values())))


def _token_fragments(facet: Facet, lines: list[Line], xs: list[float], widths: list[float],
                     left: float, right: float, line_tops: list[float], look: Look) -> Fragments:
    content_h = content_height("mono", look.font_size)
    half_leading = (look.line_height - content_h) / 2
    rows: list[tuple[int, float, float, float]] = []
    offset = 0
    first_line = 0
    for token, counted in zip(facet.tokens, facet.highlight_indices):
        start, end = offset, offset + len(token.text)
        offset = end
        if counted < 0:
            continue
        while first_line < len(lines) - 1 and lines[first_line][1] <= start:
            first_line += 1
        k = first_line
        while k < len(lines) and lines[k][0] < end:
            a, b = max(start, lines[k][0]), min(end, lines[k][1])
            if a < b:
                # Spaces hanging past the line's end are cut at the content edge.
                x0 = min(left + xs[a], right)
                x1 = min(left + xs[b - 1] + widths[b - 1], right)
                if x1 > x0:
                    rows.append((counted, x0, line_tops[k] + half_leading, x1 - x0))
            k += 1
    table = np.array(rows, dtype=np.float64).reshape(-1, 4)
    return Fragments(
        token=table[:, 0].astype(np.int32),
        x=rounded_array(table[:, 1]), y=rounded_array(table[:, 2]), w=rounded_array(table[:, 3]),
        underline_top=rounded_array(table[:, 2] + content_h),
        height=rounded(content_h + look.underline),
        underline_h=rounded(look.underline),
    )


def _panel_text(facet: Facet, text: str, lines: list[Line], xs: list[float], left: float,
                baselines: list[float], setter: Typesetter) -> tuple[tuple[GlyphUse, ...], np.ndarray]:
    owner: list[int] = []  # per character: its token's highlight index, or -1
    for token, counted in zip(facet.tokens, facet.highlight_indices):
        owner += [counted] * len(token.text)
    uses, tokens = [], []
    for (start, end), baseline in zip(lines, baselines):
        for i in range(start, end):
            placed = setter.place(text[i])
            if placed.glyph is not None:
                uses.append(glyph_use(placed.glyph, left + xs[i] + placed.dx, baseline))
                tokens.append(owner[i])
    return tuple(uses), np.array(tokens, dtype=np.int32)


def _is_break_piece(token: Token) -> bool:
    return token.gap and not token.format and ("\n" in token.text or "\r" in token.text)


def _with_break_gaps(facet: Facet, text: str, lines: list[Line], xs: list[float], widths: list[float],
                     gap: float) -> list[Line]:
    """The lines for the tokens' pieces: a line break in a non-format token marked as a gap
    (a tokenizer's newline piece, with its score) is given ``gap`` of width at the end of
    its line, in ``xs`` and ``widths``, so its colour shows. Other line breaks stay unseen,
    as in the original."""
    if not any(_is_break_piece(token) for token in facet.tokens):
        return lines
    shown = [False] * len(text)
    offset = 0
    for token in facet.tokens:
        if _is_break_piece(token):
            shown[offset:offset + len(token.text)] = [True] * len(token.text)
        offset += len(token.text)
    extended = []
    for start, end in lines:
        if end < len(text) and shown[end]:
            xs[end] = xs[end - 1] + widths[end - 1] if end > start else 0.0
            widths[end] = gap
            end += 1
        extended.append((start, end))
    return extended


def _layout_facet(facet: Facet, title_text: str, top: float, width: float, show_meta: bool,
                  rotate_title: bool, look: Look, setters: Setters) -> FacetLayout:
    mono = setters.mono
    panel_w = max(width - look.title_width, 0.0)
    left = look.padding
    content_w = max(panel_w - 2 * look.padding, 0.0)
    meta_row = Box(0.0, top, panel_w, look.meta_height) if show_meta else None
    panel_top = top + look.meta_height if show_meta else top

    text = "".join(token.text for token in facet.tokens)
    advances = [mono.advance(char) for char in text]
    lines = wrap(text, advances, content_w, mono.tab)
    xs, widths = line_positions(text, lines, advances, mono.tab)
    token_lines = _with_break_gaps(facet, text, lines, xs, widths, mono.advance(" "))
    line_tops = [panel_top + look.padding + k * look.line_height for k in range(len(lines))]
    half_leading = (look.line_height - content_height("mono", look.font_size)) / 2
    ascent = load_font("mono").ascent * look.font_size
    baselines = [line_top + half_leading + ascent for line_top in line_tops]

    tokens_h = 2 * look.padding + len(lines) * look.line_height
    title = plan_title(title_text, tokens_h, rotate_title, look, setters.at)
    panel = Box(0.0, panel_top, panel_w, max(tokens_h, title.needed))
    glyphs, glyph_tokens = _panel_text(facet, text, lines, xs, left, baselines, mono)
    r = look.radius
    title_box = Box(panel_w, panel_top, look.title_width, panel.h)
    return FacetLayout(
        label=visible(text),
        title_label=visible(title_text),
        meta_row=meta_row,
        panel=panel,
        panel_radii=(0.0, 0.0, 0.0, r) if show_meta else (r, 0.0, 0.0, r),
        title=title_box,
        title_glyphs=title_glyphs(title, title_box, look),
        title_rotation=90.0 if rotate_title else 0.0,
        fragments=_token_fragments(facet, token_lines, xs, widths, left, left + content_w, line_tops, look),
        text=glyphs,
        text_token=glyph_tokens,
    )


def layout_figure(facets: tuple[Facet, ...], titles: tuple[str, ...], width: float,
                  show_meta: bool, rotate_titles: bool, look: Look,
                  legend: tuple[tuple[str, ...], Scale] | None = None) -> Layout:
    """Everything's place; ``legend`` (palette, scale) adds a colour bar underneath."""
    setters = Setters(look)
    placed = []
    top = 0.0
    for facet, title in zip(facets, titles):
        placed.append(_layout_facet(facet, title, top, width, show_meta, rotate_titles, look, setters))
        top = placed[-1].panel.y + placed[-1].panel.h + look.facet_gap
    height = top - look.facet_gap if placed else 0.0
    bar = None
    if legend is not None:
        bar = layout_legend(top, max(width - look.title_width, 1.0), *legend, look)
        height = top + bar.height
    missing = setters.missing
    return Layout(width=float(width), height=height, look=look, facets=tuple(placed), legend=bar,
                  missing=missing)


def ellipsize(text: str, setter: Typesetter, room: float) -> str:
    if setter.width(text) <= room:
        return text
    ellipsis_w = setter.advance("\u2026")
    width = 0.0
    for i, char in enumerate(text):
        width += setter.advance(char)
        if width + ellipsis_w > room:
            return text[:i] + "\u2026"
    return text


def layout_meta(strings: tuple[str, ...], row: Box, look: Look) -> tuple[MetaBox, ...]:
    """Equal boxes sharing ``row``, one per string (one empty box when there are none)."""
    boxes, missing = _layout_meta(strings, row, look)
    note_missing(missing)  # every time, cached or not: each save reports what it draws
    return boxes


@lru_cache(maxsize=4096)
def _layout_meta(strings: tuple[str, ...], row: Box, look: Look) -> tuple[tuple[MetaBox, ...], frozenset[str]]:
    setter = Typesetter("sans", look.font_size, monospace=False)
    count = max(len(strings), 1)
    box_w = (row.w - look.meta_gap * (count - 1)) / count
    room = box_w - 2 * (look.border + look.meta_padding)
    baseline = centered_baseline("sans", look.font_size, row.y + look.border + (row.h - look.border) / 2)
    r = look.radius
    boxes = []
    for k, string in enumerate(strings or ("",)):
        box = Box(row.x + k * (box_w + look.meta_gap), row.y, box_w, row.h)
        shown = ellipsize(string, setter, room)
        glyphs = place_text(shown, setter, box.x + (box.w - setter.width(shown)) / 2, baseline)
        radii = (r if k == 0 else 0.0, r if k == count - 1 else 0.0, 0.0, 0.0)
        boxes.append(MetaBox(visible(string), box, radii, tuple(glyphs)))
    return tuple(boxes), frozenset(setter.missing)
