"""Values on hover: in HTML (and notebooks, the same fragment) a click pins a highlight,
Escape or a second click releases it, the arrow keys move it; while pinned, hovering a
token shows a tooltip with its score for the pinned highlight as given (not clamped) and
its meta strings. Driven in Chromium; the scores are read back from the DOM."""
from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sample_data import TEXT, char_facet
from test_interactive import unpack

from textualheatmap import TextualHeatmap
from textualheatmap.formats.pin import given_scores, pin_data

MARGIN = 20  # the page's margin around the figure
STRETCH = 3.7  # heat beyond the colour scale's 0..1: the tooltip shows it unclamped


def stretched_facet(text: str, decay: float) -> list[dict]:
    tokens = char_facet(text, decay)
    for token in tokens:
        token["heat"] = [h * STRETCH for h in token["heat"]]
    return tokens


def pinned_figure() -> TextualHeatmap:
    first = stretched_facet(TEXT[:120], 0.3)
    first[7]["token"] = "<b>"  # a token that would be markup
    figure = TextualHeatmap(show_meta=True, facet_titles=["GRU", "LSTM"])
    figure.set_data([first, stretched_facet(TEXT[:60], 0.1)])
    return figure


def decoded(entry: dict, count: int) -> list[list[float | None]]:
    """Every frame's scores, read from the packed rows as pin.js reads them."""
    values = np.frombuffer(base64.b64decode(entry["values"]), dtype=">f8").tolist()
    next_new, rows = 0, []
    for text in entry["rows"]:
        row: list[float | None] = []
        for cell in unpack(text, entry["cellBytes"]).tolist():
            if cell == 1:  # the next value not given before
                row.append(values[next_new])
                next_new += 1
            else:
                row.append(values[cell - 2] if cell else None)
        rows.append(row)
    assert next_new == len(values)  # every value is given somewhere, once as new
    # The row of each frame: "of" says, else one row for all or row k for frame k.
    of = entry.get("of") or [0 if len(rows) == 1 else k for k in range(count)]
    return [rows[row] for row in of]


def padded(row: list[float | None], length: int) -> list[float | None]:
    """A row as long as ``length``: the packed rows leave out trailing tokens without a score."""
    return row + [None] * (length - len(row))


def test_the_embedded_scores_are_the_given_ones_exactly() -> None:
    figure = pinned_figure()
    data = pin_data(figure.scene)
    assert data["count"] == figure.token_count == 120
    for facet, entry in zip(figure.scene.facets, data["facets"]):
        rows = decoded(entry, figure.token_count)
        for index in range(figure.token_count):
            given = given_scores(facet, index)
            expected = [None if np.isnan(v) else float(v) for v in given.tolist()]
            assert padded(rows[index], given.size) == expected
        assert entry["text"] == [token.text for token in facet.counted]
        assert entry["meta"] == [list(token.meta) for token in facet.counted]
    assert data["facets"][0]["text"][7] == "<b>"
    # Stretched heat is kept as given: the scale clamps it at 1, the tooltip does not.
    assert max(decoded(data["facets"][0], 120)[40]) == pytest.approx(STRETCH)


def test_a_saliency_map_shows_each_tokens_own_score() -> None:
    figure = TextualHeatmap(center=0, colormap="RdBu")
    figure.set_data([[{"token": "a", "heat": 0.25}, {"token": " ", "format": True}, {"token": "b", "heat": -2.5}]])
    (entry,) = pin_data(figure.scene)["facets"]
    assert decoded(entry, 2) == [[0.25, -2.5], [0.25, -2.5]] and len(entry["rows"]) == 1


def test_the_scores_cost_what_is_given_not_tokens_squared() -> None:
    """A single-number facet is one row; a window of heat costs the window: its zeros (given
    scores, shown as 0) are one run, its new values one run."""
    def entry(tokens: list[dict]) -> dict:
        figure = TextualHeatmap()
        figure.set_data([tokens])
        (facet,) = pin_data(figure.scene)["facets"]
        return facet

    single = entry([{"token": f" w{i}", "heat": i / 3} for i in range(3000)])
    assert len(single["rows"]) == 1 and "of" not in single
    assert len(base64.b64decode(single["values"])) == 8 * 3000  # each value once
    rng = np.random.default_rng(5)
    heats = [[0.0] * max(i - 30, 0) + rng.random(min(i, 30) + 1).tolist() for i in range(1500)]
    window = entry([{"token": f" w{i}", "heat": heat} for i, heat in enumerate(heats)])
    assert len(window["rows"]) == 1500 and max(len(base64.b64decode(r)) for r in window["rows"]) <= 16
    assert len(base64.b64decode(window["values"])) == 8 * (1 + sum(min(i, 30) + 1 for i in range(1500)))
    rows = decoded(window, 1500)
    assert rows[1000] == heats[1000] and rows[1000][0] == 0.0 and rows[29] == heats[29]


class Figure:
    """The figure's page in Chromium, and where its tokens are."""

    def __init__(self, browser: Any, figure: TextualHeatmap, path: Path) -> None:
        figure.save(path)
        self.figure = figure
        self.page = browser.new_page(viewport={"width": 700, "height": 500}, device_scale_factor=1)
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(path.as_uri())
        self.page.add_style_tag(content=f"body {{ margin: {MARGIN}px }}")
        box = self.page.locator("svg").first.bounding_box()
        self.left, self.top = box["x"], box["y"]

    def point(self, facet: int, token: int) -> tuple[float, float]:
        pieces = self.figure.scene.layout.facets[facet].fragments
        k = int(np.flatnonzero(pieces.token == token)[0])
        return (self.left + float(pieces.x[k] + pieces.w[k] / 2),
                self.top + float(pieces.y[k] + pieces.height / 2))

    def hover(self, facet: int, token: int) -> None:
        self.page.mouse.move(*self.point(facet, token))

    def click(self, facet: int, token: int) -> None:
        self.page.mouse.click(*self.point(facet, token))

    def pinned(self) -> str | None:
        return self.page.get_attribute("div.textualheatmap", "data-thm-pinned")

    def underlined(self) -> list[float]:
        """The x of the underline in the first facet, as the DOM has it now."""
        return [float(x) for x in self.page.eval_on_selector_all(
            "g.facet:first-of-type g.underline rect", "rects => rects.map(r => r.getAttribute('x'))")]

    def underline_of(self, token: int) -> list[float]:
        pieces = self.figure.scene.layout.facets[0].fragments
        return [float(x) for x in pieces.x[pieces.token == token]]

    def tip(self) -> dict[str, Any]:
        return self.page.eval_on_selector("div.thm-tooltip", """tip => ({
            shown: tip.style.display !== 'none', text: tip.textContent, score: tip.getAttribute('data-score'),
            children: tip.children.length})""")


@pytest.fixture
def shown(browser: Any, tmp_path: Path) -> Iterator[Figure]:
    figure = Figure(browser, pinned_figure(), tmp_path / "pin.html")
    yield figure
    assert figure.errors == []
    figure.page.close()


@pytest.mark.ci_must_run
def test_click_pins_and_the_tooltip_shows_the_exact_score(shown: Figure, tmp_path: Path) -> None:
    shown.hover(0, 10)
    assert shown.underlined() == shown.underline_of(10) and shown.pinned() is None
    shown.click(0, 40)
    assert shown.pinned() == "40" and shown.underlined() == shown.underline_of(40)
    facets = shown.figure.scene.facets
    for facet, token in ((0, 30), (0, 39), (1, 20), (0, 7)):
        shown.hover(facet, token)
        tip = shown.tip()
        expected = given_scores(facets[facet], 40)[token]
        # The number as the page shows it is the given one, exactly.
        assert tip["shown"] and float(tip["score"]) == float(expected), (facet, token, tip)
        assert float(tip["score"]) == facets[facet].counted[40].heat[token]
        assert ", ".join(facets[facet].counted[token].meta) in tip["text"]
        # Hovering while pinned leaves the pinned highlight.
        assert shown.pinned() == "40" and shown.underlined() == shown.underline_of(40)
    assert '"<b>" (7)' in tip["text"] and tip["children"] == 0  # the token as text
    shown.hover(0, 39)
    assert float(shown.tip()["score"]) > 1  # unclamped: the colour scale stops at 1
    shown.page.screenshot(path=str(tmp_path / "tooltip.png"))


@pytest.mark.ci_must_run
def test_a_token_without_a_score_says_none(shown: Figure) -> None:
    shown.click(0, 12)
    shown.hover(0, 30)  # token 12's heat reaches tokens 0..12 only
    assert shown.tip()["score"] == "none"


@pytest.mark.ci_must_run
def test_arrow_keys_move_and_escape_releases(shown: Figure) -> None:
    shown.click(0, 40)
    shown.page.keyboard.press("ArrowRight")
    assert shown.pinned() == "41" and shown.underlined() == shown.underline_of(41)
    shown.page.keyboard.press("ArrowLeft")
    shown.page.keyboard.press("ArrowLeft")
    assert shown.pinned() == "39" and shown.underlined() == shown.underline_of(39)
    shown.hover(0, 20)
    assert float(shown.tip()["score"]) == shown.figure.scene.facets[0].counted[39].heat[20]
    shown.page.keyboard.press("Escape")
    assert shown.pinned() is None and not shown.tip()["shown"]
    # Released: hovering highlights again, as in the original.
    shown.hover(0, 25)
    assert shown.underlined() == shown.underline_of(25)


@pytest.mark.ci_must_run
def test_a_second_click_on_the_pinned_token_releases(shown: Figure) -> None:
    shown.click(0, 50)
    assert shown.pinned() == "50"
    shown.click(0, 50)
    assert shown.pinned() is None
    shown.hover(0, 52)
    assert shown.underlined() == shown.underline_of(52) and not shown.tip()["shown"]
