"""Facet titles as the original laid them out, checked on the SVG parsed as XML: each
title glyph's ink (its outline's control points, which hold the curve) inside its facet's
title box, clear of the tokens and the other titles, and no word split across lines."""
from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import svgread
from sample_data import char_data

from textualheatmap import TextualHeatmap
from textualheatmap.layout.fonts import load_font

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1
_PATH_TOKEN = re.compile(r"[MLHVQCAZmlhvqcaz]|-?\d*\.?\d+(?:e-?\d+)?")
# How many numbers each command takes, and which of them are x (0) or y (1); None: neither.
_COMMANDS: dict[str, tuple[int | None, ...]] = {
    "M": (0, 1), "L": (0, 1), "H": (0,), "V": (1,), "Q": (0, 1, 0, 1), "C": (0, 1, 0, 1, 0, 1),
    "A": (None, None, None, None, None, 0, 1), "Z": (),
}


def path_bounds(d: str) -> Rect | None:
    """The bounding box of an absolute SVG path's points (None for an empty path)."""
    xs: list[float] = []
    ys: list[float] = []
    command = "M"
    numbers: list[float] = []
    for token in _PATH_TOKEN.findall(d):
        if token.isalpha():
            command, numbers = token, []
            assert command in _COMMANDS, f"relative or unknown command {command} in {d[:40]}"
            continue
        numbers.append(float(token))
        roles = _COMMANDS[command]
        if len(numbers) == len(roles):
            for role, value in zip(roles, numbers):
                if role is not None:
                    (xs if role == 0 else ys).append(value)
            numbers = []
    return (min(xs), min(ys), max(xs), max(ys)) if xs and ys else None


def _rotate(rect: Rect, transform: str | None) -> Rect:
    if not transform:
        return rect
    angle, cx, cy = (float(v) for v in re.findall(r"-?[\d.]+", transform))
    a = math.radians(angle)
    corners = [(x, y) for x in (rect[0], rect[2]) for y in (rect[1], rect[3])]
    turned = [(cx + (x - cx) * math.cos(a) - (y - cy) * math.sin(a),
               cy + (x - cx) * math.sin(a) + (y - cy) * math.cos(a)) for x, y in corners]
    return (min(p[0] for p in turned), min(p[1] for p in turned),
            max(p[0] for p in turned), max(p[1] for p in turned))


def _inks(root: ET.Element, group: ET.Element) -> list[tuple[str, Rect]]:
    """Each glyph the group draws: its character and its ink's box in figure coordinates."""
    outlines = {p.get("id"): p.get("d") for p in root.iter(f"{svgread.SVG}path") if p.get("id")}
    inks = []
    for use in group.iter(f"{svgread.SVG}use"):
        glyph = use.get(svgread.XLINK).lstrip("#")
        bounds = path_bounds(outlines[glyph])
        if bounds is None:
            continue
        x, y = float(use.get("x")), float(use.get("y"))
        box = (bounds[0] + x, bounds[1] + y, bounds[2] + x, bounds[3] + y)
        inks.append((glyph, _rotate(box, group.get("transform"))))
    return inks


def _overlap(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _title_box(facet: ET.Element) -> Rect:
    # The bordered group before the title's glyphs: its outer path is the title column.
    children = list(facet)
    title_at = next(k for k, child in enumerate(children) if child.get("class") == "title")
    outer = children[title_at - 1].find("svg:path", svgread.NS)
    bounds = path_bounds(outer.get("d"))
    assert bounds is not None
    return bounds


def _title_lines(group: ET.Element) -> list[str]:
    # Glyphs sharing a baseline (before any rotation) form a line; spaces draw no glyph.
    # A gap wider than the glyph before it is a space.
    font = load_font("sans")
    lines: dict[float, list[tuple[float, str, float]]] = {}
    for use in group.iter(f"{svgread.SVG}use"):
        glyph = use.get(svgread.XLINK).lstrip("#")
        char, size = svgread.char_of(glyph), svgread.glyph_size(glyph)
        lines.setdefault(float(use.get("y")), []).append((float(use.get("x")), char, font.advance(char) * size))
    words = []
    for y in sorted(lines):
        placed = sorted(lines[y])
        line = placed[0][1]
        for (x0, _, advance), (x1, char, _) in zip(placed, placed[1:]):
            line += (" " if x1 - x0 > advance + 1 else "") + char
        words.append(line)
    return words


def _figure(titles: list[str] | None, rotate: bool, one_line: bool) -> TextualHeatmap:
    settings = {} if titles is None else {"facet_titles": titles}
    figure = TextualHeatmap(rotate_facet_titles=rotate, **settings)
    count = len(titles or ["Heatmap"])
    if one_line:
        figure.set_data([[{"token": "a few ", "heat": [0.3, 1]}, {"token": "words", "heat": [1, 0.3]}]] * count)
    else:
        figure.set_data(char_data(facets=count))
    figure.highlight(1)
    return figure


CASES = [(titles, rotate, one_line)
         for titles in (None, ["BERT base uncased", "DistilBERT base"])
         for rotate in (False, True) for one_line in (False, True)]


@pytest.mark.parametrize("titles, rotate, one_line", CASES)
def test_title_glyphs_stay_in_their_box_clear_of_tokens_and_other_titles(
        titles: list[str] | None, rotate: bool, one_line: bool) -> None:
    root = svgread.parse(_figure(titles, rotate, one_line).to_svg())
    facets = svgread.facets(root)
    every_title: list[tuple[int, Rect]] = []
    for k, facet in enumerate(facets):
        x0, y0, x1, y1 = _title_box(facet)
        inside = (x0, y0 + 1, x1 - 1, y1 - 1)  # inside the border on top, right and bottom
        title = facet.find("svg:g[@class='title']", svgread.NS)
        inks = _inks(root, title)
        assert inks
        tokens = [ink for _, ink in _inks(root, facet.find("svg:g[@class='tokens']", svgread.NS))]
        tokens += [(r["x"], r["y"], r["x"] + r["w"], r["y"] + r["h"])
                   for r in svgread.rects(facet.find("svg:g[@class='heat']", svgread.NS))]
        for char, ink in inks:
            assert inside[0] <= ink[0] and ink[2] <= inside[2], (char, ink, inside)
            assert inside[1] <= ink[1] and ink[3] <= inside[3], (char, ink, inside)
            assert not any(_overlap(ink, token) for token in tokens), char
            every_title.append((k, ink))
    for k, ink in every_title:
        assert not any(_overlap(ink, other) for j, other in every_title if j != k)


@pytest.mark.parametrize("titles, rotate, one_line", CASES)
def test_no_word_of_a_title_is_split_across_lines(titles: list[str] | None, rotate: bool,
                                                  one_line: bool) -> None:
    root = svgread.parse(_figure(titles, rotate, one_line).to_svg())
    for facet, title in zip(svgread.facets(root), titles or ["Heatmap"]):
        lines = _title_lines(facet.find("svg:g[@class='title']", svgread.NS))
        words = title.split(" ")
        assert " ".join(lines) == title, lines
        for line in lines:
            assert all(word in words for word in line.split(" ")), (line, words)


def test_a_tall_title_makes_its_facet_taller_and_a_short_one_does_not() -> None:
    upright = _figure(["BERT base uncased", "GRU"], rotate=False, one_line=True).scene.layout
    tokens_h = 2 * 7 + 1.4 * 14  # one line of tokens and the padding
    assert upright.facets[0].panel.h > tokens_h + 15  # three lines of title
    assert upright.facets[1].panel.h == pytest.approx(tokens_h)
    turned = _figure(["DistilBERT base", "GRU"], rotate=True, one_line=True).scene.layout
    assert turned.facets[0].panel.h > 72  # "DistilBERT" runs along the facet's height


def test_a_word_wider_than_the_column_is_set_smaller_and_a_short_title_is_not() -> None:
    layout = _figure(["Heatmap", "GRU"], rotate=False, one_line=True).scene.layout
    sizes = [{use.glyph.id.split("-")[1] for use in facet.title_glyphs} for facet in layout.facets]
    assert sizes[1] == {"sans14"}
    (shrunk,) = sizes[0]
    assert 11 < float(shrunk.removeprefix("sans")) < 14


@pytest.mark.parametrize("name", ["characters", "characters-rotated", "subwords"])
def test_the_seed_examples_titles_fit_so_their_figures_are_unchanged(name: str) -> None:
    # Their titles ("GRU", "LSTM", ...) fit the column: the SVG, from which every picture
    # is drawn, has the bytes recorded before titles were laid out anew.
    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("output_hashes", root / "scripts" / "output_hashes.py")
    assert spec is not None and spec.loader is not None
    hashes = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hashes)
    recorded = json.loads((root / "scripts" / "output_hashes.json").read_text())
    figure = hashes.FIGURES[name]()
    for index in (None, 0, 5):
        out = io.BytesIO()
        figure.save(out, format="svg", **({} if index is None else {"index": index}))
        label = "default" if index is None else f"index={index}"
        assert hashlib.sha256(out.getvalue()).hexdigest() == recorded[f"{name}.svg[{label}]"]
