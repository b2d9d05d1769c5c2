"""A text and a tokenizer's character offsets as one facet's tokens: the exact text.

Fast tokenizers (Hugging Face ``tokenizers``: ``return_offsets_mapping=True``) and
SentencePiece (``begin``/``end`` of each piece, in bytes) say which span of the text each
piece stands for. The text shown is then the text itself, spaces, tabs and newlines
included, whatever the tokenizer; no marker has to be read.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from numbers import Integral
from typing import Any, Literal, overload

import numpy as np

from .data import is_sequence
from .pieces import Word, check_merge, check_numbers, facet_tokens, piece_mapping, split_edge_space



@dataclass
class _Span:
    """Pieces covering one stretch of the text: one shown token before merging."""

    start: int
    end: int
    pieces: list[int] = field(default_factory=list)


def _check_text(text: object) -> str:
    if not isinstance(text, str):
        raise TypeError(f"text must be a string (the text the tokenizer was given), got {type(text).__name__}")
    return text


def _check_offsets(offsets: object, length: int, name: str = "offsets") -> list[tuple[int, int]]:
    if not is_sequence(offsets):
        raise TypeError(f"{name} must be a list of (start, end) pairs, got {type(offsets).__name__}")
    pairs = []
    for i, pair in enumerate(offsets):
        if not is_sequence(pair) or len(pair) != 2:
            raise TypeError(f"{name}[{i}] must be a (start, end) pair, got {pair!r}")
        start, end = pair
        for value in (start, end):
            if isinstance(value, (bool, np.bool_)) or not isinstance(value, Integral):
                raise TypeError(f"{name}[{i}] must hold two ints, got {pair!r}")
        if not 0 <= int(start) <= int(end) <= length:
            raise ValueError(f"{name}[{i}] is {tuple(pair)!r}; a span needs 0 <= start <= end <= {length} "
                             "(the text's length)")
        pairs.append((int(start), int(end)))
    return pairs


def _char_offsets(text: str, pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """UTF-8 byte offsets (SentencePiece's) as character offsets."""
    char_of = {0: 0}
    position = 0
    for i, char in enumerate(text):
        position += len(char.encode("utf-8"))
        char_of[position] = i + 1
    converted = []
    for i, (start, end) in enumerate(pairs):
        if start not in char_of or end not in char_of:
            raise ValueError(f"offsets[{i}] is {(start, end)!r}: a byte offset inside a character")
        converted.append((char_of[start], char_of[end]))
    return converted


def _check_special(special: object, count: int) -> list[bool]:
    if special is None:
        return [False] * count
    if not is_sequence(special):
        raise TypeError(f"special must be a list of bools (a special tokens mask), got {type(special).__name__}")
    if len(special) != count:
        raise ValueError(f"special has {len(special)} entries but there are {count} offsets; give one per piece")
    return [bool(flag) for flag in special]


def _spans(pairs: list[tuple[int, int]], special: list[bool]) -> list[_Span]:
    """Pieces grouped by the text they cover: overlapping pieces (bytes of one character)
    share a span; a piece with an empty span joins the next piece's."""
    spans: list[_Span] = []
    waiting: list[int] = []  # empty-span pieces for the next span
    for i, (start, end) in enumerate(pairs):
        if special[i]:
            continue
        last = spans[-1] if spans else None
        if last is not None and start < last.start:
            raise ValueError(f"offsets[{i}] is {(start, end)!r}, before offsets[{last.pieces[-1]}]'s span "
                             f"{(last.start, last.end)!r}: spans must be in text order; if it is a special "
                             "token, pass special= (the tokenizer's special tokens mask)")
        if start == end and (last is None or start >= last.end):
            waiting.append(i)
        elif last is not None and start < last.end:  # overlapping, or empty inside it
            last.pieces += [*waiting, i]
            last.end = max(last.end, end)
            waiting = []
        else:
            spans.append(_Span(start, end, [*waiting, i]))
            waiting = []
    if waiting and spans:  # empty spans at the very end: the last token's
        spans[-1].pieces += waiting
    return spans


def _words(text: str, spans: list[_Span], merge: str | None) -> tuple[list[Word], str]:
    """Spans to shown tokens; whitespace at a span's edges and text no span covers become
    format text, and the text after the last span."""
    words: list[Word] = []
    cursor = 0
    pending = ""
    joinable = False  # whether the last word may take the next (no whitespace between)
    for span in spans:
        covered = text[span.start:span.end]
        gap = pending + text[cursor:span.start]
        cursor = span.end
        if not covered.strip():  # whitespace only: a token of its own (a coloured gap)
            words.append(Word(tuple(span.pieces), covered, gap))
            pending, joinable = "", False
            continue
        lead, core, trail = split_edge_space(covered)
        before = gap + lead
        if merge is not None and joinable and not before:
            last = words[-1]
            words[-1] = Word(last.pieces + tuple(span.pieces), last.text + core, last.before)
        else:
            words.append(Word(tuple(span.pieces), core, before))
        pending, joinable = trail, not trail
    return words, pending + text[cursor:]


@overload
def from_offsets(text: str, offsets: Sequence[tuple[int, int]] | np.ndarray,
                 scores: Sequence[float] | np.ndarray | None = None,
                 heat: Sequence[Sequence[float]] | np.ndarray | None = None,
                 merge: Literal["sum", "mean"] | None = None,
                 special: Sequence[bool] | np.ndarray | None = None, byte_offsets: bool = False,
                 return_mapping: Literal[False] = False) -> list[dict[str, Any]]: ...


@overload
def from_offsets(text: str, offsets: Sequence[tuple[int, int]] | np.ndarray,
                 scores: Sequence[float] | np.ndarray | None = None,
                 heat: Sequence[Sequence[float]] | np.ndarray | None = None,
                 merge: Literal["sum", "mean"] | None = None,
                 special: Sequence[bool] | np.ndarray | None = None, byte_offsets: bool = False,
                 *, return_mapping: Literal[True]) -> tuple[list[dict[str, Any]], list[int | None]]: ...


def from_offsets(text: str, offsets: Sequence[tuple[int, int]] | np.ndarray,
                 scores: Sequence[float] | np.ndarray | None = None,
                 heat: Sequence[Sequence[float]] | np.ndarray | None = None,
                 merge: Literal["sum", "mean"] | None = None,
                 special: Sequence[bool] | np.ndarray | None = None, byte_offsets: bool = False,
                 return_mapping: bool = False) -> Any:
    """``text`` cut at a tokenizer's ``offsets``, as one facet's tokens for ``set_data``.

    Example::

        encoding = tokenizer(text, return_offsets_mapping=True, return_special_tokens_mask=True)
        tokens = from_offsets(text, encoding["offset_mapping"], scores=attributions,
                              special=encoding["special_tokens_mask"])
        heatmap.set_data([tokens])

    The tokens' texts, joined, are ``text`` exactly. Each piece's span of the text is
    its token; whitespace at the edges of a span, and text between spans, become format
    tokens. A span that is only whitespace (a newline or indentation piece) is a token
    of its own with its score: a coloured gap (a line break as one space's width at the
    end of its line). Pieces whose spans overlap (byte-level pieces of one character, an
    emoji, SentencePiece's dummy prefix on the first character) are one token, their
    scores summed (or combined by ``merge``).

    Special tokens: the pieces marked in ``special`` (the tokenizer's special tokens
    mask) have no text; they are left out, with their scores, and map to None. Any
    other piece with an empty span (a byte-fallback piece whose character ends in a
    later piece, a dummy prefix at ``(0, 0)``) is part of the token of the next piece
    (at the end of the text: of the last one). An empty span before text already
    covered (``[SEP]`` at ``(0, 0)`` after the text) is an error unless ``special`` says
    it is special.

    Arguments:
        text: The text the tokenizer was given.
        offsets: One ``(start, end)`` per piece, in characters of ``text`` (in UTF-8
            bytes with ``byte_offsets=True``, as SentencePiece's ``begin``/``end``).
        scores: One number per piece; each token gets ``"heat": number``.
        heat: Instead of ``scores``, a pieces x pieces array (row i: the heat while piece
            i is highlighted); columns combine by ``merge``, rows average.
        merge: None: one token per span; ``"sum"``/``"mean"``: one token per run of
            spans with no whitespace between (a word), scores summed or averaged.
        special: A special tokens mask, one flag per piece.
        return_mapping: Also return, for each piece, the highlight index of its token
            (None for special pieces).
    """
    text = _check_text(text)
    check_merge(merge)
    if scores is not None and heat is not None:
        raise ValueError("give scores (one number per piece) or heat (a row per piece), not both")
    if not isinstance(byte_offsets, bool):
        raise TypeError(f"byte_offsets must be a bool, got {type(byte_offsets).__name__}")
    length = len(text.encode("utf-8")) if byte_offsets else len(text)
    pairs = _check_offsets(offsets, length)
    if byte_offsets:
        pairs = _char_offsets(text, pairs)
    n = len(pairs)
    flags = _check_special(special, n)
    score_array = None if scores is None else check_numbers(scores, "scores", (n,))
    heat_array = None if heat is None else check_numbers(heat, "heat", (n, n))
    words, tail = _words(text, _spans(pairs, flags), merge)
    tokens = facet_tokens(words, tail, score_array, heat_array, merge)
    return (tokens, piece_mapping(words, n)) if return_mapping else tokens
