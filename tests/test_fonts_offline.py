"""The figure looks the same on a machine with no fonts at all: text is glyph outlines."""
from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from PIL import Image
from sample_data import char_data

RENDER = """
import sys, json, cairosvg
svg = sys.stdin.read()
sys.stdout.buffer.write(cairosvg.svg2png(bytestring=svg.encode("utf-8")))
"""
SYSTEM_TEXT = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30">'
    '<text x="5" y="20" font-family="DejaVu Sans" font-size="14">Hello</text></svg>'
)


def rasterise(svg: str, fontconfig: Path | None) -> np.ndarray:
    # cairo reads the font configuration once per process, so each one needs its own.
    env = dict(os.environ)
    if fontconfig is not None:
        env["FONTCONFIG_FILE"] = str(fontconfig)
    png = subprocess.run([sys.executable, "-c", RENDER], input=svg.encode("utf-8"),
                         capture_output=True, env=env, check=True).stdout
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def test_png_without_system_fonts_equals_png_with_them(tmp_path: Path) -> None:
    empty = tmp_path / "fonts.conf"
    empty.write_text('<?xml version="1.0"?>\n<fontconfig></fontconfig>\n')
    # The empty configuration really hides the system fonts: plain SVG text changes.
    assert not np.array_equal(rasterise(SYSTEM_TEXT, None), rasterise(SYSTEM_TEXT, empty))

    from textualheatmap import TextualHeatmap

    heatmap = TextualHeatmap(show_meta=True, facet_titles=["GRU", "LSTM"], rotate_facet_titles=True)
    heatmap.set_data(char_data())
    svg = heatmap.to_svg(42)
    normal, fontless = rasterise(svg, None), rasterise(svg, empty)
    assert normal.shape == fontless.shape == (int(round(heatmap.scene.layout.height)), 600, 4)
    assert np.array_equal(normal, fontless)
    # And the text is there: white glyph pixels on the blue panel.
    panel = normal[50:150, 7:500, :3].astype(int)
    assert (panel.min(axis=2) > 240).sum() > 500
