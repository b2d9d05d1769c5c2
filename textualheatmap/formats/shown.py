"""What of a facet a frame draws, when the frame hides tokens (``FacetFrame.shown``).

A hidden token keeps its place in the layout (lines never move) but draws nothing: no
heat, no underline, no glyphs. The SVG, PNG and PDF writers draw the part this returns;
the GIF compositor, which repaints per token, applies the same rule itself.
"""
from __future__ import annotations

from dataclasses import replace

from ..frame import UNCOLOURED, FacetFrame, glyphs_drawn
from ..layout import FacetLayout


def drawn_part(facet: FacetLayout, state: FacetFrame) -> tuple[FacetLayout, FacetFrame]:
    """``facet`` without the glyphs of hidden tokens, ``state`` without their colour and
    underline; both as they are when every token is shown."""
    shown = state.shown
    if shown is None:
        return facet, state
    colors = state.colors.copy()
    colors[~shown] = UNCOLOURED
    selected = state.selected if state.selected is not None and shown[state.selected] else None
    keep = glyphs_drawn(facet.text_token, shown)
    kept = replace(facet, text=tuple(use for use, k in zip(facet.text, keep.tolist()) if k),
                   text_token=facet.text_token[keep])
    return kept, replace(state, colors=colors, selected=selected, shown=None)
