"""The animated GIF: frames composed from pixels drawn once (composition.py, token_layer.py,
with glyphs from formats/raster/), one palette for the whole run (palette.py), heat colours snapped within a
tolerance (snapping.py), and an encoder that writes each frame as it is made (encoder.py),
its LZW coding on a worker thread (lzw.py).
``write_gif`` (animation.py) is the writer the extension table names."""
from .animation import write_gif

__all__ = ["write_gif"]
