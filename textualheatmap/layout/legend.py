"""The colour bar under a figure: the palette along the scale, with ticks and labels."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..colormap import Scale
from .geometry import Box, GlyphUse, centered_baseline, content_height, place_text
from .glyphs import Typesetter
from .look import Look


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    glyphs: tuple[GlyphUse, ...]


@dataclass(frozen=True)
class LegendLayout:
    bar: Box
    steps: tuple[tuple[float, float, str], ...]  # x, width and colour of each run
    ticks: tuple[Tick, ...]
    tick_top: float
    tick_length: float
    height: float


def nice_ticks(low: float, high: float, most: int = 6) -> list[float]:
    """Round numbers from ``low`` to ``high``, at most ``most`` of them (1, 2, 2.5, 5 x 10^k).

    Sums and differences are taken on halves, as those of two large floats can overflow.
    """
    raw = (high / 2 - low / 2) / ((most - 1) / 2)
    magnitude = 10.0 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * (1 - 1e-9))
    start = math.ceil(low / step - 1e-9)  # ticks are whole multiples of the step: 0 is exact
    count = int(math.floor((high / 2 - start * step / 2) / (step / 2) + 1e-9)) + 1
    # Twelve significant digits hide the products' error (3 * 0.1 = 0.30000000000000004).
    return [float(f"{(start + k) * step:.12g}") for k in range(count)]


def _label(value: float) -> str:
    text = f"{value:.4g}"
    return "0" if text == "-0" else text.replace("-", "\u2212")


def _steps(palette: tuple[str, ...], width: float) -> tuple[tuple[float, float, str], ...]:
    # Step k holds the values whose index floor(t * (n - 1)) is k: t from k to k + 1
    # over n - 1. Equal neighbours merge into one run.
    n = len(palette)
    runs: list[tuple[float, float, str]] = []
    for k in range(n - 1):
        x0, x1 = width * k / (n - 1), width * (k + 1) / (n - 1)
        if runs and runs[-1][2] == palette[k]:
            runs[-1] = (runs[-1][0], x1 - runs[-1][0], palette[k])
        else:
            runs.append((x0, x1 - x0, palette[k]))
    return tuple(runs)


def layout_legend(top: float, width: float, palette: tuple[str, ...], scale: Scale,
                  look: Look) -> LegendLayout:
    bar = Box(0.0, top, width, look.legend_bar)
    size = look.font_size * look.legend_font_em
    setter = Typesetter("sans", size, monospace=False)
    values = nice_ticks(scale.vmin, scale.vmax)
    if scale.center is not None and not any(math.isclose(v, scale.center) for v in values):
        values = sorted([*values, scale.center])
    tick_top = bar.y + bar.h
    baseline = centered_baseline("sans", size, tick_top + look.legend_tick + content_height("sans", size) / 2 + 1)
    ticks: list[Tick] = []
    right_edge = -math.inf
    for value in values:
        x = float(scale.normalize(np.array([value]))[0]) * width
        label = _label(value)
        label_w = setter.width(label)
        left = min(max(x - label_w / 2, 0.0), width - label_w)
        if left < right_edge + size / 2:
            continue  # would overlap the label before it
        ticks.append(Tick(x, label, tuple(place_text(label, setter, left, baseline))))
        right_edge = left + label_w
    height = bar.h + look.legend_tick + content_height("sans", size) + 2
    return LegendLayout(bar, _steps(palette, width), tuple(ticks), tick_top, look.legend_tick, height)
