"""Themes, backgrounds and the font size: ``theme="dark"`` for a dark page with every
text at least 4.5:1 on what it sits on, ``background=`` a colour or None (transparent,
a GIF too), ``font_size=`` scaling the whole grid; the defaults keep the original's look
(and scripts/output_hashes.py its bytes)."""
from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from PIL import Image
from sample_data import char_data
from svgread import NS, SVG

from textualheatmap import TextualHeatmap
from textualheatmap.colormap import contrast
from textualheatmap.layout.look import DEFAULT_LOOK, DARK_LOOK, ORIGINAL_FONT_SIZE, look_of

# Text on what it sits on, in each theme: (text, background) fields of the Look.
TEXT_PAIRS = [("token_text", "panel_fill"), ("meta_text", "meta_fill"), ("title_text", "title_fill"),
              ("legend_text", "page")]


def figure(**options: Any) -> TextualHeatmap:
    heatmap = TextualHeatmap(show_meta=True, facet_titles=["GRU", "LSTM"], **options)
    heatmap.set_data(char_data())
    heatmap.highlight(12)
    return heatmap


def rgba(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def test_the_light_theme_at_14_px_is_the_original_look() -> None:
    assert look_of() is DEFAULT_LOOK and look_of("light", ORIGINAL_FONT_SIZE) is DEFAULT_LOOK
    assert figure().to_svg() == figure(theme="light", font_size=14, background="page").to_svg()


@pytest.mark.parametrize("look", [DEFAULT_LOOK, DARK_LOOK], ids=["light", "dark"])
def test_every_text_reads_at_4_5_to_1(look: Any) -> None:
    for text, under in TEXT_PAIRS:
        assert contrast(getattr(look, text), getattr(look, under)) >= 4.5, (text, under)


def test_the_dark_theme_draws_its_boxes_and_text() -> None:
    root = ET.fromstring(figure(theme="dark").to_svg())
    fills = {element.get("fill") for element in root.iter() if element.get("fill")}
    assert {DARK_LOOK.meta_fill, DARK_LOOK.title_fill, DARK_LOOK.border_color, DARK_LOOK.meta_text,
            DARK_LOOK.title_text} <= fills
    assert not fills & {DEFAULT_LOOK.meta_fill, DEFAULT_LOOK.title_fill, DEFAULT_LOOK.border_color}


def test_a_background_colour_fills_the_figure_and_none_leaves_it_clear() -> None:
    root = ET.fromstring(figure(background="#123456").to_svg())
    first = next(child for child in root if child.tag != f"{SVG}defs")
    assert first.tag == f"{SVG}rect" and first.get("fill") == "#123456"
    assert tuple(rgba(figure(background=(1.0, 0.0, 0.0)).to_png())[0, 0]) == (255, 0, 0, 255)
    for clear in (None, "page"):
        assert rgba(figure(background=clear).to_png())[0, 0, 3] == 0  # the meta row's rounded corner
        assert not ET.fromstring(figure(background=clear).to_svg()).findall("svg:rect", NS)


def gif_first_frame(heatmap: TextualHeatmap) -> tuple[Image.Image, np.ndarray]:
    out = io.BytesIO()
    heatmap.save(out, format="gif", frames=range(12, 18))
    image = Image.open(io.BytesIO(out.getvalue()))
    return image, np.asarray(image.convert("RGBA"))


def test_a_gif_takes_the_page_colour_or_a_background_or_transparency() -> None:
    _, light = gif_first_frame(figure())
    assert tuple(light[0, 0]) == (255, 255, 255, 255)  # white, as before
    _, dark = gif_first_frame(figure(theme="dark"))
    assert tuple(dark[0, 0]) == (13, 17, 23, 255)  # the dark page, #0d1117
    _, coloured = gif_first_frame(figure(background="#336699"))
    assert tuple(coloured[0, 0]) == (0x33, 0x66, 0x99, 255)
    image, clear = gif_first_frame(figure(background=None))
    assert image.info["transparency"] == np.asarray(image)[0, 0]
    assert clear[0, 0, 3] == 0
    # Only the background is clear: the panel and the boxes are opaque.
    panel = figure().scene.layout.facets[0].panel
    assert clear[int(panel.y) + 5, 5, 3] == 255
    bare = rgba(figure(background=None).to_png())[..., 3] == 0
    assert np.array_equal(clear[..., 3] == 0, bare[: clear.shape[0], : clear.shape[1]])
    # Every later frame keeps it clear (they draw over the last frame).
    for k in range(1, image.n_frames):
        image.seek(k)
        assert np.asarray(image.convert("RGBA"))[0, 0, 3] == 0


@pytest.mark.parametrize("theme, background, font_size, where", [
    ("midnight", "page", 14, "theme must be one of 'light', 'dark'"),
    ("light", "blue", 14, "background is 'blue'"),
    ("light", "page", 0, "font_size must be a number of pixels from 4 to 72"),
    ("light", "page", True, "font_size"),
    ("light", "page", "14", "font_size"),
])
def test_bad_theme_background_font_size_say_which(theme: object, background: object, font_size: object,
                                                  where: str) -> None:
    with pytest.raises(ValueError, match=where):
        TextualHeatmap(theme=theme, background=background, font_size=font_size)  # type: ignore[arg-type]


def test_font_size_scales_the_whole_grid() -> None:
    # Half the font in half the width: the same lines, every coordinate halved.
    big, small = figure(width=600).scene.layout, figure(width=300, font_size=7).scene.layout
    assert small.look.title_width == 30 and small.look.meta_height == 20
    assert small.height == pytest.approx(big.height / 2, abs=0.02)
    for b, s in zip(big.facets, small.facets):
        assert len(b.text) == len(s.text)
        for field in ("x", "y", "w", "underline_top"):
            assert np.allclose(getattr(s.fragments, field) * 2, getattr(b.fragments, field), atol=0.03)
        assert np.allclose([u.x * 2 for u in s.text], [u.x for u in b.text], atol=0.03)
        assert s.panel.h * 2 == pytest.approx(b.panel.h, abs=0.02)
    # The pictures agree: the small one drawn twice as large is the big one but for anti-aliasing.
    a = rgba(figure(width=600).to_png()).astype(int)
    b = rgba(figure(width=300, font_size=7).to_png(scale=2)).astype(int)
    height = min(a.shape[0], b.shape[0])
    assert abs(a.shape[0] - b.shape[0]) <= 1
    assert np.abs(a[:height] - b[:height]).mean() < 4


def test_a_larger_font_needs_a_wider_figure() -> None:
    with pytest.raises(ValueError, match="width must be at least"):
        TextualHeatmap(width=150, font_size=28)


@pytest.fixture(scope="module")
def page(browser: Any) -> Iterator[Any]:
    shown = browser.new_page(viewport={"width": 640, "height": 640}, device_scale_factor=1)
    yield shown
    shown.close()


def on_dark_page(page: Any, svg: str) -> np.ndarray:
    page.set_content(f"<!doctype html><body style='margin:20px;background:{DARK_LOOK.page}'>{svg}</body>")
    return np.asarray(Image.open(io.BytesIO(page.screenshot())).convert("RGB")).astype(int)


@pytest.mark.ci_must_run
def test_the_dark_theme_does_not_glare_on_a_dark_page(page: Any) -> None:
    light = on_dark_page(page, figure().to_svg())
    dark = on_dark_page(page, figure(theme="dark").to_svg())
    # Near-white pixels: the light theme's meta and title boxes glare; the dark theme has
    # only text that bright (measured: 14.1% and 1.1%).
    assert (light.min(axis=-1) > 200).mean() > 0.10
    assert (dark.min(axis=-1) > 200).mean() < 0.02
    # The title box shows its dark fill, where the screenshot has no text.
    title = figure(theme="dark").scene.layout.facets[0].title
    x, y = 20 + int(title.x + 4), 20 + int(title.y + 4)
    assert tuple(dark[y, x]) == tuple(int(DARK_LOOK.title_fill[i:i + 2], 16) for i in (1, 3, 5))
