"""The layout engine on its own: hand-made facets in, plain data out, no format involved."""
from __future__ import annotations

import numpy as np
import pytest

from textualheatmap.data import Facet, Token
from textualheatmap.layout import DEFAULT_LOOK, layout_figure, layout_meta

LOOK = DEFAULT_LOOK
COLUMN = 1233 / 2048 * 14  # DejaVu Sans Mono's advance at 14 px
CONTENT = 16.296875  # its ascent + descent at 14 px: the height of a token's box


def facet(*texts: str, format_at: tuple[int, ...] = ()) -> Facet:
    return Facet(tuple(Token(text, format=k in format_at) for k, text in enumerate(texts)))


def test_tokens_wrap_at_spaces_to_the_content_width() -> None:
    # 200 px less the 60 px title column and 7 px padding each side: 126 px, 14 columns.
    layout = layout_figure((facet("hello ", "world ", "again"),), ("T",), 200, False, False, LOOK)
    pieces = layout.facets[0].fragments
    assert pieces.token.tolist() == [0, 1, 2]
    assert pieces.x.tolist() == [7.0, round(7 + 6 * COLUMN, 2), 7.0]  # "again" starts line 2
    top = 7 + (19.6 - CONTENT) / 2
    assert pieces.y.tolist() == [round(top, 2), round(top, 2), round(top + 19.6, 2)]
    # Trailing spaces are painted with their word, as the original's spans are.
    assert pieces.w.tolist() == [round(6 * COLUMN, 2), round(6 * COLUMN, 2), round(5 * COLUMN, 2)]
    assert layout.facets[0].panel.h == pytest.approx(2 * 7 + 2 * 19.6)
    assert layout.height == pytest.approx(2 * 7 + 2 * 19.6)


def test_format_tokens_are_drawn_but_never_counted() -> None:
    layout = layout_figure((facet("ab", " ", "cd", format_at=(1,)),), ("T",), 600, False, False, LOOK)
    result = layout.facets[0]
    assert result.fragments.token.tolist() == [0, 1]  # "ab" and "cd": the space has no box
    assert result.text_token.tolist() == [0, 0, 1, 1]  # four glyphs; a space draws none
    assert [use.x for use in result.text] == [round(7 + k * COLUMN, 2) for k in (0, 1, 3, 4)]


def test_every_coordinate_a_format_reads_is_rounded_once_to_two_decimals() -> None:
    layout = layout_figure((facet(*"the quick brown fox jumps over"),), ("T",), 300, True, False, LOOK)
    result = layout.facets[0]
    pieces = result.fragments
    values = np.concatenate([pieces.x, pieces.y, pieces.w, pieces.underline_top,
                             [use.x for use in result.text], [use.y for use in result.text]])
    assert np.array_equal(values, np.round(values, 2)) and len(values) > 100
    exact_top = 40 + 7 + (19.6 - CONTENT) / 2 + CONTENT  # meta row, padding, half leading
    assert pieces.underline_top[0] == round(exact_top, 2)
    assert (pieces.height, pieces.underline_h) == (round(CONTENT + 2.8, 2), 2.8)


def test_facets_stack_with_a_gap_and_titles_sit_in_their_column() -> None:
    layout = layout_figure((facet("a"), facet("b")), ("GRU", "LSTM"), 400, True, True, LOOK)
    first, second = layout.facets
    assert first.meta_row is not None and first.meta_row.h == 40 and first.panel.y == 40
    assert second.meta_row is not None and second.meta_row.y == pytest.approx(first.panel.h + 40 + 7)
    assert first.title.x == 340 and first.title.w == 60 and first.title_rotation == 90
    assert [first.title_label, second.title_label] == ["GRU", "LSTM"]
    assert all(first.title.x <= use.x < 400 for use in first.title_glyphs)


def test_meta_boxes_share_the_row_and_long_strings_are_cut() -> None:
    layout = layout_figure((facet("a"),), ("T",), 600, True, False, LOOK)
    row = layout.facets[0].meta_row
    assert row is not None
    boxes = layout_meta(("short", "x" * 200, ""), row, LOOK)
    assert [box.label for box in boxes] == ["short", "x" * 200, ""]
    assert [box.box.x for box in boxes] == pytest.approx([0, (540 - 4) / 3 + 2, 2 * ((540 - 4) / 3 + 2)])
    assert len(boxes[1].glyphs) < 30 and boxes[2].glyphs == ()
    assert all(boxes[1].box.x < use.x < boxes[1].box.x + boxes[1].box.w for use in boxes[1].glyphs)


def test_characters_no_font_draws_are_recorded_not_warned() -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        layout = layout_figure((facet("a\U000F0000"),), ("T",), 600, False, False, LOOK)
    assert layout.missing == frozenset({"\U000F0000"})
