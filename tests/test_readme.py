"""The README's examples run as written (the seed's with generated data, as it says)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import svgread
from sample_data import char_data

from textualheatmap import TextualHeatmap

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.S)


def test_the_readme_has_the_seed_examples() -> None:
    assert len(BLOCKS) >= 4
    assert BLOCKS[0].startswith("from textualheatmap import TextualHeatmap\n\ndata = [[")
    assert "heatmap.highlight(159)" in BLOCKS[0] and "rotate_facet_titles = True" in BLOCKS[1]


def test_seed_examples_run_unchanged_with_generated_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    first = BLOCKS[0]
    head, tail = first.split("heatmap = TextualHeatmap(", 1)
    scope: dict = {}
    exec(head, scope)  # the data as printed: nine tokens of the GRU facet, then "# ..."
    assert [t["token"] for t in scope["data"][0]] == list(" context ")
    scope["data"] = char_data()  # 200 tokens, two facets, as the README says is needed
    exec("heatmap = TextualHeatmap(" + tail, scope)
    heatmap = scope["heatmap"]
    assert heatmap.highlighted == 159 and heatmap.scene.layout.facets[0].meta_row is not None
    exec(BLOCKS[1], scope)  # the rotated example reuses the same data
    rotated = scope["heatmap"]
    assert rotated.highlighted == 159 and rotated.scene.layout.facets[0].title_rotation == 90
    exec(BLOCKS[2], scope)  # every save line, into the temporary folder
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["figure.gif", "figure.html", "figure.pdf", "figure.png", "figure.svg", "figure.tex"]


def test_signed_example_draws_a_legend(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    block = next(b for b in BLOCKS if "from_subwords" in b)
    scope: dict = {}
    exec(block, scope)
    root = svgread.parse((tmp_path / "signed.svg").read_text(encoding="utf-8"))
    assert root.find("svg:g[@class='legend']", svgread.NS) is not None
    # The committed picture is this example, drawn by scripts/make_gifs.py.
    committed = Path(__file__).resolve().parent.parent / "gifs" / "signed_legend.svg"
    assert committed.read_text(encoding="utf-8") == (tmp_path / "signed.svg").read_text(encoding="utf-8")


def test_paper_figures_example_draws_the_committed_pictures(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    block = next(b for b in BLOCKS if "small_multiples.svg" in b)
    exec(block, {})
    committed = Path(__file__).resolve().parent.parent / "gifs"
    for name in ("small_multiples.svg", "dark_theme.svg"):
        assert (committed / name).read_bytes() == (tmp_path / name).read_bytes(), name
    root = svgread.parse((tmp_path / "small_multiples.svg").read_text(encoding="utf-8"))
    assert len(root.findall("svg:g[@class='panel']", svgread.NS)) == 3


def test_data_as_printed_is_valid_for_one_facet() -> None:
    scope: dict = {}
    exec(BLOCKS[0].split("heatmap = TextualHeatmap(", 1)[0], scope)
    heatmap = TextualHeatmap(facet_titles=["GRU", "LSTM"])
    heatmap.set_data(scope["data"])  # the LSTM facet is empty, as printed
    heatmap.highlight(8)
    assert heatmap.scene.frame().facets[0].colors.tolist()[-1] == 96
