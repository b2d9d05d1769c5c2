"""The data as the original read it, and errors that say where the bad value is."""
from __future__ import annotations

import numpy as np
import pytest

from textualheatmap import TextualHeatmap


def figure(titles: int = 1) -> TextualHeatmap:
    return TextualHeatmap(facet_titles=[f"f{i}" for i in range(titles)])


@pytest.mark.parametrize(
    "data, error, words",
    [
        ("abc", TypeError, ["data must be a list of facets"]),
        ([[{"token": "a"}], [{"token": "b"}]], ValueError, ["2 facets", "facet_titles has 1"]),
        (["abc"], TypeError, ["data[0]", "list of token dicts"]),
        ([[["a"]]], TypeError, ["data[0][0]", "dict"]),
        ([[{"meta": []}]], ValueError, ["data[0][0]", "no 'token'"]),
        ([[{"token": 1}]], TypeError, ["data[0][0]['token']", "string"]),
        ([[{"token": "a"}, {"token": "b", "meta": "x"}]], TypeError, ["data[0][1]['meta']", "list of strings"]),
        ([[{"token": "a", "meta": ["x", 2]}]], TypeError, ["data[0][0]['meta'][1]", "string"]),
        ([[{"token": "a", "heat": "hot"}]], TypeError, ["data[0][0]['heat']", "numbers"]),
        ([[{"token": "a", "heat": [1, "x"]}]], TypeError, ["data[0][0]['heat']", "numbers"]),
        ([[{"token": "a", "heat": [[1, 2]]}]], ValueError, ["data[0][0]['heat']", "flat"]),
        ([[{"token": "a", "heat": [0.5, float("nan")]}]], ValueError, ["data[0][0]['heat'][1]", "finite"]),
        ([[{"token": "a", "format": "yes"}]], TypeError, ["data[0][0]['format']", "bool"]),
    ],
)
def test_bad_data_names_facet_token_and_field(data: object, error: type, words: list[str]) -> None:
    with pytest.raises(error) as raised:
        figure().set_data(data)
    for word in words:
        assert word in str(raised.value)


def test_second_facet_is_named() -> None:
    with pytest.raises(TypeError, match=r"data\[1\]\[2\]\['heat'\]"):
        figure(2).set_data([[{"token": "a"}], [{"token": "a"}, {"token": "b"}, {"token": "c", "heat": {}}]])


def test_a_failed_set_data_keeps_the_previous_data() -> None:
    heatmap = figure()
    heatmap.set_data([[{"token": "a", "heat": [1]}, {"token": "b", "heat": [0, 1]}]])
    with pytest.raises(TypeError):
        heatmap.set_data([[{"token": 5}]])
    assert heatmap.token_count == 2


@pytest.mark.parametrize("index, error", [(2, ValueError), (-1, ValueError), (1.0, TypeError),
                                          (True, TypeError), ("1", TypeError)])
def test_highlight_checks_the_index(index: object, error: type) -> None:
    heatmap = figure()
    heatmap.set_data([[{"token": "a"}, {"token": " ", "format": True}, {"token": "b"}]])
    with pytest.raises(error, match="highlight index"):
        heatmap.highlight(index)


def test_highlight_counts_non_format_tokens_and_accepts_numpy_ints() -> None:
    heatmap = figure()
    heatmap.set_data([[{"token": "a"}, {"token": " ", "format": True}, {"token": "b"}]])
    heatmap.highlight(np.int64(1))
    assert heatmap.highlighted == 1
    assert heatmap.scene.frame().facets[0].selected == 1


def test_facets_of_different_lengths_highlight_where_they_can() -> None:
    heatmap = figure(2)
    heatmap.set_data([[{"token": "a", "heat": [1]}], [{"token": "a"}, {"token": "b", "heat": [1, 1]}]])
    frame = heatmap.scene.frame(1)
    assert frame.facets[0].selected is None and frame.facets[0].colors.tolist() == [-1]
    assert frame.facets[1].selected == 1 and frame.facets[1].colors.tolist() == [96, 96]


def test_set_data_drops_a_highlight_that_no_longer_exists() -> None:
    heatmap = figure()
    heatmap.set_data([[{"token": "a"}, {"token": "b"}]])
    heatmap.highlight(1)
    heatmap.set_data([[{"token": "a"}]])
    assert heatmap.highlighted is None
    heatmap.set_data([[{"token": "a"}, {"token": "b"}]])
    heatmap.highlight(0)
    heatmap.set_data([[{"token": "c"}, {"token": "d"}]])
    assert heatmap.highlighted == 0
