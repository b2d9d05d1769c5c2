"""PNG (with a scale) and vector PDF, drawn from the Scene (png.py, pdf.py); tests/test_direct_drawing.py
compares them with cairosvg."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from sample_data import char_data

from textualheatmap import TextualHeatmap


@pytest.fixture(scope="module")
def heatmap() -> TextualHeatmap:
    figure = TextualHeatmap(show_meta=True, facet_titles=["GRU", "LSTM"], width=600)
    figure.set_data(char_data())
    return figure


def png_image(data: bytes) -> Image.Image:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    return Image.open(io.BytesIO(data))


def test_png_at_scale_2_is_twice_the_size(heatmap: TextualHeatmap) -> None:
    one, two = png_image(heatmap.to_png(5)), png_image(heatmap.to_png(5, scale=2))
    assert one.size == (600, round(heatmap.scene.layout.height))
    assert two.size == (2 * one.size[0], 2 * one.size[1])
    # The same picture: shrunk back, the large one matches the small one closely.
    small = np.asarray(two.convert("RGBA").resize(one.size, Image.Resampling.BOX)).astype(int)
    assert np.abs(small - np.asarray(one.convert("RGBA")).astype(int)).mean() < 6


def test_save_png_takes_the_scale_option(heatmap: TextualHeatmap, tmp_path: Path) -> None:
    heatmap.save(tmp_path / "f.png", index=3, scale=1.5)
    assert png_image((tmp_path / "f.png").read_bytes()).size == (900, round(heatmap.scene.layout.height * 1.5))
    assert (tmp_path / "f.png").read_bytes() == heatmap.to_png(3, 1.5)


@pytest.mark.parametrize("scale", [0, -1, float("nan"), "2", True])
def test_png_scale_must_be_a_positive_number(heatmap: TextualHeatmap, scale: object) -> None:
    with pytest.raises(ValueError, match="scale must be a positive number"):
        heatmap.to_png(0, scale)  # type: ignore[arg-type]


def pdf_of(heatmap: TextualHeatmap, index: int = 5) -> bytes:
    out = io.BytesIO()
    heatmap.save(out, index=index, format="pdf")
    return out.getvalue()


def streams(pdf: bytes) -> list[bytes]:
    """Every stream of the PDF, inflated where it is Flate-compressed."""
    found = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            found.append(zlib.decompress(match.group(1)))
        except zlib.error:
            found.append(match.group(1))
    return found


def test_pdf_holds_each_glyph_outline_once_as_a_form(heatmap: TextualHeatmap) -> None:
    pdf = pdf_of(heatmap)
    assert pdf.startswith(b"%PDF-")
    assert b"/Image" not in pdf and b"/DCTDecode" not in pdf
    forms = pdf.count(b"/Subtype /Form")
    inked = {use.glyph.path for facet in heatmap.scene.layout.facets for use in facet.text if use.glyph.path}
    # One form per distinct outline (the token text's, the titles' and the meta row's).
    assert len(inked) <= forms < len(inked) + 40
    content = b"\n".join(streams(pdf))
    # Outlines are filled curves; every placed glyph is a Do of its form.
    assert len(re.findall(rb"[-\d.]+ [-\d.]+ [-\d.]+ [-\d.]+ [-\d.]+ [-\d.]+ c\b", content)) > 10 * len(inked)
    placed = sum(1 for facet in heatmap.scene.layout.facets for use in facet.text if use.glyph.path)
    assert len(re.findall(rb"cm /g\d+ Do Q", content)) >= placed


def test_pdf_is_the_same_bytes_every_time(heatmap: TextualHeatmap) -> None:
    assert pdf_of(heatmap) == pdf_of(heatmap)
    assert b"/CreationDate" not in pdf_of(heatmap)


@pytest.mark.ci_must_run
def test_pdftoppm_renders_the_pdf_like_the_png(heatmap: TextualHeatmap, tmp_path: Path) -> None:
    pdftoppm, pdfimages = shutil.which("pdftoppm"), shutil.which("pdfimages")
    if pdftoppm is None or pdfimages is None:
        pytest.skip("poppler-utils is not installed (apt-get install poppler-utils)")
    heatmap.save(tmp_path / "f.pdf", index=5)
    listed = subprocess.run([pdfimages, "-list", str(tmp_path / "f.pdf")], capture_output=True,
                            text=True, check=True).stdout.splitlines()
    assert len(listed) == 2, f"expected only the header of an empty image list: {listed}"
    # 96 dpi: one pixel per SVG unit, as the PNG.
    subprocess.run([pdftoppm, "-r", "96", "-png", "-singlefile", str(tmp_path / "f.pdf"),
                    str(tmp_path / "page")], check=True)
    page = Image.open(tmp_path / "page.png").convert("RGB")
    png = png_image(heatmap.to_png(5)).convert("RGBA")
    white = Image.alpha_composite(Image.new("RGBA", png.size, "white"), png).convert("RGB")
    assert abs(page.size[0] - white.size[0]) <= 1 and abs(page.size[1] - white.size[1]) <= 1
    width, height = min(page.size[0], white.size[0]), min(page.size[1], white.size[1])
    a = np.asarray(page)[:height, :width].astype(int)
    b = np.asarray(white)[:height, :width].astype(int)
    # Two rasterisers antialias differently; the pictures agree but for edges.
    assert np.abs(a - b).mean() < 3
