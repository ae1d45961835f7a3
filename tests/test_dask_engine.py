"""The Dask engine runs the same stages on a LocalCluster with two workers and writes the
same output as the local engine."""

from __future__ import annotations

import pytest

from pipeline.engine import RunConfig, run_batch
from pipeline.ingest import discover
from tests.test_run import make_batch

pytest.importorskip("dask.distributed", reason="dask[distributed] is a dev/optional extra")


def test_dask_local_cluster_equals_local_engine(tmp_path):
    batch = make_batch(tmp_path)
    sources = discover([batch])
    local = run_batch(sources, RunConfig(out_dir=tmp_path / "local"))
    dask = run_batch(sources, RunConfig(out_dir=tmp_path / "dask", workers=2), engine="dask")
    assert (dask.documents, dask.sentences, dask.errors) == (
        local.documents,
        local.sentences,
        local.errors,
    )
    a = {p.name: p.read_bytes() for p in (tmp_path / "local").rglob("*.jsonl")}
    b = {p.name: p.read_bytes() for p in (tmp_path / "dask").rglob("*.jsonl")}
    assert a and a == b


def test_partition_prepares_its_process_once(tmp_path, monkeypatch):
    """A worker process is prepared (warm-up, frozen collector) on its first partition only,
    and again only for a different stage list."""
    from pipeline import dask_engine

    calls = []
    monkeypatch.setattr(dask_engine, "prepare_process", lambda stages: calls.append(stages))
    monkeypatch.setattr(dask_engine, "_PREPARED", set())
    good = {"tr.txt", "en.txt"}
    sources = [s for s in discover([make_batch(tmp_path)]) if s.path.name in good]
    config = RunConfig(out_dir=tmp_path / "out", stages=["repair"])
    for part in ([sources[0]], [sources[1]]):
        assert [s.status for s in dask_engine.process_partition(part, config)] == ["ok"]
    assert calls == [("repair",)]
    dask_engine.process_partition(sources[:1], RunConfig(out_dir=tmp_path / "o2"))
    assert len(calls) == 2
