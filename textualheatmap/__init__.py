"""Textual heatmaps: text whose tokens are coloured by a score, drawn as static figures."""
from .textual_heatmap import TextualHeatmap

__all__ = ["TextualHeatmap"]
__version__ = "0.2.0"
