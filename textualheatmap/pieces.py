"""What ``from_subwords`` and ``from_offsets`` share: a tokenizer's pieces grouped into the
tokens shown, their scores combined per group, and the piece → token mapping.

A *word* here is one shown (non-format) token: the pieces it is made of, its text and the
text shown before it as format tokens (whitespace, or text no piece covers).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

MERGES = (None, "sum", "mean")
_EDGE_SPACE = re.compile(r"^(\s*)(.*?)(\s*)$", re.DOTALL)


def split_edge_space(text: str) -> tuple[str, str, str]:
    """``text`` as (leading whitespace, the rest, trailing whitespace)."""
    match = _EDGE_SPACE.fullmatch(text)
    assert match is not None  # the pattern matches any text
    lead, core, trail = match.groups()
    return lead, core, trail


@dataclass(frozen=True)
class Word:
    """One shown token: the pieces it is made of, its text and the format text before it."""

    pieces: tuple[int, ...]
    text: str
    before: str


def check_numbers(values: object, name: str, shape: tuple[int, ...]) -> np.ndarray:
    """``values`` as a float array of ``shape`` with finite numbers only."""
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must hold numbers only ({error})") from None
    if array.shape != shape:
        expected = " x ".join(map(str, shape))
        raise ValueError(f"{name} must have shape {expected} (one per piece), got "
                         f"{' x '.join(map(str, array.shape)) or 'a single number'}")
    bad = np.argwhere(~np.isfinite(array))
    if bad.size:
        place = "".join(f"[{k}]" for k in bad[0])
        raise ValueError(f"{name}{place} is {array[tuple(bad[0])]}; scores must be finite")
    return array


def check_merge(merge: object) -> None:
    if merge not in MERGES:
        raise ValueError(f"merge must be None, 'sum' or 'mean', got {merge!r}")


def reduce_groups(values: np.ndarray, groups: Sequence[tuple[int, ...]], how: str, axis: int) -> np.ndarray:
    """``values`` along ``axis`` combined per group of pieces, by sum or mean."""
    combine = np.sum if how == "sum" else np.mean
    if not groups:
        shape = list(values.shape)
        shape[axis] = 0
        return np.zeros(shape)
    return np.stack([combine(np.take(values, list(group), axis=axis), axis=axis)
                     for group in groups], axis=axis)


def format_tokens(text: str) -> list[dict[str, Any]]:
    """Format tokens for ``text``: one per line break and per run of anything else."""
    return [{"token": run, "format": True} for run in re.findall(r"\n|[^\n]+", text)]


def piece_mapping(words: Sequence[Word], count: int) -> list[int | None]:
    """For each of ``count`` pieces, the index of the shown token it went into (its
    highlight index), None for a piece left out (a dropped special token)."""
    mapping: list[int | None] = [None] * count
    for k, word in enumerate(words):
        for piece in word.pieces:
            mapping[piece] = k
    return mapping


def facet_tokens(words: Sequence[Word], tail: str, scores: np.ndarray | None, heat: np.ndarray | None,
                 merge: str | None) -> list[dict[str, Any]]:
    """The token dicts of ``words`` (then ``tail`` as format tokens), with each word's
    score (``scores`` per piece) or heat row (``heat``: pieces x pieces) combined.

    Columns (heat landing on a word) and scores combine by ``merge`` (sum when None: only
    pieces that share a character are grouped then); rows (a word highlighted) average.
    """
    groups = [word.pieces for word in words]
    how = merge or "sum"
    values: list[Any] = [None] * len(words)
    if scores is not None:
        values = reduce_groups(scores, groups, how, axis=0).tolist()
    elif heat is not None:
        rows = reduce_groups(heat, groups, "mean", axis=0)
        values = reduce_groups(rows, groups, how, axis=1).tolist()
    tokens: list[dict[str, Any]] = []
    for word, value in zip(words, values):
        tokens += format_tokens(word.before)
        token: dict[str, Any] = {"token": word.text}
        if value is not None:
            token["heat"] = value
        if not word.text.strip():  # a whitespace piece: a coloured gap (data.py)
            token["gap"] = True
        tokens.append(token)
    return tokens + format_tokens(tail)
