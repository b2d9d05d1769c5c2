"""Textual heatmaps: text whose tokens are coloured by a score, drawn as static figures."""
from .subwords import from_subwords
from .heatmap import TextualHeatmap

__all__ = ["TextualHeatmap", "from_subwords"]
__version__ = "0.2.0"
