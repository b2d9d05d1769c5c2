"""Frame-driven figures in Chromium: hovering the token that drives frame k of a saved
page shows frame k, as ``to_svg(k)`` draws it (a translation, a generation)."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from test_browser import Watched, assert_looks_like, assert_same_drawing, dom_svg, hover, screenshot

from textualheatmap import TextualHeatmap, from_generation, from_seq2seq

pytestmark = pytest.mark.ci_must_run

SOURCE = ["▁Le", "▁chat", "▁est", "▁assis", "▁sur", "▁le", "▁tapis", "."]
TARGET = ["▁The", "▁cat", "▁is", "▁sitting", "▁on", "▁the", "▁mat", "."]


def translation() -> TextualHeatmap:
    rng = np.random.default_rng(1)
    figure = TextualHeatmap(facet_titles=["Source", "Target"], show_meta=False)
    figure.set_data(from_seq2seq(SOURCE, TARGET, rng.random((8, 8)),
                                 target_attributions=np.tril(rng.random((8, 8)))))
    return figure


def generation() -> TextualHeatmap:
    rng = np.random.default_rng(2)
    prompt, generated = ["The", "Ġcat"], ["Ġsat", "Ġon", "Ġthe", "Ġmat", "."]
    figure = TextualHeatmap(show_meta=True, readable_text=True, colormap="magma")
    figure.set_data(from_generation(prompt, generated, [rng.random(2 + k) for k in range(5)],
                                    candidates=[[g.lstrip("Ġ"), "x"] for g in generated]))
    return figure


@pytest.fixture(scope="module", params=["translation", "generation"])
def page(request: pytest.FixtureRequest, browser: Any,  # conftest.py's Chromium
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Watched, TextualHeatmap, str]]:
    figure = translation() if request.param == "translation" else generation()
    path = tmp_path_factory.mktemp("frames") / f"{request.param}.html"
    figure.save(path)
    watched = Watched(browser)
    watched.page.goto(path.as_uri())
    yield watched, figure, request.param
    watched.page.close()


def test_hovering_the_driving_token_shows_its_frame(page: tuple[Watched, TextualHeatmap, str]) -> None:
    watched, figure, kind = page
    assert_same_drawing(dom_svg(watched.page), figure.to_svg())
    # Translation: target token k (facet 1) drives frame k; generation: token 2 + k.
    facet, first = (1, 0) if kind == "translation" else (0, 2)
    for k in (0, 3, figure.token_count - 1, 1):
        hover(watched.page, figure, facet, first + k)
        assert_same_drawing(dom_svg(watched.page), figure.to_svg(k))
        assert_looks_like(screenshot(watched.page), figure.to_svg(k))
    # A token that drives no frame (the source, the prompt) leaves the frame shown.
    hover(watched.page, figure, 0, 0)
    assert_same_drawing(dom_svg(watched.page), figure.to_svg(1))
    assert watched.problems == []
