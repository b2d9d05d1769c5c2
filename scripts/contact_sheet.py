"""Draw one PNG of the figures most likely to look wrong, to look at by eye.

``python scripts/contact_sheet.py docs/contact_sheet.png`` draws: the default figure; long
titles upright and turned, beside one-line and five-line facets; every built-in colour map
at heat 0, 0.5 and 1 with the default (readable) text; signed data on RdBu; the narrowest
accepted width; a Chinese passage, drawn with a system CJK font (Debian: fonts-wqy-zenhei
or fonts-noto-cjk; without one its characters are boxes). Tests assert the properties
(tests/test_titles.py, test_readable.py, test_limits.py); this sheet is for the eye.
"""
from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from sample_data import char_data  # noqa: E402

from textualheatmap import TextualHeatmap, from_subwords  # noqa: E402
from textualheatmap.colormap import BUILT_IN  # noqa: E402
from textualheatmap.layout.fonts import FONT_FILES, fonts_dir  # noqa: E402
from textualheatmap.layout.figure import minimum_width  # noqa: E402
from textualheatmap.layout.look import DEFAULT_LOOK  # noqa: E402

GAP = 16
LONG_TITLES = ["BERT base uncased", "DistilBERT base"]
CHINESE = ("自然语言处理是计算机科学和人工智能的一个分支，"
           "它研究人与计算机之间用自然语言进行有效通信的各种理论和方法。")


def _one_line(count: int) -> list[list[dict[str, object]]]:
    return [[{"token": "a few ", "heat": [0.3, 1]}, {"token": "words", "heat": [1, 0.3]}]] * count


def _figure(data: list[list[dict[str, object]]], highlight: int, **settings: object) -> TextualHeatmap:
    figure = TextualHeatmap(**settings)  # type: ignore[arg-type]
    figure.set_data(data)  # type: ignore[arg-type]
    figure.highlight(highlight)
    return figure


def _five_lines(count: int) -> list[list[dict[str, object]]]:
    return [facet[:250] for facet in char_data(facets=count)]


def _colormap(name: str) -> TextualHeatmap:
    # Highlighting the first token colours the three by its heat vector: 0, 0.5 and 1.
    tokens = [{"token": f"heat {h:g} ", "heat": [0.0, 0.5, 1.0]} for h in (0.0, 0.5, 1.0)]
    return _figure([tokens], 0, facet_titles=[name], colormap=name, width=390)


def _signed() -> TextualHeatmap:
    pieces = ["[CLS]", "the", "film", "was", "not", "bad", "at", "all", ",", "it", "was",
              "sur", "##prising", "##ly", "good", "[SEP]"]
    scores = [0, 0.1, 0.3, -0.2, -0.9, 0.6, 0.2, 0.1, 0, 0.05, -0.1, 0.4, 0.3, 0.2, 0.95, 0]
    figure = TextualHeatmap(facet_titles=["signed"], colormap="RdBu", center=0, legend=True)
    figure.set_data([from_subwords(pieces, scores, merge="sum")])
    return figure


def _chinese() -> TextualHeatmap:
    tokens = [{"token": char, "heat": [0.02 * (k % 50)] * len(CHINESE)} for k, char in enumerate(CHINESE)]
    return _figure([tokens], 10, facet_titles=["中文 Chinese"], colormap="Blues")


# (label, figure) in the order drawn; a label ending in "|" shares its row with the next.
PANELS: list[tuple[str, Callable[[], TextualHeatmap]]] = [
    ("default figure (title 'Heatmap')", lambda: _figure(char_data(facets=1), 40)),
    ("long titles, one-line facets|", lambda: _figure(_one_line(2), 0, facet_titles=LONG_TITLES)),
    ("long titles turned, one-line facets",
     lambda: _figure(_one_line(2), 0, facet_titles=LONG_TITLES, rotate_facet_titles=True)),
    ("long titles, five-line facets|", lambda: _figure(_five_lines(2), 40, facet_titles=LONG_TITLES)),
    ("long titles turned, five-line facets",
     lambda: _figure(_five_lines(2), 40, facet_titles=LONG_TITLES, rotate_facet_titles=True)),
    *[(f"colormap={name!r}: heat 0, 0.5, 1" + ("|" if k % 3 < 2 and k < len(BUILT_IN) - 1 else ""),
       lambda name=name: _colormap(name)) for k, name in enumerate(BUILT_IN)],
    ("signed heat, RdBu, center=0, legend|", _signed),
    (f"narrowest width ({minimum_width(DEFAULT_LOOK)} px)|",
     lambda: _figure(_one_line(1), 0, width=minimum_width(DEFAULT_LOOK), facet_titles=["GRU"])),
    ("narrowest width, long title",
     lambda: _figure(_one_line(1), 0, width=minimum_width(DEFAULT_LOOK), facet_titles=["DistilBERT base"])),
    ("Chinese, system CJK font", _chinese),
]


def _render(label: str, build: Callable[[], TextualHeatmap], font: ImageFont.FreeTypeFont) -> Image.Image:
    figure = Image.open(io.BytesIO(build().to_png())).convert("RGBA")  # transparent between facets
    width = max(figure.width, round(font.getlength(label)))
    cell = Image.new("RGBA", (width, figure.height + 22), "white")
    ImageDraw.Draw(cell).text((0, 2), label, fill="#333333", font=font)
    cell.alpha_composite(figure, (0, 22))
    return cell.convert("RGB")


def contact_sheet() -> Image.Image:
    font = ImageFont.truetype(str(fonts_dir() / FONT_FILES["sans"]), 14)
    rows: list[list[Image.Image]] = [[]]
    for label, build in PANELS:
        rows[-1].append(_render(label.rstrip("|"), build, font))
        if not label.endswith("|"):
            rows.append([])
    rows = [row for row in rows if row]
    height = sum(max(cell.height for cell in row) + GAP for row in rows) + GAP
    width = max(sum(cell.width + GAP for cell in row) + GAP for row in rows)
    sheet = Image.new("RGB", (width, height), "white")
    y = GAP
    for row in rows:
        x = GAP
        for cell in row:
            sheet.paste(cell, (x, y))
            x += cell.width + GAP
        y += max(cell.height for cell in row) + GAP
    return sheet


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="the PNG to write")
    args = parser.parse_args()
    contact_sheet().save(args.output, optimize=True)


if __name__ == "__main__":
    main()
