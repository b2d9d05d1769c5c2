"""The GIF's bounded colour reductions (formats/gif/snapping.py) and its palette (formats/gif/palette.py).

Bounds, in 0..255 levels per channel (the largest channel difference of a pixel):
a heat colour moves at most HEAT_ERROR (4) to its representative; an anti-aliased edge
pixel stays at most EDGE_ERROR (8) off the colour it should show.
"""
from __future__ import annotations

import numpy as np
import pytest

from textualheatmap import TextualHeatmap
from textualheatmap.colormap import hex_to_rgb, palette_of
from textualheatmap.frame import UNCOLOURED, FacetFrame, Frame
from textualheatmap.formats.gif.palette import Palette, color_keys
from textualheatmap.formats.gif.snapping import EDGE_ERROR, HEAT_ERROR, edges, figure_anchors, snap_frame, snap_table
from textualheatmap.formats.gif.palette import DYNAMIC
from textualheatmap.layout.look import DEFAULT_LOOK


def rgb(colors: list[str] | tuple[str, ...]) -> np.ndarray:
    return np.array([hex_to_rgb(color) for color in colors], dtype=np.int32)


@pytest.mark.parametrize("colormap", ["original", "viridis", "magma", "Blues", "RdBu"])
@pytest.mark.parametrize("readable_text", [False, True])
def test_heat_colours_share_a_representative_within_the_bound(colormap: str, readable_text: bool) -> None:
    figure = TextualHeatmap(colormap=colormap, readable_text=readable_text)
    colors = figure.scene.palette
    anchors = figure_anchors(colors, DEFAULT_LOOK.panel_fill)
    table = snap_table(colors, figure.scene.text_palette, anchors)
    values = rgb(colors)
    assert np.abs(values - values[table]).max() <= HEAT_ERROR
    assert np.array_equal(table[table], table)  # a representative stands for itself
    assert (np.diff(table) >= 0).all()  # groups are runs of neighbouring colours
    assert all(table[a] == a for a in anchors)
    if figure.scene.text_palette is not None:
        assert all(figure.scene.text_palette[k] == figure.scene.text_palette[table[k]] for k in range(len(colors)))
    # Neighbours 1-3 levels apart: the groups must actually merge colours.
    assert len(np.unique(table)) < len(colors) / 2


def test_distant_colours_stay_apart_and_anchors_split_groups() -> None:
    far = ("#000000", "#ffffff", "#ff0000", "#00ff00")
    assert snap_table(far, None, set()).tolist() == [0, 1, 2, 3]
    near = ("#000000", "#010101", "#020202", "#030303")
    assert snap_table(near, None, set()).tolist() == [1, 1, 1, 1]
    assert snap_table(near, None, {3}).tolist() == [3, 3, 3, 3]
    assert snap_table(near, None, {0, 3}).tolist() == [0, 0, 0, 3]
    assert snap_table(near, ("#fff", "#fff", "#000", "#000"), set()).tolist() == [0, 0, 2, 2]


def test_the_panel_colour_and_the_ends_are_anchors() -> None:
    colors = ("#365d8d", "#355e8d", "#ABCDEF", "#123456")
    assert figure_anchors(colors, "#ABCDEF") == {0, 2, 3}
    assert palette_of(None)[0] == DEFAULT_LOOK.panel_fill  # the original look's zero heat


def test_snapped_frames_keep_uncoloured_tokens() -> None:
    table = np.array([0, 0, 3, 3], dtype=np.int16)
    frame = Frame(5, (FacetFrame(np.array([UNCOLOURED, 1, 2, 3], dtype=np.int16), 5, ("a",)),))
    snapped = snap_frame(frame, table)
    assert snapped.facets[0].colors.tolist() == [UNCOLOURED, 0, 3, 3]
    assert snapped.facets[0].meta == ("a",) and snapped.facets[0].selected == 5 and snapped.index == 5
    assert frame.facets[0].colors.tolist() == [UNCOLOURED, 1, 2, 3]  # the frame itself is unchanged


def test_edges_are_pixels_that_differ_from_a_neighbour() -> None:
    colors = np.zeros((5, 6), dtype=np.int32)
    colors[2, 3] = 9
    colors[0, 0] = 7  # a corner: its neighbours outside the picture do not count
    expected = np.zeros((5, 6), dtype=bool)
    expected[2, 3] = expected[1, 3] = expected[3, 3] = expected[2, 2] = expected[2, 4] = True
    expected[0, 0] = expected[0, 1] = expected[1, 0] = True
    assert np.array_equal(edges(colors, np.arange(30)).reshape(5, 6), expected)
    assert edges(colors, np.array([15, 29, 9])).tolist() == [True, False, True]


def test_palette_holds_reserved_and_flat_colours_exactly_among_the_dynamic_ones() -> None:
    rng = np.random.default_rng(1)
    first = np.concatenate([rng.integers(0, 256, size=(20_000, 3), dtype=np.uint8),
                            np.tile(np.array([[238, 238, 238]], dtype=np.uint8), (5_000, 1))])
    later = rng.integers(0, 128, size=(10_000, 3), dtype=np.uint8)
    palette = Palette.from_pixels(first, later, reserved=np.array([[1, 2, 3]], dtype=np.uint8))
    assert len(palette.colors) == 256 and palette.transparent == DYNAMIC
    dynamic = palette.colors[:palette.transparent].tolist()
    assert [1, 2, 3] in dynamic and [238, 238, 238] in dynamic
    assert palette.lookup(np.array([[238, 238, 238]], dtype=np.uint8)).tolist() == [dynamic.index([238, 238, 238])]
    # Later frames' colours come from the dynamic part; no lookup gives the transparent index.
    assert (palette.lookup(first, dynamic=True) < palette.transparent).all()
    assert (palette.lookup(first) != palette.transparent).all()
    assert (palette.lookup(first) > palette.transparent).any()  # the static part is used
    # Read back from the table, the palette looks colours up the same way.
    again = Palette.from_table(np.frombuffer(palette.table(), dtype=np.uint8), palette.transparent)
    assert np.array_equal(again.lookup(first), palette.lookup(first))
    assert np.array_equal(again.lookup(first, dynamic=True), palette.lookup(first, dynamic=True))


def test_later_frames_take_only_dynamic_colours() -> None:
    palette = Palette(np.array([[0, 0, 0], [100, 100, 100]], dtype=np.uint8),
                      np.array([[50, 50, 50]], dtype=np.uint8))
    assert palette.transparent == 2
    target = np.array([[50, 50, 50], [40, 40, 40]], dtype=np.uint8)
    edge = np.array([False, False])
    # Shown as the static 50 already: kept; newly shown: the nearest dynamic colour.
    assert palette.choose(color_keys(target), np.array([3, 3], dtype=np.uint8), lambda at: edge[at]).tolist() == [3, 3]
    assert palette.choose(color_keys(target), np.array([1, 1], dtype=np.uint8), lambda at: edge[at]).tolist() == [0, 0]


def test_choose_keeps_an_edge_colour_only_within_the_tolerance() -> None:
    palette = Palette(np.array([[0, 0, 0], [100, 100, 100], [106, 106, 106], [200, 200, 200]], dtype=np.uint8))
    target = np.array([[102] * 3, [102] * 3, [102] * 3, [106] * 3, [150] * 3], dtype=np.uint8)
    shown = np.array([2, 2, 0, 1, 1], dtype=np.uint8)
    edge = np.array([True, False, True, True, True])
    chosen = palette.choose(color_keys(target), shown, lambda at: edge[at], tolerance=EDGE_ERROR).tolist()
    # kept (4 off, an edge) | nearest (not an edge) | nearest (102 off) |
    # a colour in the palette shows exactly | nearest (50 off)
    assert chosen == [2, 1, 1, 2, 2]


def test_colours_are_counted_and_looked_up_a_chunk_at_a_time_as_in_one_go(monkeypatch: pytest.MonkeyPatch) -> None:
    from textualheatmap.formats.gif import palette as module

    rng = np.random.default_rng(1)
    first = rng.integers(0, 40, 5000).astype(np.uint32) * 9973
    later = rng.integers(20, 60, 3000).astype(np.uint32) * 9973
    whole = np.unique(np.concatenate([first, later]), return_counts=True)
    monkeypatch.setattr(module, "_LOOKUP_CHUNK", 777)
    seen, counts = module._count_colours([first, later])
    assert np.array_equal(seen, whole[0]) and np.array_equal(counts, whole[1])
    palette = Palette.from_keys(first, later)
    pixels = np.stack([(first >> 16) & 255, (first >> 8) & 255, first & 255], axis=1).astype(np.uint8)
    assert np.array_equal(palette.lookup_keys(first.reshape(50, 100)), palette.lookup(pixels).reshape(50, 100))
    assert np.array_equal(Palette.from_pixels(pixels).colors, Palette.from_keys(first).colors)


def test_pixels_without_listed_colours_are_those_np_isin_leaves_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    from textualheatmap.formats.gif import palette as module

    rng = np.random.default_rng(2)
    # Colours in few blocks and in many, the listed ones among them and not.
    for spread in (1 << 10, 1 << 24):
        keys = rng.integers(0, spread, 20_000).astype(np.uint32)
        listed = np.unique(np.concatenate([keys[:40], rng.integers(0, 1 << 24, 40).astype(np.uint32)]))
        colors = np.stack([(listed >> 16) & 255, (listed >> 8) & 255, listed & 255], axis=1).astype(np.uint8)
        kept = module._without(keys, colors)
        assert np.array_equal(kept, keys[~np.isin(keys, listed)])
        assert 0 < len(kept) < len(keys)
    monkeypatch.setattr(module, "_LOOKUP_CHUNK", 777)  # a bounded number of pixels at a time, in order
    assert np.array_equal(module._without(keys, colors), kept)
    assert len(module._without(keys[:0], colors)) == 0
