"""The whole pipeline over the five real seeds: every record's raw_span finds its sentence
in the decoded input (modulo whitespace, hyphenation, repairs and footnote marks)."""

from __future__ import annotations

import pytest

from pipeline.engine import RunConfig, run_batch
from pipeline.ingest import discover, read_document
from pipeline.schema import validator
from tests.helpers import assert_span_matches, read_records


@pytest.fixture(scope="module")
def seed_output(seeds, tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds_out")
    sources = discover(sorted(seeds.values()))
    total = run_batch(sources, RunConfig(out_dir=out))
    assert total.errors == 0
    return sources, read_records(out)


def test_every_seed_gives_sentences(seed_output):
    sources, recs = seed_output
    assert len(recs) == len(sources) == 5
    for doc_id, lines in recs.items():
        assert lines[0]["type"] == "document" and lines[0]["status"] == "ok"
        assert sum(r["type"] == "sentence" for r in lines) > 5, doc_id


def test_raw_spans_point_at_their_sentences(seed_output):
    sources, recs = seed_output
    for src in sources:
        raw = read_document(src).raw
        for rec in recs[src.doc_id][1:]:
            if rec["type"] == "sentence":
                assert_span_matches(raw, rec)


def test_seed_records_are_schema_valid_and_ids_unique(seed_output):
    _, recs = seed_output
    v = validator()
    for lines in recs.values():
        ids = [r["id"] for r in lines if "id" in r]
        assert len(ids) == len(set(ids))
        for rec in lines:
            assert not list(v.iter_errors(rec))
