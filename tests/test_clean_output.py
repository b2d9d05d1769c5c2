"""Nothing raw in any format (lone surrogates, NUL, ESC, U+FFFE in titles, meta and tokens),
and one missing-glyph warning per save."""
from __future__ import annotations

import io
import re
import subprocess
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from textualheatmap import TextualHeatmap
from textualheatmap.layout import figure, glyphs

BAD = "a\ud800b\x00c\x1bd\ufffee"
RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def dirty() -> TextualHeatmap:
    heatmap = TextualHeatmap(facet_titles=[BAD, "second " + BAD], show_meta=True)
    tokens = [{"token": BAD + " ", "meta": [BAD, "x\x00"], "heat": [1, 0.5]},
              {"token": "ok", "meta": ["\ud800"], "heat": [0.3, 1]}]
    heatmap.set_data([tokens, tokens])
    heatmap.highlight(0)
    return heatmap


def saved(heatmap: TextualHeatmap, fmt: str) -> bytes:
    stream = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # U+FFFD and friends: whether a font has them is not the point
        heatmap.save(stream, format=fmt)
    return stream.getvalue()


def test_svg_is_valid_xml_with_the_characters_shown_as_replacements() -> None:
    data = saved(dirty(), "svg")
    text = data.decode("utf-8")  # strict: a surrogate would not decode
    assert not RAW.search(text)
    root = ET.fromstring(data)
    labels = [element.get("aria-label") for element in root.iter() if element.get("aria-label")]
    assert "a\ufffdb\ufffdc\ufffdd\ufffde" in labels


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.title: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)


@pytest.mark.parametrize("interactive", [True, False])
def test_html_encodes_and_its_title_and_script_data_hold_no_raw_character(interactive: bool) -> None:
    heatmap = dirty()
    stream = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        heatmap.save(stream, format="html", interactive=interactive)
    text = stream.getvalue().decode("utf-8")
    assert not RAW.search(text)
    parser = _Collector()
    parser.feed(text)
    assert "".join(parser.title) == "a\ufffdb\ufffdc\ufffdd\ufffde / second a\ufffdb\ufffdc\ufffdd\ufffde"
    svg = text[text.index("<svg"):text.index("</svg>") + len("</svg>")]
    ET.fromstring(svg)


def test_notebook_bundle_holds_no_raw_character() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bundle = dirty()._repr_mimebundle_()
    for text in bundle.values():
        text.encode("utf-8")
        assert not RAW.search(text)


def test_tex_holds_no_raw_character() -> None:
    text = saved(dirty(), "tex").decode("utf-8")
    assert not RAW.search(text)


@pytest.mark.parametrize("fmt", ["png", "gif"])
def test_rasters_open(fmt: str) -> None:
    with Image.open(io.BytesIO(saved(dirty(), fmt))) as image:
        image.load()
        assert image.size[0] == 600


@pytest.mark.ci_must_run
def test_pdf_is_read_by_poppler(tmp_path: Path) -> None:
    import shutil

    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    path = tmp_path / "x.pdf"
    path.write_bytes(saved(dirty(), "pdf"))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=False)
    assert info.returncode == 0 and info.stderr == ""
    assert "Pages:           1" in info.stdout


# ---------------------------------------------------------------- one warning per save

CHINESE = "我们在这里画一张热图每个字都有自己的颜色和分数看看效果如何"


@pytest.fixture
def no_system_fonts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A machine with no CJK font: only the bundled fonts, which have no Chinese."""
    glyphs.place_char.cache_clear()
    figure._layout_meta.cache_clear()
    monkeypatch.setattr(glyphs, "_system_font_files", lambda: ())
    yield
    glyphs.place_char.cache_clear()
    figure._layout_meta.cache_clear()


def chinese() -> TextualHeatmap:
    heatmap = TextualHeatmap(show_meta=True)
    count = len(CHINESE)
    heatmap.set_data([[{"token": char, "meta": [CHINESE[k - 1], CHINESE[(k + 7) % count]],
                        "heat": [((k * 7 + j) % 10) / 10 for j in range(count)]}
                       for k, char in enumerate(CHINESE)]])
    return heatmap


@pytest.mark.parametrize("fmt", ["gif", "svg", "html", "png"])
def test_one_save_of_a_chinese_text_without_a_cjk_font_warns_once(no_system_fonts: None, fmt: str) -> None:
    heatmap = chinese()
    heatmap.highlight(3)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        heatmap.save(io.BytesIO(), format=fmt, **({"progress": False} if fmt == "gif" else {}))
    messages = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
    assert len(messages) == 1, messages
    for char in set(CHINESE):
        assert f"U+{ord(char):04X}" in messages[0]
    assert caught[0].filename == __file__  # it points at the line that saved


def test_each_save_warns_again(no_system_fonts: None, tmp_path: Path) -> None:
    heatmap = chinese()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        heatmap.save(tmp_path / "a.gif", frames=[0, 1, 2], progress=False)
        heatmap.save(tmp_path / "b.gif", frames=[0, 1, 2], progress=False)
    assert len(caught) == 2
