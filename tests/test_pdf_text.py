"""Searchable PDFs: the PDF carries the figure's text (pdf_text.py), so pdftotext gives
each facet's meta strings, tokens and title in reading order; the picture is unchanged
within the text layer's alpha: pdftoppm's pages with and without it differ by at most
``MAX_LEVELS`` per channel (measured: 1 on the benchmark figure, at 96, 192 and 300 dpi)."""
from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from sample_data import TEXT

from textualheatmap import TextualHeatmap
from textualheatmap.formats.cairo import write_pdf_of_svg
from textualheatmap.formats.pdf_text import TEXT_ALPHA
from textualheatmap.formats.svg import draw_svg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from bench import TOKENS, benchmark_figure  # noqa: E402

pytestmark = pytest.mark.ci_must_run
MAX_LEVELS = 2  # TEXT_ALPHA of 255 levels, rounded up, plus rounding


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (apt-get install poppler-utils)")
    return found


def pdftotext(path: Path, *flags: str) -> str:
    return subprocess.run([tool("pdftotext"), *flags, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def normalised(text: str) -> str:
    return " ".join(text.split())


def render(path: Path, dpi: int) -> np.ndarray:
    out = path.with_suffix("")
    subprocess.run([tool("pdftoppm"), "-r", str(dpi), "-png", "-singlefile", str(path), str(out)], check=True)
    return np.asarray(Image.open(out.with_suffix(".png")).convert("RGB")).astype(int)


def test_pdftotext_reads_each_facet_of_the_benchmark_figure(tmp_path: Path) -> None:
    figure = benchmark_figure()
    figure.save(tmp_path / "bench.pdf", index=40)
    meta = figure.scene.frame(40).facets
    for flags in ((), ("-raw",)):
        text = normalised(pdftotext(tmp_path / "bench.pdf", *flags))
        # Each facet in reading order: its meta strings, its tokens, its title.
        facet = normalised(TEXT[:TOKENS])
        for k, title in enumerate(["GRU", "LSTM"]):
            block = " ".join([*meta[k].meta, facet, title])
            assert block in text, (flags, block, text)
    assert text.count(facet) == 2


def test_the_text_layer_leaves_the_picture_as_it_was(tmp_path: Path) -> None:
    figure = benchmark_figure()
    figure.save(tmp_path / "new.pdf", index=40)
    with open(tmp_path / "old.pdf", "wb") as stream:
        write_pdf_of_svg(draw_svg(figure.scene, 40), stream)  # the figure's outlines alone
    assert TEXT_ALPHA * 255 < MAX_LEVELS
    for dpi in (96, 300):
        new, old = render(tmp_path / "new.pdf", dpi), render(tmp_path / "old.pdf", dpi)
        assert new.shape == old.shape
        assert np.abs(new - old).max() <= MAX_LEVELS, dpi


def test_each_panel_of_small_multiples_is_searchable(tmp_path: Path) -> None:
    figure = benchmark_figure()
    figure.save(tmp_path / "three.pdf", index=[12, 40, 159])
    text = normalised(pdftotext(tmp_path / "three.pdf", "-raw"))
    assert text.count(normalised(TEXT[:TOKENS])) == 6  # two facets, three panels
    labels = [f'{i}: "{TEXT[i]}"' for i in (12, 40, 159)]
    assert [text.index(label) for label in labels] == sorted(text.index(label) for label in labels)


def test_tokens_are_text_not_pdf_syntax(tmp_path: Path) -> None:
    tokens = ["a(b", ")c\\", " ", "ünï", " ", "%%EOF", " ", "<<>>"]
    figure = TextualHeatmap(facet_titles=["T (x)"])
    figure.set_data([[{"token": t} for t in tokens]])
    figure.save(tmp_path / "odd.pdf")
    assert "".join(tokens) in pdftotext(tmp_path / "odd.pdf", "-raw")
    assert "T (x)" in pdftotext(tmp_path / "odd.pdf", "-raw")


def test_the_pdf_is_the_same_bytes_every_time(tmp_path: Path) -> None:
    figure = benchmark_figure()
    first, second = io.BytesIO(), io.BytesIO()
    figure.save(first, format="pdf", index=[3, 5])
    figure.save(second, format="pdf", index=[3, 5])
    assert first.getvalue() == second.getvalue()
