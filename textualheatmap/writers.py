"""Output formats: one small function per format, one table from extension to function.

A writer takes the figure, the highlight index and its own options, and returns the
file's bytes; ``save`` alone deals with paths, streams and not leaving partial files.
"""
from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Union

if TYPE_CHECKING:
    from .textual_heatmap import TextualHeatmap

Target = Union[str, "os.PathLike[str]", IO[bytes], IO[str]]
Writer = Callable[..., bytes]


def write_svg(figure: TextualHeatmap, index: int | None = None) -> bytes:
    return figure.to_svg(index).encode("utf-8")


WRITERS: dict[str, Writer] = {
    ".svg": write_svg,
}
TEXT_FORMATS = frozenset({".svg"})


def _writer(extension: str, where: str) -> Writer:
    writer = WRITERS.get(extension.lower())
    if writer is None:
        supported = ", ".join(sorted(WRITERS))
        raise ValueError(f"cannot save {where}: unknown format {extension or '(none)'!r}; "
                         f"supported extensions are {supported}")
    return writer


def _write_atomically(path: Path, data: bytes) -> None:
    # Written beside the target and renamed over it, so a failure at any point leaves
    # either the old file or none, never half a file.
    handle, temporary = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
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
        data = _writer(extension, repr(str(path)))(figure, index=index, **options)
        _write_atomically(path, data)
        return
    if not hasattr(target, "write"):
        raise TypeError(f"save() needs a file path or a stream with write(), got {type(target).__name__}")
    name = getattr(target, "name", "")
    extension = f".{format.lstrip('.')}" if format else Path(name if isinstance(name, str) else "").suffix
    if not extension:
        raise ValueError("save() to a stream needs format=, e.g. format='svg'")
    data = _writer(extension, "to a stream")(figure, index=index, **options)
    if isinstance(target, io.TextIOBase):
        if extension.lower() not in TEXT_FORMATS:
            raise TypeError(f"{extension} is a binary format: open the stream in binary mode ('wb')")
        target.write(data.decode("utf-8"))
    else:
        target.write(data)  # type: ignore[arg-type]
