"""Any Python string is a token: random Unicode always gives valid XML and a picture."""
from __future__ import annotations

import warnings
import xml.etree.ElementTree as ET

import cairosvg
import pytest
import svgread
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textualheatmap import TextualHeatmap
from textualheatmap.layout.glyphs import REPLACEMENT, visible

# Every code point, surrogates and controls included.
ANY_TEXT = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=()),
                   max_size=6)
TOKEN = st.fixed_dictionaries(
    {"token": ANY_TEXT},
    optional={
        "format": st.booleans(),
        "meta": st.lists(ANY_TEXT, max_size=3),
        "heat": st.lists(st.floats(-2, 2), max_size=12),
    },
)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tokens=st.lists(TOKEN, max_size=12), title=ANY_TEXT, data=st.data())
def test_any_unicode_renders_as_valid_svg_and_keeps_its_text(tokens: list[dict], title: str,
                                                             data: st.DataObject) -> None:
    heatmap = TextualHeatmap(show_meta=True, facet_titles=[title], width=data.draw(st.integers(108, 700)))
    index = None
    with warnings.catch_warnings():
        # Characters no font has (drawn as boxes) and negative heat on a 0-1 scale are
        # warned about; here only the SVG matters.
        warnings.simplefilter("ignore")
        heatmap.set_data([tokens])
        index = data.draw(st.integers(0, heatmap.token_count - 1)) if heatmap.token_count else None
        svg = heatmap.to_svg(index)
    root = ET.fromstring(svg)  # parses as XML
    (facet,) = svgread.facets(root)
    text = "".join(token["token"] for token in tokens)
    assert facet.find("svg:g[@class='tokens']", svgread.NS).get("aria-label", "") == visible(text)
    assert facet.find("svg:g[@class='title']", svgread.NS).get("aria-label", "") == visible(title)
    if index is not None:
        counted = [t for t in tokens if not t.get("format", False)]
        meta = counted[index].get("meta", [])
        labels = [g.get("aria-label", "") for g in facet.iterfind("svg:g[@class='meta']/svg:g", svgread.NS)
                  if g.get("fill") == "#000000"]
        assert labels == ([visible(m) for m in meta] or [""])
    png = cairosvg.svg2png(bytestring=svg.encode("utf-8"))
    assert png.startswith(b"\x89PNG")


def test_forbidden_characters_are_replaced_never_written() -> None:
    heatmap = TextualHeatmap(show_meta=True)
    heatmap.set_data([[{"token": "a\x00b\x1b\ud800\ufffe", "meta": ["\x07bell"], "heat": [1]}]])
    svg = heatmap.to_svg(0)
    for raw in ("\x00", "\x1b", "\x07", "\ufffe"):
        assert raw not in svg
    root = ET.fromstring(svg)
    label = root.find(".//svg:g[@class='tokens']", svgread.NS).get("aria-label")
    assert label == f"a{REPLACEMENT}b{REPLACEMENT}{REPLACEMENT}{REPLACEMENT}"
    # Each stand-in is drawn: a, b and four replacement glyphs.
    assert len(root.findall(".//svg:g[@class='tokens']/svg:use", svgread.NS)) == 6


def _token_boxes(tokens: list[str], width: int = 600) -> list[tuple[float, float, float]]:
    heatmap = TextualHeatmap(width=width)
    heatmap.set_data([[{"token": t, "heat": [1] * len(tokens)} for t in tokens]])
    pieces = heatmap.scene.layout.facets[0].fragments
    return list(zip(pieces.x.tolist(), pieces.y.tolist(), pieces.w.tolist()))


COLUMN = 1233 / 2048 * 14


def test_tabs_expand_to_the_next_tab_stop() -> None:
    boxes = _token_boxes(["ab", "\t", "c", "\t\t", "d"])
    assert boxes[1][0] == pytest.approx(7 + 2 * COLUMN, abs=0.01)
    assert boxes[1][2] == pytest.approx(6 * COLUMN, abs=0.01)  # to column 8
    assert boxes[2][0] == pytest.approx(7 + 8 * COLUMN, abs=0.01)
    assert boxes[3][2] == pytest.approx(15 * COLUMN, abs=0.01)  # from 9 to 24
    assert boxes[4][0] == pytest.approx(7 + 24 * COLUMN, abs=0.01)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_every_newline_convention_breaks_the_line(newline: str) -> None:
    boxes = _token_boxes(["ab", newline, "cd"])
    first, second = boxes[0], boxes[-1]
    assert second[0] == pytest.approx(7) and second[1] == pytest.approx(first[1] + 19.6)


def test_east_asian_wide_characters_take_two_columns() -> None:
    boxes = _token_boxes(["中文", "a", "ｆ"])  # wide, narrow, fullwidth
    assert boxes[0][2] == pytest.approx(4 * COLUMN, abs=0.01)
    assert boxes[1][0] == pytest.approx(7 + 4 * COLUMN, abs=0.01)
    assert boxes[2][2] == pytest.approx(2 * COLUMN, abs=0.01)


def test_missing_characters_draw_a_box_and_warn_once_per_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    from textualheatmap.layout import glyphs

    glyphs.place_char.cache_clear()
    monkeypatch.setattr(glyphs, "_system_font_files", lambda: ())  # a machine with no fonts
    try:
        heatmap = TextualHeatmap(show_meta=True)
        heatmap.set_data([[{"token": "a\U000E0041b\U000E0041", "meta": ["\U000F0000"], "heat": [1]}]])
        with pytest.warns(UserWarning, match="U\\+E0041") as caught:
            svg = heatmap.to_svg()
        assert len(caught) == 1
        uses = ET.fromstring(svg).findall(".//svg:g[@class='tokens']/svg:use", svgread.NS)
        assert len(uses) == 4  # a, box, b, box
        notdef = uses[1].get(svgread.XLINK)
        assert uses[3].get(svgread.XLINK) == notdef and notdef.endswith("-0")  # glyph 0: the box
        assert float(uses[2].get("x")) - float(uses[1].get("x")) == pytest.approx(COLUMN, abs=0.01)
        with pytest.warns(UserWarning, match="U\\+F0000"):
            heatmap.to_svg(0)
    finally:
        glyphs.place_char.cache_clear()


def test_characters_the_bundled_fonts_lack_come_from_a_system_font(monkeypatch: pytest.MonkeyPatch,
                                                                  tmp_path) -> None:
    # A stand-in "system font" that has a character neither bundled font has: a copy of
    # DejaVu Sans Mono whose cmap also maps U+E000 (private use) to the glyph of "M".
    from fontTools.ttLib import TTFont

    from textualheatmap.layout import fonts, glyphs

    font = TTFont(fonts.fonts_dir() / "DejaVuSansMono.ttf")
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap[0xE000] = table.cmap[ord("M")]
    font["name"].setName("StandInMono", 6, 3, 1, 0x409)
    path = tmp_path / "standin.ttf"
    font.save(path)
    glyphs.place_char.cache_clear()
    monkeypatch.setattr(glyphs, "_system_font_files", lambda: (str(path),))
    try:
        heatmap = TextualHeatmap()
        heatmap.set_data([[{"token": "\ue000"}]])
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # found, so no warning
            svg = heatmap.to_svg()
        (use,) = ET.fromstring(svg).findall(".//svg:g[@class='tokens']/svg:use", svgread.NS)
        assert use.get(svgread.XLINK).startswith("#thm-StandInMono14-")
    finally:
        glyphs.place_char.cache_clear()
