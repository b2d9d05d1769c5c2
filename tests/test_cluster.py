"""The batch's per-record function on a real Dask cluster: a LocalCluster of two worker
processes on 127.0.0.1, records read through a bag, files byte-identical to one process's."""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from batch_records import BAD_HEAT, record, write_jsonl

from textualheatmap.batch import render_many, render_record

pytestmark = pytest.mark.ci_must_run
RECORDS = 200


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        pytest.skip("dask.distributed is not installed (pip install textualheatmap[dask])")
    cluster = LocalCluster(n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1",
                           dashboard_address=None)
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


@pytest.fixture(scope="module")
def jsonl_parts(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("records")
    # Two files, as a data set split over files: records-0.jsonl and records-1.jsonl.
    return [write_jsonl(folder / f"records-{part}.jsonl", RECORDS // 2, offset=part * RECORDS // 2)
            for part in range(2)]


def test_a_bag_of_200_records_on_two_worker_processes_matches_one_process(
        client: Any, jsonl_parts: list[Path], tmp_path: Path) -> None:
    import dask.bag

    from textualheatmap.cluster import render_bag

    workers = client.scheduler_info()["workers"]
    assert len(workers) == 2 and all(address.startswith("tcp://127.0.0.1:") for address in workers)
    bag = dask.bag.read_text(str(jsonl_parts[0].parent / "records-*.jsonl"))
    assert bag.npartitions >= 2
    result = render_bag(bag, tmp_path / "cluster", format="svg")
    assert (result.rendered, result.skipped, result.failed) == (RECORDS, 0, 0)

    lines = (line for part in jsonl_parts for line in part.read_text(encoding="utf-8").splitlines())
    alone = render_many(lines, tmp_path / "alone", format="svg", workers=1)
    assert alone.rendered == RECORDS and sorted(alone.files) == result.files
    for file in alone.files:
        assert (tmp_path / "cluster" / file).read_bytes() == (tmp_path / "alone" / file).read_bytes(), file

    # The tasks ran in the workers' processes, not in this one.
    pids = client.run(lambda: __import__("os").getpid())
    assert len(set(pids.values())) == 2 and __import__("os").getpid() not in pids.values()
    again = render_bag(bag, tmp_path / "cluster", format="svg")
    assert (again.rendered, again.skipped) == (0, RECORDS)


def test_render_record_maps_over_a_bag_unchanged(client: Any, jsonl_parts: list[Path]) -> None:
    import dask.bag

    bag = dask.bag.read_text([str(part) for part in jsonl_parts]).map(json.loads)
    figures = bag.map(render_record, format="svg").compute()
    assert len(figures) == RECORDS
    assert figures[7] == render_record(record(7)) and figures[150] == render_record(record(150))


def test_a_bad_record_on_the_cluster_is_reported_not_raised(client: Any, tmp_path: Path) -> None:
    import dask.bag

    from textualheatmap.cluster import render_bag

    items = [record(position) for position in range(6)]
    items[4]["data"][0][-1]["heat"][3] = BAD_HEAT
    result = render_bag(dask.bag.from_sequence(items, npartitions=2), tmp_path)
    assert (result.rendered, result.failed) == (5, 1)
    (failure,) = result.failures
    assert failure.name == "review-0004" and "data[0][29]['heat'] must be a list of numbers" in failure.message
    assert sorted(path.name for path in tmp_path.iterdir()) == result.files


def test_the_readme_recipe_runs_on_the_cluster(client: Any, jsonl_parts: list[Path], tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    (block,) = [b for b in re.findall(r"```python\n(.*?)```", readme, flags=re.S) if "render_bag(" in b]
    block = (block.replace('"tcp://scheduler:8786"', repr(client.scheduler.address))
             .replace('"records-*.jsonl"', repr(str(jsonl_parts[0].parent / "records-*.jsonl")))
             .replace('"/shared/figures"', repr(str(tmp_path))))
    scope: dict[str, Any] = {}
    exec(block, scope)
    scope["client"].close()
    assert (scope["result"].rendered, scope["result"].failed) == (RECORDS, 0)
    assert len(list(tmp_path.glob("review-*.png"))) == RECORDS
