"""One table from file extension to writer, and ``save``: paths, streams, no partial files.

A writer takes a Scene, a binary stream and its own keyword options, and writes the
format's bytes to the stream; ``save`` alone deals with paths, text streams and not
leaving partial files.
"""
from __future__ import annotations

import inspect
import io
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, Union

from ..scene import Scene
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


def _check_options(extension: str, options: dict[str, Any]) -> None:
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


def _file_mode(path: Path) -> int:
    # mkstemp makes 0600 files; a saved figure gets the mode of the file it replaces, or
    # the one any new file gets under the user's umask.
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write_atomically(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    # Written beside the target and renamed over it, so a failure at any point leaves
    # either the old file or none, never half a file.
    handle, temporary = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
        os.chmod(temporary, _file_mode(path))
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def save(scene: Scene, target: Target, format: str | None = None, **options: Any) -> None:
    """Write ``scene`` to a path (format from its extension) or to an open stream."""
    if isinstance(target, (str, os.PathLike)):
        path = Path(target)
        extension = f".{format.lstrip('.')}" if format else path.suffix
        writer = _writer(extension, repr(str(path)))
        _check_options(extension, options)
        _write_atomically(path, lambda stream: writer(scene, stream, **options))
        return
    if not hasattr(target, "write"):
        raise TypeError(f"save() needs a file path or a stream with write(), got {type(target).__name__}")
    name = getattr(target, "name", "")
    extension = f".{format.lstrip('.')}" if format else Path(name if isinstance(name, str) else "").suffix
    if not extension:
        raise ValueError("save() to a stream needs format=, e.g. format='svg'")
    writer = _writer(extension, "to a stream")
    _check_options(extension, options)
    if isinstance(target, io.TextIOBase):
        if extension.lower() not in TEXT_FORMATS:
            raise TypeError(f"{extension} is a binary format: open the stream in binary mode ('wb')")
        text = io.BytesIO()
        writer(scene, text, **options)
        target.write(text.getvalue().decode("utf-8"))
    else:
        writer(scene, target, **options)
