"""Heat to colour: colour maps as palettes, one scale for every facet, readable text.

A palette is a tuple of ``#rrggbb`` strings, low to high; a token's colour is the palette
entry ``floor(t * (len - 1))`` where ``t`` in [0, 1] is its heat on the figure's scale.
The original's 97-step subset of viridis, with 0 to 1 as the scale, is the default.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from numbers import Real
from typing import cast

import numpy as np

from .colormap_tables import TABLES

# The first step equals the panel's background, so zero heat is invisible.
VIRIDIS_SUBSET: tuple[str, ...] = (
    "#365d8d", "#355e8d", "#355f8d", "#34608d", "#34618d", "#33628d", "#33638d", "#32648e",
    "#32658e", "#31668e", "#31678e", "#31688e", "#30698e", "#306a8e", "#2f6b8e", "#2f6c8e",
    "#2e6d8e", "#2e6e8e", "#2e6f8e", "#2d708e", "#2d718e", "#2c718e", "#2c728e", "#2c738e",
    "#2b748e", "#2b758e", "#2a768e", "#2a778e", "#2a788e", "#29798e", "#297a8e", "#297b8e",
    "#287c8e", "#287d8e", "#277e8e", "#277f8e", "#27808e", "#26818e", "#26828e", "#26828e",
    "#25838e", "#25848e", "#25858e", "#24868e", "#24878e", "#23888e", "#23898e", "#238a8d",
    "#228b8d", "#228c8d", "#228d8d", "#218e8d", "#218f8d", "#21908d", "#21918c", "#20928c",
    "#20928c", "#20938c", "#1f948c", "#1f958b", "#1f968b", "#1f978b", "#1f988b", "#1f998a",
    "#1f9a8a", "#1e9b8a", "#1e9c89", "#1e9d89", "#1f9e89", "#1f9f88", "#1fa088", "#1fa188",
    "#1fa187", "#1fa287", "#20a386", "#20a486", "#21a585", "#21a685", "#22a785", "#22a884",
    "#23a983", "#24aa83", "#25ab82", "#25ac82", "#26ad81", "#27ad81", "#28ae80", "#29af7f",
    "#2ab07f", "#2cb17e", "#2db27d", "#2eb37c", "#2fb47c", "#31b57b", "#32b67a", "#34b679",
    "#35b779",
)
BUILT_IN: dict[str, tuple[str, ...]] = {"original": VIRIDIS_SUBSET, **TABLES}
STEPS = 256  # how finely a list of colours or a matplotlib colour map is sampled


def hex_to_rgb(color: str) -> tuple[int, int, int]:
    value = color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _parse_colour(colour: object, where: str) -> np.ndarray:
    """A colour as RGB floats in [0, 1]: ``#rgb``, ``#rrggbb`` or a tuple of 0-1 floats."""
    if isinstance(colour, str):
        value = colour.lstrip("#")
        if len(value) == 3:
            value = "".join(c * 2 for c in value)
        try:
            if len(value) != 6 or not colour.startswith("#"):
                raise ValueError
            return np.array(hex_to_rgb(value), dtype=np.float64) / 255
        except ValueError:
            raise ValueError(f"{where} is {colour!r}; expected '#rrggbb' or '#rgb'") from None
    if isinstance(colour, (Sequence, np.ndarray)) and len(colour) in (3, 4) and all(
        # numbers.Real's stubs have no int <= Real; a cast, as float(c) would overflow on huge ints.
        isinstance(c, Real) and 0 <= cast(float, c) <= 1 for c in colour
    ):
        return np.array(colour[:3], dtype=np.float64)
    raise ValueError(f"{where} is {colour!r}; expected '#rrggbb' or an (r, g, b) tuple of 0-1 floats")


def check_colour(colour: object, where: str) -> str:
    """A user's colour (``#rgb``, ``#rrggbb``, an (r, g, b) tuple of 0-1 floats) as ``#rrggbb``."""
    return _to_hex(_parse_colour(colour, where)[None, :])[0]


def _to_hex(rgb: np.ndarray) -> tuple[str, ...]:
    values = np.round(np.clip(rgb, 0, 1) * 255).astype(int)
    return tuple("#{:02x}{:02x}{:02x}".format(*row) for row in values)


def _from_list(colours: Iterable[object]) -> tuple[str, ...]:
    stops = np.array([_parse_colour(c, f"colormap[{i}]") for i, c in enumerate(colours)])
    if len(stops) < 2:
        raise ValueError("colormap as a list needs at least two colours, low to high")
    # Evenly spaced stops, linearly blended, like matplotlib's from_list.
    where = np.linspace(0, len(stops) - 1, STEPS)
    low = np.minimum(np.floor(where).astype(int), len(stops) - 2)
    part = (where - low)[:, None]
    return _to_hex(stops[low] * (1 - part) + stops[low + 1] * part)


def palette_of(colormap: object) -> tuple[str, ...]:
    """The palette for a ``colormap=`` setting: None, a name, a list or a matplotlib map."""
    if colormap is None:
        return VIRIDIS_SUBSET
    if isinstance(colormap, str):
        if colormap not in BUILT_IN:
            raise ValueError(f"colormap {colormap!r} is not built in; choose one of "
                             f"{', '.join(BUILT_IN)}, or give a list of colours")
        return BUILT_IN[colormap]
    if callable(colormap) and hasattr(colormap, "N"):  # a matplotlib Colormap
        return _to_hex(np.asarray(colormap(np.linspace(0, 1, STEPS)))[:, :3])
    if isinstance(colormap, (Sequence, np.ndarray)):
        return _from_list(colormap)
    raise TypeError(f"colormap must be a name, a list of colours or a matplotlib colour map, "
                    f"got {type(colormap).__name__}")


@dataclass(frozen=True)
class Scale:
    """Heat values to [0, 1]; with a centre, each side is stretched on its own."""

    vmin: float = 0.0
    vmax: float = 1.0
    center: float | None = None

    def normalize(self, heat: np.ndarray) -> np.ndarray:
        # Halved first: the difference of two finite floats can overflow, their halves' cannot.
        values = np.asarray(heat, dtype=np.float64) / 2
        low, high = self.vmin / 2, self.vmax / 2
        with np.errstate(divide="ignore", invalid="ignore"):
            if self.center is None:
                t = (values - low) / (high - low)
            else:
                middle = self.center / 2
                below = 0.5 * (values - low) / (middle - low)
                above = 0.5 + 0.5 * (values - middle) / (high - middle)
                t = np.where(values < middle, below, above)
        return np.clip(np.nan_to_num(t, nan=0.0), 0.0, 1.0)

    def index(self, heat: np.ndarray, steps: int) -> np.ndarray:
        """Palette index of each heat value: floor(t * (steps - 1)), as the original."""
        indices: np.ndarray = np.floor(self.normalize(heat) * (steps - 1)).astype(np.int16)
        return indices


def _number(value: object, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (Real, np.number)) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, was {value!r}")
    return float(value)


_LARGEST = float(np.finfo(np.float64).max)


def make_scale(vmin: object, vmax: object, center: object, extent: float) -> Scale:
    """The figure's scale. ``extent`` is the largest |heat - center| in the data, used
    to make an unbounded diverging scale symmetric about its centre."""
    low, high, middle = _number(vmin, "vmin"), _number(vmax, "vmax"), _number(center, "center")
    if middle is not None:
        # At least a few floats' steps from a huge centre, so the bounds differ from it.
        half = max(extent if extent > 0 else 1.0, 4 * float(np.spacing(abs(middle))))
        # Past the largest float, a bound stops at it: the side that fits keeps its reach.
        low = max(middle - half, -_LARGEST) if low is None else low
        high = min(middle + half, _LARGEST) if high is None else high
    low = 0.0 if low is None else low
    high = 1.0 if high is None else high
    if not low < high:
        raise ValueError(f"vmin must be below vmax, got vmin={low:g}, vmax={high:g}")
    if middle is not None and not low < middle < high:
        raise ValueError(f"center must lie between vmin and vmax, got {low:g} < {middle:g} < {high:g}")
    return Scale(low, high, middle)


DEFAULT_SCALE = Scale()


def luminance(color: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    channels = np.array(hex_to_rgb(color), dtype=np.float64) / 255
    linear = np.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)
    return float(linear @ np.array([0.2126, 0.7152, 0.0722]))


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, from 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable_on(background: str, light: str, dark: str) -> str:
    """Whichever of ``light`` and ``dark`` text contrasts more with ``background``."""
    return light if contrast(background, light) >= contrast(background, dark) else dark
