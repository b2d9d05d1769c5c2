"""Frame-driven data (FrameData) and the figures built on it: translation and generation.

Every format draws the frames: SVG (parsed), PNG and the GIF (pixels, against each
other), LaTeX (phantoms keep hidden tokens' room); the original data is untouched."""
from __future__ import annotations

import io
from typing import Any

import numpy as np
import pytest
from PIL import Image
from svgread import NS, XLINK, facets, parse

from textualheatmap import FrameData, TextualHeatmap, from_generation, from_seq2seq

WORDS = ["the", "cat", "sat", "on", "the", "mat"]


def sentence() -> list[dict[str, Any]]:
    tokens: list[dict[str, Any]] = []
    for word in WORDS:
        tokens += [{"token": " ", "format": True}] if tokens else []
        tokens.append({"token": word})
    return tokens


def growing() -> FrameData:
    """Frame k shows the first k + 3 words, underlines word k, colours words before it."""
    frames = [[{"heat": [0.2 * j for j in range(k)], "underline": k,
                "shown": [j < k + 3 for j in range(6)], "meta": [f"step {k}"]}] for k in range(4)]
    return FrameData([sentence()], frames)


def figure_of(data: FrameData, **settings: Any) -> TextualHeatmap:
    figure = TextualHeatmap(**settings)
    figure.set_data(data)
    return figure


def drawn(svg: str, facet: int = 0) -> dict[str, int]:
    group = facets(parse(svg))[facet]
    return {"heat": len(group.findall("svg:g[@class='heat']/svg:rect", NS)),
            "underline": len(group.findall("svg:g[@class='underline']/svg:rect", NS)),
            "glyphs": len(group.findall("svg:g[@class='tokens']/svg:use", NS))}


def test_frames_count_as_highlights_and_the_layout_is_shared() -> None:
    figure = figure_of(growing(), show_meta=True)
    assert figure.token_count == 4
    with pytest.raises(ValueError, match="frame index 4 is out of range: the data has 4 frames"):
        figure.to_svg(4)
    # Hidden tokens keep their place: every frame has the same size and token positions.
    assert len({parse(figure.to_svg(k)).get("height") for k in range(4)}) == 1


def test_svg_draws_only_the_shown_tokens() -> None:
    figure = figure_of(growing(), show_meta=True)
    letters = [sum(len(w) for w in WORDS[:k + 3]) for k in range(4)]
    for k in range(4):
        counts = drawn(figure.to_svg(k))
        assert counts == {"heat": k, "underline": 1, "glyphs": letters[k]}, k
        labels = [g.get("aria-label") for g in facets(parse(figure.to_svg(k)))[0].iter()
                  if g.get("aria-label") == f"step {k}"]
        assert labels == [f"step {k}"]
    # No frame chosen: every token drawn, nothing coloured.
    assert drawn(figure.to_svg()) == {"heat": 0, "underline": 0, "glyphs": sum(map(len, WORDS))}


def test_gif_frames_match_the_png_of_each_frame() -> None:
    figure = figure_of(growing(), show_meta=True)
    stream = io.BytesIO()
    figure.save(stream, format="gif", tolerance=0)
    gif = Image.open(io.BytesIO(stream.getvalue()))
    assert gif.n_frames == 4
    for k in range(4):
        gif.seek(k)
        frame = np.asarray(gif.convert("RGB"), dtype=np.int16)
        png = Image.open(io.BytesIO(figure.to_png(k))).convert("RGBA")
        white = Image.new("RGBA", png.size, "white")
        expected = np.asarray(Image.alpha_composite(white, png).convert("RGB"), dtype=np.int16)
        off = np.abs(frame - expected).max(axis=-1)
        # Antialiased edges may differ by a few levels (cairo vs the compositor); no glyph
        # of a hidden word is drawn, which would differ by far more.
        assert off.max() <= 40 and (off > 8).mean() < 0.002, k


def test_tex_keeps_the_room_of_hidden_tokens() -> None:
    figure = figure_of(growing())
    stream = io.BytesIO()
    figure.save(stream, format="tex", index=0)
    tex = stream.getvalue().decode()
    assert r"\phantom{on}" in tex and r"\phantom{mat}" in tex and r"\phantom{sat}" not in tex


def test_original_data_draws_as_before() -> None:
    figure = TextualHeatmap()
    figure.set_data([[{"token": "a", "heat": [1.0, 0.0]}, {"token": "b", "heat": [0.0, 1.0]}]])
    table = FrameData([[{"token": "a"}, {"token": "b"}]],
                      [[{"heat": [1.0, 0.0], "underline": 0}], [{"heat": [0.0, 1.0], "underline": 1}]])
    assert figure_of(table).to_svg(1) == figure.to_svg(1)


@pytest.mark.parametrize("frames, message", [
    ("x", "frames must be a list of frames"),
    ([[{"heat": [1]}, {}]], r"frames\[0\] has 2 facet states but the figure has 1 facets"),
    ([[{"hue": [1]}]], r"frames\[0\]\[0\] has unknown keys \['hue'\]"),
    ([[{"heat": [1] * 7}]], r"frames\[0\]\[0\]\['heat'\] has 7 numbers but the facet has 6"),
    ([[{"heat": ["x"]}]], r"frames\[0\]\[0\]\['heat'\] must be a list of numbers"),
    ([[{"underline": 6}]], r"frames\[0\]\[0\]\['underline'\] is 6, but the facet has 6"),
    ([[{"shown": [True]}]], r"frames\[0\]\[0\]\['shown'\] has 1 entries but the facet has 6"),
    ([[{"meta": [1]}]], r"frames\[0\]\[0\]\['meta'\]\[0\] must be a string"),
])
def test_bad_frames_say_where(frames: Any, message: str) -> None:
    with pytest.raises((TypeError, ValueError), match=message):
        TextualHeatmap().set_data(FrameData([sentence()], frames))


SOURCE = ["▁Le", "▁chat", "▁est", "▁assis", "."]
TARGET = ["▁The", "▁cat", "▁sits", "."]


def test_seq2seq_one_frame_per_target_token() -> None:
    attributions = np.arange(20, dtype=float).reshape(4, 5) / 20
    own = np.tril(np.ones((4, 4))) / 2
    data = from_seq2seq(SOURCE, TARGET, attributions, target_attributions=own)
    figure = figure_of(data, facet_titles=["Source", "Target"])
    assert figure.token_count == 4
    scene = figure.scene
    for k in range(4):
        source, target = scene.frame(k).facets
        assert source.selected is None and target.selected == k
        np.testing.assert_array_equal(source.colors, scene.scale.index(attributions[k], len(scene.palette)))
        np.testing.assert_array_equal(target.colors, scene.scale.index(own[k], len(scene.palette)))
        assert scene.frame_of(1, k) == k and scene.frame_of(0, k) is None
    # Source and target as (text, offsets): the same figure.
    by_offsets = from_seq2seq(("Le chat est assis.", [(0, 2), (2, 7), (7, 11), (11, 17), (17, 18)]),
                              ("The cat sits.", [(0, 3), (3, 7), (7, 12), (12, 13)]),
                              attributions, target_attributions=own)
    assert figure_of(by_offsets, facet_titles=["Source", "Target"]).to_svg(2) == figure.to_svg(2)


def test_seq2seq_pieces_of_one_token_add_up() -> None:
    # GPT-2 style: "é" split over two pieces in the source; its columns add up.
    attributions = np.array([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]])
    data = from_seq2seq(["caf", "Ã", "©"], ["Ġcof", "fee"], attributions, scheme="bytelevel")
    heat = [frame[0]["heat"] for frame in data.frames]
    np.testing.assert_allclose(heat, [[0.1, 0.5], [0.4, 1.1]])
    with pytest.raises(ValueError, match="attributions must have shape 2 x 3"):
        from_seq2seq(["caf", "Ã", "©"], ["Ġcof", "fee"], attributions.T, scheme="bytelevel")


def test_generation_reveals_one_token_per_frame() -> None:
    prompt, generated = ["The", "Ġcat"], ["Ġsat", "Ġon", "Ġit", "."]
    rows = [np.full(2 + k, 0.5) for k in range(4)]
    candidates = [[("sat", 0.5), "lay"], [], [("it", 0.25)], ["!"]]
    data = from_generation(prompt, generated, rows, candidates=candidates)
    figure = figure_of(data, show_meta=True)
    scene = figure.scene
    assert figure.token_count == 4
    for k in range(4):
        (state,) = scene.frame(k).facets
        assert state.selected == 2 + k
        shown = [True] * 6 if state.shown is None else state.shown.tolist()  # None: all drawn
        assert shown == [j <= 2 + k for j in range(6)]
        assert (state.colors >= 0).tolist() == [j < 2 + k for j in range(6)]
    assert scene.frame(0).facets[0].meta == ("sat 0.50", "lay")
    assert scene.frame_of(0, 4) == 2
    # Lines never jump: the same layout for every frame, the last frame shows all.
    assert drawn(figure.to_svg(3))["glyphs"] == len("Thecatsatonit.")
    with pytest.raises(ValueError, match=r"attributions\[1\] has 2 numbers; generated piece 1 comes after 3"):
        from_generation(prompt, generated, [np.ones(2), np.ones(2), np.ones(4), np.ones(5)])


def test_generation_from_text_and_offsets() -> None:
    data = from_generation(("Hello", [(0, 5)]), (" world!", [(0, 6), (6, 7)]), [[1.0], [0.5, 0.5]])
    assert "".join(t["token"] for t in data.facets[0]) == "Hello world!"
    figure = figure_of(data)
    (state,) = figure.scene.frame(1).facets
    assert state.selected == 2 and state.shown is None


@pytest.mark.parametrize("name", ["offsets_code.svg", "translation.svg", "generation.gif"])
def test_the_readme_pictures_are_what_the_script_draws(name: str, tmp_path: Any) -> None:
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root / "scripts"))
    try:
        import make_gifs
    finally:
        sys.path.remove(str(root / "scripts"))
    picture = next(p for p in make_gifs.PICTURES if p.name == name)
    drawn_now = make_gifs.draw(picture, tmp_path)
    assert drawn_now.read_bytes() == (root / "gifs" / name).read_bytes()
    assert f"(gifs/{name})" in (root / "README.md").read_text(encoding="utf-8")


def white_rgb(png_data: bytes) -> np.ndarray:
    image = Image.open(io.BytesIO(png_data)).convert("RGBA")
    return np.asarray(Image.alpha_composite(Image.new("RGBA", image.size, "white"), image).convert("RGB"),
                      dtype=np.int32)


@pytest.mark.parametrize("k", [0, 2])
def test_png_and_pdf_draw_what_the_svg_draws(k: int, tmp_path: Any) -> None:
    import shutil
    import subprocess

    from textualheatmap.formats.cairo import svg_to_png, write_pdf_of_svg
    from textualheatmap.formats.pdf import pdf_bytes

    figure = figure_of(growing(), show_meta=True, readable_text=True, colormap="magma")
    mine, reference = white_rgb(figure.to_png(k)), white_rgb(svg_to_png(figure.to_svg(k), 1))
    # As tests/test_direct_drawing.py: no channel off by more than 16 levels (a hidden
    # word's glyphs drawn would be off by over 100).
    assert mine.shape == reference.shape and np.abs(mine - reference).max() <= 16
    if shutil.which("pdftoppm") is None:
        return
    (tmp_path / "mine.pdf").write_bytes(pdf_bytes(figure.scene.highlighted(k)))
    with open(tmp_path / "reference.pdf", "wb") as stream:
        write_pdf_of_svg(figure.to_svg(k), stream)
    pages = []
    for name in ("mine", "reference"):
        subprocess.run(["pdftoppm", "-r", "96", "-png", "-singlefile", str(tmp_path / f"{name}.pdf"),
                        str(tmp_path / name)], check=True)
        pages.append(np.asarray(Image.open(tmp_path / f"{name}.png").convert("RGB")).astype(np.int32))
    off = np.abs(pages[0] - pages[1])
    assert pages[0].shape == pages[1].shape and off.mean(axis=(0, 1)).max() <= 0.2
    # Antialiasing differs by up to ~70 levels; a hidden word's glyphs drawn: over 100.
    assert off.max() <= 100


def test_frames_computed_together_are_the_frames_one_by_one() -> None:
    # Heat lists shorter and longer than the facet, a token without heat (its own score
    # shows), and a remapped palette: a run of frames gives what frame(k) gives.
    from textualheatmap import TextualHeatmap
    from textualheatmap.frame import remap_colors

    figure = TextualHeatmap(facet_titles=["a", "b"])
    figure.set_data([[{"token": "x", "heat": [0.1, 0.9, 0.5, 0.3]}, {"token": "y", "heat": 0.4},
                      {"token": "z", "heat": [1.0]}],
                     [{"token": "u", "heat": [0.2, 0.7]}, {"token": "v", "heat": [0.0, 1.0, 0.6]}]])
    scene = figure.scene
    remap = np.arange(len(scene.palette), dtype=np.int16)[::-1].copy()
    for table in (None, remap):
        together = scene.frames_at([2, 0, 1, 0], table)
        for index, frame in zip([2, 0, 1, 0], together):
            alone = remap_colors(scene.frame(index), table)
            assert frame.index == alone.index
            for got, want in zip(frame.facets, alone.facets):
                assert np.array_equal(got.colors, want.colors) and got.colors.dtype == want.colors.dtype
                assert (got.selected, got.meta, got.shown) == (want.selected, want.meta, want.shown)
