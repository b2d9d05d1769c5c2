"""No size or number breaks a figure: the narrowest width, heat and bounds up to the
largest float, and negative heat on a scale that starts at 0."""
from __future__ import annotations

import sys
import warnings

import numpy as np
import pytest
import svgread

from textualheatmap import TextualHeatmap
from textualheatmap.layout.legend import nice_ticks

HUGE = 1e308
LARGEST = sys.float_info.max


def _colours(heat: list[float], **settings: object) -> list[int]:
    figure = TextualHeatmap(colormap="RdBu", **settings)
    figure.set_data([[{"token": f"t{k} ", "heat": heat} for k in range(len(heat))]])
    svgread.parse(figure.to_svg(0))  # every format draws from this scene: it must draw
    return figure.scene.frame(0).facets[0].colors.tolist()


@pytest.mark.parametrize("width", [1, 60, 107])
def test_a_width_without_room_for_a_few_characters_names_the_minimum(width: int) -> None:
    with pytest.raises(ValueError, match=f"width must be at least 108 px .* was {width}$"):
        TextualHeatmap(width=width)


def test_the_narrowest_width_draws_four_characters_a_line() -> None:
    figure = TextualHeatmap(width=108)
    figure.set_data([[{"token": "abcdefgh ijkl", "heat": [1]}]])
    layout = figure.scene.layout
    assert layout.width == 108
    lines = sorted({round(y, 2) for y in layout.facets[0].fragments.y.tolist()})
    assert len(lines) == 3  # "abcd", "efgh ", "ijkl": four characters of 8.43 px in 34 px


@pytest.mark.parametrize("heat, settings, expected", [
    # Symmetric about 0, spanning the data: the ends and the middle of 256 steps.
    ([HUGE, -HUGE, 0.0], {"center": 0}, [255, 0, 127]),
    ([LARGEST, -LARGEST, 0.0], {"center": 0, "legend": True}, [255, 0, 127]),
    # vmin to vmax spans more than the largest float: still linear between them.
    ([HUGE / 2, -HUGE / 2, 0.0, HUGE], {"vmin": -HUGE, "vmax": HUGE}, [191, 63, 127, 255]),
    ([HUGE, 0.5], {"legend": True}, [255, 127]),
    ([HUGE, -HUGE], {"center": -HUGE, "legend": True}, [255, 127]),
    ([5.0], {"center": HUGE}, [0]),
    ([1.5e-300, 0.0], {"vmin": 1e-300, "vmax": 2e-300, "legend": True}, [127, 0]),
])
def test_any_finite_heat_and_bounds_colour_without_overflow(heat: list[float], settings: dict,
                                                            expected: list[int]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow RuntimeWarning either
        assert _colours(heat, **settings) == expected


def test_legend_ticks_at_the_ends_of_the_float_range_are_finite() -> None:
    for low, high in [(-LARGEST, LARGEST), (-HUGE, 0.0), (1e-300, 2e-300), (0.0, 1.0)]:
        ticks = nice_ticks(low, high)
        assert ticks and all(np.isfinite(ticks)) and all(low <= t <= high for t in ticks)
    assert nice_ticks(-0.7, 0.3) == [-0.6, -0.4, -0.2, 0.0, 0.2]  # 0 exactly, no 0.30000000000000004


def test_negative_heat_on_a_scale_from_zero_warns_once_with_the_remedy() -> None:
    figure = TextualHeatmap()
    with pytest.warns(UserWarning, match="negative.*center=0.*'RdBu'") as caught:
        figure.set_data([[{"token": "a ", "heat": [-1, 0.5]}, {"token": "b", "heat": [-0.5, 1]}]])
    assert len([w for w in caught if "negative" in str(w.message)]) == 1
    assert caught[0].filename == __file__  # pointing at the user's call


@pytest.mark.parametrize("settings", [{"center": 0, "colormap": "RdBu"}, {"vmin": -1}])
def test_no_warning_when_the_scale_holds_negative_heat(settings: dict) -> None:
    figure = TextualHeatmap(**settings)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure.set_data([[{"token": "a ", "heat": [-1, 0.5]}, {"token": "b", "heat": [-0.5, 1]}]])
