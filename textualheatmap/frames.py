"""Frame-driven data: figures whose frames are not "highlight token k of this facet".

``FrameData`` gives the facets' tokens once and then, per frame and per facet, what
that frame shows: the heat of each token (its colour), the underlined token or none,
which tokens are drawn and the meta strings. ``set_data`` takes it beside the original
list of facets; every format (svg, png, pdf, gif, tex, html) draws it. The original
format is the special case frame k = token k highlighted in every facet.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from numbers import Integral
from typing import Any

import numpy as np

from .data import Facet, is_sequence, parse_data, parse_heat, parse_meta
from .frame import FacetState, FrameTable

_STATE_KEYS = frozenset({"heat", "underline", "shown", "meta"})


@dataclass(frozen=True)
class FrameData:
    """Frames given one by one, for ``TextualHeatmap.set_data``.

    Arguments:
        facets: One list of token dicts per facet title, as in the original format
            (``{"token": str, "format": bool}``); their own ``heat`` and ``meta`` are not
            used: each frame says its own.
        frames: Per frame, one dict per facet with any of
            ``"heat"``: a number per non-format token (``None`` or NaN: uncoloured; a
            shorter list leaves the rest uncoloured);
            ``"underline"``: the highlight index of the underlined token, or None;
            ``"shown"``: a bool per non-format token, whether it is drawn (hidden tokens
            keep their place, so lines never move); default all;
            ``"meta"``: the meta strings shown above the facet.
        hover: Per frame, the ``(facet, highlight index)`` of the token that shows this
            frame when the mouse is over it in HTML and notebooks, or None. Default:
            each frame's first underlined token.
    """

    facets: Sequence[Sequence[Mapping[str, Any]]]
    frames: Sequence[Sequence[Mapping[str, Any]]]
    hover: Sequence[tuple[int, int] | None] | None = None

    def parse(self, facet_count: int) -> tuple[tuple[Facet, ...], FrameTable]:
        """The checked facets and frame table, for a figure with ``facet_count`` titles."""
        facets = parse_data(self.facets, facet_count)
        frames = self.frames
        if isinstance(frames, (str, bytes)) or not isinstance(frames, Sequence):
            raise TypeError(f"frames must be a list of frames, got {type(frames).__name__}")
        states = tuple(_parse_frame(frame, k, facets) for k, frame in enumerate(frames))
        return facets, FrameTable(states, _parse_hover(self.hover, states, facets))


def _parse_frame(frame: object, k: int, facets: tuple[Facet, ...]) -> tuple[FacetState, ...]:
    if isinstance(frame, (str, bytes)) or not isinstance(frame, Sequence):
        raise TypeError(f"frames[{k}] must be a list of one dict per facet, got {type(frame).__name__}")
    if len(frame) != len(facets):
        raise ValueError(f"frames[{k}] has {len(frame)} facet states but the figure has {len(facets)} facets")
    return tuple(_parse_state(state, f"frames[{k}][{f}]", len(facet.counted))
                 for f, (state, facet) in enumerate(zip(frame, facets)))


def _parse_state(state: object, where: str, count: int) -> FacetState:
    if not isinstance(state, Mapping):
        raise TypeError(f"{where} must be a dict with heat, underline, shown, meta; got {type(state).__name__}")
    unknown = set(state) - _STATE_KEYS
    if unknown:
        raise ValueError(f"{where} has unknown keys {sorted(map(str, unknown))}; expected {sorted(_STATE_KEYS)}")
    return FacetState(_heat(state.get("heat"), f"{where}['heat']", count),
                      _underline(state.get("underline"), f"{where}['underline']", count),
                      parse_meta(state.get("meta", ()), f"{where}['meta']"),
                      _shown(state.get("shown"), f"{where}['shown']", count))


def _heat(value: object, where: str, count: int) -> np.ndarray:
    heat = np.full(count, np.nan)
    if value is None:
        return heat
    if isinstance(value, np.ndarray) and value.dtype.kind in "iuf" and value.ndim == 1:
        return _numeric_heat(value, heat, where)
    if not is_sequence(value):
        raise TypeError(f"{where} must be a list of numbers (None for uncoloured), got {type(value).__name__}")
    if len(value) > count:
        raise ValueError(f"{where} has {len(value)} numbers but the facet has {count} non-format tokens")
    given = [np.nan if v is None else v for v in value]
    numbers = np.asarray(given, dtype=object)
    blank = np.array([isinstance(v, float) and np.isnan(v) for v in given], dtype=bool)
    if (~blank).any():
        heat[:len(given)][~blank] = parse_heat(list(numbers[~blank]), where)
    return heat


def _numeric_heat(value: np.ndarray, heat: np.ndarray, where: str) -> np.ndarray:
    # A numeric array (as the builders give): NaN is uncoloured, infinities are errors.
    if len(value) > len(heat):
        raise ValueError(f"{where} has {len(value)} numbers but the facet has {len(heat)} non-format tokens")
    bad = np.flatnonzero(np.isinf(value))
    if bad.size:
        raise ValueError(f"{where}[{bad[0]}] is {value[bad[0]]}; heat must be finite (NaN: uncoloured)")
    heat[:len(value)] = value
    return heat


def _underline(value: object, where: str, count: int) -> int | None:
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Integral):
        raise TypeError(f"{where} must be a token's highlight index (an int) or None, got {type(value).__name__}")
    if not 0 <= int(value) < count:
        raise ValueError(f"{where} is {value}, but the facet has {count} non-format tokens (index from 0)")
    return int(value)


def _shown(value: object, where: str, count: int) -> np.ndarray | None:
    if value is None:
        return None
    if not is_sequence(value):
        raise TypeError(f"{where} must be a list of bools, one per non-format token, got {type(value).__name__}")
    if len(value) != count:
        raise ValueError(f"{where} has {len(value)} entries but the facet has {count} non-format tokens")
    if isinstance(value, np.ndarray) and value.dtype == np.bool_:
        return None if value.all() else value.copy()
    for i, flag in enumerate(value):
        if not isinstance(flag, (bool, np.bool_)):
            raise TypeError(f"{where}[{i}] must be a bool, got {type(flag).__name__}")
    shown = np.array(value, dtype=bool)
    return None if shown.all() else shown


def _parse_hover(hover: object, states: tuple[tuple[FacetState, ...], ...],
                 facets: tuple[Facet, ...]) -> tuple[tuple[int, int] | None, ...]:
    if hover is None:  # each frame's first underlined token
        return tuple(next(((f, s.selected) for f, s in enumerate(frame) if s.selected is not None), None)
                     for frame in states)
    if isinstance(hover, (str, bytes)) or not isinstance(hover, Sequence) or len(hover) != len(states):
        raise ValueError(f"hover must be a list with one (facet, token) or None per frame ({len(states)})")
    drivers: list[tuple[int, int] | None] = []
    for k, pair in enumerate(hover):
        if pair is None:
            drivers.append(None)
            continue
        ok = isinstance(pair, Sequence) and len(pair) == 2 and all(
            isinstance(v, Integral) and not isinstance(v, bool) for v in pair)
        if not ok or not 0 <= pair[0] < len(facets) or not 0 <= pair[1] < len(facets[pair[0]].counted):
            raise ValueError(f"hover[{k}] must be (facet, highlight index) of a non-format token, got {pair!r}")
        drivers.append((int(pair[0]), int(pair[1])))
    return tuple(drivers)
