"""The Scene: everything a format needs to draw a figure, built once per ``set_data``.

The user's class (heatmap.py) checks the settings and the data and builds a Scene; every
renderer and writer (formats/) reads only the Scene and the frames it makes, never the
user's class. A Scene is immutable: a new highlight is a new Scene sharing the layout.
"""
from __future__ import annotations

import gc
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

import numpy as np

from .colormap import Scale, make_scale
from .data import Facet, check_index
from .frame import Frame, FrameTable, make_frame, make_frames, remap_colors
from .layout import DEFAULT_LOOK, Layout, Look, layout_figure

# The default background: transparent where the format allows (SVG, PNG, PDF), the
# look's page colour in a GIF (white in the original's look).
PAGE = "page"


@dataclass(frozen=True)
class Settings:
    """A figure's checked settings: what the user's constructor arguments become."""

    titles: tuple[str, ...] = ("Heatmap",)
    width: int = 600
    show_meta: bool = False
    rotate_titles: bool = False
    interactive: bool = True
    palette: tuple[str, ...] = ()
    text_palette: tuple[str, ...] | None = None  # text colour on each palette colour; None: all white
    bounds: tuple[float | None, float | None, float | None] = (None, None, None)  # vmin, vmax, center
    legend: bool = False
    look: Look = DEFAULT_LOOK
    background: str | None = PAGE  # '#rrggbb', None: transparent; PAGE: as the format does


@dataclass(frozen=True)
class Scene:
    """A laid-out figure and its current highlight: what every format draws from."""

    layout: Layout
    facets: tuple[Facet, ...]
    titles: tuple[str, ...]
    palette: tuple[str, ...]
    text_palette: tuple[str, ...] | None
    scale: Scale
    show_meta: bool
    interactive: bool
    highlight: int | None = None
    frames: FrameTable | None = None  # frames given one by one (FrameData); None: the original's
    background: str | None = PAGE  # '#rrggbb', None (transparent) or PAGE

    @property
    def drawn_background(self) -> str | None:
        """The colour drawn behind the figure in formats that can leave it transparent."""
        return None if self.background == PAGE else self.background

    @property
    def token_count(self) -> int:
        """How many frames there are: for the original data, how many tokens a highlight
        can select (the most non-format tokens of a facet)."""
        if self.frames is not None:
            return len(self.frames)
        return max((len(facet.counted) for facet in self.facets), default=0)

    @property
    def has_vectors(self) -> bool:
        """False for a plain saliency map (a single number per token): one frame says all."""
        return self.frames is not None or any(facet.has_vectors for facet in self.facets)

    def check_index(self, index: object) -> int:
        """``index`` as an int, if it selects a frame; else a ValueError or TypeError."""
        if self.frames is None:
            return check_index(index, self.facets)
        if isinstance(index, (bool, np.bool_)) or not isinstance(index, (int, np.integer)):
            raise TypeError(f"frame index must be an int, got {type(index).__name__}")
        if not 0 <= int(index) < len(self.frames):
            raise ValueError(f"frame index {index} is out of range: the data has {len(self.frames)} frames "
                             "(index from 0)")
        return int(index)

    def frame(self, index: int | None = None) -> Frame:
        """What frame ``index`` (the current highlight when None) colours and shows."""
        chosen = self.highlight if index is None else self.check_index(index)
        if self.frames is not None:
            return self.frames.frame(chosen, self.scale, len(self.palette))
        return make_frame(self.facets, chosen, self.scale, len(self.palette))

    def frames_at(self, indices: list[int], remap: np.ndarray | None = None) -> list[Frame]:
        """``frame(k)`` for each k of ``indices`` (checked), computed together; with
        ``remap[c]`` in place of each palette index c, if given."""
        if self.frames is not None:
            return [remap_colors(self.frame(index), remap) for index in indices]
        return make_frames(self.facets, [self.check_index(index) for index in indices], self.scale,
                           len(self.palette), remap)

    def frame_of(self, facet: int, token: int) -> int | None:
        """The frame that hovering ``token`` (a highlight index) of ``facet`` shows."""
        if self.frames is None:
            return token
        k = self.frames.hover_table([len(f.counted) for f in self.facets])[facet][token]
        return None if k < 0 else k

    def highlighted(self, index: int | None) -> Scene:
        """This scene at another highlight (None: none)."""
        return replace(self, highlight=None if index is None else self.check_index(index))


def build_scene(settings: Settings, facets: tuple[Facet, ...], highlight: int | None = None,
                frames: FrameTable | None = None) -> Scene:
    """Lay the facets out under ``settings``; ``highlight`` is kept if the data has it;
    ``frames``: frames given one by one (else frame k highlights token k)."""
    heat = [facet.heat_values() for facet in facets] if frames is None else [frames.heat_values()]
    _warn_negative_heat(heat, settings.bounds)
    scale = make_scale(*settings.bounds, extent=_extent(heat, settings.bounds[2]))
    legend = (settings.palette, scale) if settings.legend else None
    with paused_gc():
        layout = layout_figure(facets, settings.titles, settings.width, settings.show_meta,
                               settings.rotate_titles, settings.look, legend)
    scene = Scene(layout, facets, settings.titles, settings.palette, settings.text_palette, scale,
                  settings.show_meta, settings.interactive, frames=frames,
                  background=settings.background)
    keep = highlight is not None and highlight < scene.token_count
    return replace(scene, highlight=highlight) if keep else scene


def _extent(heat: list[np.ndarray], center: float | None) -> float:
    # How far the data reaches from the centre: a centred scale without bounds spans it.
    # Halved, then doubled up to the largest float: the difference of two floats can overflow.
    if center is None:
        return 1.0
    values = [v for v in heat if v.size]
    if not values:
        return 1.0
    half = float(max(np.abs(v / 2 - center / 2).max() for v in values))
    return min(2 * half, float(np.finfo(np.float64).max))


def _warn_negative_heat(heat: list[np.ndarray], bounds: tuple[float | None, ...]) -> None:
    # A scale that starts at 0 (no vmin, no center) paints negative heat as 0: invisible.
    vmin, _, center = bounds
    if vmin is not None or center is not None:
        return
    if any(v.size and float(v.min()) < 0 for v in heat):
        warnings.warn("some heat is negative, but the colour scale starts at 0, so it shows as 0; "
                      "for signed scores pass center=0 with a diverging colormap such as 'RdBu'",
                      UserWarning, stacklevel=4)


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection inside: for building large trees of objects.

    Drawing a 100,000-token figure creates millions of short-lived, acyclic objects;
    each full collection their allocation triggers walks all of them again, which makes
    the time grow faster than the figure. Nothing built here forms cycles.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

