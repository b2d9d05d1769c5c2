"""One table from file extension to writer, and ``save``: paths and streams.

A writer takes a Scene, a binary stream and its own keyword options, and writes the
format's bytes to the stream; ``save`` alone deals with paths (through destination.py:
links, devices and no partial files) and text streams, and checks the format, its
options and the path before any drawing.
"""
from __future__ import annotations

import inspect
import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, Union

from ..layout.glyphs import one_missing_warning
from ..scene import Scene
from .destination import file_stream
from .gif import write_gif
from .html import write_html
from .pdf import write_pdf
from .png import write_png
from .svg import write_svg
from .tex import write_tex

Target = Union[str, "os.PathLike[str]", IO[bytes], IO[str]]
Writer = Callable[..., None]

WRITERS: dict[str, Writer] = {
    ".svg": write_svg,
    ".html": write_html,
    ".png": write_png,
    ".pdf": write_pdf,
    ".gif": write_gif,
    ".tex": write_tex,
}
TEXT_FORMATS = frozenset({".svg", ".html", ".tex"})
_NOT_OPTIONS = ("scene", "stream")


def format_options(extension: str) -> list[str]:
    """The keyword options the writer of ``extension`` takes."""
    return [name for name in inspect.signature(WRITERS[extension]).parameters if name not in _NOT_OPTIONS]


def _writer(extension: str, where: str) -> Writer:
    writer = WRITERS.get(extension.lower())
    if writer is None:
        supported = ", ".join(sorted(WRITERS))
        raise ValueError(f"cannot save {where}: unknown format {extension or '(none)'!r}; "
                         f"supported extensions are {supported}")
    return writer


def check_options(extension: str, options: dict[str, Any]) -> None:
    """A TypeError naming the first option the writer of ``extension`` does not take."""
    # Checked here, so an option another format takes gets an answer that names both.
    accepted = format_options(extension.lower())
    unknown = sorted(set(options) - set(accepted))
    if unknown:
        hint = ""
        if unknown[0] == "index" and "frames" in accepted:
            hint = (f" (an animation shows the highlights given as frames=; for this one alone "
                    f"pass frames=[{options['index']!r}])")
        raise TypeError(f"saving {extension} takes no option {unknown[0]!r}; "
                        f"its options are: {', '.join(accepted) or 'none'}{hint}")


def save(scene: Scene, target: Target, format: str | None = None, **options: Any) -> None:
    """Write ``scene`` to a path (format from its extension) or to an open stream."""
    if isinstance(target, (str, os.PathLike)):
        path = Path(target)
        extension = f".{format.lstrip('.')}" if format else path.suffix
        writer = _writer(extension, repr(str(path)))
        check_options(extension, options)
        with one_missing_warning(), file_stream(path) as stream:
            writer(scene, stream, **options)
        return
    if not hasattr(target, "write"):
        raise TypeError(f"save() needs a file path or a stream with write(), got {type(target).__name__}")
    name = getattr(target, "name", "")
    extension = f".{format.lstrip('.')}" if format else Path(name if isinstance(name, str) else "").suffix
    if not extension:
        raise ValueError("save() to a stream needs format=, e.g. format='svg'")
    writer = _writer(extension, "to a stream")
    check_options(extension, options)
    if isinstance(target, io.TextIOBase):
        if extension.lower() not in TEXT_FORMATS:
            raise TypeError(f"{extension} is a binary format: open the stream in binary mode ('wb')")
        text = io.BytesIO()
        with one_missing_warning():
            writer(scene, text, **options)
        target.write(text.getvalue().decode("utf-8"))
    else:
        # Written in order, never sought: pipes and sys.stdout.buffer take it as files do.
        with one_missing_warning():
            writer(scene, target, **options)
