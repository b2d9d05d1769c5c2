"""What a person sees in a browser: headless Chromium (Debian's package) via Playwright.

Pictures are compared as pixels against cairosvg's rendering of the same SVG, both on
white. Tolerance: no pixel differs by more than 64 (of 255) in any channel and the mean
absolute difference stays under 1.5; the two renderers disagree only in anti-aliasing
(measured: at most 44 and a mean under 0.65 on these figures), while one pixel of
displacement or a neighbouring frame gives differences of 224 and more.
"""
from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cairosvg
import numpy as np
import pytest
from PIL import Image
from sample_data import TEXT, char_facet
from svgread import SVG, XLINK

from textualheatmap import TextualHeatmap
from textualheatmap.formats.html import figure_html
from textualheatmap.layout.precision import fmt

pytestmark = pytest.mark.ci_must_run

MAX_CHANNEL_DIFF = 64
MAX_MEAN_DIFF = 1.5
INJECTIONS = ("</script><script>alert(1)</script>", "<img src=x onerror=alert(1)>", "]]>")


class Watched:
    """A page that records dialogs, console errors and uncaught exceptions."""

    def __init__(self, browser: Any) -> None:
        self.page = browser.new_page(viewport={"width": 800, "height": 900}, device_scale_factor=1)
        self.problems: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(m.text))
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))

    def _dialog(self, dialog: Any) -> None:
        self.problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()


def mixed_figure() -> TextualHeatmap:
    """Two facets of different lengths, one with a format token, with meta."""
    first = char_facet(TEXT[:120], decay=0.3)
    first.insert(40, {"token": "[fmt]", "format": True})
    figure = TextualHeatmap(show_meta=True, facet_titles=["GRU", "LSTM"])
    figure.set_data([first, char_facet(TEXT[:60], decay=0.1)])
    figure.highlight(5)
    return figure


def on_white(png: bytes) -> np.ndarray:
    image = Image.open(io.BytesIO(png)).convert("RGBA")
    background = Image.new("RGBA", image.size, "white")
    background.alpha_composite(image)
    return np.asarray(background.convert("RGB")).astype(np.int16)


def cairo_rgb(svg: str) -> np.ndarray:
    return on_white(cairosvg.svg2png(bytestring=svg.encode("utf-8")))


def difference(shot: np.ndarray, reference: np.ndarray) -> tuple[int, float]:
    # A figure 193.4 px tall: Chromium's screenshot keeps the partly covered last row,
    # cairosvg rounds it away. More than that one row or column is a real difference.
    assert all(0 <= a - b <= 1 for a, b in zip(shot.shape, reference.shape)), (shot.shape, reference.shape)
    rows, columns = reference.shape[:2]
    diff = np.abs(shot[:rows, :columns] - reference)
    return int(diff.max()), float(diff.mean())


def assert_looks_like(shot: np.ndarray, svg: str) -> None:
    worst, mean = difference(shot, cairo_rgb(svg))
    assert worst <= MAX_CHANNEL_DIFF and mean <= MAX_MEAN_DIFF, (worst, mean)


def canonical(element: ET.Element) -> tuple:
    children = tuple(canonical(child) for child in element if child.tag != f"{SVG}defs")
    return element.tag, tuple(sorted(element.attrib.items())), children


def outlines(root: ET.Element) -> dict[str, str]:
    return {path.get("id"): path.get("d") for path in root.iter(f"{SVG}path") if path.get("id")}


def assert_same_drawing(shown: str, expected: str) -> None:
    """The browser's SVG DOM draws what ``expected`` draws: same elements, attributes and
    order outside <defs>, and every glyph it uses defined with the same outline."""
    got, want = ET.fromstring(shown), ET.fromstring(expected)
    assert canonical(got) == canonical(want)
    defined = outlines(got)
    for use in got.iter(f"{SVG}use"):
        assert use.get(XLINK).lstrip("#") in defined
    assert {k: defined.get(k) for k in outlines(want)} == outlines(want)


def dom_svg(page: Any, nth: int = 0) -> str:
    return page.evaluate(
        "n => new XMLSerializer().serializeToString("
        "document.querySelectorAll('div.textualheatmap > svg')[n])", nth)


def hover(page: Any, figure: TextualHeatmap, facet: int, token: int, nth: int = 0) -> None:
    box = page.locator("div.textualheatmap > svg").nth(nth).bounding_box()
    pieces = figure.scene.layout.facets[facet].fragments
    piece = int(np.flatnonzero(pieces.token == token)[0])
    page.mouse.move(box["x"] + pieces.x[piece] + pieces.w[piece] / 2,
                    box["y"] + pieces.y[piece] + pieces.height / 2)


def screenshot(page: Any, nth: int = 0) -> np.ndarray:
    return on_white(page.locator("div.textualheatmap > svg").nth(nth).screenshot())


@pytest.fixture(scope="module")
def saved_page(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Watched, TextualHeatmap]]:
    figure = mixed_figure()
    path = tmp_path_factory.mktemp("page") / "figure.html"
    figure.save(path)
    watched = Watched(browser)
    watched.page.goto(path.as_uri())
    yield watched, figure
    watched.page.close()


def test_page_shows_the_current_highlight_before_any_hover(saved_page: tuple[Watched, TextualHeatmap]) -> None:
    watched, figure = saved_page
    assert_same_drawing(dom_svg(watched.page), figure.to_svg())
    assert_looks_like(screenshot(watched.page), figure.to_svg())


# Facet 1 has 60 tokens: hovering token 100 of facet 0 leaves it uncoloured with an
# empty meta row, as to_svg(100) draws it; token 40 follows the format token.
@pytest.mark.parametrize("facet, token", [(0, 0), (0, 40), (1, 30), (0, 100), (1, 59), (0, 119)])
def test_hovering_token_k_shows_frame_k(saved_page: tuple[Watched, TextualHeatmap],
                                        facet: int, token: int) -> None:
    watched, figure = saved_page
    hover(watched.page, figure, facet, token)
    assert_same_drawing(dom_svg(watched.page), figure.to_svg(token))
    shot = screenshot(watched.page)
    assert_looks_like(shot, figure.to_svg(token))
    # The tolerance tells frames apart: the neighbouring frame is far outside it.
    neighbour = token - 1 if token else token + 1
    assert difference(shot, cairo_rgb(figure.to_svg(neighbour)))[0] > 200
    assert watched.problems == []


def test_hover_with_a_wide_palette_and_coloured_text(browser: Any, tmp_path: Path) -> None:
    # 256 colours: two bytes a cell; readable text: glyph fills change with the frame.
    figure = TextualHeatmap(show_meta=True, facet_titles=["GRU", "LSTM"], colormap="viridis",
                            readable_text=True, legend=True)
    figure.set_data([char_facet(TEXT[:90], decay=0.05), char_facet(TEXT[:90], decay=0.02)])
    assert len(figure.scene.palette) == 256 and figure.scene.text_palette is not None
    assert re.search(r"<use[^>]*\bfill=", figure.to_svg(80))
    path = tmp_path / "figure.html"
    figure.save(path)
    watched = Watched(browser)
    watched.page.goto(path.as_uri())
    for facet, token in [(0, 80), (1, 33)]:
        hover(watched.page, figure, facet, token)
        assert_same_drawing(dom_svg(watched.page), figure.to_svg(token))
        assert_looks_like(screenshot(watched.page), figure.to_svg(token))
    watched.page.close()
    assert watched.problems == []


def test_leaving_the_tokens_keeps_the_last_frame(saved_page: tuple[Watched, TextualHeatmap]) -> None:
    watched, figure = saved_page
    hover(watched.page, figure, 1, 12)
    box = watched.page.locator("div.textualheatmap > svg").bounding_box()
    title = figure.scene.layout.facets[0].title
    watched.page.mouse.move(box["x"] + title.x + title.w / 2, box["y"] + title.y + title.h / 2)
    watched.page.mouse.move(box["x"] + box["width"] + 50, box["y"] + 10)
    assert_same_drawing(dom_svg(watched.page), figure.to_svg(12))


def as_chromium_sizes_it(svg: str, height: float) -> str:
    # Chromium paints a standalone SVG document into a whole number of pixels: a figure
    # 193.4 tall is drawn 193 px tall, squeezed (stretched for 271.8 -> 272) vertically
    # only. The reference is cairosvg's rendering of the same drawing sized that way;
    # for a figure of whole-pixel height this changes nothing.
    sized = f'height="{round(height)}" preserveAspectRatio="none"'
    return svg.replace(f'height="{fmt(height)}"', sized, 1)


def whole_pixel_figure() -> TextualHeatmap:
    figure = TextualHeatmap(show_meta=True, facet_titles=["GRU"])
    figure.set_data([char_facet((TEXT + " " + TEXT)[:260], decay=0.2)])
    figure.highlight(57)
    return figure


@pytest.mark.parametrize("make", [whole_pixel_figure, mixed_figure], ids=["152px", "193.4px"])
def test_chromium_draws_an_svg_file_like_cairosvg(browser: Any, tmp_path: Path, make: Any) -> None:
    figure = make()
    figure.highlight(57)
    path = tmp_path / "figure.svg"
    figure.save(path)
    page = browser.new_page(viewport={"width": 800, "height": 600}, device_scale_factor=1)
    page.goto(path.as_uri())
    reference = cairo_rgb(as_chromium_sizes_it(figure.to_svg(), figure.scene.layout.height))
    height, width = reference.shape[:2]
    shot = on_white(page.screenshot(clip={"x": 0, "y": 0, "width": width, "height": height}))
    page.close()
    worst, mean = difference(shot, reference)
    assert worst <= MAX_CHANNEL_DIFF and mean <= MAX_MEAN_DIFF, (worst, mean)
    # Same places: one pixel of displacement is far outside the tolerance.
    assert difference(shot[:, 1:], reference[:, :-1])[0] > 200
    assert difference(shot[1:], reference[:-1])[0] > 200


def test_injection_strings_are_text_and_run_nothing(browser: Any, tmp_path: Path) -> None:
    tokens = [{"token": text, "meta": [text, INJECTIONS[2]], "heat": [1.0] * (i + 1)}
              for i, text in enumerate(INJECTIONS)]
    figure = TextualHeatmap(show_meta=True, facet_titles=list(INJECTIONS[:2]))
    figure.set_data([tokens, tokens[::-1]])
    path = tmp_path / "figure.html"
    figure.save(path)
    watched = Watched(browser)
    watched.page.goto(path.as_uri())
    for token in range(len(INJECTIONS)):
        hover(watched.page, figure, 0, token)
        assert_same_drawing(dom_svg(watched.page), figure.to_svg(token))
        assert_looks_like(screenshot(watched.page), figure.to_svg(token))
    counts = watched.page.evaluate(
        "() => [document.scripts.length, document.images.length, document.title]")
    watched.page.close()
    assert counts == [2, 0, " / ".join(INJECTIONS[:2])]
    assert watched.problems == []


def test_two_figures_on_one_page_hover_separately(browser: Any, tmp_path: Path) -> None:
    first, second = mixed_figure(), mixed_figure()
    second.set_data([char_facet(TEXT[:90], decay=0.5), char_facet(TEXT[:90], decay=0.05)])
    same = mixed_figure()  # byte-identical to the first: same key, bound on its own
    body = "".join(figure_html(f.scene) for f in (first, second, same))
    path = tmp_path / "page.html"
    path.write_text(f"<!DOCTYPE html><html><body>{body}</body></html>", encoding="utf-8")
    watched = Watched(browser)
    watched.page.goto(path.as_uri())
    hover(watched.page, second, 0, 70, nth=1)
    hover(watched.page, same, 1, 3, nth=2)
    shown = [dom_svg(watched.page, n) for n in range(3)]
    watched.page.close()
    assert_same_drawing(shown[0], first.to_svg())
    assert_same_drawing(shown[1], second.to_svg(70))
    assert_same_drawing(shown[2], same.to_svg(3))
    assert watched.problems == []
