"""Small multiples: one figure drawn at several highlights, side by side, each labelled.

A paper cannot animate, so it shows a few chosen highlights at once. A Scene holds one
highlight; a multi-panel drawing places copies of the same layout, each at its own
highlight, in a grid: ``panel_grid`` decides where each copy and its label go (plain
data, like the layout), and the formats draw the copies there.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from numbers import Integral
from typing import Union

import numpy as np

from ..layout import GlyphUse
from ..layout.figure import ellipsize
from ..layout.geometry import centered_baseline, place_text
from ..layout.glyphs import Typesetter, note_missing, visible
from ..layout.precision import rounded
from ..scene import Scene

Indices = Union[int, Sequence[int], None]  # one highlight (None: the current one) or a panel each


@dataclass(frozen=True)
class Panel:
    index: int  # the highlight this copy of the figure shows
    x: float  # where the copy's origin goes
    y: float
    label: str  # as data, never markup
    label_glyphs: tuple[GlyphUse, ...]


@dataclass(frozen=True)
class PanelGrid:
    width: float
    height: float
    panels: tuple[Panel, ...]


def check_panels(scene: Scene, index: object, columns: object = None) -> list[int] | None:
    """The highlights of a multi-panel drawing, or None when ``index`` is one highlight
    (an int or None); checks ``columns`` too, which only a list of highlights takes."""
    if index is None or isinstance(index, (Integral, np.integer)) or isinstance(index, (bool, np.bool_)):
        if columns is not None:
            raise ValueError("columns= lays out several highlights: pass index as a list, e.g. index=[3, 9]")
        return None
    if isinstance(index, (str, bytes)) or not isinstance(index, (Sequence, np.ndarray)):
        raise TypeError(f"index must be an int or a list of ints (one panel each), was {type(index).__name__}")
    if len(index) == 0:
        raise ValueError("index is an empty list: give at least one highlight to draw")
    indices = []
    for position, value in enumerate(index):
        try:
            indices.append(scene.check_index(value))
        except (TypeError, ValueError) as error:
            raise type(error)(f"index[{position}]: {error}") from None
    if columns is not None and (isinstance(columns, bool) or not isinstance(columns, Integral) or columns < 1):
        raise ValueError(f"columns must be a whole number of panels per row, at least 1, was {columns!r}")
    return indices


def panel_label(scene: Scene, index: int) -> str:
    """``index: "token"``: the token whose frame this is (frames given one by one: the token
    that drives it, such as a translation's target word), else the highlighted token of
    the first facet that has one."""
    driver = scene.frames.drivers[index] if scene.frames is not None else None
    if driver is not None:
        facet_index, token = driver
        return f'{index}: "{visible(scene.facets[facet_index].counted[token].text)}"'
    for facet in scene.facets:
        if index < len(facet.counted):
            return f'{index}: "{visible(facet.counted[index].text)}"'
    return str(index)  # pragma: no cover - check_index allows only indices some facet has


def panel_grid(scene: Scene, indices: Sequence[int], columns: int | None = None) -> PanelGrid:
    """Where each highlight's copy of the figure and its label go: ``columns`` per row
    (default 1: stacked), left to right, then top to bottom."""
    layout, look = scene.layout, scene.layout.look
    across = min(columns or 1, len(indices))
    # Whole pixels: each copy lands on the pixel grid as the single figure does, so a
    # raster of a panel is the raster of that highlight's figure.
    label_h = math.ceil(look.line_height + look.padding)
    gap = math.ceil(2 * look.facet_gap)
    cell_w, cell_h = math.ceil(layout.width) + gap, label_h + math.ceil(layout.height) + gap
    setter = Typesetter("sans", look.font_size, monospace=False)
    panels = []
    for k, index in enumerate(indices):
        x, y = float((k % across) * cell_w), float((k // across) * cell_h)
        label = panel_label(scene, index)
        shown = ellipsize(label, setter, layout.width)
        baseline = centered_baseline("sans", look.font_size, y + label_h / 2)
        panels.append(Panel(index, x, y + label_h, label, tuple(place_text(shown, setter, x, baseline))))
    note_missing(frozenset(setter.missing))
    rows = -(-len(indices) // across)
    width = (across - 1) * cell_w + layout.width
    return PanelGrid(rounded(width), rounded((rows - 1) * cell_h + label_h + layout.height), tuple(panels))
