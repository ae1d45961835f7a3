"""Incremental batch runs: only new or changed files are processed again, and a run killed
half-way resumes without duplicates or gaps."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from pipeline.engine import RunConfig, run_batch
from pipeline.ingest import discover

WORDS = (
    "kurul karar yol köprü şehir köy ırmak dağ ova tarla değirmen okul hastane liman gemi tren "
    "istasyon rapor bütçe vergi maaş memur öğretmen çiftçi tüccar pazar fiyat buğday arpa üzüm "
    "incir zeytin tütün pamuk yün ipek halı kilim demir kömür tuz kereste taş tuğla"
).split()


def paragraph(seed: int) -> str:
    """A text of its own for each seed, so that no two documents are near-duplicates."""
    rng = random.Random(seed)
    sents = []
    for _ in range(8):
        words = [rng.choice(WORDS) for _ in range(rng.randint(6, 12))]
        sents.append(" ".join(words).capitalize() + ".")
    return " ".join(sents) + "\n"


def make_folder(root: Path, n: int) -> Path:
    d = root / "in"
    d.mkdir()
    for i in range(n):
        (d / f"doc{i:03d}.txt").write_text(paragraph(i))
    return d


def outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.jsonl"))}


def test_rerun_processes_only_new_or_changed_files(tmp_path):
    src = make_folder(tmp_path, 6)
    out = tmp_path / "out"
    first = run_batch(discover([src]), RunConfig(out_dir=out))
    assert first.unchanged == 0 and first.documents == 6 and first.duplicates == 0
    before = outputs(out)
    again = run_batch(discover([src]), RunConfig(out_dir=out))
    assert again.unchanged == 6 and outputs(out) == before
    (src / "doc002.txt").write_text(paragraph(1002))
    (src / "doc100.txt").write_text(paragraph(1100))
    third = run_batch(discover([src]), RunConfig(out_dir=out))
    assert third.documents == 7 and third.unchanged == 5
    after = outputs(out)
    assert after["doc002.txt.jsonl"] != before["doc002.txt.jsonl"]
    assert "doc100.txt.jsonl" in after
    forced = run_batch(discover([src]), RunConfig(out_dir=out, force=True))
    assert forced.unchanged == 0 and outputs(out) == after


def test_a_killed_run_resumes_without_duplicates_or_gaps(tmp_path):
    src = make_folder(tmp_path, 60)
    ref = tmp_path / "ref"
    run_batch(discover([src]), RunConfig(out_dir=ref))
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    cmd = [sys.executable, "-m", "pipeline", "run", str(src), "-o", str(out), "--no-progress"]
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and len(list(out.glob("*.jsonl"))) < 5:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done = len(list(out.glob("*.jsonl")))
    assert 0 < done < 60, "the run was not interrupted half-way"
    resumed = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    assert f"{done} unchanged" in resumed.stderr or f"{done - 1} unchanged" in resumed.stderr
    assert outputs(out) == outputs(ref)
    assert not list(out.rglob("*.tmp"))
