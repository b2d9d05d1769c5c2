"""Pixels shared by the PNG (png.py) and the GIF (gif/): glyph outlines replayed into cairo,
rectangle coverage, and glyphs rasterised once per sub-pixel position (atlas.py)."""
