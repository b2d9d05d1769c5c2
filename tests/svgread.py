"""Reading our SVG back in tests: parsed XML, glyph references decoded to characters."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import lru_cache

from textualheatmap.layout.fonts import load_font

NS = {"svg": "http://www.w3.org/2000/svg"}
XLINK = "{http://www.w3.org/1999/xlink}href"
SVG = "{http://www.w3.org/2000/svg}"


@lru_cache(maxsize=None)
def glyph_chars(size: float = 14.0) -> dict[str, str]:
    """Glyph id -> character, for printable ASCII and the ellipsis in both fonts."""
    table = {}
    for key in ("mono", "sans"):
        font = load_font(key)
        for code in [*range(33, 127), 0x2026]:
            glyph = font.glyph(chr(code), size)
            if glyph is not None:
                table.setdefault(glyph.id, chr(code))
    return table


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def facets(root: ET.Element) -> list[ET.Element]:
    return root.findall("svg:g[@class='facet']", NS)


def glyph_size(glyph_id: str) -> float:
    """The font size in a glyph's id, "thm-<font><size>-<glyph>" (titles may be set smaller)."""
    found = re.match(r"thm-[a-z]+([\d.]+)-", glyph_id)
    assert found is not None, glyph_id
    return float(found.group(1))


def char_of(glyph_id: str) -> str:
    return glyph_chars(glyph_size(glyph_id))[glyph_id]


def decode(group: ET.Element) -> list[tuple[str, float, float]]:
    """The characters a glyph group draws, with their x and baseline y, in order."""
    return [(char_of(use.get(XLINK).lstrip("#")), float(use.get("x")), float(use.get("y")))
            for use in group.iter(f"{SVG}use")]


def text_of(group: ET.Element) -> str:
    return "".join(char for char, _, _ in decode(group))


def rects(group: ET.Element) -> list[dict[str, float | str]]:
    return [{"x": float(r.get("x")), "y": float(r.get("y")), "w": float(r.get("width")),
             "h": float(r.get("height")), "fill": r.get("fill")}
            for r in group.iter(f"{SVG}rect")]
