"""PNG and PDF through cairosvg, from an SVG document: the reference png.py and pdf.py are
compared against, and the cairo helpers they share.

cairocffi (which cairosvg installs) is imported only when a raster or PDF is drawn.
"""
from __future__ import annotations

from typing import IO, Any, cast


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


def svg_to_png(svg: str, scale: float = 1, background: str | None = None) -> bytes:
    """The SVG document as a PNG (transparent where the figure draws nothing, unless a
    ``background`` colour is given)."""
    import cairosvg

    # cairosvg is untyped; without write_to it returns the bytes.
    return cast(bytes, cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=check_scale(scale),
                                        background_color=background))


def write_pdf_of_svg(svg: str, stream: IO[bytes]) -> None:
    """The SVG document as a one-page vector PDF: glyph outlines stay paths."""
    from cairosvg.parser import Tree
    from cairosvg.surface import PDFSurface

    surface = PDFSurface(Tree(bytestring=svg.encode("utf-8")), stream, 96)
    # No creation date, so the same figure always gives the same bytes.
    surface.cairo.set_metadata(import_cairo().PDF_METADATA_CREATE_DATE, "")
    surface.finish()
