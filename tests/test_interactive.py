"""The interactive HTML (notebook output and saved page), read without a browser."""
from __future__ import annotations

import base64
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from sample_data import TEXT, char_data
from svgread import NS, facets, text_of

from textualheatmap import TextualHeatmap
from textualheatmap.formats.html import figure_html, hover_script, page_html, script_json

INJECTIONS = ("</script><script>alert(1)</script>", "<img src=x onerror=alert(1)>", "]]>")
# The only addresses a page may hold: XML namespace names, which nothing fetches.
NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink",
              "http://www.w3.org/2001/xml-events"}
SVG_TAGS = {"svg", "defs", "path", "g", "rect", "use"}


class Elements(HTMLParser):
    """Every start tag of a page, and the text of its <title> and <script>s."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: dict[str, list[str]] = {"title": [], "script": []}
        self.inside: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        self.inside = tag if tag in self.text else None

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self.inside = None

    def handle_data(self, data: str) -> None:
        if self.inside is not None:
            self.text[self.inside].append(data)


def parse_page(page: str) -> Elements:
    parser = Elements()
    parser.feed(page)
    parser.close()
    return parser


def figure(data: list | None = None, **options: object) -> TextualHeatmap:
    heatmap = TextualHeatmap(show_meta=True, facet_titles=["GRU", "LSTM"], **options)  # type: ignore[arg-type]
    heatmap.set_data(data if data is not None else char_data())
    heatmap.highlight(20)
    return heatmap


def embedded(page: str) -> dict:
    found = re.search(r'<script type="application/json" class="thm-data">(.*?)</script>', page, re.S)
    assert found is not None
    return json.loads(found.group(1))


def saved(heatmap: TextualHeatmap, tmp_path: Path, **options: object) -> str:
    path = tmp_path / "figure.html"
    heatmap.save(path, **options)
    return path.read_text(encoding="utf-8")


def test_script_json_cannot_end_the_script_element() -> None:
    value = {"a": list(INJECTIONS), "b": "<!-- & \u2028\u2029"}
    text = script_json(value)
    assert not set(text) & set("<>&\u2028\u2029")
    assert json.loads(text) == value


def test_notebook_outputs_are_a_picture_and_a_script_only_when_interactive() -> None:
    interactive = figure()
    picture, script = interactive.notebook_outputs()
    assert set(picture) == {"image/png", "text/plain"} and set(script) == {"application/javascript"}
    assert interactive._repr_mimebundle_() == picture
    assert picture["text/plain"].startswith("Textual heatmap. GRU: ") and "| LSTM: " in picture["text/plain"]
    source = script["application/javascript"]
    assert "</" not in source.replace(hover_script(), "") and "thmHover(" in source
    static = figure(interactive=False).notebook_outputs()
    assert len(static) == 1 and set(static[0]) == {"image/png", "text/plain", "image/svg+xml"}
    assert static[0]["image/svg+xml"] == interactive.to_svg()


def unpack(text: str, cell: int) -> np.ndarray:
    """A packed row (formats/packed.py, runs) of ``cell``-byte cells, as integers."""
    raw, cells, at = base64.b64decode(text), [], 0
    def value(i: int) -> int:
        return int.from_bytes(raw[i:i + cell], "big")
    while at < len(raw):
        count, at = raw[at], at + 1
        if count < 128:
            cells += [value(at + i * cell) for i in range(count + 1)]
            at += (count + 1) * cell
        else:
            times = count - 126
            if count == 255:
                times, at = raw[at] * 256 + raw[at + 1], at + 2
            cells += [value(at)] * times
            at += cell
    return np.array(cells, dtype=np.int64)


def row_of(facet: dict, k: int) -> str:
    rows = facet["rows"]
    return rows[facet["of"][k]] if "of" in facet else rows[0 if len(rows) == 1 else k]


def test_saved_page_is_the_static_svg_plus_a_self_contained_script(tmp_path: Path) -> None:
    heatmap = figure()
    page = saved(heatmap, tmp_path)
    assert page.startswith("<!DOCTYPE html>") and heatmap.to_svg() in page
    elements = parse_page(page)
    assert elements.tags.count("script") == 2
    assert set(elements.tags) == {"html", "head", "meta", "title", "body", "div", "script"} | SVG_TAGS
    assert set(re.findall(r"https?://[^\s\"'<>)]*", page)) <= NAMESPACES
    for needle in ("src=", "fetch(", "XMLHttpRequest", "import(", "innerHTML", "eval("):
        assert needle not in page
    assert hover_script() in page
    # Same figure, same bytes; another figure, another key.
    assert saved(heatmap, tmp_path) == page
    other = figure(char_data(facets=2, meta=False))
    key = re.compile(r'data-thm-figure="([0-9a-f]{16})"')
    assert key.findall(page) != key.findall(figure_html(other.scene)) != []


def test_page_without_interactivity_has_no_script(tmp_path: Path) -> None:
    heatmap = figure(interactive=False)
    page = saved(heatmap, tmp_path)
    assert "<script" not in page and heatmap.to_svg() in page
    assert "<script" in saved(heatmap, tmp_path, interactive=True)
    assert "<script" not in saved(figure(), tmp_path, interactive=False)


def test_page_to_text_and_binary_streams(tmp_path: Path) -> None:
    heatmap = figure()
    text, binary = io.StringIO(), io.BytesIO()
    heatmap.save(text, format="html")
    heatmap.save(binary, format="html")
    assert text.getvalue() == binary.getvalue().decode("utf-8") == saved(heatmap, tmp_path)


@pytest.mark.parametrize("colormap, cell", [(None, 1), ("viridis", 2)])
def test_embedded_data_is_colour_indices_for_every_frame(tmp_path: Path, colormap: str | None,
                                                         cell: int) -> None:
    data = char_data()
    data[1] = data[1][:80]  # a shorter facet: frames past its end colour nothing there
    heatmap = figure(data, colormap=colormap)
    page = saved(heatmap, tmp_path)
    payload = embedded(page)
    # The drawing data: the pinned tooltip's scores (test_pin.py) are the given numbers, exactly.
    text = json.dumps({key: value for key, value in payload.items() if key != "pin"})
    assert not re.search(r"\d\.\d{3}", text), "no number carries more than two decimals"
    assert payload["cellBytes"] == cell  # a 256-colour palette needs index + 1 = 256
    for f, facet in enumerate(payload["facets"]):
        for k in range(heatmap.token_count):
            expected = heatmap.scene.frame(k).facets[f].colors
            cells = unpack(row_of(facet, k), cell)
            got = np.full(expected.size, -1, dtype=np.int16)
            got[: cells.size] = cells - 1
            assert np.array_equal(got, expected), (f, k)
    # Everything the hover needs is smaller than the heat alone as JSON floats.
    naive = json.dumps([[token["heat"] for token in facet] for facet in data])
    assert len(text) < 0.4 * cell * len(naive)


def test_hover_data_follows_what_is_coloured() -> None:
    """A single-number facet is one row; a window of heat costs the window, not the tokens
    before it; zero heat before the window costs nothing."""
    def payload(tokens: list[dict]) -> dict:
        heatmap = TextualHeatmap()
        heatmap.set_data([tokens])
        facet: dict = embedded(page_html(heatmap.scene))["facets"][0]
        return facet

    single = payload([{"token": f" w{i}", "heat": 0.5 + (i % 7) / 20} for i in range(2000)])
    assert len(single["rows"]) == 1 and "of" not in single
    window = payload([{"token": f" w{i}", "heat": [0.0] * max(i - 30, 0) + [0.5] * (min(i, 30) + 1)}
                      for i in range(1500)])
    # Each frame: a run of the zero colour, a run of the window's colour: a few bytes.
    assert len(window["rows"]) == 1500 and max(len(base64.b64decode(r)) for r in window["rows"]) <= 8


def test_meta_glyphs_of_every_frame_are_defined(tmp_path: Path) -> None:
    heatmap = figure(char_data(TEXT[:80]))
    page = saved(heatmap, tmp_path)
    payload = embedded(page)
    static = set(re.findall(r'\bid="(thm-[^"]+)"', heatmap.to_svg()))
    needed = set()
    for k in range(heatmap.token_count):
        needed |= set(re.findall(r'href="#(thm-[^"]+)"', heatmap.to_svg(k)))
    assert needed <= static | set(payload["defs"]) and not static & set(payload["defs"])
    assert set(payload["glyphs"]) <= static | set(payload["defs"])


def test_injection_strings_stay_text_in_svg_html_and_json(tmp_path: Path) -> None:
    tokens = [{"token": text, "meta": [text, "x"], "heat": [1.0]} for text in INJECTIONS]
    heatmap = TextualHeatmap(show_meta=True, facet_titles=list(INJECTIONS))
    heatmap.set_data([tokens] * 3)
    heatmap.highlight(1)
    page = saved(heatmap, tmp_path)
    for raw in ("<img", "alert(1)</script>", "]]>", "<script><"):
        assert raw not in page
    elements = parse_page(page)
    assert elements.tags.count("script") == 2 and "img" not in elements.tags
    assert "".join(elements.text["title"]) == " / ".join(INJECTIONS)
    # The drawing spells the strings in glyphs; its labels and the data hold them as text.
    root = ET.fromstring(heatmap.to_svg())
    for facet, title in zip(facets(root), INJECTIONS):
        tokens_group = facet.find("svg:g[@class='tokens']", NS)
        assert text_of(tokens_group) == "".join(INJECTIONS).replace(" ", "")
        assert tokens_group.get("aria-label") == "".join(INJECTIONS)
        assert text_of(facet.find("svg:g[@class='title']", NS)) == title.replace(" ", "")
    labels = {row[1][0] for facet in embedded(page)["facets"] for row in facet["meta"]["rows"]}
    assert labels == set(INJECTIONS)
