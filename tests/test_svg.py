"""The SVG of a figure, read back as XML: boxes, colours, underline, meta, titles."""
from __future__ import annotations

import math

import numpy as np
import pytest
import svgread
from sample_data import TEXT, char_data

from textualheatmap import TextualHeatmap
from textualheatmap.colormap import VIRIDIS_SUBSET

# The spec's numbers at 14 px: DejaVu Sans Mono's advance and content height.
ADVANCE = 1233 / 2048 * 14
CONTENT_H = (1901 + 483) / 2048 * 14
HALF_LEADING = (19.6 - CONTENT_H) / 2
# Wrapped lines of the sample at width 600, as checked by eye on a rasterised figure.
LINES = [
    "context of the model is what the memory holds: the network ",
    "remembers the start of a word while it reads the rest of it, ",
    "and forgets it soon after. the gru and the lstm differ in how ",
    "long they keep it.",
]
assert "".join(LINES) == TEXT[:200]


def place(index: int) -> tuple[int, int]:
    """Line and column of character ``index`` of the sample."""
    for line, text in enumerate(LINES):
        if index < len(text):
            return line, index
        index -= len(text)
    raise IndexError(index)


@pytest.fixture(scope="module")
def meta_figure() -> TextualHeatmap:
    heatmap = TextualHeatmap(width=600, show_meta=True, facet_titles=["GRU", "LSTM"])
    heatmap.set_data(char_data())
    heatmap.highlight(130)
    return heatmap


def test_figure_size_and_facet_geometry(meta_figure: TextualHeatmap) -> None:
    root = svgread.parse(meta_figure.to_svg())
    panel_h = 14 + 4 * 19.6
    assert float(root.get("width")) == 600
    # Two facets of 40 px meta + panel, 7 px (0.5 em) apart.
    assert float(root.get("height")) == pytest.approx(2 * (40 + panel_h) + 7, abs=0.01)
    second = meta_figure.scene.layout.facets[1]
    assert second.meta_row.y == pytest.approx(40 + panel_h + 7)
    assert second.title.x == 540 and second.title.w == 60


def test_heat_boxes_positions_and_colours(meta_figure: TextualHeatmap) -> None:
    root = svgread.parse(meta_figure.to_svg())
    heat = np.array(char_data()[0][130]["heat"])
    rects = svgread.rects(svgread.facets(root)[0].find("svg:g[@class='heat']", svgread.NS))
    assert len(rects) == len(heat)  # tokens 0..130 are coloured, the rest are not
    for index, rect in enumerate(rects):
        line, column = place(index)
        expected_x = 7 + column * ADVANCE
        width = ADVANCE
        if column == len(LINES[line]) - 1 and LINES[line].endswith(" "):
            width = min(width, 7 + 526 - expected_x)  # a hanging space is cut at the edge
        assert rect["x"] == pytest.approx(expected_x, abs=0.01)
        assert rect["y"] == pytest.approx(40 + 7 + line * 19.6 + HALF_LEADING, abs=0.01)
        assert rect["w"] == pytest.approx(width, abs=0.02)
        assert rect["h"] == pytest.approx(CONTENT_H + 2.8, abs=0.01)
        step = math.floor(min(max(heat[index], 0), 1) * 96)
        assert rect["fill"] == VIRIDIS_SUBSET[step]


def test_the_palette_is_the_spec_one() -> None:
    assert len(VIRIDIS_SUBSET) == 97
    assert VIRIDIS_SUBSET[0] == "#365d8d"  # equal to the panel: zero heat is invisible
    assert VIRIDIS_SUBSET[48] == "#228b8d" and VIRIDIS_SUBSET[-1] == "#35b779"


def test_underline_under_the_highlighted_token(meta_figure: TextualHeatmap) -> None:
    root = svgread.parse(meta_figure.to_svg())
    for facet in svgread.facets(root):
        (underline,) = svgread.rects(facet.find("svg:g[@class='underline']", svgread.NS))
        line, column = place(130)
        top = float(facet.find("svg:g[@class='heat']/svg:rect", svgread.NS).get("y")) - HALF_LEADING - 47
        assert underline["x"] == pytest.approx(7 + column * ADVANCE, abs=0.01)
        assert underline["y"] == pytest.approx(top + 47 + line * 19.6 + HALF_LEADING + CONTENT_H, abs=0.01)
        assert underline["h"] == pytest.approx(2.8)
    underline_group = svgread.facets(root)[0].find("svg:g[@class='underline']", svgread.NS)
    assert underline_group.get("fill") == "#ffffff"


def test_token_text_is_drawn_in_white_at_the_wrapped_places(meta_figure: TextualHeatmap) -> None:
    root = svgread.parse(meta_figure.to_svg())
    tokens = svgread.facets(root)[0].find("svg:g[@class='tokens']", svgread.NS)
    assert tokens.get("fill") == "#ffffff"
    drawn = svgread.decode(tokens)
    assert "".join(c for c, _, _ in drawn) == TEXT[:200].replace(" ", "")
    baseline0 = 40 + 7 + HALF_LEADING + 1901 / 2048 * 14
    char, x, y = drawn[0]
    assert (char, x, y) == ("c", 7, pytest.approx(baseline0, abs=0.01))
    last_line = [d for d in drawn if d[2] == pytest.approx(baseline0 + 3 * 19.6, abs=0.01)]
    assert "".join(c for c, _, _ in last_line) == "longtheykeepit."


def test_meta_strings_and_boxes(meta_figure: TextualHeatmap) -> None:
    heatmap = TextualHeatmap(show_meta=True, facet_titles=["GRU"])
    data = char_data(facets=1)
    data[0][3]["meta"] = ["control", "considered", "construction"]
    heatmap.set_data(data)
    root = svgread.parse(heatmap.to_svg(3))
    meta = svgread.facets(root)[0].find("svg:g[@class='meta']", svgread.NS)
    boxes = meta.findall("svg:g", svgread.NS)
    texts = [svgread.text_of(group) for group in boxes if group.get("fill") == "#000000"]
    assert texts == ["control", "considered", "construction"]
    # Three equal boxes sharing 540 px with 2 px gaps; the outer shape is the border.
    outlines = [group.find("svg:path", svgread.NS) for group in boxes if group.get("fill") is None]
    assert [o.get("fill") for o in outlines] == ["#e0e0e0"] * 3
    box_w = (540 - 4) / 3
    assert outlines[1].get("d").startswith(f"M{box_w + 2:.2f}".rstrip("0"))
    # Each string is centred in its box.
    for k, group in enumerate(g for g in boxes if g.get("fill") == "#000000"):
        drawn = svgread.decode(group)
        assert drawn[0][1] > k * (box_w + 2) + 5


def test_long_meta_is_cut_with_an_ellipsis() -> None:
    heatmap = TextualHeatmap(show_meta=True)
    heatmap.set_data([[{"token": "a", "meta": ["x" * 40, "y" * 3, "z", "x" * 80], "heat": [1]}]])
    root = svgread.parse(heatmap.to_svg(0))
    meta = svgread.facets(root)[0].find("svg:g[@class='meta']", svgread.NS)
    texts = [svgread.text_of(g) for g in meta.findall("svg:g", svgread.NS) if g.get("fill") == "#000000"]
    assert texts[1:3] == ["yyy", "z"]
    assert texts[0].endswith("\u2026") and texts[0].startswith("xxx") and len(texts[0]) < 40
    assert texts[0] == texts[3]  # equal boxes cut at the same place


def test_no_meta_gives_one_empty_box_and_no_highlight_colours_nothing() -> None:
    heatmap = TextualHeatmap(show_meta=True)
    heatmap.set_data([[{"token": "a", "heat": [1]}, {"token": "b", "meta": ["x"], "heat": [1, 1]}]])
    for svg in (heatmap.to_svg(), heatmap.to_svg(0)):
        meta = svgread.facets(svgread.parse(svg))[0].find("svg:g[@class='meta']", svgread.NS)
        assert len([g for g in meta.findall("svg:g", svgread.NS) if g.get("fill") == "#000000"]) == 1
        assert svgread.text_of(meta) == ""
    root = svgread.parse(heatmap.to_svg())
    assert svgread.rects(root) == []  # before any highlight: plain text on the panel


def test_format_tokens_are_drawn_but_never_coloured_or_counted() -> None:
    heatmap = TextualHeatmap()
    heatmap.set_data([[
        {"token": "un", "heat": [1, 0.5, 0.25]},
        {"token": " ", "format": True},
        {"token": "believ", "heat": [0.5, 1, 0.5]},
        {"token": "able", "heat": [0.25, 0.5]},  # shorter than the facet: last uncoloured
    ]])
    assert heatmap.token_count == 3
    rects = svgread.rects(svgread.parse(heatmap.to_svg(2)))
    coloured = rects[:-1]  # the last rect is the underline
    assert [r["fill"] for r in coloured] == [VIRIDIS_SUBSET[24], VIRIDIS_SUBSET[48]]
    assert coloured[1]["x"] == pytest.approx(7 + 3 * ADVANCE, abs=0.01)  # after "un "
    assert rects[-1]["x"] == pytest.approx(7 + 9 * ADVANCE, abs=0.01)  # "able" underlined
    assert svgread.text_of(svgread.parse(heatmap.to_svg(2))).startswith("unbelievable")


def test_titles_centred_and_rotated() -> None:
    plain = TextualHeatmap(facet_titles=["GRU"])
    rotated = TextualHeatmap(facet_titles=["GRU"], rotate_facet_titles=True)
    for heatmap, transform in ((plain, None), (rotated, "rotate(90 569.5 16.8)")):
        heatmap.set_data([[{"token": "a"}]])
        root = svgread.parse(heatmap.to_svg())
        title = svgread.facets(root)[0].find("svg:g[@class='title']", svgread.NS)
        assert title.get("fill") == "#555555"
        assert title.get("transform") == transform
        drawn = svgread.decode(title)
        assert "".join(c for c, _, _ in drawn) == "GRU"
        width = drawn[-1][1] - drawn[0][1]
        assert drawn[0][1] + width / 2 < 569.5 < drawn[-1][1] + 10


def test_same_input_gives_byte_identical_svg() -> None:
    first = TextualHeatmap(show_meta=True, facet_titles=["GRU", "LSTM"])
    second = TextualHeatmap(show_meta=True, facet_titles=["GRU", "LSTM"])
    first.set_data(char_data())
    second.set_data(char_data())
    assert first.to_svg(57) == second.to_svg(57)
    assert first.to_svg(57) == first.to_svg(57)
    assert first.to_svg(57) != first.to_svg(58)


def test_heat_may_be_numpy_and_is_clamped() -> None:
    heatmap = TextualHeatmap()
    with pytest.warns(UserWarning, match="some heat is negative"):  # said once, as set_data takes it
        heatmap.set_data([[{"token": "a", "heat": np.array([-3.0, 7.0])}, {"token": "b"}]])
    rects = svgread.rects(svgread.parse(heatmap.to_svg(0)))
    assert [r["fill"] for r in rects[:2]] == [VIRIDIS_SUBSET[0], VIRIDIS_SUBSET[96]]
