"""The user's data, checked once and turned into plain, immutable records.

A figure is a list of facets; a facet is a list of token dicts
``{"token": str, "meta": [str], "heat": [float] or float, "format": bool}``; a single
number as heat is the token's own score (a plain saliency map). ``"gap": True`` (set by
``from_subwords``/``from_offsets`` on whitespace pieces) draws a whitespace token's line
breaks as a coloured gap, one space wide at the end of the line, so its score shows. Errors name the
facet, the token and the field, so a bad value in a long document is found at once.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from numbers import Integral, Real
from typing import TYPE_CHECKING, Any, cast

import numpy as np

if TYPE_CHECKING:  # typing has TypeGuard from Python 3.10 only
    from typing_extensions import TypeGuard


@dataclass(frozen=True)
class Token:
    text: str
    meta: tuple[str, ...] = ()
    heat: np.ndarray = field(default_factory=lambda: np.zeros(0))
    format: bool = False
    score: float | None = None  # a single number as heat: this token's own colour
    gap: bool = False  # whitespace shown as a coloured gap, its line breaks too (a tokenizer's piece)


@dataclass(frozen=True)
class Facet:
    tokens: tuple[Token, ...]

    @cached_property
    def counted(self) -> tuple[Token, ...]:
        """The non-format tokens, in order: the ones a highlight index counts."""
        return tuple(token for token in self.tokens if not token.format)

    @cached_property
    def highlight_indices(self) -> tuple[int, ...]:
        """Each token's highlight index (its place among the non-format tokens), -1 for
        format tokens: the one place that counts them."""
        indices, counted = [], 0
        for token in self.tokens:
            indices.append(-1 if token.format else counted)
            counted += not token.format
        return tuple(indices)

    @cached_property
    def scores(self) -> np.ndarray:
        """Each non-format token's own score, NaN where it has none."""
        return np.array([np.nan if t.score is None else t.score for t in self.counted], dtype=np.float64)

    @property
    def has_vectors(self) -> bool:
        return any(token.heat.size for token in self.counted)

    def heat_values(self) -> np.ndarray:
        """Every heat number of the facet, vectors and scores alike."""
        parts = [token.heat for token in self.counted] + [self.scores[~np.isnan(self.scores)]]
        return np.concatenate(parts)


def _where(facet: int, token: int | None = None, name: str | None = None) -> str:
    place = f"data[{facet}]"
    if token is not None:
        place += f"[{token}]"
    if name is not None:
        place += f"[{name!r}]"
    return place


def is_sequence(value: object) -> TypeGuard[Sequence[Any] | np.ndarray]:
    return isinstance(value, (Sequence, np.ndarray)) and not isinstance(value, (str, bytes))


_NO_HEAT = np.zeros(0)
_NO_HEAT.setflags(write=False)


def parse_heat(value: object, where: str) -> np.ndarray:
    if isinstance(value, (bool, np.bool_)) or not (
        is_sequence(value) or isinstance(value, (Real, np.number))
    ):
        raise TypeError(f"{where} must be a list of numbers, got {type(value).__name__}")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError, OverflowError) as error:
        raise TypeError(f"{where} must be a flat list of numbers ({error})") from None
    # Only real numbers: numpy would read "0.5" as a number and True as 1.
    if raw.dtype.kind not in "iuf" and raw.size:
        raise TypeError(f"{where} must be a list of numbers, got elements of type "
                        f"{_first_bad_type(raw)}")
    try:
        heat = raw.astype(np.float64).reshape(-1) if raw.ndim == 0 else raw.astype(np.float64)
    except (TypeError, ValueError, OverflowError) as error:
        raise TypeError(f"{where} must be a list of numbers ({error})") from None
    if heat.ndim != 1:
        raise ValueError(f"{where} must be a flat list of numbers, got shape {heat.shape}")
    bad = np.flatnonzero(~np.isfinite(heat))
    if bad.size:
        raise ValueError(f"{where}[{bad[0]}] is {heat[bad[0]]}; heat must be finite")
    heat.setflags(write=False)
    return heat


def _first_bad_type(values: np.ndarray) -> str:
    for item in values.reshape(-1).tolist():
        if isinstance(item, bool) or not isinstance(item, (int, float)):
            return type(item).__name__
    return cast(str, values.dtype.name)  # numpy types a dtype[Any]'s name as Any


def parse_meta(value: object, where: str) -> tuple[str, ...]:
    if not is_sequence(value):
        raise TypeError(f"{where} must be a list of strings, got {type(value).__name__}")
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise TypeError(f"{where}[{i}] must be a string, got {type(item).__name__}")
    return tuple(value)


def parse_token(value: object, facet: int, index: int) -> Token:
    if not isinstance(value, Mapping):
        raise TypeError(
            f"{_where(facet, index)} must be a dict with a 'token' string, "
            f"got {type(value).__name__}"
        )
    if "token" not in value:
        raise ValueError(f"{_where(facet, index)} has no 'token' field")
    text = value["token"]
    if not isinstance(text, str):
        raise TypeError(f"{_where(facet, index, 'token')} must be a string, got {type(text).__name__}")
    is_format = value.get("format", False)
    if not isinstance(is_format, (bool, np.bool_)):
        raise TypeError(f"{_where(facet, index, 'format')} must be a bool, got {type(is_format).__name__}")
    gap = value.get("gap", False)
    if not isinstance(gap, (bool, np.bool_)):
        raise TypeError(f"{_where(facet, index, 'gap')} must be a bool, got {type(gap).__name__}")
    raw = value.get("heat")
    heat = _NO_HEAT if raw is None and "heat" not in value else parse_heat(raw, _where(facet, index, "heat"))
    # One number (not a list of one) is the token's own score, not a heat vector.
    single = isinstance(raw, (Real, np.number)) or (isinstance(raw, np.ndarray) and raw.ndim == 0)
    return Token(
        text=text,
        meta=parse_meta(value["meta"], _where(facet, index, "meta")) if "meta" in value else (),
        heat=heat[:0] if single else heat,
        format=bool(is_format),
        score=float(heat[0]) if single else None,
        gap=bool(gap),
    )


def parse_data(data: object, facet_count: int) -> tuple[Facet, ...]:
    """Check ``data`` against the figure's ``facet_count`` and return it as records."""
    if not is_sequence(data):
        raise TypeError(f"data must be a list of facets (lists of token dicts), got {type(data).__name__}")
    if len(data) != facet_count:
        raise ValueError(
            f"data has {len(data)} facets but facet_titles has {facet_count}; "
            "give one list of tokens per facet title"
        )
    facets = []
    for f, facet in enumerate(data):
        if not is_sequence(facet):
            raise TypeError(f"{_where(f)} must be a list of token dicts, got {type(facet).__name__}")
        facets.append(Facet(tuple(parse_token(token, f, t) for t, token in enumerate(facet))))
    return tuple(facets)


def check_index(index: object, facets: Sequence[Facet]) -> int:
    """``index`` as an int, if it counts a non-format token of some facet."""
    if isinstance(index, (bool, np.bool_)) or not isinstance(index, Integral):
        raise TypeError(f"highlight index must be an int, got {type(index).__name__}")
    limit = max((len(facet.counted) for facet in facets), default=0)
    if not 0 <= int(index) < limit:
        raise ValueError(
            f"highlight index {index} is out of range: the facets have {limit} "
            "non-format tokens (index from 0)"
        )
    return int(index)
