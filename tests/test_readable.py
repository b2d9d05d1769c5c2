"""Readable by default: on every built-in colour map, at every palette step, token text has
at least 4.5:1 contrast (WCAG AA) with the colour behind it; the original palette keeps
its white text. Checked on the SVG parsed as XML."""
from __future__ import annotations

import pytest
import svgread

from textualheatmap import TextualHeatmap
from textualheatmap.colormap import BUILT_IN, contrast

WHITE = "#ffffff"


def _every_step(name: str, **settings: object) -> list[tuple[str, str]]:
    """(background, text colour) of each glyph of a figure with one token per palette step."""
    steps = len(BUILT_IN[name])
    # The middle of step k on the 0-1 scale: floor(t * (steps - 1)) is k.
    heat = [min((k + 0.5) / (steps - 1), 1.0) for k in range(steps)]
    figure = TextualHeatmap(colormap=name, facet_titles=["steps"], **settings)
    figure.set_data([[{"token": "ab ", "heat": heat} for _ in range(steps)]])
    facet = svgread.facets(svgread.parse(figure.to_svg(0)))[0]
    backgrounds = [r["fill"] for r in svgread.rects(facet.find("svg:g[@class='heat']", svgread.NS))]
    assert backgrounds == list(BUILT_IN[name])  # every step drawn, in order
    tokens = facet.find("svg:g[@class='tokens']", svgread.NS)
    texts = [use.get("fill") or tokens.get("fill") for use in tokens.findall("svg:use", svgread.NS)]
    assert len(texts) == 2 * steps  # "a" and "b" per token; the space draws nothing
    return [(backgrounds[k // 2], text) for k, text in enumerate(texts)]


@pytest.mark.parametrize("name", sorted(set(BUILT_IN) - {"original"}))
def test_default_text_reaches_4_5_to_1_at_every_step(name: str) -> None:
    pairs = _every_step(name)
    worst = min(contrast(background, text) for background, text in pairs)
    assert worst >= 4.5, (name, worst)


def test_original_palette_keeps_white_text_by_default() -> None:
    # The original's look, kept by default (its brightest green gives white 2.56:1).
    assert {text for _, text in _every_step("original")} == {WHITE}
    assert {text for _, text in _every_step("original", readable_text=True)} == {WHITE, "#050505"}


def test_readable_text_true_switches_and_false_keeps_white() -> None:
    assert {text for _, text in _every_step("Blues", readable_text=False)} == {WHITE}
    switched = _every_step("Blues", readable_text=True)
    assert {text for _, text in switched} == {WHITE, "#050505"}
    # White on the palest blue, as before readable text was the default: unreadable.
    assert contrast(switched[0][0], WHITE) < 1.1
