"""The bundled fonts: metrics and glyph outlines, read with fontTools once per process."""
from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# fontTools ships no type information (unused-ignore: in case a later one does).
from fontTools.pens.svgPathPen import SVGPathPen  # type: ignore[import-untyped, unused-ignore]
from fontTools.pens.transformPen import TransformPen  # type: ignore[import-untyped, unused-ignore]
from fontTools.ttLib import TTFont  # type: ignore[import-untyped, unused-ignore]

from .precision import fmt

FONT_FILES = {"mono": "DejaVuSansMono.ttf", "sans": "DejaVuSans.ttf"}


def fonts_dir() -> Path:
    # An installed wheel carries the fonts inside the package; a checkout keeps them in
    # the top-level fonts/ folder beside the package.
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "fonts", package.parent / "fonts"):
        if (candidate / FONT_FILES["mono"]).is_file():
            return candidate
    raise FileNotFoundError(
        "textualheatmap's bundled fonts are missing; reinstall the package "
        "(pip install --force-reinstall textualheatmap)"
    )


@dataclass(frozen=True)
class Glyph:
    """One glyph outline at one size, as an SVG path in pixels, y pointing down."""

    id: str
    path: str


class Font:
    """A font's metrics in em units and its outlines, cached per character."""

    def __init__(self, key: str, path: Path) -> None:
        self.key = key
        # Read whole, so no file handle stays open for the life of the process.
        font = TTFont(io.BytesIO(path.read_bytes()), lazy=True, fontNumber=0)
        self._cmap: dict[int, str] = font.getBestCmap() or {}
        self._glyph_set = font.getGlyphSet()
        self._hmtx = font["hmtx"]
        self._glyph_ids = {name: gid for gid, name in enumerate(font.getGlyphOrder())}
        self._units = font["head"].unitsPerEm
        self.ascent: float = font["hhea"].ascent / self._units
        self.descent: float = -font["hhea"].descent / self._units
        self._advances: dict[str, float] = {}
        self._glyphs: dict[tuple[str, float], Glyph | None] = {}

    def has(self, char: str) -> bool:
        return ord(char) in self._cmap

    def _glyph_name(self, char: str) -> str:
        return self._cmap.get(ord(char), ".notdef")

    def advance(self, char: str) -> float:
        """Advance width of ``char`` in em."""
        width = self._advances.get(char)
        if width is None:
            width = self._hmtx[self._glyph_name(char)][0] / self._units
            self._advances[char] = width
        return width

    def glyph(self, char: str, size: float) -> Glyph | None:
        """The outline of ``char`` at ``size`` px, or None when the glyph draws nothing."""
        key = (char, size)
        if key not in self._glyphs:
            self._glyphs[key] = self._draw(self._glyph_name(char), size)
        return self._glyphs[key]

    def _draw(self, name: str, size: float) -> Glyph | None:
        pen = SVGPathPen(self._glyph_set, ntos=fmt)
        scale = size / self._units
        self._glyph_set[name].draw(TransformPen(pen, (scale, 0, 0, -scale, 0, 0)))
        path = pen.getCommands()
        if not path:
            return None
        # The id names font, size and glyph, so it is the same in every figure and
        # equal ids always mean equal outlines.
        return Glyph(f"thm-{self.key}{fmt(size)}-{self._glyph_ids[name]}", path)


@lru_cache(maxsize=None)
def load_font(key: str) -> Font:
    return Font(key, fonts_dir() / FONT_FILES[key])


@lru_cache(maxsize=None)
def system_font_charset(path: str) -> tuple[str, frozenset[int]] | None:
    """A system font's name and the code points it draws as outlines, or None."""
    try:
        with TTFont(path, lazy=True, fontNumber=0) as font:
            if "glyf" not in font and "CFF " not in font:
                return None  # colour-bitmap fonts (emoji) have no outlines to draw
            name = font["name"].getDebugName(6) or Path(path).stem
            return name, frozenset(font.getBestCmap() or ())
    except Exception:  # a broken or unsupported file is no reason to fail a figure
        return None


@lru_cache(maxsize=None)
def load_system_font(path: str) -> Font:
    name, _ = system_font_charset(path) or (Path(path).stem, frozenset())
    # The key goes into glyph ids: letters and digits of the font's own name only.
    return Font("".join(char for char in name if char.isalnum()) or "system", Path(path))
