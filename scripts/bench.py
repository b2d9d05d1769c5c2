"""Benchmarks: each fast path timed beside the slow obvious way, in the same run.

Run from anywhere (after ``pip install -e .``)::

    python scripts/bench.py            # every section
    python scripts/bench.py gif        # some sections, by name

Sections (add one: a function that prints its figures, and a row in SECTIONS):

* ``gif``: ``save('x.gif')`` of the benchmark figure against the naive path (each frame
  ``to_svg(k)`` -> cairosvg -> Pillow, saved by Pillow), the ratio, and how much
  ``gifsicle -O3`` can still shrink the GIF.
* ``size``: where the benchmark GIF's bytes go (first frame, frames where the meta row
  changes, tokens repainted per frame), and what ``tolerance=`` trades for size: bytes,
  heat colours left, worst error against the exact frames; beside it, the strongest
  general-purpose lossy GIF tool, ``gifsicle -O3 --lossy=200``.
* ``memory``: peak resident memory of a 2,000-frame GIF render, in a fresh process.
* ``gifmemory``: peak resident memory of a GIF of dense random heat (every token changes
  colour in every frame: about half a megabyte a frame) at 100 and at 1,000 frames, each in a
  fresh process, written to a file as frames are encoded; beside it, the same GIF
  collected in memory first (``save`` to a BytesIO), the way writers returned bytes.
* ``notebook``: what a figure costs in a notebook: the bytes of all its outputs (every
  mime type; the PNG and the script apart too) beside its static SVG, the time of ``set_data`` and ``highlight`` including
  the outputs they send (serialised as the kernel does, to JSON) beside one ``to_svg()``,
  and peak resident memory, for the benchmark figure, 4,000 single-number word tokens,
  3,000 words with heat over the previous 30, and 20,000 single-number tokens (each in a
  fresh process).
* ``batch``: ``render_many`` of 2,000 records to SVG and PNG at workers=1 and 2, records
  per second; peak memory at 500 and 2,000 records (``scripts/bench_batch.py``).
* ``figures``: figures for papers (issue 17): a 3-panel SVG and PDF against three single
  figures drawn one by one, the PDF's searchable text layer against the outlines alone
  (bytes and time), and the HTML's pinned-tooltip scores against the page without them.
* ``scale``: set_data, layout and SVG of one facet of 10,000 and of 100,000 character
  tokens with a single heat vector; time should grow linearly (ratio about 10). Beside
  it, the obvious way to place tokens, ``len("".join(texts[:i]))`` per token, which
  grows with the square of the count.
* ``long``: long documents (5,000 words, 50,000 characters) in every format beside the
  cairosvg path for PNG and PDF, and the benchmark GIF beside Pillow's encoding of its
  frames (bench_long.py).
* ``frames``: a generation as frame-driven data beside the same figure in the original
  format: time of data, set_data, SVG and GIF, set_data's memory (bench_frames.py).

The benchmark figure: two facets, 200 character tokens, show_meta, width 600, data from
the deterministic generator of tests/sample_data.py.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

# The benchmark figure's data is the tests' generator: one definition of "realistic".
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from sample_data import TEXT, char_data  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_frames import section_frames  # noqa: E402
from bench_long import section_long  # noqa: E402
from bench_batch import section_batch  # noqa: E402

TOKENS = 200
REPEATS = 5  # timed runs of the fast path; the median is the figure to read
SCALE_REPEATS = 3


# --------------------------------------------------------------------------- the figure

def benchmark_data() -> list[list[dict]]:
    """Two facets of 200 character tokens; each token's heat decays over the ones before
    it (0.3 and 0.15 per character), with three next-word guesses as meta."""
    return char_data(TEXT[:TOKENS], facets=2)


def benchmark_figure():  # -> TextualHeatmap
    from textualheatmap import TextualHeatmap

    figure = TextualHeatmap(show_meta=True, facet_titles=["GRU", "LSTM"], width=600)
    figure.set_data(benchmark_data())
    return figure


# --------------------------------------------------------------------------- helpers

def timed(action: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def kilobytes(size: int) -> str:
    return f"{size / 1000:.1f} KB"


def naive_gif(figure, path: Path, duration: int = 100) -> None:
    """The obvious way: rasterise every frame's whole SVG, let Pillow make the GIF."""
    import cairosvg
    from PIL import Image

    frames = []
    for k in range(figure.token_count):
        png = cairosvg.svg2png(bytestring=figure.to_svg(k).encode("utf-8"))
        frames.append(Image.open(io.BytesIO(png)).convert("RGB"))
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=duration, loop=0)


GIFSICLE_MISSING = "gifsicle not installed (apt-get install gifsicle)"


def gifsicle_size(path: Path, *flags: str) -> int | None:
    """Bytes of ``path`` after ``gifsicle -O3 flags``; None without gifsicle."""
    tool = shutil.which("gifsicle")
    if tool is None:
        return None
    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / "o3.gif"
        subprocess.run([tool, "-O3", *flags, str(path), "-o", str(out)], check=True)
        return out.stat().st_size


def gifsicle_shrink(path: Path) -> str:
    after = gifsicle_size(path)
    if after is None:
        return GIFSICLE_MISSING
    before = path.stat().st_size
    return f"{kilobytes(after)}, {100 * (before - after) / before:.1f}% smaller"


# --------------------------------------------------------------------------- sections

def section_gif(work: Path) -> None:
    print(f"== gif: {TOKENS} frames, two facets, show_meta, width 600")
    # Once per process and shared by every format, so timed apart: importing cairo and
    # Pillow, reading the fonts (the first layout).
    imports, _ = timed(lambda: (__import__("cairosvg"), __import__("PIL.Image")))
    fonts, _ = timed(lambda: benchmark_figure().to_svg(0))
    print(f"once per process  import cairosvg and Pillow {imports:.3f} s, fonts and first SVG {fonts:.3f} s")
    path = work / "x.gif"
    first, _ = timed(lambda: benchmark_figure().save(path, progress=False))
    runs = []
    for _ in range(REPEATS):
        figure = benchmark_figure()  # fresh: the timed save includes its layout
        runs.append(timed(lambda figure=figure: figure.save(path, progress=False))[0])
    fast = statistics.median(runs)
    size = path.stat().st_size
    print(f"save('x.gif')     median {fast:.3f} s (min {min(runs):.3f}, max {max(runs):.3f}, "
          f"{REPEATS} fresh figures; the process's first GIF {first:.3f} s), {kilobytes(size)}")
    naive_path = work / "naive.gif"
    slow, _ = timed(lambda: naive_gif(benchmark_figure(), naive_path))
    print(f"naive path        {slow:.3f} s, {kilobytes(naive_path.stat().st_size)}")
    print(f"ratio             {slow / fast:.1f}x faster (naive / median fast)")
    print(f"gifsicle -O3      {gifsicle_shrink(path)}")


TOLERANCES = (0, 2, 4, 8, 16)
ERROR_SAMPLES = range(0, TOKENS, 7)  # frames compared with the exact picture


def frame_sizes(data: bytes) -> list[int]:
    """Bytes of each image in a GIF (descriptor, local table, LZW data), in order."""
    sizes, at = [], 13 + (3 << ((data[10] & 7) + 1) if data[10] & 0x80 else 0)
    while data[at] != 0x3B:
        start = at
        if data[at] == 0x21:  # extension: label, then sub-blocks
            at += 2
        else:  # image: descriptor, local table, minimum code size, then sub-blocks
            flags = data[at + 9]
            at += 10 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0) + 1
        while data[at]:
            at += data[at] + 1
        at += 1
        if data[start] == 0x2C:
            sizes.append(at - start)
    return sizes


def repaints(figure, tolerance: int) -> tuple[list[int], list[bool]]:
    """For each frame after the first: how many tokens its GIF colour changes (all
    facets), and whether its meta strings differ from the last frame's."""
    from textualheatmap.formats.gif.animation import heat_table
    from textualheatmap.formats.gif.snapping import snap_frame

    table = heat_table(figure.scene, tolerance)
    frames = [snap_frame(figure.scene.frame(k), table) for k in range(figure.token_count)]
    pairs = list(zip(frames, frames[1:]))
    counts = [sum(int((a.colors != b.colors).sum()) for a, b in zip(before.facets, after.facets))
              for before, after in pairs]
    return counts, [before.facets[0].meta != after.facets[0].meta for before, after in pairs]


def errors_against_exact(figure, data: bytes) -> tuple[int, int]:
    """Worst error (levels per channel) of the GIF's frames against the exact ones, over
    all pixels and inside areas of one heat colour."""
    from PIL import Image

    from textualheatmap.colormap import hex_to_rgb
    from textualheatmap.formats.gif.snapping import edges
    from textualheatmap.formats.gif.palette import color_keys
    from textualheatmap.formats.gif.composition import Compositor

    compositor = Compositor(figure.scene.layout, figure.scene.palette)
    heat = color_keys(np.array([hex_to_rgb(color) for color in figure.scene.palette], dtype=np.uint8))
    image = Image.open(io.BytesIO(data))
    worst = flat = 0
    for k in ERROR_SAMPLES:
        image.seek(k)
        compositor.update(figure.scene.frame(k))
        error = np.abs(np.asarray(image.convert("RGB"), dtype=np.int32) - compositor.rgb).max(axis=-1)
        keys = color_keys(compositor.rgb)
        solid = np.isin(keys, heat) & ~edges(keys, np.arange(keys.size)).reshape(keys.shape)
        worst, flat = max(worst, int(error.max())), max(flat, int(error[solid].max()))
    return worst, flat


def section_size(work: Path) -> None:
    from textualheatmap.formats.gif.animation import heat_table
    from textualheatmap.formats.gif.snapping import HEAT_ERROR

    print(f"== size: the benchmark GIF's bytes, and tolerance= (errors over {len(ERROR_SAMPLES)} frames)")
    figure = benchmark_figure()
    default = work / "default.gif"
    figure.save(default, progress=False)
    data = default.read_bytes()
    sizes = frame_sizes(data)[1:]
    counts, meta = repaints(figure, HEAT_ERROR)
    with_meta = [size for size, changed in zip(sizes, meta) if changed]
    without = [(size, count) for size, count, changed in zip(sizes, counts, meta) if not changed]
    plain_bytes, plain_repaints = (sum(column) for column in zip(*without))
    print(f"default           {kilobytes(len(data))}: first frame {kilobytes(len(data) - sum(sizes))} "
          f"with the header; {len(with_meta)} frames where the meta changes {kilobytes(sum(with_meta))} "
          f"({sum(with_meta) / len(with_meta):.0f} B each); {len(without)} others "
          f"{kilobytes(plain_bytes)} ({plain_bytes / len(without):.0f} B each)")
    print(f"repaints          {sum(counts):,} token colour changes in {len(sizes)} frames "
          f"({sum(counts) / len(sizes):.1f} per frame); in the frames without a meta change "
          f"{plain_repaints:,}: {plain_bytes / plain_repaints:.0f} B per repaint")
    path = work / "x.gif"
    for tolerance in TOLERANCES:
        figure.save(path, progress=False, tolerance=tolerance)
        data = path.read_bytes()
        worst, flat = errors_against_exact(figure, data)
        colors = len(np.unique(heat_table(figure.scene, tolerance)))
        print(f"tolerance={tolerance:<3}     {kilobytes(len(data))}, {colors} heat colours, "
              f"{sum(repaints(figure, tolerance)[0]):,} repaints; off the exact frames: worst pixel "
              f"{worst}, areas of one heat colour {flat} levels")
    lossy = gifsicle_size(default, "--lossy=200")
    print(f"gifsicle -O3 --lossy=200 of the default: {GIFSICLE_MISSING if lossy is None else kilobytes(lossy)}")


MEMORY_SCRIPT = """
import resource, sys, time
sys.path.insert(0, {here!r})
from bench import benchmark_figure, peak_rss_mb
figure = benchmark_figure()
figure.scene.layout
before = peak_rss_mb()
start = time.perf_counter()
figure.save({path!r}, frames=list(range(figure.token_count)) * 10, progress=False)
took = time.perf_counter() - start
print(before, peak_rss_mb(), took)
"""


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM, as the kernel resets it at exec;
    getrusage's ru_maxrss would carry over the parent's peak into a child."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def section_memory(work: Path) -> None:
    print("== memory: 2,000 frames (the benchmark figure's 200 highlights, ten times)")
    path = work / "long.gif"
    script = MEMORY_SCRIPT.format(here=str(Path(__file__).resolve().parent), path=str(path))
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    before, after, took = (float(value) for value in out.stdout.split())
    print(f"peak RSS          {after:.0f} MB (after imports, data and layout: {before:.0f} MB); "
          f"{took:.1f} s, {kilobytes(path.stat().st_size)}")
    print(f"every RGB frame   would be {2000 * 600 * 272 * 3 / 1e6:.0f} MB if kept")


DENSE_SCRIPT = """
import io, sys, time
import numpy as np
sys.path.insert(0, {here!r})
from bench import peak_rss_mb
from textualheatmap import TextualHeatmap
rng = np.random.default_rng(0)
count = {frames}
TOKENS, SCALE = 800, 2
text = ("dense random heat repaints every token in every frame " * 20)[:TOKENS]
figure = TextualHeatmap(width=1200, show_meta=True, facet_titles=["A", "B"], colormap="viridis")
figure.set_data([[{{"token": c, "meta": [str(i), "x"], "heat": rng.random(len(text)).round(3)}}
                  for i, c in enumerate(text)] for _ in range(2)])
frames = [k % len(text) for k in range(count)]
before = peak_rss_mb()
start = time.perf_counter()
target = io.BytesIO() if {in_memory} else {path!r}
figure.save(target, format="gif", frames=frames, progress=False, tolerance=0, scale=SCALE)
size = len(target.getvalue()) if {in_memory} else __import__("os").path.getsize({path!r})
print(before, peak_rss_mb(), time.perf_counter() - start, size)
"""


def _dense_gif(work: Path, frames: int, in_memory: bool) -> tuple[float, float, float, int]:
    path = work / f"dense{frames}.gif"
    script = DENSE_SCRIPT.format(here=str(Path(__file__).resolve().parent), path=str(path),
                                 frames=frames, in_memory=in_memory)
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    before, after, took, size = out.stdout.split()
    path.unlink(missing_ok=True)
    return float(before), float(after), float(took), int(size)


def section_gifmemory(work: Path) -> None:
    print("== gifmemory: dense random heat (viridis, tolerance=0), two facets of 800 tokens, width 1200, "
          "scale 2, meta; peak RSS per fresh process")
    peaks = {}
    for in_memory in (False, True):
        how = "in memory first" if in_memory else "to a file      "
        for frames in (100, 1000):
            before, after, took, size = _dense_gif(work, frames, in_memory)
            peaks[in_memory, frames] = after
            print(f"{how} {frames:>5} frames  {size / 1e6:7.1f} MB GIF, peak RSS {after:6.0f} MB "
                  f"(before the save {before:.0f} MB), {took:.1f} s")
        print(f"{how} 1,000 frames minus 100: {peaks[in_memory, 1000] - peaks[in_memory, 100]:+.0f} MB")


def scale_data(count: int) -> list[list[dict]]:
    """One facet of ``count`` character tokens; the middle one carries a heat vector."""
    text = (TEXT * (count // len(TEXT) + 1))[:count]
    tokens: list[dict] = [{"token": char} for char in text]
    tokens[count // 2]["heat"] = np.exp(-0.01 * np.abs(np.arange(count) - count // 2))
    return [tokens]


def _scale_run(data: list[list[dict]], index: int) -> tuple[float, float, float, int]:
    from textualheatmap import TextualHeatmap

    figure = TextualHeatmap(show_meta=True)
    parse, _ = timed(lambda: figure.set_data(data))
    layout, _ = timed(lambda: figure.scene.layout)
    svg_time, svg = timed(lambda: figure.to_svg(index))
    return parse, layout, svg_time, len(svg)


def section_scale(work: Path) -> None:
    from textualheatmap import TextualHeatmap

    print(f"== scale: one facet, character tokens, one heat vector, show_meta (median of {SCALE_REPEATS})")
    TextualHeatmap().to_svg()  # fonts read once per process, not part of either size
    totals = {}
    for count in (10_000, 100_000):
        data = scale_data(count)
        runs = [_scale_run(data, count // 2) for _ in range(SCALE_REPEATS)]
        parse, layout, svg_time = (statistics.median(run[i] for run in runs) for i in range(3))
        totals[count] = statistics.median(sum(run[:3]) for run in runs)
        texts = [token["token"] for token in data[0]]
        sample = texts[: min(count, 20_000)]
        naive, _ = timed(lambda: [len("".join(sample[:i])) for i in range(len(sample))])
        print(f"{count:>7,} tokens  set_data {parse:.2f} s, layout {layout:.2f} s, "
              f"SVG {svg_time:.2f} s ({runs[0][3] / 1e6:.1f} MB); total {totals[count]:.2f} s; "
              f"naive offsets of {len(sample):,} tokens {naive:.2f} s")
    print(f"ratio             {totals[100_000] / totals[10_000]:.1f}x the time for 10x the tokens")


WORDS = ("the of and to in a is that for it as was with be by on not he this are or his "
         "from at which but have an they").split()


def single_number_data(count: int) -> list[list[dict]]:
    """One facet of ``count`` words, each with a single number as heat."""
    rng = np.random.default_rng(0)
    return [[{"token": (" " if i else "") + WORDS[i % len(WORDS)], "heat": float(rng.random())}
             for i in range(count)]]


def window_data(count: int, window: int = 30) -> list[list[dict]]:
    """One facet of ``count`` words; word k's heat covers the ``window`` words before it
    (and itself), zero before."""
    rng = np.random.default_rng(1)
    return [[{"token": (" " if i else "") + WORDS[i % len(WORDS)],
              "heat": [0.0] * max(i - window, 0) + rng.random(min(i, window) + 1).tolist()}
             for i in range(count)]]


NOTEBOOK_CASES = {
    "benchmark figure": "benchmark_data()",
    "4,000 single numbers": "single_number_data(4000)",
    "3,000 words, window 30": "window_data(3000)",
    "20,000 single numbers": "single_number_data(20000)",
}

NOTEBOOK_SCRIPT = """
import json, statistics, sys, time
sys.path.insert(0, {here!r})
from bench import *
from textualheatmap import TextualHeatmap
data = {data}
sent = []
def display(bundle, raw=False, display_id=None, update=False):
    sent.append(len(json.dumps(bundle)))  # what the kernel serialises
kwargs = dict(show_meta=True, facet_titles=["GRU", "LSTM"]) if len(data) == 2 else {{}}
figure = TextualHeatmap(display_fn=display, **kwargs)
set_data, _ = timed(lambda: figure.set_data(data))
count = figure.token_count
figure.highlight(count // 2)
outputs = figure.notebook_outputs()
size = sum(len(value) for bundle in outputs for value in bundle.values())
picture = sum(len(bundle.get("image/png", "")) for bundle in outputs)
script = sum(len(bundle.get("application/javascript", "")) for bundle in outputs)
svg = len(figure.to_svg())
picks = [count * k // 7 for k in range(1, 6)]
highlight = statistics.median(timed(lambda: figure.highlight(k))[0] for k in picks)
to_svg = statistics.median(timed(figure.to_svg)[0] for _ in picks)
print(json.dumps([size, picture, script, svg, set_data, highlight, to_svg, peak_rss_mb()]))
"""


def section_notebook(work: Path) -> None:
    print("== notebook: all outputs of a figure against its static SVG; set_data and highlight "
          "(median of 5, outputs sent) against to_svg (median of 5); peak RSS, fresh process each")
    for name, data in NOTEBOOK_CASES.items():
        script = NOTEBOOK_SCRIPT.format(here=str(Path(__file__).resolve().parent), data=data)
        out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
        size, picture, script, svg, set_data, highlight, to_svg, peak = json.loads(out.stdout)
        print(f"{name:<24} outputs {kilobytes(size)} = {size / svg:.2f}x the SVG ({kilobytes(svg)}; "
              f"PNG {kilobytes(picture)}, script {kilobytes(script)}, as base64 and text); "
              f"set_data {set_data * 1e3:.0f} ms; highlight {highlight * 1e3:.1f} ms = "
              f"{highlight / to_svg:.2f}x to_svg ({to_svg * 1e3:.1f} ms); peak RSS {peak:.0f} MB")


def section_figures(work: Path) -> None:
    from unittest import mock

    from textualheatmap.formats import html
    from textualheatmap.formats.pdf_text import TextLayer

    print("== figures: the benchmark figure (2 facets, 200 tokens, meta)")
    figure, chosen = benchmark_figure(), [12, 40, 159]

    def median(action: Callable[[], object]) -> float:
        return statistics.median(timed(action)[0] for _ in range(REPEATS))

    for name in ("svg", "pdf"):
        panels = median(lambda: figure.save(io.BytesIO(), format=name, index=chosen))
        singles = median(lambda: [figure.save(io.BytesIO(), format=name, index=k) for k in chosen])
        print(f"{name} 3 panels {panels:.3f} s, 3 single figures {singles:.3f} s: ratio {panels / singles:.2f}")
    def pdf() -> bytes:
        stream = io.BytesIO()
        figure.save(stream, format="pdf", index=40)
        return stream.getvalue()

    with_text, size_a = median(pdf), len(pdf())
    with mock.patch.object(TextLayer, "operators", lambda self: ""):  # the outlines alone
        without, size_b = median(pdf), len(pdf())
    print(f"pdf with text layer {kilobytes(size_a)} in {with_text:.3f} s, outlines alone {kilobytes(size_b)} "
          f"in {without:.3f} s: ratio {size_a / size_b:.2f} bytes, {with_text / without:.2f} time")
    page = html.figure_html(figure.scene)
    data = json.loads(page.split('class="thm-data">', 1)[1].split("</script>", 1)[0])
    pin = len(json.dumps(data.pop("pin"), separators=(",", ":")).encode())
    print(f"html {kilobytes(len(page.encode()))}, of which pinned-tooltip scores {kilobytes(pin)}: "
          f"ratio {len(page.encode()) / (len(page.encode()) - pin):.2f} against the page without them")


SECTIONS: dict[str, Callable[[Path], None]] = {
    "figures": section_figures,
    "gif": section_gif,
    "size": section_size,
    "memory": section_memory,
    "gifmemory": section_gifmemory,
    "scale": section_scale,
    "long": lambda work: section_long(benchmark_figure),
    "notebook": section_notebook,
    "batch": section_batch,
    "frames": lambda work: section_frames(),
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sections", nargs="*", metavar="section",
                        help=f"which to run (default all): {', '.join(SECTIONS)}")
    chosen = parser.parse_args(argv).sections or list(SECTIONS)
    unknown = sorted(set(chosen) - set(SECTIONS))
    if unknown:
        parser.error(f"unknown section {unknown[0]!r}; choose from {', '.join(SECTIONS)}")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as work:
        for name in chosen:
            SECTIONS[name](Path(work))


if __name__ == "__main__":
    main()
