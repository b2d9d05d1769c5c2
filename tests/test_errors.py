"""Malformed input of every kind: the right exception, a message that says where, no file."""
from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from textualheatmap import TextualHeatmap

GOOD = [{"token": "a", "meta": ["x"], "heat": [1, 0]}, {"token": "b", "heat": [0, 1]}]


def settings(**kwargs: object) -> Callable[[Path], object]:
    return lambda tmp: TextualHeatmap(**kwargs)


def data(value: object, titles: int = 1) -> Callable[[Path], object]:
    return lambda tmp: TextualHeatmap(facet_titles=[f"t{i}" for i in range(titles)]).set_data(value)


def token(**fields: object) -> Callable[[Path], object]:
    return data([[GOOD[0], {"token": "b", **fields}]])


def highlighted(index: object) -> Callable[[Path], object]:
    def run(tmp: Path) -> None:
        heatmap = TextualHeatmap()
        heatmap.set_data([GOOD])
        heatmap.highlight(index)
    return run


def saved(name: str | int, **options: object) -> Callable[[Path], object]:
    def run(tmp: Path) -> None:
        heatmap = TextualHeatmap()
        heatmap.set_data([GOOD])
        heatmap.save(tmp / name if isinstance(name, str) else name, **options)
    return run


CASES = [
    ("width zero", settings(width=0), ValueError, ["width", "at least 108"]),
    ("width title column", settings(width=60), ValueError, ["width", "at least 108", "title column", "was 60"]),
    ("width text", settings(width="600"), ValueError, ["width", "whole number"]),
    ("show_meta text", settings(show_meta="yes"), ValueError, ["show_meta", "boolean"]),
    ("titles text", settings(facet_titles="GRU"), ValueError, ["facet_titles", "list"]),
    ("title None", settings(facet_titles=["a", None]), ValueError, ["facet_titles[1]", "string"]),
    ("rotate int", settings(rotate_facet_titles=1), ValueError, ["rotate_facet_titles", "boolean"]),
    ("interactive None", settings(interactive=None), ValueError, ["interactive", "boolean"]),
    ("data None", data(None), TypeError, ["data", "list of facets"]),
    ("data text", data("some text"), TypeError, ["data", "list of facets"]),
    ("data dict", data({"GRU": GOOD}), TypeError, ["data", "list of facets"]),
    ("facet count", data([GOOD, GOOD]), ValueError, ["2 facets", "facet_titles has 1"]),
    ("facet is a token", data([GOOD[0]]), TypeError, ["data[0]", "list of token dicts"]),
    ("facet is text", data(["abc"]), TypeError, ["data[0]", "list of token dicts"]),
    ("token is text", data([["a", "b"]]), TypeError, ["data[0][0]", "dict"]),
    ("token None", data([[GOOD[0], None]]), TypeError, ["data[0][1]", "dict"]),
    ("no token field", data([[{"heat": [1]}]]), ValueError, ["data[0][0]", "'token'"]),
    ("token int", token(token=5), TypeError, ["data[0][1]['token']", "string"]),
    ("token bytes", token(token=b"b"), TypeError, ["data[0][1]['token']", "string"]),
    ("meta text", token(meta="word"), TypeError, ["data[0][1]['meta']", "list of strings"]),
    ("meta int item", token(meta=["a", 3]), TypeError, ["data[0][1]['meta'][1]", "string"]),
    ("meta None", token(meta=None), TypeError, ["data[0][1]['meta']", "list of strings"]),
    ("heat text", token(heat="hot"), TypeError, ["data[0][1]['heat']", "numbers"]),
    ("heat dict", token(heat={"a": 1}), TypeError, ["data[0][1]['heat']", "numbers"]),
    ("heat nested", token(heat=[[1, 2]]), ValueError, ["data[0][1]['heat']", "flat"]),
    ("heat ragged", token(heat=[[1], [2, 3]]), TypeError, ["data[0][1]['heat']", "numbers"]),
    ("heat None item", token(heat=[1, None]), TypeError, ["data[0][1]['heat']", "NoneType"]),
    ("heat text item", token(heat=[1, "0.5"]), TypeError, ["data[0][1]['heat']", "str"]),
    ("heat bool item", token(heat=[True, False]), TypeError, ["data[0][1]['heat']", "bool"]),
    ("heat nan", token(heat=[0.5, float("nan")]), ValueError, ["data[0][1]['heat'][1]", "finite"]),
    ("heat inf", token(heat=np.array([np.inf])), ValueError, ["data[0][1]['heat'][0]", "finite"]),
    ("format text", token(format="yes"), TypeError, ["data[0][1]['format']", "bool"]),
    ("second facet", data([GOOD, [{"token": 1}]], titles=2), TypeError, ["data[1][0]['token']"]),
    ("index too big", highlighted(2), ValueError, ["highlight index 2", "out of range"]),
    ("index negative", highlighted(-1), ValueError, ["highlight index -1", "out of range"]),
    ("index text", highlighted("1"), TypeError, ["highlight index", "int"]),
    ("index float", highlighted(1.5), TypeError, ["highlight index", "int"]),
    ("save unknown format", saved("x.bmp"), ValueError, ["x.bmp", "'.bmp'", ".svg"]),
    ("save no extension", saved("figure"), ValueError, ["figure", "unknown format", ".svg"]),
    ("save bad index", saved("x.svg", index=9), ValueError, ["highlight index 9"]),
    ("save bad option", saved("x.svg", scale=2), TypeError, [".svg", "'scale'"]),
    ("save to a number", saved(123), TypeError, ["path or a stream", "int"]),
]


@pytest.mark.parametrize("run, error, words", [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_malformed_input(run: Callable[[Path], object], error: type, words: list[str], tmp_path: Path) -> None:
    with pytest.raises(error) as raised:
        run(tmp_path)
    assert type(raised.value) is error
    for word in words:
        assert word in str(raised.value)
    assert list(tmp_path.iterdir()) == []  # nothing written, not even a temporary file


def test_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30


def test_stream_needs_a_format() -> None:
    heatmap = TextualHeatmap()
    with pytest.raises(ValueError, match="format="):
        heatmap.save(io.BytesIO())


def test_a_failed_save_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    heatmap = TextualHeatmap()
    heatmap.set_data([GOOD])
    target = tmp_path / "figure.svg"
    heatmap.save(target)
    before = target.read_bytes()

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("textualheatmap.formats.writers.os.replace", broken)
    with pytest.raises(OSError, match="disk full"):
        heatmap.save(target, index=1)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figure.svg"]
