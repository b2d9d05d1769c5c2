"""Many figures at once: records (the command line's JSON documents) rendered into a folder.

``render_record`` is the pure function a batch is made of, (settings, data, highlight) ->
bytes; ``render_many`` maps it over a stream of records on every core, skipping figures
already on disk so a killed batch resumes, and counting bad records instead of stopping.
The same ``render_record`` runs unchanged on a cluster (see ``cluster.py`` for Dask).
"""
from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sized
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Union

from .cli import FIGURE_OPTIONS, InputError, apply_highlight, build_figure, merge_settings, split_document
from .formats.destination import file_stream
from .formats.writers import WRITERS, check_options, format_options

# A record as given: a dict shaped like the command line's JSON input, or one JSON document
# as text (a line of a JSON Lines file).
Record = Union[Mapping[str, Any], str, bytes]
# Records sent to a worker in one task: enough to outweigh a task's cost of a few hundred
# microseconds against an SVG's few milliseconds, few enough to keep every worker busy.
CHUNK = 4
# Tasks in flight per worker: records are read only this far ahead of the rendering.
AHEAD = 4
NO_OVERRIDES = argparse.Namespace(**dict.fromkeys(FIGURE_OPTIONS))


@dataclass(frozen=True)
class Failure:
    """A record that could not be rendered: where it was, its name, and why."""

    position: Optional[int]  # from 0 in the records given; None on a cluster, which cannot tell
    name: Optional[str]  # the figure's name (its file without the extension); None if unreadable
    message: str


@dataclass
class BatchResult:
    """What a batch did. ``files`` lists the figures present (rendered or skipped) in the
    records' order, for an index page."""

    rendered: int = 0
    skipped: int = 0
    failures: list[Failure] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)


def parse_record(record: Record) -> Any:
    """A record as data: a dict or list as given, or the JSON document of a text record."""
    if not isinstance(record, (str, bytes)):
        return record
    if not record.strip():
        raise ValueError("empty record: expected one JSON object (one a line in JSON Lines)")
    try:
        return json.loads(record)
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON: {error.msg} at column {error.colno}") from None
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 text: byte {error.start} cannot be decoded") from None
    except RecursionError:
        raise ValueError("nested too deeply to read") from None


def record_name(document: Any, position: Optional[int]) -> str:
    """The file name (without extension) of a record's figure: its ``name``, else its
    position from 0, zero-padded so the files sort in the records' order."""
    name = document.get("name") if isinstance(document, Mapping) else None
    if name is None:
        if position is None:
            raise ValueError("the record has no 'name' (needed where records have no position)")
        return f"{position:06d}"
    if not isinstance(name, str):
        raise ValueError(f"'name' must be a string, got {type(name).__name__}")
    if not name or name.startswith(".") or any(char in name for char in '/\\\0') or len(name) > 200:
        raise ValueError(f"'name' {name!r} cannot be a file name: it must be 1-200 characters, "
                         "not start with '.', and hold no '/', '\\' or NUL")
    return name


def format_extension(format: str) -> str:
    """The file extension of a format name ("svg" or ".svg" -> ".svg"), if it is one."""
    extension = f".{format.lower().lstrip('.')}" if isinstance(format, str) else ""
    if extension not in WRITERS:
        raise ValueError(f"format {format!r} is not one of {', '.join(e[1:] for e in sorted(WRITERS))}")
    return extension


def writer_options(extension: str, options: dict[str, Any]) -> dict[str, Any]:
    """The options for every figure of a batch, checked against the format's writer."""
    check_options(extension, options)
    if "progress" in format_options(extension):
        # One figure among many: a progress bar per animation would bury the batch's own.
        options = {"progress": False, **options}
    return options


def render_record(record: Record, format: str = "svg", **options: Any) -> bytes:
    """One record's figure as bytes: the function a batch maps over its records.

    ``record`` is what the command line reads, as a dict (or its JSON text):
    ``{"settings": {...}, "data": [...], "highlight": K, "name": "..."}``, only ``data``
    required. ``options`` are the format's (``scale=2`` for PNG, ``frames=`` for GIF, ...).
    Raises ValueError saying where a record is wrong; a pure function of its arguments.
    """
    extension = format_extension(format)
    options = writer_options(extension, options)
    document = parse_record(record)
    name = document.get("name") if isinstance(document, Mapping) else None
    where = f"record {name!r}" if isinstance(name, str) else "record"
    if isinstance(document, Mapping):
        document = {key: value for key, value in document.items() if key != "name"}
    try:
        settings, data, highlight = split_document(document, where)
        figure = build_figure(merge_settings(settings, NO_OVERRIDES, data), data, where, NO_OVERRIDES)
        if highlight is not None:
            apply_highlight(figure, highlight, f"{where}: 'highlight'")
        stream = io.BytesIO()
        figure.save(stream, format=extension, **options)
    except InputError as error:
        raise ValueError(str(error)) from None
    except (TypeError, ValueError) as error:
        raise ValueError(f"{where}: {error}") from None
    return stream.getvalue()


def render_file(record: Record, path: Path, format: str, options: dict[str, Any]) -> Optional[str]:
    """Render ``record`` into ``path`` (written whole or not at all); the error's message
    if the record is bad, None if the file was written."""
    try:
        write_whole(path, render_record(record, format, **options))
    except Exception as error:  # noqa: BLE001 - one bad record must not stop the batch
        known = isinstance(error, (ValueError, TypeError))
        return str(error) if known else f"{type(error).__name__}: {error}"
    return None


def write_whole(path: Path, data: bytes) -> None:
    """``data`` into ``path`` as ``save`` writes a file: through a temporary file renamed
    over it, so a batch killed while writing leaves no half figure that its resumption
    would take as done."""
    with file_stream(path) as stream:
        stream.write(data)


def _render_chunk(tasks: list[tuple[int, Any, Path]], format: str,
                  options: dict[str, Any]) -> list[tuple[int, Optional[str]]]:
    """In a worker: render each (position, record, path); (position, error or None) each."""
    return [(position, render_file(record, path, format, options)) for position, record, path in tasks]


def default_workers() -> int:
    """The cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@dataclass
class _Batch:
    """The main process's side of a batch: which records to render, which to skip."""

    out_dir: Path
    extension: str
    overwrite: bool
    result: BatchResult = field(default_factory=BatchResult)
    names: dict[str, int] = field(default_factory=dict)  # file -> position of its record
    slots: list[Optional[str]] = field(default_factory=list)  # file of each position, None if failed
    bar: Any = None  # a tqdm bar, or None

    def tasks(self, records: Iterable[Record]) -> Iterator[tuple[int, Any, Path]]:
        """(position, record, path) of each record to render; failures and skips noted."""
        for position, record in enumerate(records):
            self.slots.append(None)
            try:
                document = parse_record(record)
                file = record_name(document, position) + self.extension
            except ValueError as error:
                self.fail(position, None, str(error))
                continue
            if file in self.names:
                self.fail(position, file[: -len(self.extension)],
                          f"name {file!r} is already the figure of the record at position {self.names[file]}")
                continue
            self.names[file] = position
            path = self.out_dir / file
            if not self.overwrite and path.exists():
                self.result.skipped += 1
                self.slots[position] = file
                self.tick()
                continue
            yield position, document, path

    def fail(self, position: int, name: Optional[str], message: str) -> None:
        self.result.failures.append(Failure(position, name, message))
        self.tick()

    def done(self, position: int, path: Path, error: Optional[str]) -> None:
        if error is None:
            self.result.rendered += 1
            self.slots[position] = path.name
            self.tick()
        else:
            self.fail(position, path.name[: -len(self.extension)], error)

    def tick(self) -> None:
        if self.bar is not None:
            result = self.result
            self.bar.set_postfix(rendered=result.rendered, skipped=result.skipped, failed=result.failed,
                                 refresh=False)
            self.bar.update(1)

    def finish(self) -> BatchResult:
        self.result.failures.sort(key=lambda failure: failure.position or 0)
        self.result.files = [file for file in self.slots if file is not None]
        return self.result


def _chunks(tasks: Iterator[tuple[int, Any, Path]], size: int) -> Iterator[list[tuple[int, Any, Path]]]:
    chunk: list[tuple[int, Any, Path]] = []
    for task in tasks:
        chunk.append(task)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _progress_bar(records: Iterable[Record], progress: Optional[bool]) -> Any:
    if not (sys.stderr.isatty() if progress is None else progress):
        return None
    # tqdm ships no type information (unused-ignore: for where types-tqdm is installed).
    from tqdm import tqdm  # type: ignore[import-untyped, unused-ignore]

    total = len(records) if isinstance(records, Sized) else None
    return tqdm(total=total, unit="record", desc="figures", file=sys.stderr)


def render_many(records: Iterable[Record], out_dir: str | os.PathLike[str], format: str = "svg",
                workers: Optional[int] = None, *, overwrite: bool = False, progress: Optional[bool] = None,
                **options: Any) -> BatchResult:
    """Render every record into ``out_dir`` as ``<name>.<format>``, on ``workers`` processes
    (default: every core; 1 renders in this process).

    ``records`` is any iterable of records (dicts, or JSON texts such as the lines of a JSON
    Lines file), read as the rendering goes, never all at once. A record's file is its
    ``name``, else its position from 0 (``000042.svg``). Figures already in ``out_dir`` are
    skipped unless ``overwrite``, so a killed batch resumes where it stopped. A bad record
    is counted and reported in the result's ``failures`` (position, name, message), and the
    batch goes on. ``progress`` shows a bar (default: when stderr is a terminal);
    ``options`` go to the format's writer.
    """
    extension = format_extension(format)
    options = writer_options(extension, options)
    if workers is None:
        workers = default_workers()
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be a positive int, got {workers!r}")
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    batch = _Batch(folder, extension, bool(overwrite), bar=_progress_bar(records, progress))
    try:
        if workers == 1:
            for position, record, path in batch.tasks(records):
                batch.done(position, path, render_file(record, path, extension, options))
        else:
            _render_in_pool(batch, records, workers, extension, options)
    finally:
        if batch.bar is not None:
            batch.bar.close()
    return batch.finish()


def _render_in_pool(batch: _Batch, records: Iterable[Record], workers: int, extension: str,
                    options: dict[str, Any]) -> None:
    # Results are taken oldest first, so at most workers * AHEAD tasks are ever in flight:
    # the records are read as fast as they are rendered, and no faster.
    pending: deque[tuple[list[tuple[int, Any, Path]], Future[list[tuple[int, Optional[str]]]]]] = deque()

    def collect() -> None:
        chunk, future = pending.popleft()
        paths = {position: path for position, _, path in chunk}
        for position, error in future.result():
            batch.done(position, paths[position], error)

    with ProcessPoolExecutor(max_workers=workers) as pool:
        try:
            for chunk in _chunks(batch.tasks(records), CHUNK):
                pending.append((chunk, pool.submit(_render_chunk, chunk, extension, options)))
                if len(pending) >= workers * AHEAD:
                    collect()
            while pending:
                collect()
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
