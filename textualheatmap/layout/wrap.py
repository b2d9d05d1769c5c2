"""Line wrapping like CSS ``white-space: pre-wrap``, over offsets rather than new strings.

Spaces are kept and may hang past the line's end; a line breaks after a run of spaces,
at a forced break (``\\n``, ``\\r\\n`` or ``\\r``), or inside a word too long for any line.
Token boundaries play no part: callers wrap the whole text of a facet at once.
"""
from __future__ import annotations

from collections.abc import Sequence

Line = tuple[int, int]

# Slack for float sums of advances: 62 characters of 8.43 px must fit in 526 px.
_EPSILON = 1e-6
_SPACES = frozenset(" \t")


def tab_advance(x: float, tab: float) -> float:
    """A tab reaches the next tab stop after ``x`` (measured from the line's start)."""
    return tab - (x % tab)


def wrap(text: str, advances: Sequence[float], width: float, tab: float = 0.0) -> list[Line]:
    """Lines of ``text`` as ``(start, end)`` offsets; line breaks lie between lines.

    ``advances[i]`` is the width of ``text[i]``; with ``tab`` > 0 a tab instead reaches
    the next multiple of ``tab``. Every line holds at least one character unless the
    text itself has an empty line, so a narrow width cannot loop forever.
    """
    lines: list[Line] = []
    start = 0
    x = 0.0
    word_start = -1  # where the line would break: the start of the current word
    x_at_word = 0.0
    i = 0
    n = len(text)
    while i < n:
        char = text[i]
        if char == "\n" or char == "\r":
            lines.append((start, i))
            i += 2 if text.startswith("\r\n", i) else 1
            start, x, word_start = i, 0.0, -1
            continue
        advance = tab_advance(x, tab) if char == "\t" and tab > 0 else advances[i]
        if char in _SPACES:
            x += advance
            i += 1
            continue
        if i > start and text[i - 1] in _SPACES:
            word_start, x_at_word = i, x
        if x + advance > width + _EPSILON and i > start:
            if word_start > start:
                lines.append((start, word_start))
                start, x = word_start, x - x_at_word
            else:
                lines.append((start, i))
                start, x = i, 0.0
            word_start = -1
            continue  # the same character again, on its new line
        x += advance
        i += 1
    lines.append((start, n))
    return lines


def line_positions(text: str, lines: Sequence[Line], advances: Sequence[float],
                   tab: float = 0.0) -> tuple[list[float], list[float]]:
    """Each character's x from its line's start and its width there, tabs expanded.

    Characters between lines (the line breaks) get zero for both.
    """
    xs = [0.0] * len(text)
    widths = [0.0] * len(text)
    for start, end in lines:
        x = 0.0
        for i in range(start, end):
            advance = tab_advance(x, tab) if text[i] == "\t" and tab > 0 else advances[i]
            xs[i], widths[i] = x, advance
            x += advance
    return xs, widths
