"""The whole pipeline over a batch: records for every good file, an error record for every
bad one, schema-valid, byte-identical across runs and across worker counts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.engine import RunConfig, run_batch
from pipeline.ingest import discover
from pipeline.schema import validator
from tests.helpers import assert_span_matches, read_records
from tests.pdfgen import make_pdf

TR = (
    "Ankara'da toplanan meclis, 1921 yılında yeni bir anlaşma imzaladı. Heyet, Moskova'ya "
    "gitmek üzere yola çıktı.\nGörüşmeler uzun sür-\ndü ve sonunda iki taraf uzlaştı.\n\n"
    "İkinci paragraf burada başlıyor. Dr. Rıza Bey raporunu sundu.\n"
)
AZ = (
    "Azərbaycan tarixində 1920-ci il mühüm mərhələ oldu. Bakıda yeni hökumət quruldu və "
    "qonşu dövlətlərlə əlaqələr yarandı.\n"
)
EN = "The conference opened in March 1921. Delegates from both countries attended.\n"


def make_batch(root: Path) -> Path:
    d = root / "batch"
    d.mkdir()
    (d / "tr.txt").write_text(TR, encoding="utf-8")
    (d / "tr_cp1254.txt").write_bytes(TR.replace("\n", "\r\n").encode("cp1254"))
    (d / "az.txt").write_text(AZ, encoding="utf-16")
    (d / "en.txt").write_bytes(EN.encode("cp1252"))
    (d / "paper.pdf").write_bytes(make_pdf([["The first page says hello."], ["Page two."]]))
    (d / "broken.txt").write_bytes(bytes(range(256)) * 8)
    (d / "empty.txt").write_bytes(b"")
    (d / "broken.pdf").write_bytes(b"%PDF-1.7 garbage")
    return d


@pytest.fixture()
def batch(tmp_path: Path) -> Path:
    return make_batch(tmp_path)


def run_to(batch: Path, out: Path, workers: int = 1) -> dict[str, list[dict]]:
    total = run_batch(discover([batch]), RunConfig(out_dir=out, workers=workers))
    assert total.documents == 8
    return read_records(out)


def test_bad_files_get_error_records_and_good_ones_all_records(batch, tmp_path):
    recs = run_to(batch, tmp_path / "out")
    assert set(recs) == {
        "tr.txt",
        "tr_cp1254.txt",
        "az.txt",
        "en.txt",
        "paper.pdf",
        "broken.txt",
        "empty.txt",
        "broken.pdf",
    }
    for doc_id in ("broken.txt", "empty.txt", "broken.pdf"):
        (doc,) = recs[doc_id]
        assert doc["type"] == "document" and doc["status"] == "error"
        assert doc["error"]["stage"] == "ingest" and doc["error"]["message"]
    for doc_id in ("tr.txt", "az.txt", "en.txt", "paper.pdf"):
        doc, *sents = recs[doc_id]
        assert doc["status"] == "ok", doc
        assert sents and all(s["type"] == "sentence" for s in sents)
    # the same text in another encoding is a repeat of the first: recorded, not written again
    (copy,) = recs["tr_cp1254.txt"]
    assert copy["duplicate_of"] == "tr.txt" and copy["sentences_written"] is False
    assert recs["az.txt"][0]["encoding"].startswith("utf-16")
    assert "Görüşmeler uzun sürdü ve sonunda iki taraf uzlaştı." in [
        s["text"] for s in recs["tr.txt"][1:]
    ]


def test_records_validate_against_the_shipped_schema(batch, tmp_path):
    v = validator()
    for recs in run_to(batch, tmp_path / "out").values():
        for rec in recs:
            errors = list(v.iter_errors(rec))
            assert not errors, (rec, errors[0].message)


def test_raw_spans_point_at_the_sentence(batch, tmp_path):
    recs = run_to(batch, tmp_path / "out")
    from pipeline.ingest import Source, read_document

    for doc_id in ("tr.txt", "az.txt", "en.txt", "paper.pdf"):
        src = next(s for s in discover([batch]) if s.doc_id == doc_id)
        raw = read_document(Source(src.path, doc_id)).raw
        for rec in recs[doc_id][1:]:
            assert_span_matches(raw, rec)


def test_two_runs_and_two_worker_counts_are_byte_identical(batch, tmp_path):
    outs = [tmp_path / "o1", tmp_path / "o2", tmp_path / "o3"]
    run_to(batch, outs[0])
    run_to(batch, outs[1])
    run_to(batch, outs[2], workers=2)
    files = sorted(p.relative_to(outs[0]) for p in outs[0].rglob("*.jsonl"))
    assert files
    for rel in files:
        first = (outs[0] / rel).read_bytes()
        assert first == (outs[1] / rel).read_bytes(), rel
        assert first == (outs[2] / rel).read_bytes(), rel
    assert not list(outs[0].rglob("*.tmp"))


@pytest.fixture()
def worker_pids(monkeypatch):
    """Summaries carry the id of the process that made them (read back with ``_pid``)."""
    import os

    from pipeline import engine

    real = engine.process_source

    def tagged(src, config):
        s = real(src, config)
        s.message = f"{s.message}|pid={os.getpid()}"
        return s

    monkeypatch.setattr(engine, "process_source", tagged)


def _pid(summary) -> int:
    return int(summary.message.rsplit("pid=", 1)[1])


def test_recycled_workers_write_the_same_output(batch, tmp_path, worker_pids):
    """Workers replaced every document (one and two at a time) change nothing in the output,
    and really are fresh processes: each generation's documents see a new process id."""
    import os

    from pipeline import engine

    ref = tmp_path / "ref"  # without the cross-document check, which engine.run leaves out
    run_batch(discover([batch]), RunConfig(out_dir=ref, corpus_dedup=False))
    pids: dict[str, int] = {}
    for workers in (1, 2):
        out = tmp_path / f"w{workers}"
        config = RunConfig(out_dir=out, workers=workers, recycle_after=1, corpus_dedup=False)
        for s in engine.run(discover([batch]), config):
            pids[s.doc_id] = _pid(s)
        assert os.getpid() not in pids.values()
        assert len(set(pids.values())) == len(pids)  # one document per process
        for rel in sorted(
            p.relative_to(tmp_path / "ref") for p in (tmp_path / "ref").rglob("*.jsonl")
        ):
            assert (tmp_path / "ref" / rel).read_bytes() == (out / rel).read_bytes(), rel


def test_a_file_that_kills_its_worker_loses_nothing_else(batch, tmp_path, monkeypatch):
    """A worker killed outright (out of memory, a crash in C code) takes no other document
    with it: the file that kills it gets an error record, every other file its output."""
    import os
    import signal

    from pipeline import stages

    def die(doc):
        if doc.doc_id == "az.txt":
            os.kill(os.getpid(), signal.SIGKILL)
        return stages.pages(doc)

    monkeypatch.setitem(stages.STAGES, "pages", die)
    out = tmp_path / "out"
    config = RunConfig(out_dir=out, workers=2, recycle_after=2)
    total = run_batch(discover([batch]), config)
    assert total.documents == 8
    recs = read_records(out)
    assert len(recs) == 8
    (doc,) = recs["az.txt"]
    assert doc["status"] == "error" and doc["error"]["stage"] == "worker"
    assert recs["tr.txt"][0]["status"] == "ok" and len(recs["tr.txt"]) > 1
    assert recs["en.txt"][0]["status"] == "ok" and len(recs["en.txt"]) > 1


def test_cli_run_prints_a_summary(batch, tmp_path, capsys):
    assert main(["run", str(batch), "-o", str(tmp_path / "cli"), "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert "8 documents" in err and "3 errors" in err
    assert "error: broken.txt:" in err


def test_cli_rejects_missing_input(tmp_path, capsys):
    assert main(["run", str(tmp_path / "nope"), "-o", str(tmp_path / "o")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_a_stage_crash_is_an_error_record_not_a_dead_batch(batch, tmp_path, monkeypatch):
    from pipeline import stages

    def boom(doc):
        if doc.doc_id == "en.txt":
            raise RuntimeError("simulated failure")
        return doc

    monkeypatch.setitem(stages.STAGES, "pages", lambda d: stages.pages(boom(d)))
    recs = run_to(batch, tmp_path / "out")
    (doc,) = recs["en.txt"]
    assert doc["status"] == "error" and doc["error"]["stage"] == "pages"
    assert "simulated failure" in doc["error"]["message"]
    assert recs["tr.txt"][0]["status"] == "ok"


def test_output_folder_can_be_reused(batch, tmp_path):
    out = tmp_path / "out"
    run_to(batch, out)
    shutil.rmtree(batch)
    make_batch(tmp_path)
    assert run_to(batch, out)


def test_a_worker_over_the_memory_limit_is_replaced(tmp_path, worker_pids):
    """A worker whose resident memory passes ``max_worker_mb`` ends its generation: the
    documents in flight finish in it, the next ones go to a fresh process, and nothing is
    lost, repeated or reordered. Without the limit only ``recycle_after`` replaces workers."""
    from pipeline import engine

    src_dir = tmp_path / "many"
    src_dir.mkdir()
    for k in range(12):
        (src_dir / f"doc{k:02d}.txt").write_text(f"Note number {k} was written in May.\n")
    assert engine.resident_mb() > 10  # this test's own process: the limit below is passed
    for limit, generations in ((1, 3), (0, 2)):
        out = tmp_path / f"limit{limit}"
        config = RunConfig(
            out_dir=out, workers=1, recycle_after=10, max_worker_mb=limit, corpus_dedup=False
        )
        summaries = list(engine.run(discover([src_dir]), config))
        assert [s.doc_id for s in summaries] == [f"doc{k:02d}.txt" for k in range(12)]
        assert all(s.status == "ok" and s.worker_mb > 0 for s in summaries)
        pids = [_pid(s) for s in summaries]
        # one worker, four documents in flight: with the limit each generation is the four
        # submitted before the first answer; without it, 10 then 2
        runs = [k for k in range(1, 12) if pids[k] != pids[k - 1]]
        assert len(runs) + 1 == generations, pids
        assert len(set(pids)) == generations
        assert len(list(out.rglob("*.jsonl"))) == 12
