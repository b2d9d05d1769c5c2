"""Colour maps, signed scales, the legend and readable text (beyond the original)."""
from __future__ import annotations

import io
import math

import cairosvg
import numpy as np
import pytest
import svgread
from PIL import Image

from textualheatmap import TextualHeatmap
from textualheatmap.colormap import BUILT_IN, VIRIDIS_SUBSET, contrast, hex_to_rgb, palette_of, readable_on
from textualheatmap.layout.look import DEFAULT_LOOK

SIGNED = [0.1, -0.9, 0.45, -0.3, 0.0, 0.8]


def saliency(scores: list[float], titles: int = 1, **settings: object) -> TextualHeatmap:
    heatmap = TextualHeatmap(facet_titles=[f"f{i}" for i in range(titles)], **settings)
    facet = [{"token": f"w{i} ", "heat": s} for i, s in enumerate(scores)]
    heatmap.set_data([facet] * titles)
    return heatmap


def heat_fills(svg: str, facet: int = 0) -> list[str]:
    group = svgread.facets(svgread.parse(svg))[facet].find("svg:g[@class='heat']", svgread.NS)
    return [r["fill"] for r in svgread.rects(group)]


@pytest.mark.parametrize("name", ["viridis", "magma", "Blues", "Reds", "RdBu", "PiYG"])
def test_built_in_maps_have_256_steps_from_low_to_high(name: str) -> None:
    palette = palette_of(name)
    assert len(palette) == 256 and all(len(c) == 7 and c[0] == "#" for c in palette)
    assert palette_of(name) is BUILT_IN[name]


def test_known_ends_of_the_tables() -> None:
    assert palette_of("viridis")[0] == "#440154" and palette_of("viridis")[-1] == "#fde725"
    assert palette_of("Blues")[0] == "#f7fbff" and palette_of("Blues")[-1] == "#08306b"
    assert palette_of("RdBu")[0] == "#67001f" and palette_of("RdBu")[-1] == "#053061"
    assert palette_of(None) is VIRIDIS_SUBSET  # the original stays the default


def test_a_list_of_colours_is_blended_evenly() -> None:
    palette = palette_of(["#000000", "#ff0000", (1.0, 1.0, 1.0)])
    assert len(palette) == 256
    assert palette[0] == "#000000" and palette[-1] == "#ffffff"
    assert hex_to_rgb(palette[127])[0] == pytest.approx(254, abs=2)  # the middle stop


def test_a_matplotlib_style_colour_map_object_is_sampled() -> None:
    class Grey:  # what textualheatmap uses of matplotlib's Colormap: N and __call__
        N = 256

        def __call__(self, values: np.ndarray) -> np.ndarray:
            return np.stack([values, values, values, np.ones_like(values)], axis=1)

    palette = palette_of(Grey())
    assert palette[0] == "#000000" and palette[-1] == "#ffffff" and palette[128] == "#808080"


def test_signed_scores_on_a_diverging_map_centre_on_center() -> None:
    heatmap = saliency(SIGNED, colormap="RdBu", center=0)
    # Without vmin/vmax the scale is symmetric about the centre and spans the data.
    assert (heatmap.scene.scale.vmin, heatmap.scene.scale.vmax) == (-0.9, 0.9)
    palette = palette_of("RdBu")
    expected = [palette[math.floor((0.5 + 0.5 * s / 0.9) * 255)] for s in SIGNED]
    assert heat_fills(heatmap.to_svg()) == expected
    assert heat_fills(heatmap.to_svg())[4] == palette[127]  # zero is the middle colour


def test_explicit_bounds_and_an_off_centre_center() -> None:
    heatmap = saliency([-2.0, 0.5, 1.0, 3.0], colormap="PiYG", vmin=-2, vmax=3, center=1)
    palette = palette_of("PiYG")
    # Each side of the centre is stretched on its own: 0.5 is a quarter below the middle.
    assert heat_fills(heatmap.to_svg()) == [palette[0], palette[math.floor(0.5 * (2.5 / 3) * 255)],
                                            palette[127], palette[255]]


def test_one_scale_for_every_facet() -> None:
    heatmap = TextualHeatmap(facet_titles=["a", "b"], colormap="Reds", center=0)
    heatmap.set_data([[{"token": "x", "heat": 0.5}], [{"token": "x", "heat": -2.0}, {"token": "y", "heat": 0.5}]])
    first, second = heat_fills(heatmap.to_svg(), 0), heat_fills(heatmap.to_svg(), 1)
    assert first[0] == second[1]  # 0.5 has one colour everywhere
    assert second[0] == palette_of("Reds")[0]  # -2 is the end of the shared scale


def test_single_number_heat_is_a_plain_saliency_map() -> None:
    heatmap = saliency([0.0, 0.5, 1.0])
    assert not heatmap.scene.has_vectors
    before = heat_fills(heatmap.to_svg())
    assert before == [VIRIDIS_SUBSET[0], VIRIDIS_SUBSET[48], VIRIDIS_SUBSET[96]]
    assert heat_fills(heatmap.to_svg(1)) == before  # a highlight only underlines


def test_legend_ticks_and_bar() -> None:
    heatmap = saliency(SIGNED, colormap="RdBu", center=0, legend=True)
    plain = saliency(SIGNED, colormap="RdBu", center=0)
    root = svgread.parse(heatmap.to_svg())
    assert float(root.get("height")) > float(svgread.parse(plain.to_svg()).get("height")) + 20
    legend = root.find("svg:g[@class='legend']", svgread.NS)
    ticks = legend.find("svg:g", svgread.NS)
    labels = [g.get("aria-label") for g in ticks.findall("svg:g", svgread.NS)]
    assert labels == ["\u22120.5", "0", "0.5"]
    marks = [r for r in svgread.rects(ticks)]
    for value, mark in zip((-0.5, 0.0, 0.5), marks):
        assert mark["x"] + 0.5 == pytest.approx((0.5 + 0.5 * value / 0.9) * 540, abs=0.01)
    # The bar runs from the low colour at the left to the high one at the right, in pixels.
    png = Image.open(io.BytesIO(cairosvg.svg2png(bytestring=heatmap.to_svg().encode()))).convert("RGB")
    bar_y = int(float(legend.find("svg:rect", svgread.NS).get("y")) + 6)
    palette = palette_of("RdBu")
    for x in (2, 270, 537):
        index = math.floor(x / 540 * 255)
        assert np.abs(np.subtract(png.getpixel((x, bar_y)), hex_to_rgb(palette[index]))).max() <= 6


def test_default_legend_reads_zero_to_one() -> None:
    heatmap = saliency([0.2, 0.9], legend=True)
    ticks = svgread.parse(heatmap.to_svg()).find("svg:g[@class='legend']/svg:g", svgread.NS)
    assert [g.get("aria-label") for g in ticks.findall("svg:g", svgread.NS)] == ["0", "0.2", "0.4", "0.6", "0.8", "1"]


@pytest.mark.parametrize("name", sorted(BUILT_IN))
def test_readable_text_reaches_4_5_to_1_on_every_colour(name: str) -> None:
    light, dark = DEFAULT_LOOK.token_text, DEFAULT_LOOK.dark_text
    worst = min(contrast(c, readable_on(c, light, dark)) for c in BUILT_IN[name])
    assert worst >= 4.5
    # And text on the uncoloured panel stays white with room to spare.
    assert contrast(DEFAULT_LOOK.panel_fill, light) >= 4.5


def test_readable_text_darkens_glyphs_on_bright_colours_only() -> None:
    heatmap = saliency([0.0, 1.0], colormap="Blues", readable_text=True)
    root = svgread.parse(heatmap.to_svg())
    uses = root.findall(".//svg:g[@class='tokens']/svg:use", svgread.NS)
    fills = [u.get("fill") for u in uses]
    # "w0 " on the palest blue: dark text; "w1 " on the darkest blue: the group's white.
    assert fills == ["#050505", "#050505", None, None]
    assert saliency([0.0, 1.0], colormap="Blues", readable_text=False).to_svg().count('fill="#050505"') == 0


@pytest.mark.parametrize(
    "settings, error, words",
    [
        ({"vmin": 1, "vmax": 0}, ValueError, ["vmin must be below vmax"]),
        ({"vmin": 0, "vmax": 1, "center": 2}, ValueError, ["center must lie between"]),
        ({"vmin": float("nan")}, ValueError, ["vmin must be a finite number"]),
        ({"center": "0"}, ValueError, ["center must be a finite number"]),
        ({"colormap": "Rainbow"}, ValueError, ["'Rainbow'", "RdBu"]),
        ({"colormap": ["#000000"]}, ValueError, ["at least two colours"]),
        ({"colormap": ["#000000", "red"]}, ValueError, ["colormap[1]", "'red'"]),
        ({"colormap": 5}, TypeError, ["colormap must be"]),
        ({"legend": "yes"}, ValueError, ["legend must be a boolean"]),
        ({"readable_text": 1}, ValueError, ["readable_text must be True, False or None"]),
    ],
)
def test_bad_colour_settings(settings: dict, error: type, words: list[str]) -> None:
    with pytest.raises(error) as raised:
        TextualHeatmap(**settings)
    for word in words:
        assert word in str(raised.value)
