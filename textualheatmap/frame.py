"""What one highlight changes: token colours, the underline and the meta strings.

A frame is plain data computed from the facets and an index; the layout stays as it is.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .colormap import heat_to_index
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


def _facet_frame(facet: Facet, index: int | None) -> FacetFrame:
    counted = facet.counted
    colors = np.full(len(counted), UNCOLOURED, dtype=np.int16)
    if index is None or index >= len(counted):
        return FacetFrame(colors, None, ())
    selected = counted[index]
    # A heat list shorter than the facet leaves the rest uncoloured; a longer one is cut.
    heat = selected.heat[: len(counted)]
    colors[: len(heat)] = heat_to_index(heat)
    return FacetFrame(colors, index, selected.meta)


def make_frame(facets: tuple[Facet, ...], index: int | None) -> Frame:
    return Frame(index, tuple(_facet_frame(facet, index) for facet in facets))
