"""render_record and render_many: one figure per record, on every core, resumable, and a
bad record reported instead of stopping the batch."""
from __future__ import annotations

import io
import json
import pickle
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from batch_records import BAD_HEAT, record
from PIL import Image

from textualheatmap import TextualHeatmap
from textualheatmap.batch import Failure, render_many, render_record

SVG = "{http://www.w3.org/2000/svg}"


def figure_of(item: dict[str, Any]) -> TextualHeatmap:
    figure = TextualHeatmap(**item["settings"])
    figure.set_data(item["data"])
    figure.highlight(item["highlight"])
    return figure


def test_render_record_is_the_figure_the_class_draws() -> None:
    item = record(3)
    assert render_record(item) == figure_of(item).to_svg().encode("utf-8")
    assert render_record(json.dumps(item), format="png", scale=2) == figure_of(item).to_png(scale=2)
    # The command line's defaults: several facets without titles get "Facet 1", "Facet 2".
    two = {"data": [item["data"][0], item["data"][0]]}
    titled = TextualHeatmap(facet_titles=["Facet 1", "Facet 2"])
    titled.set_data(two["data"])
    assert render_record(two) == titled.to_svg().encode("utf-8")
    assert ET.fromstring(render_record(two)).tag == f"{SVG}svg"


def test_render_record_is_picklable_and_pure() -> None:
    function = pickle.loads(pickle.dumps(render_record))
    assert function(record(5)) == function(record(5)) != function(record(6))


@pytest.mark.parametrize(("change", "expected"), [
    (lambda item: item["data"][0][-1]["heat"].__setitem__(3, BAD_HEAT),
     "record 'review-0002': data[0][29]['heat'] must be a list of numbers"),
    (lambda item: item.__setitem__("highlight", 99), "record 'review-0002': 'highlight'"),
    (lambda item: item.__setitem__("colour", 1), "record 'review-0002': unknown key 'colour'"),
    (lambda item: item["settings"].__setitem__("width", -1), "record 'review-0002': invalid settings: width"),
])
def test_a_bad_record_raises_value_error_saying_where(change: Any, expected: str) -> None:
    item = record(2)
    change(item)
    with pytest.raises(ValueError) as error:
        render_record(item)
    assert str(error.value).startswith(expected)


def test_bad_format_and_options_fail_before_any_work(tmp_path: Path) -> None:
    def records() -> Iterator[dict[str, Any]]:
        raise AssertionError("no record may be read")
        yield {}

    with pytest.raises(ValueError, match="format 'jpeg' is not one of gif, html, pdf, png, svg, tex"):
        render_many(records(), tmp_path / "out", format="jpeg")
    with pytest.raises(TypeError, match=r"\.svg takes no option 'scale'"):
        render_many(records(), tmp_path / "out", scale=2)
    with pytest.raises(ValueError, match="workers must be a positive int, got 0"):
        render_many(records(), tmp_path / "out", workers=0)


def test_two_workers_write_the_same_bytes_as_one(tmp_path: Path) -> None:
    items = [record(position, named=position % 3 != 0) for position in range(24)]
    one = render_many(iter(items), tmp_path / "one", workers=1)
    two = render_many(iter(items), tmp_path / "two", workers=2)
    assert (one.rendered, one.skipped, one.failed) == (two.rendered, two.skipped, two.failed) == (24, 0, 0)
    assert one.files == two.files
    assert one.files[:2] == ["000000.svg", "review-0001.svg"]  # the name, else the position
    for file in one.files:
        assert (tmp_path / "one" / file).read_bytes() == (tmp_path / "two" / file).read_bytes()
    assert (tmp_path / "one" / "review-0004.svg").read_bytes() == render_record(items[4])


def test_png_batch_in_a_pool(tmp_path: Path) -> None:
    result = render_many((record(p) for p in range(4)), tmp_path, format="png", workers=2, scale=2)
    assert result.rendered == 4
    image = Image.open(io.BytesIO((tmp_path / "review-0003.png").read_bytes()))
    assert image.size[0] == 800  # width 400 at scale 2


@pytest.mark.parametrize("workers", [1, 2])
def test_a_bad_record_is_counted_and_the_batch_goes_on(tmp_path: Path, workers: int) -> None:
    lines = [json.dumps(record(position)) for position in range(12)]
    broken = record(5)
    broken["data"][0][-1]["heat"][3] = BAD_HEAT
    lines[5] = json.dumps(broken)
    lines[8] = "{not json"
    lines[9] = json.dumps({**record(9), "name": "../escape"})
    lines[10] = json.dumps({**record(10), "name": "review-0001"})  # a name already used
    result = render_many(iter(lines), tmp_path, workers=workers)
    assert (result.rendered, result.skipped, result.failed) == (8, 0, 4)
    assert [failure.position for failure in result.failures] == [5, 8, 9, 10]
    bad_heat, not_json, escape, twice = result.failures
    assert bad_heat == Failure(5, "review-0005", "record 'review-0005': data[0][29]['heat'] must be a list "
                                                 "of numbers, got elements of type str")
    assert not_json.message.startswith("not valid JSON: ") and not_json.name is None
    assert "'name' '../escape' cannot be a file name" in escape.message
    assert twice.message == "name 'review-0001.svg' is already the figure of the record at position 1"
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(result.files)
    assert not (tmp_path.parent / "escape.svg").exists()


def test_a_killed_batch_resumes_without_rendering_again(tmp_path: Path) -> None:
    items = [record(position) for position in range(10)]
    first = render_many(iter(items[:6]), tmp_path, workers=2)  # as if killed after six
    (tmp_path / "review-0002.svg").write_bytes(b"stale")
    stamps = {path.name: path.stat().st_mtime_ns for path in tmp_path.iterdir()}
    again = render_many(iter(items), tmp_path, workers=2)
    assert (first.rendered, again.rendered, again.skipped) == (6, 4, 6)
    assert {name: (tmp_path / name).stat().st_mtime_ns for name in stamps} == stamps
    assert (tmp_path / "review-0002.svg").read_bytes() == b"stale"  # skipped, not looked into
    forced = render_many(iter(items), tmp_path, workers=1, overwrite=True)
    assert (forced.rendered, forced.skipped) == (10, 0)
    assert (tmp_path / "review-0002.svg").read_bytes() == render_record(items[2])


def test_records_are_read_as_they_are_rendered(tmp_path: Path) -> None:
    # The pool reads at most a bounded number of records ahead of the last one rendered.
    read: list[int] = []
    rendered_when_read: list[int] = []

    def records() -> Iterator[dict[str, Any]]:
        for position in range(200):
            read.append(position)
            rendered_when_read.append(len(list(tmp_path.glob("*.svg"))))
            yield record(position, tokens=10)

    result = render_many(records(), tmp_path, workers=2)
    assert result.rendered == 200
    ahead = [position - done for position, done in zip(read, rendered_when_read)]
    assert max(ahead) <= 2 * 4 * 4 + 4  # workers * AHEAD tasks of CHUNK records, and a chunk being filled


def test_no_output_unasked(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    render_many((record(p) for p in range(3)), tmp_path, format="gif", workers=1)
    assert capfd.readouterr() == ("", "")


def test_progress_bar_when_asked(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    render_many([record(p) for p in range(3)], tmp_path, workers=1, progress=True)
    err = capfd.readouterr().err
    assert "3/3" in err and "rendered=3" in err


def test_the_readme_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    (block,) = [b for b in re.findall(r"```python\n(.*?)```", readme, flags=re.S) if "render_many(" in b]
    monkeypatch.chdir(tmp_path)
    bad = record(1)
    bad["data"][0][-1]["heat"][3] = BAD_HEAT
    scope: dict[str, Any] = {"records": iter([record(0), bad, record(2)])}
    exec(block, scope)
    assert capsys.readouterr().out.splitlines()[0] == "2 0 1"
    assert sorted(path.name for path in (tmp_path / "figures").iterdir()) == ["review-0000.svg", "review-0002.svg"]
    assert ET.fromstring(scope["svg"]).tag == f"{SVG}svg"


def test_figures_are_whole_files_with_a_new_files_mode(tmp_path: Path) -> None:
    import os

    umask = os.umask(0o022)
    try:
        render_many((record(p) for p in range(3)), tmp_path, workers=2)
    finally:
        os.umask(umask)
    assert sorted(path.name for path in tmp_path.iterdir()) == [f"review-000{p}.svg" for p in range(3)]
    assert {oct(path.stat().st_mode & 0o777) for path in tmp_path.iterdir()} == {oct(0o644)}
