"""What lies below the per-frame parts of a figure, kept as cairosvg draws it.

The compositor lays heat, underline, token text and meta rows over the rest of the
figure (panels, titles, legend) over the background. That rest is kept as cairo's 8-bit
premultiplied RGBA, 4 bytes a pixel, and turned into the 0..255 floats frames are
composed in a region at a time, when a region is first composed: a long document's
canvas as floats would take 12 to 16 bytes a pixel for its whole life.
"""
from __future__ import annotations

import numpy as np


class Backdrop:
    """``raw``: premultiplied RGBA (h, w, 4 uint8) over ``background`` (RGB 0..255)."""

    def __init__(self, raw: np.ndarray, background: np.ndarray) -> None:
        self.raw = raw
        self.size = raw.shape[:2]
        background = np.asarray(background, dtype=np.float32)
        # ``under`` of every (alpha, value) pair of a channel, worked out as ``under`` would
        # (the same float32 steps, so the same numbers): a pixel is then a look-up.
        level = np.arange(256, dtype=np.float32) / 255.0
        self._under = [(level[None, :] * 255.0 + (1.0 - level[:, None]) * background[c]).reshape(-1)
                       for c in range(3)]

    @property
    def bare(self) -> np.ndarray:
        """Where the figure itself draws nothing (fully transparent)."""
        bare: np.ndarray = self.raw[..., 3] == 0
        return bare

    def rgba(self, rows: slice, cols: slice = slice(None)) -> np.ndarray:
        """The region as premultiplied RGBA float32 in 0..1."""
        rgba: np.ndarray = self.raw[rows, cols].astype(np.float32) / 255.0
        return rgba

    def under(self, rows: slice, cols: slice = slice(None)) -> np.ndarray:
        """The region over the background: RGB float32 in 0..255, what
        ``rgb * 255 + (1 - alpha) * background`` of ``rgba`` gives."""
        return self.over_background(self.raw[rows, cols])

    def over_background(self, raw: np.ndarray) -> np.ndarray:
        """Premultiplied RGBA (..., 4 uint8) over the background, as ``under``."""
        alpha = raw[..., 3].astype(np.intp) << 8
        under = np.empty((*raw.shape[:2], 3), dtype=np.float32)
        for c in range(3):
            under[..., c] = self._under[c].take(alpha + raw[..., c])
        return under
