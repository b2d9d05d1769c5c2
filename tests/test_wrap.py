"""Line wrapping like CSS pre-wrap: over a facet's whole text, never by token."""
from __future__ import annotations

import numpy as np
import pytest
from sample_data import TEXT, char_data

from textualheatmap import TextualHeatmap
from textualheatmap.layout.wrap import wrap

ADVANCE = 1233 / 2048 * 14  # DejaVu Sans Mono at 14 px


def lines_of(text: str, width: float) -> list[str]:
    return [text[a:b] for a, b in wrap(text, [1.0] * len(text), width)]


@pytest.mark.parametrize(
    "text, width, expected",
    [
        ("hello world foo", 7, ["hello ", "world ", "foo"]),
        ("hello world", 20, ["hello world"]),
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),  # a word longer than the line
        ("aaa bbbbbbbbbb c", 4, ["aaa ", "bbbb", "bbbb", "bb c"]),
        ("ab  cd", 4, ["ab  ", "cd"]),  # spaces hang at the end of a line
        ("ab\ncd", 10, ["ab", "cd"]),
        ("ab\r\ncd\ref", 10, ["ab", "cd", "ef"]),
        ("ab\n\ncd", 10, ["ab", "", "cd"]),
        ("", 10, [""]),
        ("abc", 0, ["a", "b", "c"]),  # no room at all still makes progress
    ],
)
def test_wrap_offsets(text: str, width: float, expected: list[str]) -> None:
    assert lines_of(text, width) == expected


def test_wrap_returns_offsets_into_the_text() -> None:
    text = "one two three four"
    assert wrap(text, [1.0] * len(text), 9) == [(0, 8), (8, 14), (14, 18)]


def _line_of_each_token(heatmap: TextualHeatmap, facet: int = 0) -> np.ndarray:
    pieces = heatmap.scene.layout.facets[facet].fragments
    line_height = heatmap.scene.layout.look.line_height
    top = heatmap.scene.layout.facets[facet].panel.y + heatmap.scene.layout.look.padding
    lines = np.full(pieces.token.max() + 1, -1)
    for token, y in zip(pieces.token, pieces.y):
        lines[token] = int((y - top) // line_height)
    return lines


@pytest.mark.parametrize("width", [600, 400, 250, 1000])
def test_character_tokens_of_one_word_stay_on_one_line(width: int) -> None:
    heatmap = TextualHeatmap(width=width, facet_titles=["a", "b"])
    heatmap.set_data(char_data())
    lines = _line_of_each_token(heatmap)
    text = TEXT[:200]
    start = 0
    for word in text.split(" "):
        spans = set(lines[start:start + len(word)].tolist())
        assert len(spans) <= 1, f"{word!r} split across lines {spans} at width {width}"
        start += len(word) + 1
    # Each line's text fits the panel's content width.
    content = width - 60 - 14
    for line in range(lines.max() + 1):
        chars = "".join(text[i] for i in np.flatnonzero(lines == line))
        assert len(chars.rstrip(" ")) * ADVANCE <= content + 1e-6, chars


def test_narrower_figure_has_more_lines() -> None:
    counts = []
    for width in (1000, 600, 300):
        heatmap = TextualHeatmap(width=width)
        heatmap.set_data([char_data(facets=1)[0]])
        counts.append(_line_of_each_token(heatmap).max() + 1)
    # 200 characters at 62 per line at width 600 wrap into 4 lines, as the spec's figure.
    assert counts[1] == 4
    assert counts[0] < counts[1] < counts[2]


def test_newline_token_starts_a_new_line_and_long_word_breaks() -> None:
    heatmap = TextualHeatmap(width=200)  # 126 px of content: 14 characters a line
    tokens = ["ab", "\n", "cd", " ", "x" * 20]
    heatmap.set_data([[{"token": t} for t in tokens]])
    pieces = heatmap.scene.layout.facets[0].fragments
    ys = {}
    for token, y in zip(pieces.token.tolist(), pieces.y.tolist()):
        ys.setdefault(token, []).append(y)
    assert 1 not in ys  # the newline itself is never painted
    assert ys[2][0] > ys[0][0]  # "cd" is on the line after "ab"
    assert len(ys[4]) == 2 and ys[4][1] > ys[4][0]  # 20 x's break over two lines
    widths = pieces.w[pieces.token == 4]
    assert widths[0] == pytest.approx(14 * ADVANCE, abs=0.01)
    assert widths[1] == pytest.approx(6 * ADVANCE, abs=0.01)
