"""Searchable PDFs: the PDF carries the figure's text as invisible text (pdf_text.py), so
pdftotext gives each facet's meta strings, tokens and title in reading order; the picture
is the same: pdftoppm's pages with and without the text layer are identical, pixel for
pixel (bound: 0 levels), at 96 and 300 dpi."""
from __future__ import annotations

import io
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from sample_data import TEXT

from textualheatmap import TextualHeatmap
from textualheatmap.formats.pdf_text import TextLayer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from bench import TOKENS, benchmark_figure  # noqa: E402

pytestmark = pytest.mark.ci_must_run
MAX_LEVELS = 0  # invisible text draws nothing


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (apt-get install poppler-utils)")
    return found


def pdftotext(path: Path, *flags: str) -> str:
    done = subprocess.run([tool("pdftotext"), *flags, str(path), "-"], capture_output=True, text=True, check=True)
    assert done.stderr == ""  # poppler reads the text layer's font without complaint
    return done.stdout


def normalised(text: str) -> str:
    return " ".join(text.split())


def render(path: Path, dpi: int) -> np.ndarray:
    out = path.with_suffix("")
    done = subprocess.run([tool("pdftoppm"), "-r", str(dpi), "-png", "-singlefile", str(path), str(out)],
                          check=True, capture_output=True, text=True)
    assert done.stderr == ""
    return np.asarray(Image.open(out.with_suffix(".png")).convert("RGB")).astype(int)


def test_pdftotext_reads_each_facet_of_the_benchmark_figure(tmp_path: Path) -> None:
    figure = benchmark_figure()
    figure.save(tmp_path / "bench.pdf", index=40)
    meta = figure.scene.frame(40).facets
    facet = normalised(TEXT[:TOKENS])
    for flags in ((), ("-raw",)):
        text = normalised(pdftotext(tmp_path / "bench.pdf", *flags))
        # Each facet in reading order: its meta strings, its tokens, its title.
        for k, title in enumerate(["GRU", "LSTM"]):
            block = " ".join([*meta[k].meta, facet, title])
            assert block in text, (flags, block, text)
        assert text.count(facet) == 2


def test_the_text_layer_leaves_the_picture_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    figure = benchmark_figure()
    figure.save(tmp_path / "new.pdf", index=40)
    monkeypatch.setattr(TextLayer, "operators", lambda self: "")  # the outlines alone, as before
    figure.save(tmp_path / "old.pdf", index=40)
    assert (tmp_path / "new.pdf").read_bytes() != (tmp_path / "old.pdf").read_bytes()
    assert "memory" not in pdftotext(tmp_path / "old.pdf")
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
    places = [text.index(label) for label in labels]
    assert places == sorted(places)
    # Each label comes before its panel's text, which comes before the next label.
    assert text.index(normalised(TEXT[:TOKENS]), places[0]) < places[1]


def test_tokens_are_text_not_pdf_syntax(tmp_path: Path) -> None:
    tokens = ["a(b", ")c\\", " ", "ünï", " ", "%%EOF", " ", "<<>>", " ", "中文", " ", "😀"]
    figure = TextualHeatmap(facet_titles=["T (x)"])
    figure.set_data([[{"token": t} for t in tokens]])
    with warnings.catch_warnings():  # a machine without an emoji font warns it draws none
        warnings.simplefilter("ignore")
        figure.save(tmp_path / "odd.pdf")
    text = pdftotext(tmp_path / "odd.pdf", "-raw")
    for token in ("a(b)c\\", "ünï", "%%EOF", "<<>>", "T (x)"):
        assert token in text, (token, text)
    # Wide characters are two columns apart: pdftotext may see a space between them.
    assert "中文" in text.replace(" ", "")


def test_the_pdf_is_the_same_bytes_every_time() -> None:
    figure = benchmark_figure()
    first, second = io.BytesIO(), io.BytesIO()
    figure.save(first, format="pdf", index=[3, 5])
    figure.save(second, format="pdf", index=[3, 5])
    assert first.getvalue() == second.getvalue()
