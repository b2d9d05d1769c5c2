"""Tokenizer pieces to this library's tokens: words, spaces as format tokens, merged scores.

Three schemes are understood:

- ``wordpiece`` (BERT): a piece starting with ``##`` continues the word before it; any
  other piece starts a new word. The text had a space between words, so one format
  token ``" "`` goes before each new word, except before the first one, before a piece
  made only of closing punctuation (``. , ; : ! ? ) ] } %`` and closing quotes) and
  after a piece made only of opening punctuation (``( [ {`` and opening quotes).
- ``bytelevel`` (GPT-2, RoBERTa): pieces are bytes written in GPT-2's byte-to-unicode
  alphabet (``Ġ`` a space, ``Ċ`` a newline, ``Ã©`` the two bytes of ``é``); they are
  decoded back to text. A piece without a leading space continues the word before it.
- ``sentencepiece`` (T5, XLNet, Llama): ``▁`` is a space; a piece without one continues
  the word before it. Byte-fallback pieces like ``<0x0A>`` are decoded as bytes.

Whitespace at the edges of a piece becomes separate format tokens. A space before the
very first word is dropped (SentencePiece's dummy prefix); newlines are kept. A piece that
is only whitespace (``Ċ``, ``ĠĠĠ``, a lone ``▁``) is a token of its own with its score,
drawn as a coloured gap (the model saw it; see ``from_subwords``). A character whose bytes are split over
several pieces is shown once, on one token made of those pieces (their scores summed).

Merging makes one token per word, as each scheme sees words: in WordPiece a piece and
its ``##`` continuations (``story`` and ``.`` stay apart); in the other two the pieces
between whitespace (``story.`` is one word). Special tokens are always words of their own.

Special tokens (``[CLS]``, ``[SEP]``, ``<s>``, ``</s>``, ``<pad>``, ``<|endoftext|>``...)
are kept by default as tokens of their own, set apart by spaces, since attention and
attribution often land on them; ``skip_special=True`` drops them with their scores.
"""
from __future__ import annotations

import codecs
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, Literal, overload

import numpy as np

from .pieces import Word, check_merge, check_numbers, facet_tokens, piece_mapping, split_edge_space

Scheme = Literal["auto", "wordpiece", "bytelevel", "sentencepiece"]
SCHEMES = ("wordpiece", "bytelevel", "sentencepiece")

_CONTINUE = "##"
_SPACE_MARK = "\u2581"  # SentencePiece's "▁"
_CLOSING = frozenset(".,;:!?)]}%\u2026\u201d\u2019\u00bb")
_OPENING = frozenset("([{\u201c\u2018\u00ab\u00bf\u00a1")
# Bracketed upper-case words (BERT) and angle-bracketed names (RoBERTa, T5, GPT-2).
_SPECIAL = re.compile(r"\[[A-Z][A-Z0-9_]*\]|<\|?/?[A-Za-z][A-Za-z0-9_]*\|?>")
_BYTE_FALLBACK = re.compile(r"<0x([0-9A-Fa-f]{2})>")


def _byte_alphabet() -> dict[str, int]:
    """GPT-2's byte-to-unicode table, inverted: the character that stands for each byte.

    Printable Latin-1 bytes stand for themselves; the other 68 bytes (controls, space,
    soft hyphen...) take the code points from U+0100 on, in byte order. This is the
    algorithm of GPT-2's ``bytes_to_unicode``, run here rather than copied as a table.
    """
    printable = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1),
                 *range(ord("®"), ord("ÿ") + 1)]
    shifted = [byte for byte in range(256) if byte not in printable]
    table = {chr(byte): byte for byte in printable}
    table.update({chr(256 + n): byte for n, byte in enumerate(shifted)})
    return table


BYTE_OF_CHAR: dict[str, int] = _byte_alphabet()


@dataclass(frozen=True)
class _Unit:
    """One shown token before spacing: the pieces it is made of and their text."""

    pieces: tuple[int, ...]
    text: str
    special: bool
    continues: bool  # WordPiece's "##": joins the word before it


def detect_scheme(pieces: Sequence[str], special: Collection[str] | None = None) -> str:
    """The scheme whose markers the pieces carry most: ``##``, ``Ġ``/``Ċ`` or ``▁``."""
    plain = [piece for piece in pieces if not _is_special(piece, special)]
    counts = {
        "wordpiece": sum(len(p) > 2 and p.startswith(_CONTINUE) for p in plain),
        "bytelevel": sum(p.startswith("\u0120") or "\u010a" in p for p in plain),
        "sentencepiece": sum(_SPACE_MARK in p for p in plain),
    }
    best = max(counts.values())
    leaders = [name for name, count in counts.items() if count == best]
    if best and len(leaders) == 1:
        return leaders[0]
    if best:
        raise ValueError(f"cannot tell the tokenizer scheme: the pieces carry markers of "
                         f"{' and '.join(leaders)}; pass scheme= one of {', '.join(SCHEMES)}")
    # No markers: BERT's brackets name it; one piece reads the same in every scheme.
    if len(plain) <= 1 or any(len(p) > 2 and p[0] == "[" and p[-1] == "]" for p in pieces):
        return "wordpiece"
    raise ValueError("cannot tell the tokenizer scheme: no piece has a ## , Ġ or ▁ marker; "
                     f"pass scheme= one of {', '.join(SCHEMES)}")


def _is_special(piece: str, special: Collection[str] | None) -> bool:
    if special is not None:
        return piece in special
    return _SPECIAL.fullmatch(piece) is not None and _BYTE_FALLBACK.fullmatch(piece) is None


def _piece_bytes(piece: str, scheme: str) -> bytes:
    if scheme == "bytelevel":
        # A character outside the alphabet (text that was never byte-encoded) stays as is.
        return b"".join(bytes([BYTE_OF_CHAR[c]]) if c in BYTE_OF_CHAR else c.encode("utf-8")
                        for c in piece)
    if scheme == "sentencepiece":
        fallback = _BYTE_FALLBACK.fullmatch(piece)
        if fallback:
            return bytes([int(fallback.group(1), 16)])
        return piece.replace(_SPACE_MARK, " ").encode("utf-8")
    return (piece[2:] if len(piece) > 2 and piece.startswith(_CONTINUE) else piece).encode("utf-8")


def _decode(pieces: Sequence[str], scheme: str, special: Collection[str] | None) -> list[_Unit]:
    """Pieces to units; pieces that end inside a UTF-8 character join the next piece."""
    units: list[_Unit] = []
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    waiting: list[int] = []  # pieces whose bytes have not completed a character yet
    text = ""

    def close(final: bool, continues: bool = False) -> None:
        nonlocal text
        text += decoder.decode(b"", final=True) if final else ""
        if waiting:
            units.append(_Unit(tuple(waiting), text, False, continues))
        waiting.clear()
        text = ""

    for i, piece in enumerate(pieces):
        if _is_special(piece, special):
            close(final=True)
            units.append(_Unit((i,), piece, True, False))
            continue
        continues = scheme == "wordpiece" and len(piece) > 2 and piece.startswith(_CONTINUE)
        text += decoder.decode(_piece_bytes(piece, scheme))
        waiting.append(i)
        if not decoder.getstate()[0]:
            close(final=False, continues=continues)
    close(final=True)
    return units


def _needs_space(previous: _Unit | None, unit: _Unit, scheme: str) -> bool:
    """Whether a space the pieces do not carry goes between ``previous`` and ``unit``."""
    if previous is None:
        return False
    if unit.special or previous.special:
        return True
    if scheme != "wordpiece" or unit.continues:
        return False
    return not (set(unit.text) <= _CLOSING or set(previous.text) <= _OPENING)


def _joins(previous: _Unit | None, unit: _Unit, before: str, scheme: str) -> bool:
    """Whether ``unit`` continues the word of ``previous`` (for merging)."""
    if previous is None or before or unit.special or previous.special or not previous.text.strip():
        return False
    return unit.continues if scheme == "wordpiece" else True


def _words(units: list[_Unit], scheme: str, merge: str | None) -> tuple[list[Word], str]:
    """Units to shown tokens with their whitespace split off (one token per word when
    merging), and the whitespace after the last one."""
    words: list[Word] = []
    pending = ""  # whitespace waiting to go before the next word
    previous: _Unit | None = None
    for unit in units:
        if not unit.text.strip():  # a whitespace-only piece: a token of its own, score kept
            words.append(Word(unit.pieces, unit.text, pending))
            pending, previous = "", unit
            continue
        lead, core, trail = split_edge_space(unit.text)
        before = pending + lead
        if not before and _needs_space(previous, unit, scheme):
            before = " "
        if not words:
            before = before.lstrip(" ")  # SentencePiece's dummy prefix; a gap at the start
        if merge is not None and words and _joins(previous, unit, before, scheme):
            last = words[-1]
            words[-1] = Word(last.pieces + unit.pieces, last.text + core, last.before)
        else:
            words.append(Word(unit.pieces, core, before))
        pending, previous = trail, unit
    return words, pending


def _check_pieces(pieces: object) -> list[str]:
    if isinstance(pieces, (str, bytes)) or not isinstance(pieces, Sequence):
        raise TypeError(f"pieces must be a list of strings (a tokenizer's tokens), "
                        f"got {type(pieces).__name__}")
    for i, piece in enumerate(pieces):
        if not isinstance(piece, str):
            raise TypeError(f"pieces[{i}] must be a string, got {type(piece).__name__}")
    return list(pieces)


@overload
def from_subwords(pieces: Sequence[str], scores: Sequence[float] | np.ndarray | None = None,
                  scheme: Scheme = "auto", merge: Literal["sum", "mean"] | None = None,
                  heat: Sequence[Sequence[float]] | np.ndarray | None = None,
                  skip_special: bool = False, special_tokens: Collection[str] | None = None,
                  return_mapping: Literal[False] = False) -> list[dict[str, Any]]: ...


@overload
def from_subwords(pieces: Sequence[str], scores: Sequence[float] | np.ndarray | None = None,
                  scheme: Scheme = "auto", merge: Literal["sum", "mean"] | None = None,
                  heat: Sequence[Sequence[float]] | np.ndarray | None = None,
                  skip_special: bool = False, special_tokens: Collection[str] | None = None,
                  *, return_mapping: Literal[True]) -> tuple[list[dict[str, Any]], list[int | None]]: ...


def from_subwords(pieces: Sequence[str], scores: Sequence[float] | np.ndarray | None = None,
                  scheme: Scheme = "auto", merge: Literal["sum", "mean"] | None = None,
                  heat: Sequence[Sequence[float]] | np.ndarray | None = None,
                  skip_special: bool = False, special_tokens: Collection[str] | None = None,
                  return_mapping: bool = False) -> Any:
    """A tokenizer's pieces as one facet's tokens for ``TextualHeatmap.set_data``.

    Example::

        pieces = tokenizer.convert_ids_to_tokens(ids)  # ['[CLS]', 'the', 'un', '##believ', ...]
        tokens = from_subwords(pieces, scores=attributions, merge="sum")
        heatmap.set_data([tokens])

    Arguments:
        pieces: The tokenizer's pieces, as it spells them (``##ing``, ``Ġthe``, ``▁the``).
        scores: One number per piece (a saliency map); each token gets ``"heat": number``.
        scheme: ``"wordpiece"``, ``"bytelevel"``, ``"sentencepiece"``, or ``"auto"`` to
            tell from the markers the pieces carry.
        merge: ``None`` keeps one token per piece; ``"sum"`` or ``"mean"`` makes one
            token per word whose score is the sum or mean of its pieces' scores.
        heat: Instead of ``scores``, a pieces x pieces array: row i is the heat over the
            pieces while piece i is highlighted; each token gets row i as ``"heat"``.
            Merging combines columns (heat landing on a word) by ``merge`` and always
            averages rows (a word highlighted), so a row of attention weights still sums
            to one, as in Clark et al. 2019, "What does BERT look at?".
        skip_special: Drop special tokens (and their scores) instead of keeping them.
        special_tokens: The exact special pieces (e.g. ``tokenizer.all_special_tokens``);
            by default ``[UPPER]`` and ``<name>``/``<|name|>`` pieces are special.
        return_mapping: Also return, for each piece, the highlight index of the token it
            went into (None for a skipped special token): what reduces your own
            pieces x pieces matrices to the tokens shown.

    A piece that is only whitespace (GPT-2's ``Ċ``, ``ĠĠĠ``, ``ĉ``; a lone ``▁``) is a token
    of its own, whose text is that whitespace, with its score: the model saw it. It shows
    as a coloured gap: a space or tab as wide as it is, a line break as one space's width
    at the end of the line it ends.
    """
    pieces = _check_pieces(pieces)
    if scheme not in ("auto", *SCHEMES):
        raise ValueError(f"scheme must be 'auto' or one of {', '.join(SCHEMES)}, got {scheme!r}")
    check_merge(merge)
    if scores is not None and heat is not None:
        raise ValueError("give scores (one number per piece) or heat (a row per piece), not both")
    if not isinstance(skip_special, bool):
        raise TypeError(f"skip_special must be a bool, got {type(skip_special).__name__}")
    special = None if special_tokens is None else frozenset(special_tokens)
    n = len(pieces)
    score_array = None if scores is None else check_numbers(scores, "scores", (n,))
    heat_array = None if heat is None else check_numbers(heat, "heat", (n, n))
    chosen = detect_scheme(pieces, special) if scheme == "auto" else scheme
    units = _decode(pieces, chosen, special)
    if skip_special:
        units = [unit for unit in units if not unit.special]
    words, tail = _words(units, chosen, merge)
    tokens = facet_tokens(words, tail, score_array, heat_array, merge)
    return (tokens, piece_mapping(words, n)) if return_mapping else tokens
