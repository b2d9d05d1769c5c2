"""The PDF's text layer: the figure's text as invisible text (render mode 3), so a reader
can search and copy it while the picture stays the glyph outlines, pixel for pixel.

Each character the figure draws as an outline is set at the outline's place (its x and
baseline); a title, a meta string, a legend tick or a panel's label is set whole from its
first outline; facet by facet in reading order: meta strings, token lines, title. The
font is a CID font that is never drawn (so never embedded): each distinct character gets
a code, and its ToUnicode map gives text extractors (pdftotext, a viewer's search) the
characters back, any Unicode included.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..data import Facet
from ..frame import Frame
from ..layout import GlyphUse, Layout, layout_meta
from ..layout.glyphs import Typesetter, visible
from ..layout.precision import fmt

FONT = "T0"  # the text layer's font in the page's resources
_ADVANCE = 600  # every character's width in the font (1/1000 em): the mono font's, roughly
_BFCHARS = 100  # a CMap's bfchar block holds at most this many entries


def _utf16_hex(char: str) -> str:
    return char.encode("utf-16-be").hex().upper()


class TextLayer:
    """Invisible text, in the page's coordinates (SVG units, y down), and its font."""

    def __init__(self) -> None:
        self._codes: dict[str, int] = {}  # character -> its code (CID), from 1 in order met
        self._ops: list[str] = []

    def _hex(self, text: str) -> str:
        return "".join(f"{self._codes.setdefault(char, len(self._codes) + 1):04X}" for char in text)

    def show(self, text: str, x: float, baseline: float, size: float) -> None:
        """``text`` from (x, baseline), upright (the page's y points down)."""
        if text:
            self._ops.append(f"{fmt(size)} 0 0 {fmt(-size)} {fmt(x)} {fmt(baseline)} Tm <{self._hex(text)}> Tj")

    def string(self, text: str, uses: Sequence[GlyphUse], size: float) -> None:
        """A whole string (whitespace runs as one space) from its first outline's place."""
        shown = " ".join(text.split())
        if shown and uses:
            self.show(shown, uses[0].x, uses[0].y, size)

    def operators(self) -> str:
        """The content operators: one text object, render mode 3 (neither fill nor stroke)."""
        if not self._ops:
            return ""
        return "\n".join([f"BT 3 Tr /{FONT} 1 Tf", *self._ops, "ET"])

    def font_objects(self, first: int) -> list[bytes]:
        """The font's PDF objects, numbered from ``first``: Type0 font, CID font, font
        descriptor, ToUnicode CMap; the page refers to the first."""
        chars = sorted(self._codes, key=self._codes.__getitem__)
        blocks = []
        for start in range(0, len(chars), _BFCHARS):
            part = chars[start:start + _BFCHARS]
            entries = "\n".join(f"<{self._codes[c]:04X}> <{_utf16_hex(c)}>" for c in part)
            blocks.append(f"{len(part)} beginbfchar\n{entries}\nendbfchar")
        cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                "/CMapName /TextLayer-UCS def /CMapType 2 def\n"
                "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
                + "\n".join(blocks) + "\nendcmap CMapName currentdict /CMap defineresource pop end end")
        data = cmap.encode("ascii")
        return [
            (f"<< /Type /Font /Subtype /Type0 /BaseFont /TextLayer /Encoding /Identity-H "
             f"/DescendantFonts [{first + 1} 0 R] /ToUnicode {first + 3} 0 R >>").encode(),
            (f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TextLayer /CIDToGIDMap /Identity "
             f"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
             f"/FontDescriptor {first + 2} 0 R /DW {_ADVANCE} >>").encode(),
            (b"<< /Type /FontDescriptor /FontName /TextLayer /Flags 4 /FontBBox [0 -200 600 800] "
             b"/ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>"),
            f"<< /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream",
        ]


def _drawn(text: str, setter: Typesetter) -> list[str]:
    """The characters of ``text`` that get an outline, in order: one per GlyphUse (those
    XML cannot hold as U+FFFD, as the SVG's labels have them)."""
    return [visible(char) for char in text if setter.place(char).glyph is not None]


def add_figure_text(layer: TextLayer, layout: Layout, facets: Sequence[Facet], frame: Frame,
                    dx: float = 0.0, dy: float = 0.0) -> None:
    """The text of ``layout`` at ``frame``, moved by (dx, dy), into ``layer``."""
    look = layout.look
    mono = Typesetter("mono", look.font_size, monospace=True)
    for facet, data, state in zip(layout.facets, facets, frame.facets):
        if facet.meta_row is not None:
            for item in layout_meta(state.meta, facet.meta_row, look):
                layer.string(item.label, _moved(item.glyphs, dx, dy), look.font_size)
        text = "".join(token.text for token in data.tokens)  # as the layout placed it
        chars = _drawn(text, mono)
        if len(chars) == len(facet.text):
            for char, use in zip(chars, facet.text):
                layer.show(char, use.x + dx, use.y + dy, look.font_size)
        # A title is one string however it wraps (or turns): found as written.
        layer.string(facet.title_label, _moved(facet.title_glyphs, dx, dy), look.font_size)
    if layout.legend is not None:
        for tick in layout.legend.ticks:
            layer.string(tick.label, _moved(tick.glyphs, dx, dy), look.font_size * look.legend_font_em)


def _moved(uses: Sequence[GlyphUse], dx: float, dy: float) -> list[GlyphUse]:
    return [GlyphUse(use.glyph, use.x + dx, use.y + dy) for use in uses[:1]]
