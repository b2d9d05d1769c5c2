"""Notebook display: a picture and a script, shown once and updated in place; silent elsewhere."""
from __future__ import annotations

import base64
import io
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image
from sample_data import char_data

from textualheatmap import TextualHeatmap
from textualheatmap.formats import notebook as notebook_format
from textualheatmap.colormap import hex_to_rgb
from textualheatmap.formats.gif.composition import Compositor
from textualheatmap.formats.notebook import png_array


class FakeHandle:
    def __init__(self) -> None:
        self.updates: list[dict] = []

    def update(self, bundle: dict, raw: bool = False) -> None:
        assert raw
        self.updates.append(bundle)


def test_display_once_then_update_in_place() -> None:
    handles: list[FakeHandle] = []
    shown = []

    def display(bundle: dict, raw: bool = False, display_id: bool = False) -> FakeHandle:
        assert raw
        shown.append((bundle, display_id))
        handles.append(FakeHandle())
        return handles[-1]

    heatmap = TextualHeatmap(display_fn=display)
    assert [display_id for _, display_id in shown] == [True, True]
    assert set(shown[0][0]) == {"image/png", "text/plain"} and set(shown[1][0]) == {"application/javascript"}
    heatmap.set_data([[{"token": "a", "heat": [1, 0]}, {"token": "b", "heat": [0, 1]}]])
    heatmap.highlight(1)
    assert len(shown) == 2 and [len(handle.updates) for handle in handles] == [2, 2]
    assert [handle.updates[-1] for handle in handles] == heatmap.notebook_outputs()
    assert handles[0].updates[-1] != handles[0].updates[0]


def test_repr_svg_is_the_current_figure() -> None:
    heatmap = TextualHeatmap()
    heatmap.set_data([[{"token": "a", "heat": [1]}]])
    assert heatmap._repr_svg_() == heatmap.to_svg()
    heatmap.highlight(0)
    assert heatmap._repr_svg_() == heatmap.to_svg(0) != TextualHeatmap()._repr_svg_()


def test_nothing_is_printed_outside_ipython() -> None:
    script = (
        "from textualheatmap import TextualHeatmap\n"
        "h = TextualHeatmap(show_meta=True)\n"
        "h.set_data([[{'token': 'a', 'heat': [1]}]])\n"
        "h.highlight(0)\n"
        "import sys; print('IPython' in sys.modules, end='')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout == "False" and result.stderr == ""


def _white(png: bytes) -> np.ndarray:
    drawn = Image.open(io.BytesIO(png)).convert("RGBA")
    return np.asarray(Image.alpha_composite(Image.new("RGBA", drawn.size, "#ffffff"), drawn).convert("RGB"))


def _picture(heatmap: TextualHeatmap) -> np.ndarray:
    return png_array(base64.b64decode(heatmap.notebook_outputs()[0]["image/png"]))


@pytest.mark.parametrize("compositor", [True, False], ids=["composed", "cairosvg"])
def test_picture_is_to_png_of_the_highlight_within_tolerance(monkeypatch: pytest.MonkeyPatch,
                                                             compositor: bool) -> None:
    if not compositor:  # the path of figures too tall for the compositor's buffers
        monkeypatch.setattr(notebook_format, "_COMPOSITOR_PIXELS", 0)
    heatmap = TextualHeatmap(show_meta=True, facet_titles=["GRU", "LSTM"])
    heatmap.set_data(char_data())
    for index in (3, 159, 40):  # repainted from the frame before, not drawn afresh
        heatmap.highlight(index)
        got, want = _picture(heatmap).astype(int), _white(heatmap.to_png()).astype(int)
        diff = np.abs(got - want)
        # A 256-colour PNG: a few levels off at the text's anti-aliasing (below: where exact).
        assert diff.mean() <= 0.5 and np.percentile(diff, 99.5) <= 8, index
    fresh = TextualHeatmap(show_meta=True, facet_titles=["GRU", "LSTM"])
    fresh.set_data(char_data())
    fresh.highlight(40)
    assert np.array_equal(_picture(fresh), _picture(heatmap))


def _keys(rgb: np.ndarray) -> np.ndarray:
    return (rgb[..., 0].astype(np.int64) << 16) | (rgb[..., 1].astype(np.int64) << 8) | rgb[..., 2]


@pytest.mark.parametrize("compositor", [True, False], ids=["composed", "cairosvg"])
def test_picture_keeps_the_page_white_and_the_heat_colours_exact(monkeypatch: pytest.MonkeyPatch,
                                                                 compositor: bool) -> None:
    """No grey box around the figure on a white page, no banding of the heat: the palette
    keeps white and every heat colour exactly (tolerance 0) wherever the figure is drawn in
    them. The reference is the drawing the picture is made from: to_png over white, or the
    compositor's, whose anti-aliasing differs from cairosvg's at a few glyph edges."""
    if not compositor:
        monkeypatch.setattr(notebook_format, "_COMPOSITOR_PIXELS", 0)
    heatmap = TextualHeatmap(show_meta=True, facet_titles=["GRU", "LSTM"])
    heatmap.set_data(char_data())
    scene = heatmap.scene
    heat = np.array([hex_to_rgb(colour) for colour in scene.palette], dtype=np.uint8)
    drawing = Compositor(scene.layout, scene.palette, scene.text_palette) if compositor else None
    for index in (40, 3, 159):
        heatmap.highlight(index)
        got = _picture(heatmap)
        drawn = drawing.render(heatmap.scene.frame()) if drawing else _white(heatmap.to_png())
        white = (drawn == 255).all(axis=-1)
        heated = np.isin(_keys(drawn), _keys(heat))
        assert white.sum() > 5_000 and heated.sum() > 50_000  # both are large parts of the figure
        assert np.array_equal(got[white], drawn[white]) and np.array_equal(got[heated], drawn[heated])
        # Over the whole figure, against to_png: a fraction of a level on average.
        assert np.abs(got.astype(int) - _white(heatmap.to_png()).astype(int)).mean() <= 0.25
