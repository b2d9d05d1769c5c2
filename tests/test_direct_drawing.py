"""PNG and PDF drawn straight from the Scene (png.py, pdf.py) against cairosvg of ``to_svg``,
the reference they replace.

PNG, laid over white: the mean absolute difference per channel at most 0.5 of 255
levels and the worst pixel at most WORST_PNG levels (measured: mean 0.012, worst 10 on a
long document; cairo rounds to 8 bits after every fill, numpy once per layer). PDF: both
files rendered by pdftoppm at 96 dpi agree to a mean of 0.2 levels (measured 0.04; the
worst pixels are antialiased glyph edges where poppler's rounding of our once-defined
outlines and cairo's inlined ones differ); and ours is the smaller file.
"""
from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from sample_data import char_data, word_data

from textualheatmap import TextualHeatmap, from_subwords
from textualheatmap.formats import png
from textualheatmap.formats.cairo import svg_to_png, write_pdf_of_svg
from textualheatmap.formats.pdf import pdf_bytes
from textualheatmap.formats.raster import atlas

MEAN_PNG = 0.5
WORST_PNG = 16
MEAN_PDF = 0.2


def benchmark() -> TextualHeatmap:
    figure = TextualHeatmap(show_meta=True, facet_titles=["GRU", "LSTM"], width=600)
    figure.set_data(char_data())
    figure.highlight(5)
    return figure


def document() -> TextualHeatmap:
    figure = TextualHeatmap(facet_titles=["Review"], rotate_facet_titles=True)
    figure.set_data(word_data(400))
    return figure


def signed() -> TextualHeatmap:
    """Text colours per token (readable_text), a legend, a centred scale."""
    pieces = ["[CLS]", "the", "film", "was", "not", "bad", "at", "all", ",", "it", "was",
              "sur", "##prising", "##ly", "good", "[SEP]"]
    scores = [0, 0.1, 0.3, -0.2, -0.9, 0.6, 0.2, 0.1, 0, 0.05, -0.1, 0.4, 0.3, 0.2, 0.95, 0]
    figure = TextualHeatmap(facet_titles=["IG"], colormap="RdBu", center=0, legend=True, readable_text=True)
    figure.set_data([from_subwords(pieces, scores, merge="sum")])
    return figure


FIGURES = {"benchmark": benchmark, "document": document, "signed": signed}


@pytest.fixture(scope="module", params=sorted(FIGURES))
def figure(request: pytest.FixtureRequest) -> TextualHeatmap:
    return FIGURES[request.param]()


def on_white(data: bytes) -> np.ndarray:
    image = Image.open(io.BytesIO(data)).convert("RGBA")
    white = Image.alpha_composite(Image.new("RGBA", image.size, "white"), image)
    return np.asarray(white.convert("RGB")).astype(np.int32)


def assert_like(mine: np.ndarray, reference: np.ndarray, mean: float, worst: int | None) -> None:
    assert mine.shape == reference.shape
    difference = np.abs(mine - reference)
    assert difference.mean(axis=(0, 1)).max() <= mean, difference.mean(axis=(0, 1))
    if worst is not None:
        assert difference.max() <= worst


@pytest.mark.parametrize("scale", [1, 2])
def test_png_is_cairosvgs_picture_of_the_svg(figure: TextualHeatmap, scale: int) -> None:
    mine = figure.to_png(scale=scale)
    assert_like(on_white(mine), on_white(svg_to_png(figure.to_svg(), scale)), MEAN_PNG, WORST_PNG)


def test_png_is_transparent_where_cairosvg_leaves_it_so(figure: TextualHeatmap) -> None:
    mine = np.asarray(Image.open(io.BytesIO(figure.to_png())).convert("RGBA"))[..., 3].astype(int)
    reference = np.asarray(Image.open(io.BytesIO(svg_to_png(figure.to_svg()))).convert("RGBA"))[..., 3]
    assert (mine == 0).sum() > 0
    assert np.abs(mine - reference).max() <= 2


def test_png_is_the_same_bytes_every_time(figure: TextualHeatmap) -> None:
    assert figure.to_png() == figure.to_png()


def test_glyphs_composited_in_small_passes_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    figure = signed()
    whole = figure.to_png(scale=2)
    monkeypatch.setattr(atlas, "_USES_PER_PASS", 3)
    assert figure.to_png(scale=2) == whole


def test_glyph_over_the_canvas_edge_is_cut_off() -> None:
    figure = document()
    uses = figure.scene.layout.facets[0].text[:2]
    placed = atlas.place_glyphs(uses, 1.0)
    inside = np.zeros((60, 200, 4), dtype=np.uint8)
    moved = atlas.PlacedGlyphs(placed.cells, placed.variant, placed.top - placed.top.min(),
                               placed.left - placed.left.min())
    atlas.composite_glyphs(inside, moved, np.array([[255.0, 255.0, 255.0, 255.0]]))
    # The same glyphs two pixels up and left of the canvas: the rest of the picture moves.
    cut = np.zeros_like(inside)
    atlas.composite_glyphs(cut, atlas.PlacedGlyphs(placed.cells, placed.variant, moved.top - 2, moved.left - 2),
                           np.array([[255.0, 255.0, 255.0, 255.0]]))
    assert inside[..., 3].sum() > 0
    assert np.array_equal(cut[:-2, :-2], inside[2:, 2:])


def test_pdf_is_no_larger_than_cairosvgs(figure: TextualHeatmap) -> None:
    reference = io.BytesIO()
    write_pdf_of_svg(figure.to_svg(), reference)
    assert len(pdf_bytes(figure.scene)) <= len(reference.getvalue())


@pytest.mark.ci_must_run
def test_pdf_renders_as_cairosvgs_pdf(figure: TextualHeatmap, tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils is not installed (apt-get install poppler-utils)")
    (tmp_path / "mine.pdf").write_bytes(pdf_bytes(figure.scene))
    with open(tmp_path / "reference.pdf", "wb") as stream:
        write_pdf_of_svg(figure.to_svg(), stream)
    pages = []
    for name in ("mine", "reference"):
        subprocess.run(["pdftoppm", "-r", "96", "-png", "-singlefile", str(tmp_path / f"{name}.pdf"),
                        str(tmp_path / name)], check=True)
        pages.append(np.asarray(Image.open(tmp_path / f"{name}.png").convert("RGB")).astype(np.int32))
    assert_like(pages[0], pages[1], MEAN_PDF, None)


def test_png_encoder_round_trips() -> None:
    pixels = np.zeros((3, 4, 4), dtype=np.uint8)
    pixels[0, 0] = (255, 0, 0, 255)
    pixels[1, 2] = (64, 32, 0, 128)  # premultiplied: straight (127, 64, 0)
    image = np.asarray(Image.open(io.BytesIO(png.encode_png(pixels))).convert("RGBA"))
    assert image.shape == (3, 4, 4)
    assert tuple(image[0, 0]) == (255, 0, 0, 255)
    assert np.abs(image[1, 2].astype(int) - (128, 64, 0, 128)).max() <= 1  # 127.5, rounded either way
    assert image[2].sum() == 0
