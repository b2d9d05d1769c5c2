"""Textual heatmaps: text whose tokens are coloured by a score, drawn as static figures."""
from .frames import FrameData
from .offsets import from_offsets
from .sequences import from_generation, from_seq2seq
from .subwords import from_subwords
from .heatmap import TextualHeatmap

__all__ = ["FrameData", "TextualHeatmap", "from_generation", "from_offsets", "from_seq2seq", "from_subwords"]
__version__ = "0.2.0"
