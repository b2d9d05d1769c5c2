"""What one highlight changes: token colours, the underline and the meta strings.

A frame is plain data computed from the facets and an index; the layout stays as it is.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .colormap import DEFAULT_SCALE, VIRIDIS_SUBSET, Scale
from .data import Facet

UNCOLOURED = -1


@dataclass(frozen=True)
class FacetFrame:
    colors: np.ndarray  # palette index per non-format token, UNCOLOURED where none
    selected: int | None  # the underlined token's highlight index
    meta: tuple[str, ...]


@dataclass(frozen=True)
class Frame:
    index: int | None
    facets: tuple[FacetFrame, ...]


def _facet_frame(facet: Facet, index: int | None, scale: Scale, steps: int) -> FacetFrame:
    counted = facet.counted
    colors = np.full(len(counted), UNCOLOURED, dtype=np.int16)
    selected = counted[index] if index is not None and index < len(counted) else None
    if selected is not None and selected.heat.size:
        # A heat list shorter than the facet leaves the rest uncoloured; a longer one is cut.
        heat = selected.heat[: len(counted)]
        colors[: len(heat)] = scale.index(heat, steps)
    else:  # tokens' own scores (a plain saliency map) show whatever is highlighted
        scored = ~np.isnan(facet.scores)
        colors[scored] = scale.index(facet.scores[scored], steps)
    if selected is None:
        return FacetFrame(colors, None, ())
    return FacetFrame(colors, index, selected.meta)


def make_frame(facets: tuple[Facet, ...], index: int | None, scale: Scale = DEFAULT_SCALE,
               steps: int = len(VIRIDIS_SUBSET)) -> Frame:
    return Frame(index, tuple(_facet_frame(facet, index, scale, steps) for facet in facets))

