"""The ``long`` section of bench.py: long documents in every format, and the benchmark GIF
beside Pillow's own encoding of its frames.

* ``long``: a 5,000-word and a 50,000-character document, one facet, a single score per
  token: time (median of REPEATS runs, formats taken in turn) and peak traced memory
  (tracemalloc: Python and numpy allocations, not cairo's) of svg, png, pdf, gif (100
  frames) and html, each as a ratio to the SVG; beside png and pdf, the cairosvg path
  they replaced (cairosvg of ``to_svg``, timed once; its memory is not traced, as
  tracemalloc slows its many small Python objects tenfold). Before and after them, the
  benchmark GIF's total time beside the time Pillow alone takes to encode its frames (its
  GIF writer given the frames, already in the GIF's palette), and the save's processor
  time over all its threads (frames are LZW-coded on a second one).
"""
from __future__ import annotations

import io
import statistics
import time
import tracemalloc
from collections.abc import Callable

from PIL import GifImagePlugin, Image
from sample_data import character_data, word_data

REPEATS = 3
GIF_REPEATS = 5  # the benchmark GIF takes a fifth of a second: a steadier median
GIF_FRAMES = 100


def _save(figure, fmt: str, **options) -> Callable[[], object]:  # figure: TextualHeatmap
    return lambda: figure.save(io.BytesIO(), format=fmt, **options)


def _cairosvg_png(figure) -> Callable[[], object]:
    from textualheatmap.formats.cairo import svg_to_png

    return lambda: svg_to_png(figure.to_svg())


def _cairosvg_pdf(figure) -> Callable[[], object]:
    from textualheatmap.formats.cairo import write_pdf_of_svg

    return lambda: write_pdf_of_svg(figure.to_svg(), io.BytesIO())


def _seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _peak_mb(action: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def _document(name: str, data: list[list[dict]]) -> None:
    from textualheatmap import TextualHeatmap

    figure = TextualHeatmap(facet_titles=["Document"])
    figure.set_data(data)
    figure.to_svg()  # the layout, once, as every format shares it
    fast = {"svg": _save(figure, "svg"), "png": _save(figure, "png"), "pdf": _save(figure, "pdf"),
            "gif": _save(figure, "gif", frames=range(GIF_FRAMES), progress=False),
            "html": _save(figure, "html")}
    runs: dict[str, list[float]] = {key: [] for key in fast}
    for _ in range(REPEATS):  # in turn, so a busy moment of the machine falls on every format
        for key, action in fast.items():
            runs[key].append(_seconds(action))
    times = {key: statistics.median(values) for key, values in runs.items()}
    slow = {"png": _cairosvg_png(figure), "pdf": _cairosvg_pdf(figure)}
    svg = times["svg"]
    glyphs = sum(len(facet.text) for facet in figure.scene.layout.facets)
    print(f"-- {name}: {glyphs:,} glyphs, {figure.scene.layout.height:.0f} px tall")
    for key, action in fast.items():
        label = f"gif ({GIF_FRAMES} frames)" if key == "gif" else key
        print(f"{label:<16} {times[key]:7.3f} s {times[key] / svg:6.2f}x svg   peak {_peak_mb(action):7.1f} MB")
        if key in slow:
            took = _seconds(slow[key])
            print(f"  {key} by cairosvg {took:7.3f} s {took / svg:6.2f}x svg   ({took / times[key]:.0f}x the direct {key})")


def _gif_frames(data: bytes) -> list[Image.Image]:
    """The GIF's frames, whole, in its global palette."""
    strategy = GifImagePlugin.LOADING_STRATEGY
    GifImagePlugin.LOADING_STRATEGY = GifImagePlugin.LoadingStrategy.RGB_AFTER_DIFFERENT_PALETTE_ONLY
    try:
        image = Image.open(io.BytesIO(data))
        frames = []
        for k in range(image.n_frames):
            image.seek(k)
            frames.append(image.copy())
        return frames
    finally:
        GifImagePlugin.LOADING_STRATEGY = strategy


def _benchmark_gif(figure_of: Callable[[], object], when: str) -> None:
    totals, encodes, cpus = [], [], []
    data = b""
    figure_of().save(io.BytesIO(), format="gif", progress=False)  # the process's first GIF imports and caches
    for _ in range(GIF_REPEATS):
        figure = figure_of()  # fresh: the total includes its layout, as bench gif
        out = io.BytesIO()
        cpu = time.process_time()  # of every thread: frames are coded on a second one
        totals.append(_seconds(lambda: figure.save(out, format="gif", progress=False)))
        cpus.append(time.process_time() - cpu)
        data = out.getvalue()
        frames = _gif_frames(data)
        encodes.append(_seconds(lambda: frames[0].save(io.BytesIO(), "GIF", save_all=True, append_images=frames[1:],
                                                       duration=100, loop=0, optimize=False)))
    total, encode, cpu = statistics.median(totals), statistics.median(encodes), statistics.median(cpus)
    print(f"-- benchmark GIF, {when} ({len(frames)} frames, {len(data) / 1000:.1f} KB, median of {GIF_REPEATS}): "
          f"total {total:.3f} s, "
          f"Pillow encoding its frames {encode:.3f} s, ratio {total / encode:.2f}x "
          f"(processor time of the save, all threads: {cpu:.3f} s, {cpu / encode:.2f}x)")


def section_long(benchmark_figure: Callable[[], object]) -> None:
    print(f"== long: one facet, single scores; median of {REPEATS}, cairosvg once; peak traced memory")
    # The benchmark GIF before and after the long documents: after them (half a gigabyte
    # allocated and freed, caches filled) the same save runs slower on this machine.
    _benchmark_gif(benchmark_figure, "before the long documents")
    _document("5,000 words", word_data(5000))
    _document("50,000 characters", character_data(50_000))
    _benchmark_gif(benchmark_figure, "after them")
