"""Frames composed with numpy (formats/gif/composition.py) are the pictures to_svg(k) describes.

The reference is cairosvg's PNG of ``to_svg(k)`` laid over white (the GIF's background).
Bounds, in 0..255 levels per channel: the mean absolute difference at most 1 (1/255);
the worst pixel at most 3 (measured: 2, from cairo's 8-bit rounding of each step).
"""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image
from sample_data import char_data

from textualheatmap import FrameData, TextualHeatmap
from textualheatmap.formats.cairo import svg_to_png
from textualheatmap.formats.raster.glyphs import outline_ops, rasterize_svg_rgba8
from textualheatmap.formats.gif.composition import Compositor, blank_frame

MEAN_BOUND = 1.0
WORST_BOUND = 3
SAMPLED = (0, 7, 50, 123, 199)


def reference(figure: TextualHeatmap, index: int | None, scale: float = 1) -> np.ndarray:
    png = Image.open(io.BytesIO(svg_to_png(figure.to_svg(index), scale))).convert("RGBA")
    white = Image.new("RGBA", png.size, (255, 255, 255, 255))
    return np.asarray(Image.alpha_composite(white, png).convert("RGB")).astype(np.int32)


def assert_close(mine: np.ndarray, expected: np.ndarray, where: str) -> None:
    assert mine.shape == expected.shape, where
    difference = np.abs(mine.astype(np.int32) - expected)
    means = difference.mean(axis=(0, 1))
    assert (means <= MEAN_BOUND).all(), f"{where}: mean difference per channel {means}"
    assert difference.max() <= WORST_BOUND, f"{where}: worst pixel differs by {difference.max()}"


def figure(**settings: object) -> TextualHeatmap:
    heatmap = TextualHeatmap(**{"show_meta": True, "facet_titles": ["GRU", "LSTM"], **settings})
    heatmap.set_data(char_data())
    return heatmap


CASES = {
    "benchmark": ({}, 1),
    "scale 2": ({}, 2),
    "colour map, readable text, legend": ({"colormap": "magma", "readable_text": True, "legend": True}, 1),
    "no meta, rotated titles, centred scale": (
        {"show_meta": False, "rotate_facet_titles": True, "width": 450, "colormap": "RdBu",
         "center": 0.5}, 1.5),
}


@pytest.mark.parametrize("case", CASES)
def test_composed_frames_match_the_svg(case: str) -> None:
    settings, scale = CASES[case]
    heatmap = figure(**settings)
    compositor = Compositor(heatmap.scene.layout, heatmap.scene.palette, heatmap.scene.text_palette, scale)
    # In GIF order: each sampled frame is composed from the one before, as the GIF does.
    for index in range(max(SAMPLED) + 1):
        compositor.update(heatmap.scene.frame(index))
        if index in SAMPLED:
            assert_close(compositor.rgb, reference(heatmap, index, scale), f"{case}, frame {index}")


def test_frames_do_not_depend_on_the_one_before() -> None:
    heatmap = figure()
    compositor = Compositor(heatmap.scene.layout, heatmap.scene.palette)
    jumped = compositor.render(heatmap.scene.frame(150))
    fresh = Compositor(heatmap.scene.layout, heatmap.scene.palette)
    for index in range(151):
        fresh.update(heatmap.scene.frame(index))
    assert np.array_equal(jumped, fresh.rgb)


def test_the_blank_frame_is_the_figure_before_any_highlight() -> None:
    heatmap = figure()
    compositor = Compositor(heatmap.scene.layout, heatmap.scene.palette)
    assert_close(compositor.render(blank_frame(heatmap.scene.layout)), reference(heatmap, None), "blank")


def test_update_reports_every_repainted_pixel() -> None:
    heatmap = figure()
    compositor = Compositor(heatmap.scene.layout, heatmap.scene.palette)
    compositor.update(heatmap.scene.frame(40))
    before = compositor.rgb.copy()
    boxes = compositor.update(heatmap.scene.frame(41))
    changed = (before != compositor.rgb).any(axis=2)
    inside = np.zeros_like(changed)
    for top, bottom, left, right in boxes:
        inside[top:bottom, left:right] = True
    assert changed.any()
    assert not (changed & ~inside).any()


def test_glyph_outlines_become_the_calls_cairosvg_makes() -> None:
    ops = outline_ops("M1 2H4V6L1 6Q0 3 1 2Z")
    assert ops == (("m", (1.0, 2.0)), ("l", (4.0, 2.0)), ("l", (4.0, 6.0)), ("l", (1.0, 6.0)),
                   # The quadratic from (1, 6) over (0, 3) to (1, 2), raised to a cubic.
                   ("c", (0 * 2 / 3 + 1 / 3, 3 * 2 / 3 + 6 / 3, 0 * 2 / 3 + 1 / 3, 3 * 2 / 3 + 2 / 3,
                          1.0, 2.0)), ("z", ()))
    with pytest.raises(ValueError, match="relative"):
        outline_ops("m1 2l3 4z")


def test_rasterize_svg_is_premultiplied_rgba() -> None:
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="2">'
           '<rect width="2" height="2" fill="#ff0000" fill-opacity="0.5"/></svg>')
    pixels = rasterize_svg_rgba8(svg, 1).astype(np.int32)
    assert pixels.shape == (2, 4, 4)
    assert np.allclose(pixels[0, 0], [127.5, 0, 0, 127.5], atol=1)
    assert np.allclose(pixels[0, 3], 0)


def test_format_only_facet_and_short_facet_match_the_svg() -> None:
    heatmap = TextualHeatmap(show_meta=True, facet_titles=["A", "B"], width=300)
    heatmap.set_data([
        [{"token": "only format text here", "format": True}],
        [{"token": "ab", "heat": [1, 0.5], "meta": ["x"]}, {"token": " ", "format": True},
         {"token": "cd", "heat": [0.2, 1]}],
    ])
    compositor = Compositor(heatmap.scene.layout, heatmap.scene.palette)
    for index in range(heatmap.token_count):
        assert_close(compositor.render(heatmap.scene.frame(index)), reference(heatmap, index), f"frame {index}")


def test_drawn_meta_rows_are_kept_within_a_byte_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every highlight of the benchmark figure has its own meta strings: with room for
    # three drawn rows, the oldest go, and a row shown again is drawn again, the same.
    from textualheatmap.formats.gif import composition

    scene = figure().scene
    probe = Compositor(scene.layout, scene.palette)
    probe.update(scene.frame(0))
    row_bytes = next(iter(probe._meta_patches.values())).keys.nbytes
    monkeypatch.setattr(composition, "META_CACHE_BYTES", 3 * row_bytes)
    compositor = Compositor(scene.layout, scene.palette)
    first = compositor.render(scene.frame(3))
    for index in range(4, 60):
        compositor.update(scene.frame(index))
        assert sum(patch.keys.nbytes for patch in compositor._meta_patches.values()) <= 3 * row_bytes
    assert (0, scene.frame(3).facets[0].meta) not in compositor._meta_patches
    assert np.array_equal(compositor.render(scene.frame(3)), first)


def window_figure(words: int = 400) -> TextualHeatmap:
    """One facet of ``words`` words, each word's heat over the 5 before it (zero, given, before
    them): about 60 lines."""
    rng = np.random.default_rng(3)
    heatmap = TextualHeatmap(facet_titles=["long"], width=500)
    heatmap.set_data([[{"token": f" w{i}", "heat": [0.0] * max(i - 5, 0) + rng.random(min(i, 5) + 1).round(2).tolist()}
                       for i in range(words)]])
    return heatmap


def test_the_token_area_is_stacked_band_by_band_when_first_repainted(monkeypatch: pytest.MonkeyPatch) -> None:
    # The token area's stacks are built per band of lines, on first use: frames that
    # colour only the first lines build only the first band, and the pixels are those of
    # stacks built for the whole area at once (one band).
    from textualheatmap.formats.gif import token_bands

    scene = window_figure().scene
    banded = Compositor(scene.layout, scene.palette)
    layer = banded._tokens[0]
    assert len(layer._bands) >= 3
    assert layer._built == {}
    early = [banded.render(scene.frame(index)).copy() for index in (3, 9, 20)]
    assert set(layer._built) == {0}
    late = banded.render(scene.frame(398))
    assert len(layer._bands) - 1 in layer._built  # the last word's band, once it is repainted
    monkeypatch.setattr(token_bands, "BAND_ROWS", 10**6)
    whole = Compositor(scene.layout, scene.palette)
    assert len(whole._tokens[0]._bands) == 1
    for got, index in zip(early + [late], (3, 9, 20, 398)):
        assert np.array_equal(got, whole.render(scene.frame(index))), f"frame {index}"


def test_a_new_meta_row_is_reported_where_it_differs_from_the_one_shown() -> None:
    scene = figure().scene
    compositor = Compositor(scene.layout, scene.palette)
    row = compositor._rows[0]
    compositor.update(scene.frame(0))
    changed = next(k for k in range(1, 200) if scene.frame(k).facets[0].meta != scene.frame(k - 1).facets[0].meta)
    compositor.update(scene.frame(changed - 1))
    before = compositor.rgb.copy()
    boxes = compositor.update(scene.frame(changed))
    in_row = [b for b in boxes if row[0] <= b[0] and b[1] <= row[1] and row[2] <= b[2] and b[3] <= row[3]]
    differs = np.argwhere((before != compositor.rgb).any(axis=2))
    differs = differs[(differs[:, 0] >= row[0]) & (differs[:, 0] < row[1])
                      & (differs[:, 1] >= row[2]) & (differs[:, 1] < row[3])]
    assert len(differs) and len(in_row) == 1
    # The box is the smallest holding every changed pixel of the row, not the whole row.
    assert in_row[0] == (int(differs[:, 0].min()), int(differs[:, 0].max()) + 1,
                         int(differs[:, 1].min()), int(differs[:, 1].max()) + 1)
    assert in_row[0] != row
    # Palette sampling asks for the rows whole.
    compositor.update(scene.frame(changed - 1))
    assert row in compositor.update(scene.frame(changed), whole_meta_rows=True)


def test_a_layers_stack_holds_each_pixels_items_in_drawing_order() -> None:
    # Four patches over one pixel (more than the two slots the stack starts with), two over
    # another, none over the third; zero coverage is no item.
    from textualheatmap.formats.gif.token_bands import Layer
    from textualheatmap.formats.raster.rects import Patch

    one = np.ones((1, 2), dtype=np.float32)
    patches = [Patch(0, 1, 0, 2, one * 0.5), None, Patch(0, 1, 0, 1, one[:, :1] * 0.25),
               Patch(0, 1, 0, 2, np.array([[0.75, 0.0]], dtype=np.float32)), Patch(0, 1, 0, 1, one[:, :1])]
    items, cover = Layer(patches).stack((0, 1, 0, 3))
    empty = len(patches)
    assert items[:, 0, 0].tolist() == [0, 2, 3, 4]
    assert cover[:, 0, 0].tolist() == [0.5, 0.25, 0.75, 1.0]
    assert items[:, 0, 1].tolist() == [0, empty, empty, empty]
    assert cover[:, 0, 1].tolist() == [0.5, 0.0, 0.0, 0.0]
    assert items[:, 0, 2].tolist() == [empty] * 4


def test_what_a_layer_leaves_below_is_the_product_over_its_stack_to_the_last_bit() -> None:
    from textualheatmap.formats.gif.token_bands import Layer
    from textualheatmap.formats.raster.rects import Patch

    rng = np.random.default_rng(5)
    patches: list[Patch | None] = []
    for _ in range(60):  # overlapping glyph-like patches, some coverage zero, some None
        top, left = rng.integers(0, 30, 2).tolist()
        height, width = rng.integers(1, 12, 2).tolist()
        cover = rng.random((height, width), dtype=np.float32) * (rng.random((height, width)) > 0.3)
        patches.append(Patch(top, top + height, left, left + width, cover.astype(np.float32)))
        if rng.random() < 0.1:
            patches.append(None)
    layer = Layer(patches)
    for box in [(0, 41, 0, 41), (5, 20, 3, 33), (30, 40, 30, 40), (50, 60, 0, 10)]:
        _, cover = layer.stack(box)
        assert cover.shape[0] >= 3 or box[0] >= 30  # pixels under several patches at once
        expected = np.prod(1.0 - cover, axis=0, dtype=np.float32)
        assert np.array_equal(layer.keep(box), expected), box


def test_the_backdrop_gives_the_floats_of_the_whole_raster_a_region_at_a_time() -> None:
    from textualheatmap.formats.gif.backdrop import Backdrop

    raw = np.random.default_rng(0).integers(0, 256, (7, 5, 4)).astype(np.uint8)
    background = np.array([10.0, 200.0, 255.0], dtype=np.float32)
    base = raw.astype(np.float32) / 255.0
    whole = base[..., :3] * 255.0 + (1.0 - base[..., 3:]) * background
    backdrop = Backdrop(raw, background)
    assert np.array_equal(backdrop.under(slice(2, 6), slice(1, 4)), whole[2:6, 1:4])
    assert np.array_equal(backdrop.bare, raw[..., 3] == 0)


def growing_figure() -> TextualHeatmap:
    """Frame-driven: frame k shows the first k + 3 words of a long sentence, underlines word
    k and colours the words before it (hidden tokens: text coloured glyph by glyph)."""
    words = ("the cat sat on the mat and then it ran off to find another mat to sit on " * 3).split()
    tokens: list[dict[str, object]] = []
    for word in words:
        tokens += [{"token": " ", "format": True}] if tokens else []
        tokens.append({"token": word})
    frames = [[{"heat": [0.04 * j for j in range(k)], "underline": k, "shown": [j < k + 3 for j in range(len(words))],
                "meta": [f"step {k}"]}] for k in range(len(words) - 3)]
    heatmap = TextualHeatmap(show_meta=True, width=400)
    heatmap.set_data(FrameData([tokens], frames))
    return heatmap


@pytest.mark.parametrize("case", ["benchmark", "readable text", "hidden tokens"])
def test_frames_composed_a_run_at_a_time_are_those_composed_one_by_one(case: str) -> None:
    heatmap = {"benchmark": figure, "readable text": lambda: figure(colormap="magma", readable_text=True),
               "hidden tokens": growing_figure}[case]()
    scene = heatmap.scene
    frames = [scene.frame(k) for k in range(min(heatmap.token_count, 60))]
    one_by_one = Compositor(scene.layout, scene.palette, scene.text_palette)
    runs = Compositor(scene.layout, scene.palette, scene.text_palette)
    k, lengths = 0, []
    while k < len(frames):
        before = runs.keys.copy()
        changes = runs.changes(frames[k:k + 7], most_pixels=40_000)
        lengths.append(len(changes))
        for flat, keys in changes:
            one_by_one.update(frames[k])
            after = before.copy()
            after.reshape(-1)[flat] = keys
            # Each frame's changes are every pixel that differs from the frame before, once.
            assert np.array_equal(np.sort(flat), np.flatnonzero(one_by_one.keys != before)), f"{case}, frame {k}"
            assert np.array_equal(after, one_by_one.keys), f"{case}, frame {k}"
            before = after
            k += 1
        assert np.array_equal(runs.keys, one_by_one.keys)
    assert max(lengths) > 1 and min(lengths) < 7  # runs of several frames, cut by the pixel budget


def test_a_picture_saved_among_frames_shown_together_goes_on_as_composed() -> None:
    # The palette samples frames a run at a time and saves the first to show it again:
    # what comes after must repaint from that frame, not from the run's last.
    scene = figure().scene
    frames = [scene.frame(k) for k in (0, 3, 5, 3)]
    compositor = Compositor(scene.layout, scene.palette)
    saved = None
    for n, _ in enumerate(compositor.show(frames, most_pixels=1 << 20)):
        if n == 0:
            saved = compositor.saved()
    assert saved is not None
    compositor.restore(saved)
    fresh = Compositor(scene.layout, scene.palette)
    assert np.array_equal(compositor.rgb, fresh.render(frames[0]))
    for frame in frames[1:]:  # frame 3 again: only right if the layers stand at frame 0
        assert np.array_equal(compositor.render(frame), fresh.render(frame))


@pytest.mark.parametrize("width, scale", [(600, 1), (600, 2), (450, 1.37), (800, 0.75)])
def test_meta_boxes_are_filled_as_cairosvg_draws_them(width: int, scale: float) -> None:
    from textualheatmap.formats.cairo import canvas_size
    from textualheatmap.formats.raster.glyphs import fill_paths
    from textualheatmap.formats.svg import fmt, meta_box_paths

    layout = figure(width=width).scene.layout
    for count in (1, 2, 3):
        paths = meta_box_paths(layout, count)
        assert len(paths) == 2 * count * len(layout.facets)  # a border and a fill per box
        document = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{fmt(layout.width)}" height="{fmt(layout.height)}" '
                    f'viewBox="0,0,{fmt(layout.width)},{fmt(layout.height)}">'
                    + "".join(f'<path d="{d}" fill="{fill}" />' for d, fill in paths) + "</svg>")
        expected = rasterize_svg_rgba8(document, scale)
        drawn = fill_paths(paths, canvas_size(layout.width, layout.height, scale), scale)
        assert expected[..., 3].any()
        assert np.array_equal(drawn, expected), f"{count} strings: worst byte {np.abs(drawn.astype(int) - expected).max()}"
        # A region drawn alone, moved by whole pixels, is the same region of the canvas.
        for top, left, height, width in [(0, 0, 40, 200), (13, 7, 90, 311), (101, 250, 64, 33)]:
            region = fill_paths(paths, (width, height), scale, origin=(left, top))
            assert np.array_equal(region, expected[top:top + height, left:left + width]), (top, left)
