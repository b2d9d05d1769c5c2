"""The original widget's import path: ``from textualheatmap.textual_heatmap import TextualHeatmap``."""
from .heatmap import TextualHeatmap

__all__ = ["TextualHeatmap"]
