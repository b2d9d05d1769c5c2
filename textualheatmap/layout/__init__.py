"""Where everything goes: fonts, glyphs, line wrapping, the figure's boxes and the legend.

``layout_figure`` runs once per ``set_data`` and returns plain data (``Layout``); nothing
in this package knows about output formats.
"""
from .figure import (MINIMUM_COLUMNS, FacetLayout, Fragments, Layout, MetaBox, layout_figure, layout_meta,
                     minimum_width)
from .geometry import Box, GlyphUse, Radii
from .look import DEFAULT_LOOK, THEMES, Look, look_of

__all__ = ["DEFAULT_LOOK", "MINIMUM_COLUMNS", "Box", "FacetLayout", "Fragments", "GlyphUse", "Layout", "Look",
           "MetaBox", "Radii", "THEMES", "layout_figure", "layout_meta", "look_of", "minimum_width"]
