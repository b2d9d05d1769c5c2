"""The original widget's settings validation, kept as it was."""
from __future__ import annotations

import pytest

from textualheatmap import TextualHeatmap


def test_defaults_match_the_original() -> None:
    heatmap = TextualHeatmap()
    assert heatmap.scene.layout.width == 600
    assert len(heatmap.scene.layout.facets) == 1
    assert heatmap.scene.layout.facets[0].meta_row is None
    assert heatmap.scene.layout.facets[0].title_rotation == 0


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"width": 0}, "width must be at least 108 px"),
        ({"width": -10}, "width must be at least 108 px"),
        ({"width": 600.0}, "width must be a whole number"),
        ({"width": "600"}, "width must be a whole number"),
        ({"width": True}, "width must be a whole number"),
        ({"show_meta": 1}, "show_meta must be a boolean"),
        ({"show_meta": "yes"}, "show_meta must be a boolean"),
        ({"interactive": None}, "interactive must be a boolean"),
        ({"rotate_facet_titles": 0}, "rotate_facet_titles must be a boolean"),
        ({"facet_titles": "GRU"}, "facet_titles must be a list"),
        ({"facet_titles": ("GRU", "LSTM")}, "facet_titles must be a list"),
        ({"facet_titles": ["GRU", 2]}, "facet_titles[1] must be a string"),
    ],
)
def test_bad_settings_raise_value_error(kwargs: dict, words: str) -> None:
    with pytest.raises(ValueError) as error:
        TextualHeatmap(**kwargs)
    assert words in str(error.value)


def test_original_display_fn_and_debug_are_accepted() -> None:
    shown = []
    heatmap = TextualHeatmap(display_fn=lambda obj, **kw: shown.append((obj, kw)), debug=True)
    # Called as IPython's display: the picture and the script, each with a display id.
    assert [kw for _, kw in shown] == [{"raw": True, "display_id": True}] * 2
    assert [bundle for bundle, _ in shown] == heatmap.notebook_outputs()
