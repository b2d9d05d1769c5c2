"""What one highlight (one frame) changes: token colours, the underline, the tokens drawn, the meta.

A frame is plain data; the layout stays as it is. Frames come from one of two sources:
the original data (frame k: token k highlighted in every facet, coloured by its heat;
``make_frame``) or a ``FrameTable`` given frame by frame (``FrameData``, frames.py), for
figures whose frames are not "highlight token k" (translation, generation).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .colormap import DEFAULT_SCALE, VIRIDIS_SUBSET, Scale
from .data import Facet

UNCOLOURED = -1


@dataclass(frozen=True)
class FacetFrame:
    colors: np.ndarray  # palette index per non-format token, UNCOLOURED where none
    selected: int | None  # the underlined token's highlight index
    meta: tuple[str, ...]
    shown: np.ndarray | None = None  # per non-format token, whether it is drawn; None: all


@dataclass(frozen=True)
class FacetState:
    """One facet in one frame of a ``FrameTable``, before heat becomes colours."""

    heat: np.ndarray  # per non-format token, NaN where uncoloured
    selected: int | None
    meta: tuple[str, ...]
    shown: np.ndarray | None  # per non-format token; None: all drawn


@dataclass(frozen=True)
class Frame:
    index: int | None
    facets: tuple[FacetFrame, ...]


def remap_colors(frame: Frame, remap: np.ndarray | None) -> Frame:
    """``frame`` with ``remap[c]`` in place of each palette index c (None: as it is)."""
    if remap is None:
        return frame
    facets = []
    for state in frame.facets:
        colors = state.colors.copy()
        coloured = colors != UNCOLOURED
        colors[coloured] = remap[colors[coloured]]
        facets.append(replace(state, colors=colors))
    return replace(frame, facets=tuple(facets))


def make_frame(facets: tuple[Facet, ...], index: int | None, scale: Scale = DEFAULT_SCALE,
               steps: int = len(VIRIDIS_SUBSET)) -> Frame:
    return make_frames(facets, [index], scale, steps)[0]


def make_frames(facets: tuple[Facet, ...], indices: list[int | None], scale: Scale = DEFAULT_SCALE,
                steps: int = len(VIRIDIS_SUBSET), remap: np.ndarray | None = None) -> list[Frame]:
    """Frame k for each k of ``indices`` (token k highlighted in every facet), the heat of all
    of them put through the colour scale at once (per number, so the same colours);
    ``remap[c]`` in place of each palette index c, if given."""
    states = [_facet_frames(facet, indices, scale, steps, remap) for facet in facets]
    return [Frame(index, tuple(facet[k] for facet in states)) for k, index in enumerate(indices)]


def _facet_frames(facet: Facet, indices: list[int | None], scale: Scale, steps: int,
                  remap: np.ndarray | None) -> list[FacetFrame]:
    counted = facet.counted
    colors = np.full((len(indices), len(counted)), UNCOLOURED, dtype=np.int16)
    selected = [counted[index] if index is not None and index < len(counted) else None for index in indices]
    # A heat list shorter than the facet leaves the rest uncoloured; a longer one is cut.
    heats = {k: token.heat[: len(counted)] for k, token in enumerate(selected) if token is not None and token.heat.size}
    if len(heats) < len(indices):  # tokens' own scores (a plain saliency map) show whatever is highlighted
        colors[:] = _palette_indices(facet.scores, scale, steps)
    if heats:
        values = scale.index(np.concatenate(list(heats.values())), steps)
        ends = np.cumsum([len(heat) for heat in heats.values()]).tolist()
        for k, start, end in zip(heats, [0, *ends], ends):
            colors[k, : end - start] = values[start:end]
            colors[k, end - start:] = UNCOLOURED
    if remap is not None:
        coloured = colors != UNCOLOURED
        colors[coloured] = remap[colors[coloured]]
    return [FacetFrame(colors[k], None, ()) if token is None else FacetFrame(colors[k], index, token.meta)
            for k, (index, token) in enumerate(zip(indices, selected))]


@dataclass(frozen=True)
class FrameTable:
    """Frames given one by one: per frame, per facet, a ``FacetState``; ``drivers[k]`` is the
    (facet, highlight index) of the token whose hover shows frame k, or None."""

    states: tuple[tuple[FacetState, ...], ...]
    drivers: tuple[tuple[int, int] | None, ...]

    def __len__(self) -> int:
        return len(self.states)

    def frame(self, index: int | None, scale: Scale = DEFAULT_SCALE, steps: int = len(VIRIDIS_SUBSET)) -> Frame:
        if index is None:
            return Frame(None, tuple(_blank(state) for state in self.states[0])) if self.states else Frame(None, ())
        return Frame(index, tuple(_coloured(state, scale, steps) for state in self.states[index]))

    def hover_table(self, counts: list[int]) -> list[list[int]]:
        """Per facet (of ``counts`` non-format tokens), the frame that hovering each token
        shows: the first frame it drives, -1 for none."""
        table = [[-1] * count for count in counts]
        for k, driver in enumerate(self.drivers):
            if driver is not None and table[driver[0]][driver[1]] < 0:
                table[driver[0]][driver[1]] = k
        return table

    def heat_values(self) -> np.ndarray:
        """Every heat number of every frame (for the colour scale's extent)."""
        parts = [state.heat[~np.isnan(state.heat)] for states in self.states for state in states]
        return np.concatenate(parts) if parts else np.zeros(0)


def _palette_indices(heat: np.ndarray, scale: Scale, steps: int) -> np.ndarray:
    """Each token's palette index, UNCOLOURED where its heat is NaN."""
    colors = np.full(len(heat), UNCOLOURED, dtype=np.int16)
    scored = ~np.isnan(heat)
    colors[scored] = scale.index(heat[scored], steps)
    return colors


def _coloured(state: FacetState, scale: Scale, steps: int) -> FacetFrame:
    return FacetFrame(_palette_indices(state.heat, scale, steps), state.selected, state.meta, state.shown)


def _blank(state: FacetState) -> FacetFrame:
    # No frame chosen: every token drawn, nothing coloured or underlined.
    return FacetFrame(np.full(len(state.heat), UNCOLOURED, dtype=np.int16), None, ())


def glyphs_drawn(text_token: np.ndarray, shown: np.ndarray) -> np.ndarray:
    """Whether each glyph (``text_token``: its token's highlight index, -1 for format) is drawn:
    those of format tokens always, the others if shown."""
    drawn: np.ndarray = (text_token < 0) | shown[np.maximum(text_token, 0)]
    return drawn


def glyph_colors(text_token: np.ndarray, colors: np.ndarray) -> np.ndarray:
    """Each glyph's palette index (``text_token``: its token's highlight index, -1 for
    format), from its token's in ``colors``; UNCOLOURED for format tokens' glyphs."""
    owner = np.asarray(text_token)
    colored: np.ndarray = np.where(owner >= 0, colors[np.maximum(owner, 0)], UNCOLOURED)
    return colored
