"""The animated GIF: frames, timing, loop, one palette, changed regions, safe writes."""
from __future__ import annotations

import functools
import io
import shutil
import subprocess
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image
from sample_data import TEXT, char_data

from textualheatmap import TextualHeatmap
from textualheatmap.formats.gif import animation, encoder
from textualheatmap.formats.gif.palette import Palette
from textualheatmap.colormap import hex_to_rgb
from textualheatmap.formats.gif.snapping import EDGE_ERROR, HEAT_ERROR, edges, snap_frame
from textualheatmap.formats.gif.composition import Compositor

WORST_ERROR = 16  # levels per channel, the GIF against the exact frame (measured: 16)


def small() -> TextualHeatmap:
    heatmap = TextualHeatmap(show_meta=True, facet_titles=["GRU", "LSTM"], width=400)
    heatmap.set_data(char_data(TEXT[:40]))
    return heatmap


def benchmark() -> TextualHeatmap:
    heatmap = TextualHeatmap(show_meta=True, facet_titles=["GRU", "LSTM"], width=600)
    heatmap.set_data(char_data())
    return heatmap


def gif_bytes(heatmap: TextualHeatmap, **options: object) -> bytes:
    out = io.BytesIO()
    heatmap.save(out, format="gif", progress=False, **options)
    return out.getvalue()


def decoded(data: bytes) -> list[tuple[np.ndarray, dict]]:
    image = Image.open(io.BytesIO(data))
    frames = []
    for k in range(image.n_frames):
        image.seek(k)
        frames.append((np.asarray(image.convert("RGB")), dict(image.info)))
    return frames


def transparent_index(data: bytes) -> int:
    """The transparent index of the first graphic control block that sets one."""
    at = data.find(b"\x21\xf9\x04")
    while at >= 0:
        if data[at + 3] & 1:
            return data[at + 6]
        at = data.find(b"\x21\xf9\x04", at + 1)
    raise AssertionError("no frame uses transparency")


@pytest.fixture(scope="module")
def benchmark_gif() -> bytes:
    return gif_bytes(benchmark())


def test_one_frame_per_highlight_with_durations_and_loop(benchmark_gif: bytes) -> None:
    frames = decoded(benchmark_gif)
    assert len(frames) == 200
    assert [info["duration"] for _, info in frames] == [100] * 199 + [2000]
    assert frames[0][1]["loop"] == 0


def assert_frames_show_the_composed_picture(data: bytes, heatmap: TextualHeatmap, tolerance: int = HEAT_ERROR) -> None:
    """The global colour table and the transparent index give back the palette. The GIF
    shows each frame with heat colours snapped (gifcolors.py): a pixel whose colour is a
    dynamic palette colour shows exactly it; any other its nearest colour in the whole
    palette or among the dynamic ones, or, an anti-aliased edge, a colour within
    EDGE_ERROR of it. Every frame is checked, so an error kept from an earlier frame
    cannot hide."""
    table = np.frombuffer(data[13:13 + 768], dtype=np.uint8).reshape(256, 3)
    palette = Palette.from_table(table, transparent_index(data))
    snap = animation.heat_table(heatmap.scene, tolerance)
    compositor = Compositor(heatmap.scene.layout, heatmap.scene.palette, heatmap.scene.text_palette)
    for k, (pixels, _) in enumerate(decoded(data)):
        compositor.update(snap_frame(heatmap.scene.frame(k), snap))
        target = compositor.rgb.astype(np.int32)
        nearest = palette.colors[palette.lookup(compositor.rgb)].astype(np.int32)
        dynamic = palette.colors[palette.lookup(compositor.rgb, dynamic=True)].astype(np.int32)
        shown = pixels.astype(np.int32)
        exact = (dynamic == target).all(axis=-1)
        assert np.array_equal(shown[exact], target[exact]), f"frame {k}"
        off = np.abs(shown - target).max(axis=-1)
        allowed = (shown == nearest).all(axis=-1) | (shown == dynamic).all(axis=-1) | (off <= EDGE_ERROR)
        assert allowed.all(), f"frame {k}: {off[~allowed].max()} levels off"


def test_every_frame_shows_the_composed_picture_in_the_one_palette(benchmark_gif: bytes) -> None:
    assert_frames_show_the_composed_picture(benchmark_gif, benchmark())


@functools.cache
def benchmark_gif_at(tolerance: int) -> bytes:
    return gif_bytes(benchmark(), tolerance=tolerance)


@pytest.mark.parametrize("tolerance", [0, HEAT_ERROR, 8, 16])
def test_frames_stay_within_the_stated_bound_of_the_exact_picture(tolerance: int) -> None:
    # Against frames composed with the true heat colours, per channel: inside areas of
    # one heat colour (pixels equal to their four neighbours), at most the tolerance:
    # the representative that stands for a heat colour is a palette colour. Anywhere, at
    # most max(WORST_ERROR, 3 x tolerance) levels (heat snapping, the edge tolerance of
    # twice it, and the palette's nearest colours together; measured 16, 16, 24, 43),
    # and on average 0.5 up to a tolerance of 8 (measured 0.27-0.34), 1 at 16 (0.59).
    heatmap = benchmark()
    compositor = Compositor(heatmap.scene.layout, heatmap.scene.palette)
    heat = {hex_to_rgb(color) for color in heatmap.scene.palette}
    frames = decoded(benchmark_gif_at(tolerance))
    for k in (0, 37, 99, 150, 199):
        compositor.update(heatmap.scene.frame(k))
        error = np.abs(frames[k][0].astype(int) - compositor.rgb.astype(int))
        assert error.max() <= max(WORST_ERROR, 3 * tolerance), f"frame {k}: {error.max()}"
        assert error.mean() <= 0.5 * max(1, tolerance / 8), f"frame {k}: {error.mean()}"
        keys = compositor.rgb.astype(np.int32) @ np.array([1 << 16, 1 << 8, 1])
        solid = np.isin(keys, [r << 16 | g << 8 | b for r, g, b in heat]) \
            & ~edges(keys, np.arange(keys.size)).reshape(keys.shape)
        assert solid.sum() > 1000 and error[solid].max() <= tolerance, f"frame {k}"


def test_tolerance_trades_heat_colours_for_size(benchmark_gif: bytes) -> None:
    # The default is HEAT_ERROR; 0 keeps every heat colour (the 97 steps hold two
    # repeated colours); each larger tolerance merges more of them and the file shrinks.
    heatmap = benchmark()
    assert benchmark_gif_at(HEAT_ERROR) == benchmark_gif
    exact = animation.heat_table(heatmap.scene, 0)
    assert all(heatmap.scene.palette[k] == heatmap.scene.palette[j] for k, j in enumerate(exact.tolist()))
    tolerances = [0, HEAT_ERROR, 8, 16]
    colours = [len(np.unique(animation.heat_table(heatmap.scene, t))) for t in tolerances]
    sizes = [len(benchmark_gif_at(t)) for t in tolerances]
    assert colours[0] == len(set(heatmap.scene.palette)) == 95
    assert colours == sorted(colours, reverse=True) and len(set(colours)) == 4, colours
    assert sizes == sorted(sizes, reverse=True) and sizes[-1] < 0.7 * sizes[0], sizes


def test_the_palette_holds_the_figures_flat_colours_exactly(benchmark_gif: bytes) -> None:
    heatmap = benchmark()
    colors = {tuple(c) for c in np.frombuffer(benchmark_gif[13:13 + 768], dtype=np.uint8)
              .reshape(256, 3)[: transparent_index(benchmark_gif)].tolist()}
    look = heatmap.scene.layout.look
    for flat in (look.panel_fill, look.title_fill, look.meta_fill, look.token_text, "#ffffff"):
        assert hex_to_rgb(flat) in colors, flat
    for k in np.unique(animation.heat_table(heatmap.scene)).tolist():
        assert hex_to_rgb(heatmap.scene.palette[k]) in colors, heatmap.scene.palette[k]


def test_later_frames_hold_only_the_changed_region(benchmark_gif: bytes) -> None:
    image = Image.open(io.BytesIO(benchmark_gif))
    width, height = image.size
    areas = []
    for k in range(1, image.n_frames):
        image.seek(k)
        left, top, right, bottom = image.dispose_extent
        areas.append((right - left) * (bottom - top))
    assert max(areas) < width * height
    assert np.mean(areas) < width * height / 2


def test_options_frames_duration_last_duration_loop() -> None:
    heatmap = small()
    frames = decoded(gif_bytes(heatmap, frames=[3, 1, 1, 30], duration=40, last_duration=None,
                               loop=2))
    assert len(frames) == 4
    assert [info["duration"] for _, info in frames] == [40] * 4
    assert frames[0][1]["loop"] == 2
    assert np.array_equal(frames[1][0], frames[2][0])  # a repeated highlight is a still frame
    once = decoded(gif_bytes(heatmap, frames=range(3), loop=None))
    assert "loop" not in once[0][1]
    forever = decoded(gif_bytes(heatmap, frames=range(3), loop=True))
    assert forever[0][1]["loop"] == 0


def test_same_figure_same_bytes() -> None:
    assert gif_bytes(small()) == gif_bytes(small())


@pytest.mark.parametrize(("options", "error", "message"), [
    ({"frames": [0, 1, 400]}, ValueError, r"frames\[2\] is 400"),
    ({"frames": []}, ValueError, "at least one frame"),
    ({"frames": "abc"}, TypeError, "iterable of highlight indices"),
    ({"frames": [0, 1.5]}, TypeError, r"frames\[1\]"),
    ({"duration": 5}, ValueError, "duration must be"),
    ({"last_duration": "long"}, ValueError, "last_duration must be"),
    ({"loop": -1}, ValueError, "loop must be"),
    ({"progress": "yes"}, ValueError, "progress must be"),
    ({"index": 3}, TypeError, r"no option .index.*frames=\[3\]"),
    ({"scale": 0}, ValueError, "scale must be"),
    ({"tolerance": -1}, ValueError, "tolerance must be a whole number of levels from 0 to 255"),
    ({"tolerance": 256}, ValueError, "tolerance must be"),
    ({"tolerance": 2.5}, ValueError, "tolerance must be"),
    ({"tolerance": True}, ValueError, "tolerance must be"),
    ({"fps": 10}, TypeError, "no option 'fps'"),
])
def test_bad_options_say_what_was_expected(options: dict, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        small().save(io.BytesIO(), format="gif", **options)


def test_a_figure_without_tokens_has_no_frames() -> None:
    with pytest.raises(ValueError, match="set_data"):
        TextualHeatmap().save(io.BytesIO(), format="gif")


def test_failure_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "figure.gif"
    target.write_bytes(b"the old file")
    calls = []
    real = encoder._lzw

    def failing(*args: Any) -> bytes:
        calls.append(1)
        if len(calls) > 5:
            raise RuntimeError("disk on fire")
        return real(*args)

    monkeypatch.setattr(encoder, "_lzw", failing)
    with pytest.raises(RuntimeError, match="disk on fire"):
        small().save(target, progress=False)
    assert target.read_bytes() == b"the old file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figure.gif"]
    fresh = tmp_path / "new.gif"
    calls.clear()
    with pytest.raises(RuntimeError):
        small().save(fresh, progress=False)
    assert not fresh.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figure.gif"]


def test_progress_prints_only_when_asked_or_on_a_terminal(
        tmp_path: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    many = [0, 1] * (animation.MANY_FRAMES // 2 + 1)
    heatmap = small()
    heatmap.save(tmp_path / "off.gif", frames=many, progress=False)
    heatmap.save(tmp_path / "auto.gif", frames=many)  # stderr is captured: no terminal
    assert capfd.readouterr() == ("", "")
    monkeypatch.setattr(animation, "_stderr_is_terminal", lambda: True)
    heatmap.save(tmp_path / "few.gif", frames=[0, 1])  # a terminal, but few frames
    heatmap.save(tmp_path / "off-tty.gif", frames=many, progress=False)
    assert capfd.readouterr() == ("", "")
    heatmap.save(tmp_path / "tty.gif", frames=many)
    out, err = capfd.readouterr()
    assert out == "" and "frame" in err
    monkeypatch.undo()
    heatmap.save(tmp_path / "on.gif", frames=[0, 1], progress=True)
    assert "frame" in capfd.readouterr().err


@pytest.mark.ci_must_run
def test_gifsicle_reads_it_and_cannot_shrink_it_much(tmp_path: Path, benchmark_gif: bytes) -> None:
    tool = shutil.which("gifsicle")
    if tool is None:
        pytest.skip("gifsicle is not installed (apt-get install gifsicle)")
    path = tmp_path / "x.gif"
    path.write_bytes(benchmark_gif)
    info = subprocess.run([tool, "--info", str(path)], capture_output=True, text=True, check=True)
    assert "200 images" in info.stdout
    subprocess.run([tool, "-O3", str(path), "-o", str(tmp_path / "o3.gif")], check=True)
    shrink = 1 - (tmp_path / "o3.gif").stat().st_size / path.stat().st_size
    assert shrink <= 0.05, f"gifsicle -O3 shrank it by {shrink:.1%}"


def test_a_plain_saliency_map_is_one_frame(tmp_path) -> None:
    from PIL import Image

    from textualheatmap import TextualHeatmap

    figure = TextualHeatmap()
    figure.set_data([[{"token": f"w{i} ", "heat": i / 4} for i in range(5)]])
    path = tmp_path / "plain.gif"
    figure.save(path, progress=False)
    with Image.open(path) as gif:
        assert gif.n_frames == 1
    figure.save(path, frames=[0, 1], progress=False)  # asked for, highlights still animate
    with Image.open(path) as gif:
        assert gif.n_frames == 2


def test_a_frame_that_recolours_most_of_its_box_is_written_whole_and_shows_the_picture() -> None:
    # Random heat every frame, tolerance 0: most pixels of a frame's box change, so the
    # encoder also tries the box's plain pixels (no transparency) and keeps them when they
    # code smaller. Either way every decoded frame is the composed picture in the palette.
    rng = np.random.default_rng(0)
    text = ("dense random heat repaints every token " * 3)[:100]
    heatmap = TextualHeatmap(width=500, facet_titles=["A"], colormap="viridis")
    heatmap.set_data([[{"token": c, "heat": rng.random(len(text)).round(3)} for c in text]])
    data = gif_bytes(heatmap, frames=range(12), tolerance=0)
    graphic_controls = [at for at in range(len(data) - 3) if data[at:at + 3] == b"\x21\xf9\x04"]
    assert any(not data[at + 3] & 1 for at in graphic_controls[1:]), "no later frame was written whole"
    assert_frames_show_the_composed_picture(data, heatmap, tolerance=0)


@pytest.mark.parametrize("ahead", ["none", "all"])
def test_frames_composed_while_the_palette_is_chosen_change_no_byte(
        ahead: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # However many runs are composed before the palette is ready (it depends on the
    # machine), frame 0 and every later frame are coded the same.
    def transparent() -> TextualHeatmap:
        heatmap = TextualHeatmap(background=None, width=300, show_meta=True)
        heatmap.set_data(char_data(TEXT[:30], facets=1))
        return heatmap

    figures = [(benchmark, {}), (small, {"frames": [0, 3, 5, 3, 39, 0], "tolerance": 0}), (transparent, {})]
    expected = [gif_bytes(make(), **options) for make, options in figures]

    def composed_while(pending: Any, runs: Any) -> list:
        pending.result()  # the palette's thread reads the picture while these are composed
        return list(runs) if ahead == "all" else []

    monkeypatch.setattr(encoder, "_composed_while", composed_while)
    assert [gif_bytes(make(), **options) for make, options in figures] == expected


def test_composing_ahead_holds_at_most_its_bytes_and_stops_when_the_palette_is_ready() -> None:
    flat, keys = np.zeros(1000, dtype=np.intp), np.zeros(1000, dtype=np.uint32)  # 12,000 bytes a frame

    def runs() -> Any:
        k = 1
        while True:
            yield [(k, flat, keys), (k + 1, flat, keys)]
            k += 2

    waiting: Future = Future()
    ahead = encoder._composed_while(waiting, runs())
    assert len(ahead) == -(-encoder._AHEAD_BYTES // 24_000)  # the run that reaches the bound is the last
    ready: Future = Future()
    ready.set_result(None)
    assert encoder._composed_while(ready, runs()) == []
    assert len(encoder._composed_while(waiting, iter([[(1, flat, keys)]]))) == 1  # every run there is


def test_an_error_choosing_the_palette_is_raised_and_leaves_no_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(*args: Any) -> Palette:
        raise MemoryError("no room for colours")

    monkeypatch.setattr(Palette, "from_keys", failing)
    target = tmp_path / "figure.gif"
    with pytest.raises(MemoryError, match="no room for colours"):
        benchmark().save(target, progress=False)
    assert list(tmp_path.iterdir()) == []
