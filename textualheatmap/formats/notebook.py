"""The notebook's outputs: a static picture that survives every sanitiser, and a script that
upgrades it to the live figure where scripts run.

Two outputs per figure, each with its own display id:

- the picture: ``image/png`` (what untrusted JupyterLab and Notebook 7, nbconvert with
  ``--sanitize-html`` and GitHub show) and ``text/plain``, the alt text (titles and each
  facet's text); without ``interactive`` the SVG too, which trusted front ends and nbconvert
  prefer. No ``text/html``: nbconvert's sanitiser escapes it, a picture never.
- with ``interactive``, the script: ``application/javascript``, which untrusted front ends
  and sanitisers drop. Where it runs and can reach the picture it draws the SVG with hover
  at the current highlight in its own output and hides the picture; where it cannot (each
  output in its own frame, no ``element``) it shows nothing and the picture stays: always
  one figure (formats/assets/hover.js, ``thmLive``). It carries the SVG and the hover data
  deflated, inflated by the browser's DecompressionStream; without one the picture stays.

What costs tokens (the SVG with no highlight, the hover data, the compositor, the picture's
palette) is built once per layout; a highlight repaints the PNG where it changed and
re-sends both outputs.

The picture is a 256-colour PNG, about 40% of full colour's bytes: its palette
(gif/palette.py) holds the colours of large flat areas (the page's white, the panel, the
text) and every heat colour exactly, then what covers the text's anti-aliasing best; it is
chosen once per layout from the figure with no highlight and at its middle highlight, so a
highlight's picture only looks its pixels up, and is the same whatever was shown before.
"""
from __future__ import annotations

import base64
import dataclasses
import io
import json
import re
import zlib
from functools import cached_property
from typing import Any

import numpy as np
from PIL import Image

from ..colormap import hex_to_rgb
from ..layout import Look
from ..layout.glyphs import visible
from ..scene import Scene
from .cairo import canvas_size
from .gif.composition import Compositor
from .gif.palette import Palette
from .html import hover_payload, hover_script
from .png import draw_pixels
from .svg import draw_svg

# Pixels a palette is chosen from, at most (every so many rows of a taller figure): enough
# to find its flat colours, within a few tens of megabytes; also the pixels looked up at a time.
_PALETTE_PIXELS = 1_000_000
_COLOUR = re.compile("#[0-9a-fA-F]{6}")
# zlib's level for the script's payload: 9 is within 1% of 6's bytes here at twice the time.
_DEFLATE_LEVEL = 6
# The compositor keeps several float copies of the canvas to repaint frames quickly; above
# this many pixels (a 600-wide figure about 7,000 high) one cairosvg rendering per picture
# costs far less memory.
_COMPOSITOR_PIXELS = 4_000_000


def alt_text(scene: Scene) -> str:
    """The figure in words: its titles and each facet's text, cleaned as the SVG's labels
    are (characters no text can hold shown as U+FFFD)."""
    parts = []
    for title, facet in zip(scene.titles, scene.facets):
        text = "".join(token.text for token in facet.tokens)
        parts.append(f"{title}: {text}" if title else text)
    return visible("Textual heatmap. " + " | ".join(parts))


def js_string(text: str) -> str:
    """``text`` as a JavaScript string literal that is safe inside an HTML ``<script>``."""
    literal = json.dumps(text, ensure_ascii=False)
    # Only "</" can end a <script> element and "<!--" open a comment there: "\/" and "\!"
    # are the same characters in a JavaScript string.
    literal = literal.replace("</", "<\\/").replace("<!--", "<\\!--")
    return literal.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


class NotebookFigure:
    """The notebook outputs of one laid-out figure, at any highlight of its scene."""

    def __init__(self, scene: Scene) -> None:
        self._scene = scene
        self.width, self.height = canvas_size(scene.layout.width, scene.layout.height, 1)

    @cached_property
    def _compositor(self) -> Compositor:
        scene = self._scene
        return Compositor(scene.layout, scene.palette, scene.text_palette)

    @cached_property
    def _alt(self) -> str:
        return alt_text(self._scene)

    @cached_property
    def _script_parts(self) -> tuple[str, str]:
        """The script before and after the highlight's frame number."""
        scene = self._scene.highlighted(None)
        svg = draw_svg(scene)
        data, key = hover_payload(scene, svg)
        # The SVG and hover data deflated: a window of random heat is ~100,000 distinct
        # doubles beside an SVG of ~600 KB; deflated, the output stays within 3x the SVG.
        # A fixed level gives the same bytes every time; the browser inflates them
        # (DecompressionStream in hover.js).
        payload = f'{{"svg":{json.dumps(svg, ensure_ascii=False)},"figure":{data}}}'
        packed = base64.b64encode(zlib.compress(payload.encode("utf-8"), _DEFLATE_LEVEL)).decode("ascii")
        head = (f"(function (element) {{\n{hover_script()}\n"
                f'thmHover("{key}", {{element: element, width: {self.width}, height: {self.height}, '
                f'alt: {js_string(self._alt)}, packed: "{packed}", frame: ')
        # JupyterLab, Notebook 7 and nbconvert's pages give the script its output as
        # ``element``; Colab defines none, where naming it would throw before anything runs.
        return head, "});\n})(typeof element === 'undefined' ? null : element);\n"

    @property
    def _composed(self) -> bool:
        # The compositor keeps several float copies of the canvas: see _COMPOSITOR_PIXELS.
        return self.width * self.height <= _COMPOSITOR_PIXELS

    def _pixels(self, scene: Scene) -> np.ndarray:
        """``scene``'s picture over white (height x width x 3, uint8)."""
        if self._composed:  # only what changed since the last picture is repainted
            return self._compositor.render(scene.frame())
        premultiplied = draw_pixels(scene)
        # Over white, in place and in 8 bits: a premultiplied channel never exceeds its
        # alpha, so channel + (255 - alpha) stays within 255.
        over_white = premultiplied[..., :3]
        over_white += 255 - premultiplied[..., 3:]
        return over_white

    @cached_property
    def _palette(self) -> Palette:
        scene = self._scene
        # Beside no highlight, the middle one shows heat and text on it; a figure too tall
        # for the compositor takes seconds a drawing, so there no highlight alone.
        shown = [None, scene.token_count // 2] if self._composed and scene.token_count else [None]
        first, *later = (_sample(self._pixels(scene.highlighted(index))) for index in shown)
        # Kept exactly: the look's colours (meta text, underline: the picture with no
        # highlight may not show them), then the heat and its text.
        colours = [*flat_colours(scene.layout.look), *scene.palette, *(scene.text_palette or ())]
        reserved = np.array([hex_to_rgb(colour) for colour in colours], dtype=np.uint8)
        # dynamic=255: every colour is one a picture may use (no GIF transparency here).
        return Palette.from_pixels(first, later[0] if later else None, reserved, dynamic=255)

    def png(self, scene: Scene) -> bytes:
        """The picture of ``scene``'s highlight, in the layout's palette."""
        palette, pixels = self._palette, self._pixels(scene)
        indices = np.empty(pixels.shape[:2], dtype=np.uint8)
        # A band of rows at a time: a look-up's temporaries are several times its pixels.
        band = max(_PALETTE_PIXELS // pixels.shape[1], 1)
        for top in range(0, pixels.shape[0], band):
            indices[top:top + band] = palette.lookup(pixels[top:top + band])
        image = Image.fromarray(indices, "P")
        image.putpalette(palette.colors.tobytes())
        stream = io.BytesIO()
        image.save(stream, "PNG", compress_level=6)
        return stream.getvalue()

    def picture(self, scene: Scene) -> dict[str, str]:
        """The static output: PNG and alt text (and the SVG when there is no script)."""
        bundle = {"image/png": base64.b64encode(self.png(scene)).decode("ascii"),
                  "text/plain": self._alt}
        if not scene.interactive:
            bundle["image/svg+xml"] = draw_svg(scene)
        return bundle

    def script(self, scene: Scene) -> dict[str, str]:
        """The live output: the script that shows the figure with hover at the highlight."""
        head, tail = self._script_parts
        frame = "null" if scene.highlight is None else str(scene.highlight)
        return {"application/javascript": f"{head}{frame}{tail}"}

    def outputs(self, scene: Scene) -> list[dict[str, str]]:
        """Every output of ``scene``, in order: the picture, then (interactive) the script."""
        if scene.layout is not self._scene.layout:
            raise ValueError("this NotebookFigure was made for another layout")
        return [self.picture(scene), self.script(scene)] if scene.interactive else [self.picture(scene)]


def flat_colours(look: Look) -> list[str]:
    """Every colour ``look`` names (``#rrggbb``), in the order it names them."""
    values = (getattr(look, field.name) for field in dataclasses.fields(look))
    return [value for value in values if isinstance(value, str) and _COLOUR.fullmatch(value)]


def _sample(rgb: np.ndarray) -> np.ndarray:
    """Every so many rows of ``rgb``, at most _PALETTE_PIXELS pixels, as N x 3."""
    step = -(-rgb.shape[0] * rgb.shape[1] // _PALETTE_PIXELS)
    return rgb[::max(step, 1)].reshape(-1, 3)


def png_array(png: bytes) -> np.ndarray:
    """A PNG's pixels as RGB (for tests and benchmarks)."""
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))

