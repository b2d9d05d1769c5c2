"""PNG and PDF through cairo: cairosvg draws the Scene's SVG document.

cairocffi (which cairosvg installs) is imported only when a raster or PDF is drawn.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any, cast

from ..scene import Scene
from .panels import Indices
from .pdf_text import draw_scene_text
from .svg import draw_svg


def import_cairo() -> Any:
    try:
        import cairocffi
    except ImportError as error:  # pragma: no cover - cairosvg depends on it
        raise ImportError("raster output needs cairocffi: pip install cairosvg") from error
    return cairocffi


def canvas_size(width: float, height: float, scale: float) -> tuple[int, int]:
    """The pixel size cairosvg gives a ``width`` x ``height`` document at ``scale``."""
    return int(round(width * scale)), int(round(height * scale))


def check_scale(scale: object) -> float:
    if isinstance(scale, bool) or not isinstance(scale, (int, float)) or not 0 < scale < float("inf"):
        raise ValueError(f"scale must be a positive number, was {scale!r}")
    return float(scale)


def svg_to_png(svg: str, scale: float = 1) -> bytes:
    """The SVG document as a PNG (transparent where the figure draws nothing)."""
    import cairosvg

    # cairosvg is untyped; without write_to it returns the bytes.
    return cast(bytes, cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=check_scale(scale)))


def write_pdf_of_svg(svg: str, stream: IO[bytes], over: Callable[[Any], None] | None = None) -> None:
    """The SVG document as a one-page vector PDF: glyph outlines stay paths. ``over``
    draws on the page's cairo context afterwards, in SVG units (the text layer)."""
    from cairosvg.parser import Tree
    from cairosvg.surface import PDFSurface

    surface = PDFSurface(Tree(bytestring=svg.encode("utf-8")), stream, 96)
    if over is not None:
        over(surface.context)
    # No creation date, so the same figure always gives the same bytes.
    surface.cairo.set_metadata(import_cairo().PDF_METADATA_CREATE_DATE, "")
    surface.finish()


def png_bytes(scene: Scene, index: Indices = None, scale: float = 1, columns: int | None = None) -> bytes:
    """The scene at highlight ``index`` (a list: one panel each) as PNG bytes, ``scale``
    pixels per SVG unit."""
    check_scale(scale)
    return svg_to_png(draw_svg(scene, index, columns), scale)


def write_png(scene: Scene, stream: IO[bytes], index: Indices = None, scale: float = 1,
              columns: int | None = None) -> None:
    stream.write(png_bytes(scene, index, scale, columns))


def write_pdf(scene: Scene, stream: IO[bytes], index: Indices = None, columns: int | None = None) -> None:
    """The figure as a vector PDF whose text can be searched and copied (pdf_text.py)."""
    write_pdf_of_svg(draw_svg(scene, index, columns), stream,
                     lambda context: draw_scene_text(context, scene, index, columns))
