"""Each writer on its own: a Scene built by hand (no TextualHeatmap), a binary stream out."""
from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PIL import Image

import svgread
from textualheatmap.colormap import Scale
from textualheatmap.data import Facet, Token
from textualheatmap.formats import writers
from textualheatmap.formats.pdf import write_pdf
from textualheatmap.formats.png import write_png
from textualheatmap.formats.gif import write_gif
from textualheatmap.formats.html import write_html
from textualheatmap.formats.svg import GROUP, write_svg
from textualheatmap.formats.tex import write_tex
from textualheatmap.layout import DEFAULT_LOOK, layout_figure
from textualheatmap.scene import Scene

BLACK, RED = "#000000", "#ff0000"


def hand_scene(highlight: int | None = 1) -> Scene:
    """Two tokens; highlighting token 1 colours token 0 black (heat 0.4) and itself red."""
    facets = (Facet((Token("ab ", ("m",), np.array([1.0])), Token("cd", ("n", "o"), np.array([0.4, 1.0])))),)
    layout = layout_figure(facets, ("T",), 300, True, False, DEFAULT_LOOK)
    return Scene(layout, facets, ("T",), (BLACK, RED), None, Scale(), show_meta=True, interactive=True,
                 highlight=highlight)


class WriteOnly:
    """A stream with nothing but write(), like a pipe: no seek, no tell, no name."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.chunks.append(bytes(data))
        return len(data)


def written(writer: writers.Writer, scene: Scene, **options: object) -> bytes:
    stream = WriteOnly()
    writer(scene, stream, **options)
    return b"".join(stream.chunks)


def test_svg_colours_the_highlights_heat_and_underlines_it() -> None:
    root = ET.fromstring(written(write_svg, hand_scene()))
    heat = root.findall(f".//svg:g[@class='{GROUP.heat}']/svg:rect", svgread.NS)
    assert [rect.get("fill") for rect in heat] == [BLACK, RED]
    underline = root.findall(f".//svg:g[@class='{GROUP.underline}']/svg:rect", svgread.NS)
    assert len(underline) == 1 and underline[0].get("x") == heat[1].get("x")
    meta = root.findall(f".//svg:g[@class='{GROUP.meta}']/svg:g[@aria-label]", svgread.NS)
    assert [group.get("aria-label") for group in meta] == ["n", "o"]
    # Token 0's heat covers itself alone: one red box.
    first = ET.fromstring(written(write_svg, hand_scene(), index=0))
    assert [rect.get("fill") for rect in first.findall(f".//svg:g[@class='{GROUP.heat}']/svg:rect",
                                                       svgread.NS)] == [RED]


def test_png_paints_the_red_token_red() -> None:
    image = Image.open(io.BytesIO(written(write_png, hand_scene(), scale=2))).convert("RGB")
    scene = hand_scene()
    assert image.size == (600, round(scene.layout.height * 2))
    pieces = scene.layout.facets[0].fragments
    x0, y0 = int(pieces.x[1] * 2), int(pieces.y[1] * 2)
    box = np.asarray(image)[y0:y0 + int(pieces.height * 2), x0:x0 + int(pieces.w[1] * 2)]
    red = np.all(box == (255, 0, 0), axis=-1).mean()
    assert red > 0.4  # the rest is white text and its antialiased edge


def test_pdf_is_one_vector_page() -> None:
    pdf = written(write_pdf, hand_scene())
    assert pdf.startswith(b"%PDF-") and b"/Image" not in pdf and pdf.count(b"/Type /Page\n") <= 1


def test_gif_streams_each_frame_as_it_is_encoded() -> None:
    stream = WriteOnly()
    write_gif(hand_scene(), stream, frames=[0, 1, 0], progress=False)
    data = b"".join(stream.chunks)
    # Header and palette, then one write per frame, then the trailer.
    assert len(stream.chunks) >= 5 and data.endswith(b";")
    image = Image.open(io.BytesIO(data))
    assert image.n_frames == 3
    image.seek(1)
    assert (255, 0, 0) in {colour for _, colour in image.convert("RGB").getcolors(10_000)}


def test_html_holds_the_svg_and_the_hover_data() -> None:
    page = written(write_html, hand_scene()).decode("utf-8")
    assert page.count("<svg") == 1 and '"palette":["#000000","#ff0000"]' in page
    assert "thmHover(" in page
    plain = written(write_html, hand_scene(), interactive=False).decode("utf-8")
    assert "<script" not in plain and plain.count("<svg") == 1


def test_tex_boxes_the_tokens_in_the_palettes_colours() -> None:
    tex = written(write_tex, hand_scene()).decode("utf-8")
    assert r"\thmtoken{000000}{FFFFFF}{ab}" in tex and r"\thmselected{FF0000}{FFFFFF}{cd}" in tex
    assert r"\thmmeta{n}" in tex and r"\thmmeta{o}" in tex


def test_save_picks_the_writer_by_extension_and_checks_options_first(tmp_path) -> None:
    scene = hand_scene()
    writers.save(scene, tmp_path / "f.svg")
    assert (tmp_path / "f.svg").read_bytes() == written(write_svg, scene)
    with pytest.raises(TypeError, match="saving .svg takes no option 'scale'"):
        writers.save(scene, tmp_path / "g.svg", scale=2)
    assert not (tmp_path / "g.svg").exists()
    assert set(writers.WRITERS) == {".svg", ".png", ".pdf", ".gif", ".html", ".tex"}
    assert writers.format_options(".png") == ["index", "scale", "columns"]


def test_a_scene_at_another_highlight_shares_its_layout() -> None:
    scene = hand_scene(None)
    moved = scene.highlighted(0)
    assert moved.layout is scene.layout and (scene.highlight, moved.highlight) == (None, 0)
    assert moved.frame().facets[0].selected == 0 and scene.frame().facets[0].selected is None
    with pytest.raises(ValueError, match="highlight index 2 is out of range"):
        scene.highlighted(2)
