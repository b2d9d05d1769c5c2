"""Beyond one machine: a batch's records rendered on a Dask cluster through a bag.

The work of each record is ``batch.render_record``, unchanged; this module only maps it
over a ``dask.bag.Bag`` with the batch's rules (files named by the record's ``name``,
existing figures skipped, a bad record counted instead of stopping the batch). Needs
``pip install textualheatmap[dask]``. ``out_dir`` must be a folder every worker writes to
(one machine, or storage the cluster shares). On a bag, records have no position to
name a file by: each record needs a ``name``.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from .batch import (BatchResult, Failure, Record, format_extension, parse_record, record_name, render_file,
                    writer_options)

if TYPE_CHECKING:
    import dask.bag

RENDERED, SKIPPED, FAILED = "rendered", "skipped", "failed"
# What one record came to: (RENDERED | SKIPPED | FAILED, its file or name, the error or None).
Outcome = tuple[str, Optional[str], Optional[str]]


def save_record(record: Record, out_dir: str, format: str, overwrite: bool, options: dict[str, Any]) -> Outcome:
    """On a worker: render one record into ``out_dir`` unless its figure is there already."""
    try:
        document = parse_record(record)
        file = record_name(document, None) + format
    except ValueError as error:
        return FAILED, None, str(error)
    path = Path(out_dir) / file
    if not overwrite and path.exists():
        return SKIPPED, file, None
    problem = render_file(document, path, format, options)
    return (RENDERED, file, None) if problem is None else (FAILED, file[: -len(format)], problem)


def render_bag(records: dask.bag.Bag, out_dir: str | os.PathLike[str], format: str = "svg", *,
               overwrite: bool = False, **options: Any) -> BatchResult:
    """Render every record of a Dask bag (dicts, or JSON texts such as
    ``dask.bag.read_text("records-*.jsonl")``) into ``out_dir``, on the cluster Dask
    computes on (a ``distributed.Client`` if one is active). Returns the counts, the
    failures (position None: a bag has none) and the files present, sorted."""
    import dask

    extension = format_extension(format)
    options = writer_options(extension, options)
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    outcomes = records.map(save_record, os.fspath(out_dir), extension, bool(overwrite), options)
    counts, failed, present = dask.compute(
        outcomes.pluck(0).frequencies(),
        outcomes.filter(lambda outcome: outcome[0] == FAILED),
        outcomes.filter(lambda outcome: outcome[0] != FAILED).pluck(1),
    )
    count = dict(counts)
    return BatchResult(rendered=count.get(RENDERED, 0), skipped=count.get(SKIPPED, 0),
                       failures=[Failure(None, name, message or "") for _, name, message in failed],
                       files=sorted(present))
