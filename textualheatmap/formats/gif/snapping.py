"""Colour reduction for the animated GIF, bounded, so that fewer pixels change per frame.

A GIF frame costs about one LZW code per run of equal palette indices among the pixels
it repaints, and a recoloured token repaints some twenty rows of glyph and background.
Two reductions, each with a stated bound in 0..255 levels per channel, cut how often
that happens; neither depends on earlier frames, so errors cannot add up over time:

* **Heat colours** are snapped to representatives: neighbouring colours of the figure's
  palette that lie within the GIF's ``tolerance`` (default ``HEAT_ERROR``) of one colour
  among them share it (the colour
  of no heat and both ends of the palette stay exact). A token then repaints only when
  its heat crosses into another group, and its anti-aliased glyph edges, blended over the
  shared colour, stay the same pixels until then.
* **Edge pixels** (those differing from a neighbour: anti-aliased text and rectangle
  edges) whose colour is not in the palette keep the colour they show while it stays
  within ``edge_error(tolerance)`` (default ``EDGE_ERROR``) of the new one; other pixels
  take their nearest palette colour.

Areas of one heat colour are then within ``tolerance`` of the exact frame, as the
representatives are palette colours (when the palette has room for them all, as for the
original look's 12); other pixels also carry the error of the palette's nearest colour
(palette.py). On the benchmark figure the worst pixel is 16 levels off and the mean
error per frame under 0.3 (tests/test_gif.py).
"""
from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np

from ...colormap import hex_to_rgb
from ...frame import Frame, remap_colors

HEAT_ERROR = 4  # default ``tolerance``: levels per channel; the original palette's neighbours differ by 1-2


def edge_error(tolerance: int) -> int:
    """The bound for pixels that differ from a neighbour, given the heat ``tolerance``:
    twice it, as such a pixel blends two colours that may each be off by that much."""
    return 2 * tolerance


EDGE_ERROR = edge_error(HEAT_ERROR)


def snap_table(colors: Sequence[str], text_colors: Sequence[str] | None, anchors: Collection[int],
               bound: int = HEAT_ERROR) -> np.ndarray:
    """For each palette index, the index of the colour that stands for it (int16).

    Groups are runs of neighbouring indices, formed from the low end: a run grows while
    one of its colours lies within ``bound`` of all of them; that one, or an anchor in
    the run (runs hold at most one), stands for the run. Runs never cross a change of
    text colour, so every token keeps the text colour of its true heat.
    """
    rgb = np.array([hex_to_rgb(color) for color in colors], dtype=np.int32).reshape(-1, 3)
    text = list(text_colors) if text_colors is not None else [None] * len(rgb)
    table = np.arange(len(rgb), dtype=np.int16)
    start = 0
    while start < len(rgb):
        end, chosen = start + 1, start
        for stop in range(start + 2, len(rgb) + 1):
            members = rgb[start:stop]
            pinned = [a for a in anchors if start <= a < stop]
            if text[stop - 1] != text[start] or len(pinned) > 1 \
                    or (members.max(axis=0) - members.min(axis=0)).max() > 2 * bound:
                break  # no colour can stand for a longer run either
            candidates = pinned or list(range(start, stop))
            # Each candidate's largest difference from any member, all at once.
            errors = np.abs(members[None, :, :] - rgb[candidates][:, None, :]).max(axis=(1, 2))
            best = int(np.argmin(errors))
            if errors[best] <= bound:
                end, chosen = stop, candidates[best]
            elif pinned:
                break  # only the anchor may stand for a run that holds it
        table[start:end] = chosen
        start = end
    return table


def figure_anchors(colors: Sequence[str], panel: str) -> set[int]:
    """Colours kept exact: both ends of the palette and any equal to the panel's own."""
    return {0, len(colors) - 1} | {k for k, color in enumerate(colors) if color.lower() == panel.lower()}


def snap_frame(frame: Frame, table: np.ndarray) -> Frame:
    """``frame`` with every token colour replaced by its representative."""
    return remap_colors(frame, table)


def edges(colors: np.ndarray, where: np.ndarray) -> np.ndarray:
    """Whether each pixel at the flat indices ``where`` of ``colors`` (height x width, one
    integer per colour) differs from one of its four neighbours in the picture."""
    height, width = colors.shape
    flat = colors.reshape(-1)
    own = flat[where]
    rows, cols = np.divmod(where, width)
    # A neighbour outside the picture is the pixel itself: no difference.
    edge: np.ndarray = flat[np.where(rows > 0, where - width, where)] != own
    edge |= flat[np.where(rows < height - 1, where + width, where)] != own
    edge |= flat[np.where(cols > 0, where - 1, where)] != own
    edge |= flat[np.where(cols < width - 1, where + 1, where)] != own
    return edge
