"""Figures of a model's sequences: translation (target x source) and generation.

Both build frame-driven data (``FrameData``, frames.py) from a tokenizer's pieces (or a
text and its offsets) and the model's attribution matrices, reduced to the tokens shown
through the piece -> token mapping of ``from_subwords``/``from_offsets``.
"""
from __future__ import annotations

from collections.abc import Sequence
from numbers import Real
from typing import Any, Literal, Union, cast

import numpy as np

from .frames import FrameData
from .offsets import from_offsets
from .pieces import check_merge
from .subwords import Scheme, from_subwords

# A side of a sequence pair: the tokenizer's pieces, or the text and the pieces' offsets.
Side = Union[Sequence[str], tuple[str, Sequence[tuple[int, int]]]]
Mapping = list[Union[int, None]]


def _is_offsets(side: object) -> bool:
    return isinstance(side, tuple) and len(side) == 2 and isinstance(side[0], str) \
        and not isinstance(side[1], str)


def _side(side: object, name: str, scheme: Scheme) -> tuple[list[dict[str, Any]], Mapping, int]:
    """The side's tokens, its piece -> token mapping and its piece count."""
    if _is_offsets(side):
        text, offsets = cast(tuple[str, Sequence[tuple[int, int]]], side)
        tokens, mapping = from_offsets(text, offsets, return_mapping=True)
        return tokens, mapping, len(mapping)
    if isinstance(side, str) or not isinstance(side, Sequence):
        raise TypeError(f"{name} must be a list of pieces or a (text, offsets) pair, got {type(side).__name__}")
    tokens, mapping = from_subwords(side, scheme=scheme, return_mapping=True)
    return tokens, mapping, len(mapping)


def _shown_count(mapping: Mapping) -> int:
    return max((m for m in mapping if m is not None), default=-1) + 1


def _matrix(values: object, name: str, rows: int, columns: int) -> np.ndarray:
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be a {rows} x {columns} array of numbers ({error})") from None
    if array.shape != (rows, columns):
        raise ValueError(f"{name} must have shape {rows} x {columns} (target pieces x source pieces), "
                         f"got {' x '.join(map(str, array.shape))}")
    bad = np.argwhere(~np.isfinite(array))
    if bad.size:
        raise ValueError(f"{name}[{bad[0][0]}][{bad[0][1]}] is {array[tuple(bad[0])]}; scores must be finite")
    return array


def _columns(row: np.ndarray, owner: np.ndarray, count: int, how: str) -> np.ndarray:
    """A row over pieces as a row over the ``count`` tokens shown (NaN: no piece there);
    ``owner[p]``: piece p's token, -1 for none."""
    kept = owner[:len(row)] >= 0
    tokens = owner[:len(row)][kept]
    sums = np.bincount(tokens, weights=row[kept], minlength=count)
    pieces = np.bincount(tokens, minlength=count)
    values = sums if how == "sum" else sums / np.maximum(pieces, 1)
    values[pieces == 0] = np.nan
    return values


def _owner(mapping: Mapping) -> np.ndarray:
    return np.array([-1 if m is None else m for m in mapping], dtype=np.intp)


def _rows(matrix: np.ndarray, mapping: Mapping, count: int) -> np.ndarray:
    """The rows of the pieces of each shown token, averaged: one row per token."""
    rows = np.zeros((count, matrix.shape[1]))
    for token in range(count):
        members = [p for p, m in enumerate(mapping) if m == token]
        rows[token] = matrix[members].mean(axis=0)
    return rows


def from_seq2seq(source: Side, target: Side, attributions: Sequence[Sequence[float]] | np.ndarray,
                 target_attributions: Sequence[Sequence[float]] | np.ndarray | None = None,
                 merge: Literal["sum", "mean"] | None = None, scheme: Scheme = "auto") -> FrameData:
    """A translation's attributions as frames: one per target token, for a figure with two
    facet titles (source, target), e.g. ``TextualHeatmap(facet_titles=["Source", "Target"])``.

    Frame k colours the source by row k of ``attributions`` (target pieces x source
    pieces, as inseq gives) and underlines target token k; with ``target_attributions``
    (target pieces x target pieces) it colours the target by row k too. Hovering target
    token k in HTML shows frame k.

    ``source`` and ``target`` are each the tokenizer's pieces (read as ``from_subwords``
    reads them, ``scheme`` as there) or a ``(text, offsets)`` pair (as ``from_offsets``).
    Pieces shown as one token (bytes of one character) add up their columns (``merge=
    "mean"`` averages them) and average their rows.
    """
    check_merge(merge)
    source_tokens, source_map, source_pieces = _side(source, "source", scheme)
    target_tokens, target_map, target_pieces = _side(target, "target", scheme)
    matrix = _matrix(attributions, "attributions", target_pieces, source_pieces)
    own = None if target_attributions is None else _matrix(
        target_attributions, "target_attributions", target_pieces, target_pieces)
    count = _shown_count(target_map)
    source_count, how = _shown_count(source_map), merge or "sum"
    source_rows = _rows(matrix, target_map, count)
    own_rows = None if own is None else _rows(own, target_map, count)
    source_owner, target_owner = _owner(source_map), _owner(target_map)
    frames = []
    for k in range(count):
        target_state: dict[str, Any] = {"underline": k}
        if own_rows is not None:
            target_state["heat"] = _columns(own_rows[k], target_owner, count, how)
        frames.append([{"heat": _columns(source_rows[k], source_owner, source_count, how)}, target_state])
    return FrameData([source_tokens, target_tokens], frames, hover=[(1, k) for k in range(count)])


def _joined(prompt: Side, generated: Side, scheme: Scheme) -> tuple[list[dict[str, Any]], Mapping, int]:
    """Prompt and generated text as one facet; the mapping of all pieces, prompt's first."""
    if _is_offsets(prompt) != _is_offsets(generated):
        raise TypeError("prompt and generated must both be pieces or both (text, offsets) pairs")
    if _is_offsets(prompt):
        text, offsets = cast(tuple[str, Sequence[tuple[int, int]]], prompt)
        more, more_offsets = cast(tuple[str, Sequence[tuple[int, int]]], generated)
        shift = len(text)
        joined = [*offsets, *((int(a) + shift, int(b) + shift) for a, b in more_offsets)]
        tokens, mapping = from_offsets(text + more, joined, return_mapping=True)
        return tokens, mapping, len(list(offsets))
    for name, side in (("prompt", prompt), ("generated", generated)):
        if isinstance(side, str) or not isinstance(side, Sequence):
            raise TypeError(f"{name} must be a list of pieces or a (text, offsets) pair, got {type(side).__name__}")
    pieces = [*cast(Sequence[str], prompt), *cast(Sequence[str], generated)]
    tokens, mapping = from_subwords(pieces, scheme=scheme, return_mapping=True)
    return tokens, mapping, len(prompt)


# A guess that is (or holds) whitespace would show as nothing in the meta row.
_VISIBLE = str.maketrans({" ": "\u2423", "\n": "\u21b5", "\t": "\u2192", "\r": "\u240d"})


def _candidates(candidates: object, steps: int) -> list[list[str]]:
    if candidates is None:
        return [[] for _ in range(steps)]
    if isinstance(candidates, str) or not isinstance(candidates, Sequence) or len(candidates) != steps:
        raise ValueError(f"candidates must be a list with one list of guesses per generated piece ({steps})")
    strings = []
    for k, guesses in enumerate(candidates):
        if isinstance(guesses, str) or not isinstance(guesses, Sequence):
            raise TypeError(f"candidates[{k}] must be a list of strings or (string, probability) pairs")
        row = []
        for j, guess in enumerate(guesses):
            if isinstance(guess, str):
                row.append(guess.translate(_VISIBLE))
            elif isinstance(guess, (tuple, list)) and len(guess) == 2 and isinstance(guess[0], str) \
                    and isinstance(guess[1], Real) and not isinstance(guess[1], bool):
                row.append(f"{guess[0].translate(_VISIBLE)} {float(guess[1]):.2f}")
            else:
                raise TypeError(f"candidates[{k}][{j}] must be a string or a (string, probability) pair, "
                                f"got {guess!r}")
        strings.append(row)
    return strings


def _attribution_row(row: object, k: int, needed: int) -> np.ndarray:
    try:
        values = np.asarray(row, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError) as error:
        raise TypeError(f"attributions[{k}] must be a list of numbers ({error})") from None
    if values.size < needed:
        raise ValueError(f"attributions[{k}] has {values.size} numbers; generated piece {k} comes after "
                         f"{needed} pieces (the prompt's and the {k} generated before it), one number each")
    values = values[:needed]
    bad = np.flatnonzero(~np.isfinite(values))
    if bad.size:
        raise ValueError(f"attributions[{k}][{bad[0]}] is {values[bad[0]]}; scores must be finite")
    return values


def from_generation(prompt: Side, generated: Side, attributions: Sequence[Sequence[float]] | np.ndarray,
                    candidates: Sequence[Sequence[str | tuple[str, float]]] | None = None,
                    scheme: Scheme = "auto") -> FrameData:
    """A generation as it happened: one frame per generated piece, for a one-facet figure
    (``show_meta=True`` to see ``candidates``).

    Frame k draws the prompt and the generated text up to piece k (the space of the rest
    is kept, so lines never move), underlines piece k's token and colours what came
    before by ``attributions[k]``: one number per prompt piece, then one per piece
    generated before k (a longer row, such as a row of a square matrix, is cut there).
    ``candidates[k]``, the model's top guesses at step k (strings or ``(string,
    probability)`` pairs), go to the meta row, whitespace shown as ␣ ↵ → (a space, a
    newline, a tab).

    ``prompt`` and ``generated`` are both pieces (read as ``from_subwords`` reads them,
    together) or both ``(text, offsets)`` pairs (``generated``'s offsets count from the
    start of its own text). Pieces shown as one token add up their scores.
    """
    tokens, mapping, prompt_pieces = _joined(prompt, generated, scheme)
    steps = len(mapping) - prompt_pieces
    if isinstance(attributions, str) or not isinstance(attributions, (Sequence, np.ndarray)) \
            or len(attributions) != steps:
        raise ValueError(f"attributions must have one row per generated piece ({steps})")
    guesses = _candidates(candidates, steps)
    count = _shown_count(mapping)
    owner, indices = _owner(mapping), np.arange(count)
    frames: list[list[dict[str, Any]]] = []
    hover: list[tuple[int, int] | None] = []
    driving: set[int] = set()  # tokens that drive a frame already: the first one shows
    for k in range(steps):
        row = _attribution_row(attributions[k], k, prompt_pieces + k)
        current = mapping[prompt_pieces + k]
        last = current if current is not None else int(owner[:prompt_pieces + k].max(initial=-1))
        frames.append([{"heat": _columns(row, owner, count, "sum"), "underline": current,
                        "shown": indices <= last, "meta": guesses[k]}])
        hover.append(None if current is None or current in driving else (0, current))
        driving.add(-1 if current is None else current)
    return FrameData([tokens], frames, hover=hover)
