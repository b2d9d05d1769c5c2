"""The batch command line, run as users run it: a subprocess on a JSON Lines file or stdin."""
from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from batch_records import record, write_jsonl

from textualheatmap.batch import render_record

PROG = "textualheatmap-batch"


def run_batch(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "textualheatmap.batch_cli", *args], input=stdin,
                          capture_output=True, text=True, check=False)


def stamps(folder: Path) -> dict[str, int]:
    return {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}


def test_1000_records_one_malformed_on_line_517(tmp_path: Path) -> None:
    records = write_jsonl(tmp_path / "reviews.jsonl", 1000, bad_line=517, tokens=12)
    out = tmp_path / "figures"
    first = run_batch(str(records), "-o", str(out), "--workers", "2")
    assert first.returncode == 1
    assert first.stdout == ""
    assert first.stderr.splitlines() == [
        f"{PROG}: line 517: record 'review-0516': data[0][11]['heat'] must be a list of numbers, "
        "got elements of type str"]
    files = sorted(path.name for path in out.iterdir())
    assert len(files) == 999 and "review-0516.svg" not in files and files[516] == "review-0517.svg"
    assert (out / "review-0999.svg").read_bytes() == render_record(record(999, tokens=12))

    before = stamps(out)
    again = run_batch(str(records), "-o", str(out), "--workers", "2")
    assert (again.returncode, again.stderr) == (first.returncode, first.stderr)
    assert stamps(out) == before  # nothing re-rendered: every file untouched


def test_stdin_in_process_with_index_page(tmp_path: Path) -> None:
    lines = [json.dumps(record(position, named=position != 1)) for position in range(3)]
    result = run_batch("-", "-o", str(tmp_path), "--workers", "1", "--format", "png", "--index",
                       stdin="\n".join(lines) + "\n")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "000001.png", "index.html", "review-0000.png", "review-0002.png"]
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert page.count("<figure>") == 3 and 'src="000001.png"' in page
    assert page.index("review-0000") < page.index("000001") < page.index("review-0002")


@pytest.mark.parametrize(("args", "message"), [
    (["missing.jsonl", "-o", "out"], "cannot read 'missing.jsonl': No such file or directory"),
    (["-", "-o", "out", "--format", "jpeg"], "argument --format: invalid choice: 'jpeg'"),
    (["-", "-o", "out", "--workers", "0"], "--workers must be at least 1, got 0"),
    (["-"], "the following arguments are required: -o/--out-dir"),
])
def test_bad_usage_is_one_line_and_status_2(tmp_path: Path, args: list[str], message: str) -> None:
    result = subprocess.run([sys.executable, "-m", "textualheatmap.batch_cli", *args], input="", cwd=tmp_path,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr
    assert not (tmp_path / "out").exists()


def test_malformed_lines_are_reported_by_line(tmp_path: Path) -> None:
    lines = [json.dumps(record(0)), "{broken", "", json.dumps(record(3))]
    result = run_batch("-", "-o", str(tmp_path), "--workers", "1", stdin="\n".join(lines) + "\n")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{PROG}: line 2: not valid JSON: Expecting property name enclosed in double quotes at column 2",
        f"{PROG}: line 3: empty record: expected one JSON object (one a line in JSON Lines)"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["review-0000.svg", "review-0003.svg"]


# ---------------------------------------------------------------- the index page in a browser



NAME = "<img src=x onerror=alert(1)> & 'quoted' #1"


@pytest.mark.ci_must_run
def test_the_index_page_shows_every_thumbnail_in_chromium(browser: Any, tmp_path: Path) -> None:
    items = [record(position) for position in range(6)]
    items[2]["name"] = NAME  # a name is data, never markup
    records = tmp_path / "records.jsonl"
    records.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    out = tmp_path / "figures"
    assert run_batch(str(records), "-o", str(out), "--index").returncode == 0
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    problems: list[str] = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("dialog", lambda dialog: problems.append(f"dialog: {dialog.message}") or dialog.dismiss())
    page.goto((out / "index.html").as_uri())
    page.wait_for_load_state("load")
    for image in page.query_selector_all("img"):
        image.scroll_into_view_if_needed()
    page.wait_for_function("[...document.images].every(i => i.complete)")
    shown = page.evaluate("[...document.images].map(i => [i.naturalWidth, decodeURIComponent(i.src)])")
    assert len(shown) == 6 and all(width == 400 for width, _ in shown)
    assert shown[2][1].endswith(f"/{NAME}.svg")
    captions = page.eval_on_selector_all("figcaption", "nodes => nodes.map(n => n.textContent)")
    assert captions[2] == NAME and page.query_selector("figcaption img") is None
    links = page.eval_on_selector_all("figcaption a", "nodes => nodes.map(n => decodeURIComponent(n.href))")
    assert all(Path(link.removeprefix("file://")).is_file() for link in links)
    page.screenshot(path=str(tmp_path / "index.png"), full_page=True)
    assert problems == []
    page.close()
