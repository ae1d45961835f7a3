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
