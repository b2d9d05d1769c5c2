"""Small multiples: ``index=[...]`` draws the figure once per highlight, labelled, stacked
or ``columns`` to a row, in SVG, PNG, PDF and LaTeX; each panel is exactly the single
figure at that highlight (its SVG groups, its pixels)."""
from __future__ import annotations

import io
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from sample_data import char_data
from svgread import NS, SVG, text_of

from textualheatmap import TextualHeatmap
from textualheatmap.formats.panels import panel_grid

CHOSEN = [12, 40, 159]


@pytest.fixture(scope="module")
def heatmap() -> TextualHeatmap:
    figure = TextualHeatmap(show_meta=True, facet_titles=["GRU", "LSTM"])
    figure.set_data(char_data())
    return figure


def panel_groups(svg: str) -> list[ET.Element]:
    return ET.fromstring(svg).findall("svg:g[@class='panel']", NS)


def figure_children(svg: str) -> list[bytes]:
    """The drawn groups of a single figure (not its glyph definitions), serialised."""
    return [ET.tostring(child) for child in ET.fromstring(svg) if child.tag != f"{SVG}defs"]


def test_each_panel_is_the_figure_at_its_highlight(heatmap: TextualHeatmap) -> None:
    panels = panel_groups(heatmap.to_svg(CHOSEN))
    assert len(panels) == 3
    for panel, index in zip(panels, CHOSEN):
        assert [ET.tostring(child) for child in panel] == figure_children(heatmap.to_svg(index))


def test_panels_are_labelled_with_index_and_token(heatmap: TextualHeatmap) -> None:
    root = ET.fromstring(heatmap.to_svg(CHOSEN))
    labels = root.findall("svg:g[@class='panel-label']", NS)
    text = heatmap.scene.facets[0].counted
    assert [label.get("aria-label") for label in labels] == [f'{i}: "{text[i].text}"' for i in CHOSEN]
    # The glyphs draw the label (spaces make no glyph).
    assert [text_of(label) for label in labels] == [f'{i}:"{text[i].text}"'.replace(" ", "") for i in CHOSEN]


def test_stacked_by_default_and_a_grid_with_columns(heatmap: TextualHeatmap) -> None:
    layout = heatmap.scene.layout
    stacked = [panel.get("transform") for panel in panel_groups(heatmap.to_svg(CHOSEN))]
    xs = {transform.split("(")[1].split()[0] for transform in stacked}
    assert xs == {"0"}
    grid = panel_grid(heatmap.scene, [*CHOSEN, 3], columns=2)
    assert [(p.x, p.y) for p in grid.panels][::2] == [(0.0, grid.panels[0].y), (0.0, grid.panels[2].y)]
    assert grid.panels[1].x == grid.panels[3].x > layout.width
    assert grid.panels[2].y > grid.panels[0].y + layout.height
    root = ET.fromstring(heatmap.to_svg([*CHOSEN, 3], columns=2))
    assert float(root.get("width")) == grid.width > 2 * layout.width
    # More columns than panels: one row.
    assert panel_grid(heatmap.scene, CHOSEN, columns=9).width == panel_grid(heatmap.scene, CHOSEN, 3).width


def test_a_panel_of_the_png_is_the_png_of_its_highlight(heatmap: TextualHeatmap) -> None:
    whole = np.asarray(Image.open(io.BytesIO(heatmap.to_png(CHOSEN, columns=2))).convert("RGBA"))
    grid = panel_grid(heatmap.scene, CHOSEN, columns=2)
    for panel in grid.panels:
        single = np.asarray(Image.open(io.BytesIO(heatmap.to_png(panel.index))).convert("RGBA"))
        h, w = single.shape[:2]
        x, y = int(panel.x), int(panel.y)
        # Whole-pixel offsets: the same pixels, exactly.
        assert np.array_equal(whole[y:y + h, x:x + w], single), panel.index


@pytest.mark.parametrize("index, columns, error, where", [
    ([], None, ValueError, "empty"),
    ([3, "a"], None, TypeError, r"index\[1\]"),
    ([3, 10_000], None, ValueError, r"index\[1\].*out of range"),
    ([3, 4], 0, ValueError, "columns"),
    ([3, 4], True, ValueError, "columns"),
    (3, 2, ValueError, "columns= lays out several highlights"),
    ("12", None, TypeError, "list of ints"),
])
def test_bad_panels_say_where(heatmap: TextualHeatmap, tmp_path: Path, index: object, columns: object,
                              error: type, where: str) -> None:
    with pytest.raises(error, match=where):
        heatmap.save(tmp_path / "f.svg", index=index, columns=columns)
    assert not (tmp_path / "f.svg").exists()


def test_every_static_format_takes_a_list(heatmap: TextualHeatmap, tmp_path: Path) -> None:
    for extension in ("svg", "png", "pdf", "tex"):
        heatmap.save(tmp_path / f"f.{extension}", index=CHOSEN, columns=2)
        assert (tmp_path / f"f.{extension}").stat().st_size > 0
    tex = (tmp_path / "f.tex").read_text()
    assert tex.count(r"\begin{minipage}") == 3 and "highlights 12, 40, 159" in tex
    # Two to a row: the first panel is followed by \hfill, the second ends the row.
    assert tex.count(r"\end{minipage}\hfill%") == 1


@pytest.mark.ci_must_run
def test_three_panel_pdf_renders_like_the_png(heatmap: TextualHeatmap, tmp_path: Path) -> None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("poppler-utils is not installed (apt-get install poppler-utils)")
    heatmap.save(tmp_path / "three.pdf", index=CHOSEN)
    subprocess.run([pdftoppm, "-r", "96", "-png", "-singlefile", str(tmp_path / "three.pdf"),
                    str(tmp_path / "three")], check=True)
    page = np.asarray(Image.open(tmp_path / "three.png").convert("RGB")).astype(int)
    png = Image.open(io.BytesIO(heatmap.to_png(CHOSEN))).convert("RGBA")
    white = np.asarray(Image.alpha_composite(Image.new("RGBA", png.size, "white"), png).convert("RGB")).astype(int)
    height, width = min(page.shape[0], white.shape[0]), min(page.shape[1], white.shape[1])
    assert abs(page.shape[0] - white.shape[0]) <= 1 and abs(page.shape[1] - white.shape[1]) <= 1
    # Three figures tall, and like the PNG but for anti-aliasing (as test_png_pdf).
    assert height > 3 * heatmap.scene.layout.height
    assert np.abs(page[:height, :width] - white[:height, :width]).mean() < 3


@pytest.mark.ci_must_run
def test_panels_in_latex_compile_side_by_side(heatmap: TextualHeatmap, tmp_path: Path) -> None:
    pdflatex, pdftotext = shutil.which("pdflatex"), shutil.which("pdftotext")
    if pdflatex is None or pdftotext is None:
        pytest.skip("pdflatex or pdftotext is not installed (apt-get install texlive-latex-base poppler-utils)")
    heatmap.save(tmp_path / "panels.tex", index=CHOSEN, columns=3)
    (tmp_path / "doc.tex").write_text("\\documentclass{article}\\usepackage{xcolor}\\begin{document}"
                                      "\\input{panels.tex}\\end{document}\n")
    subprocess.run([pdflatex, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], cwd=tmp_path,
                   check=True, capture_output=True)
    text = subprocess.run([pdftotext, "-layout", str(tmp_path / "doc.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    first = next(line for line in text.splitlines() if "12:" in line)
    # The three labels share the first line: three columns.
    assert "40:" in first and "159:" in first


def test_a_frame_driven_panel_is_labelled_by_the_token_that_drives_it() -> None:
    # A translation's frame k belongs to target word k: its panel says so, not the source's k-th.
    from textualheatmap import from_seq2seq
    from textualheatmap.formats.panels import panel_label

    figure = TextualHeatmap(facet_titles=["Source", "Target"], width=520)
    figure.set_data(from_seq2seq(["Le", "▁chat", "▁noir"], ["The", "▁black", "▁cat"], np.eye(3)))
    assert [panel_label(figure.scene, k) for k in range(3)] == ['0: "The"', '1: "black"', '2: "cat"']
    labels = ET.fromstring(figure.to_svg(index=[0, 2])).findall(".//svg:g[@aria-label]", NS)
    assert {'0: "The"', '2: "cat"'} <= {group.get("aria-label") for group in labels}
