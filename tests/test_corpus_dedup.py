"""Cross-document dedup in a run: a document that repeats one processed before (in this
batch or an earlier run into the same output folder) is flagged, not written again."""

from __future__ import annotations

import json
import random
from pathlib import Path

from pipeline.engine import RunConfig, run_batch
from pipeline.ingest import discover

ARTICLE = (
    "Kars'ta toplanan kurultay, bölgedeki köylerin su haklarını uzun uzun tartıştı. Delegeler, "
    "derelerin paylaşımı için yeni bir düzen önerdi ve bu öneri 1922 yılında kabul edildi. "
    "Köylüler, eski düzenin adaletsiz olduğunu yıllardır söylüyordu.\n"
    "İkinci bölümde, yaylalara çıkış tarihleri ele alındı. Yaşlılar, karın erken eridiği "
    "yıllarda göçün de erken başladığını anlattı; bu bilgiler kayda geçirildi.\n"
)
OTHER = (
    "The survey of the coastal villages began in the summer of 1931. Teams of two walked "
    "from village to village, recording wells, mills and the names of fields. Their notebooks "
    "are kept in the provincial archive and have never been published in full.\n"
)


def noisy(text: str, rate: float, seed: int) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice("xq") if c.isalpha() and rng.random() < rate else c for c in text)


def first_record(out: Path, name: str) -> dict:
    with open(out / f"{name}.jsonl", encoding="utf-8") as f:
        return json.loads(f.readline())


def test_copies_are_flagged_in_a_batch_and_across_runs(tmp_path):
    batch1 = tmp_path / "b1"
    batch1.mkdir()
    (batch1 / "a_original.txt").write_text(ARTICLE, encoding="utf-8")
    (batch1 / "b_other.txt").write_text(OTHER, encoding="utf-8")
    (batch1 / "c_rescan.txt").write_text(noisy(ARTICLE, 0.03, 1).replace("\n", " \n"))
    out = tmp_path / "out"
    total = run_batch(discover([batch1]), RunConfig(out_dir=out))
    assert total.duplicates == 1
    rescan = first_record(out, "c_rescan.txt")
    assert rescan["duplicate_of"] == "a_original.txt"
    assert (out / "c_rescan.txt.jsonl").read_text().count("\n") == 1  # only the document record
    assert "duplicate_of" not in first_record(out, "a_original.txt")
    assert "duplicate_of" not in first_record(out, "b_other.txt")

    # a later batch into the same folder sees what the first one holds
    batch2 = tmp_path / "b2"
    batch2.mkdir()
    (batch2 / "d_copy_cp1254.txt").write_bytes(ARTICLE.encode("cp1254"))
    total2 = run_batch(discover([batch2]), RunConfig(out_dir=out))
    assert total2.duplicates == 1
    assert first_record(out, "d_copy_cp1254.txt")["duplicate_of"] == "a_original.txt"

    # re-running the first batch with --force never turns the original into a copy
    run_batch(discover([batch1]), RunConfig(out_dir=out, force=True))
    assert "duplicate_of" not in first_record(out, "a_original.txt")
    assert first_record(out, "c_rescan.txt")["duplicate_of"] == "a_original.txt"


def test_keep_duplicates_writes_their_sentences(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "b.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    run_batch(discover([d]), RunConfig(out_dir=out, keep_duplicates=True))
    lines = (out / "b.txt.jsonl").read_text().splitlines()
    assert json.loads(lines[0])["duplicate_of"] == "a.txt"
    assert len(lines) > 3


def test_duplicate_flags_do_not_depend_on_worker_count(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for i in range(6):
        (d / f"doc{i}.txt").write_text(ARTICLE if i % 2 else noisy(OTHER, 0.01, i))
    outs = []
    for w in (1, 2):
        out = tmp_path / f"out{w}"
        run_batch(discover([d]), RunConfig(out_dir=out, workers=w))
        outs.append({p.name: p.read_bytes() for p in out.glob("*.jsonl")})
    assert outs[0] == outs[1]
    assert sum(b"duplicate_of" in v.split(b"\n")[0] for v in outs[0].values()) == 4
