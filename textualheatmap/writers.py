"""Output formats: one small function per format, one table from extension to function.

A writer takes the figure, the highlight index and its own options, and returns the
file's bytes; ``save`` alone deals with paths, streams and not leaving partial files.
"""
from __future__ import annotations

import inspect
import io
import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Union

from .gifcolors import HEAT_ERROR
from .interactive import page_html
from .latex import write_tex

if TYPE_CHECKING:
    from .textual_heatmap import TextualHeatmap

Target = Union[str, "os.PathLike[str]", IO[bytes], IO[str]]
Writer = Callable[..., bytes]


def write_svg(figure: TextualHeatmap, index: int | None = None) -> bytes:
    return figure.to_svg(index).encode("utf-8")


def write_html(figure: TextualHeatmap, index: int | None = None,
               interactive: bool | None = None) -> bytes:
    chosen = figure.interactive if interactive is None else interactive
    return page_html(figure, index, chosen).encode("utf-8")


def write_png(figure: TextualHeatmap, index: int | None = None, scale: float = 1) -> bytes:
    return figure.to_png(index, scale)


def write_pdf(figure: TextualHeatmap, index: int | None = None) -> bytes:
    from .cairodraw import svg_to_pdf

    return svg_to_pdf(figure.to_svg(index))


def write_gif(figure: TextualHeatmap, index: int | None = None, frames: Iterable[int] | None = None,
              duration: float = 100, last_duration: float | None = 2000,
              loop: int | bool | None = 0, progress: bool | None = None, scale: float = 1,
              tolerance: int = HEAT_ERROR) -> bytes:
    from .gif import animate

    return animate(figure, index, frames, duration, last_duration, loop, progress, scale, tolerance)


WRITERS: dict[str, Writer] = {
    ".svg": write_svg,
    ".html": write_html,
    ".png": write_png,
    ".pdf": write_pdf,
    ".gif": write_gif,
    ".tex": write_tex,
}
TEXT_FORMATS = frozenset({".svg", ".html", ".tex"})


def _writer(extension: str, where: str) -> Writer:
    writer = WRITERS.get(extension.lower())
    if writer is None:
        supported = ", ".join(sorted(WRITERS))
        raise ValueError(f"cannot save {where}: unknown format {extension or '(none)'!r}; "
                         f"supported extensions are {supported}")
    return writer


def _render(writer: Writer, extension: str, figure: TextualHeatmap, index: int | None,
            options: dict[str, Any]) -> bytes:
    # Checked here, so an option another format takes gets an answer that names both.
    accepted = [name for name in inspect.signature(writer).parameters if name not in ("figure", "index")]
    unknown = sorted(set(options) - set(accepted))
    if unknown:
        raise TypeError(f"saving {extension} takes no option {unknown[0]!r}; "
                        f"its options are: {', '.join(accepted) or 'none'}")
    return writer(figure, index=index, **options)


def _file_mode(path: Path) -> int:
    # mkstemp makes 0600 files; a saved figure gets the mode of the file it replaces, or
    # the one any new file gets under the user's umask.
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write_atomically(path: Path, data: bytes) -> None:
    # Written beside the target and renamed over it, so a failure at any point leaves
    # either the old file or none, never half a file.
    handle, temporary = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, _file_mode(path))
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def save(figure: TextualHeatmap, target: Target, index: int | None = None,
         format: str | None = None, **options: Any) -> None:
    """Write ``figure`` to a path (format from its extension) or to an open stream."""
    if isinstance(target, (str, os.PathLike)):
        path = Path(target)
        extension = f".{format.lstrip('.')}" if format else path.suffix
        data = _render(_writer(extension, repr(str(path))), extension, figure, index, options)
        _write_atomically(path, data)
        return
    if not hasattr(target, "write"):
        raise TypeError(f"save() needs a file path or a stream with write(), got {type(target).__name__}")
    name = getattr(target, "name", "")
    extension = f".{format.lstrip('.')}" if format else Path(name if isinstance(name, str) else "").suffix
    if not extension:
        raise ValueError("save() to a stream needs format=, e.g. format='svg'")
    data = _render(_writer(extension, "to a stream"), extension, figure, index, options)
    if isinstance(target, io.TextIOBase):
        if extension.lower() not in TEXT_FORMATS:
            raise TypeError(f"{extension} is a binary format: open the stream in binary mode ('wb')")
        target.write(data.decode("utf-8"))
    else:
        target.write(data)  # type: ignore[arg-type]
