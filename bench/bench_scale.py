"""Throughput, scaling and memory of ``run`` against the peer pipeline on one corpus.

Builds (or reuses) a corpus of --mb megabytes from the seeds (bench/corpus.py), then runs in
one go: our ``run`` with 1 and 2 workers, and the peer pipeline (bench/peer.py) on the first
--peer-mb megabytes of the same corpus (the peer runs at ~0.1 MB/s: the full 50 MB would take
most of an hour; its throughput is a rate, measured on the same kind of text). Prints MB/s,
peak memory (largest process), and the ratios.

    python bench/bench_scale.py --mb 50 --peer-mb 5
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of the largest process in the command's tree."""
    t0 = time.perf_counter()
    out = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *cmd], capture_output=True, text=True, cwd=ROOT
    )
    secs = time.perf_counter() - t0
    if out.returncode:
        sys.stderr.write(out.stderr)
        raise SystemExit(f"failed: {' '.join(cmd)}")
    peak_kb = int(out.stderr.strip().splitlines()[-1])
    return secs, peak_kb / 1024


def worker_peak(cmd: list[str]) -> float:
    """Peak RSS of the worker processes (children of the run), via a wrapper that reads
    RUSAGE_CHILDREN of the run process."""
    code = (
        "import resource,subprocess,sys;"
        "subprocess.run(sys.argv[1:],check=True);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([PY, "-c", code, *cmd], capture_output=True, text=True, cwd=ROOT)
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def corpus_size(files: list[Path]) -> float:
    return sum(f.stat().st_size for f in files) / 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--mb", type=float, default=50)
    ap.add_argument("--peer-mb", type=float, default=5)
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--corpus", type=Path, default=None)
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = ap.parse_args()

    corpus = args.corpus or ROOT / "bench" / "out" / f"corpus{args.mb:g}"
    if not corpus.exists():
        subprocess.run(
            [PY, "bench/corpus.py", "--mb", str(args.mb), "--out", str(corpus)],
            check=True,
            cwd=ROOT,
        )
    files = sorted(corpus.rglob("*.txt"))
    mb = corpus_size(files)
    results: dict = {"corpus_mb": round(mb, 2), "files": len(files), "runs": {}}
    print(f"corpus: {len(files)} files, {mb:.1f} MB")

    for w in [int(x) for x in args.workers.split(",")]:
        out = Path(tempfile.mkdtemp(prefix=f"scale{w}_"))
        cmd = [
            PY,
            "-m",
            "pipeline",
            "run",
            str(corpus),
            "-o",
            str(out),
            "-w",
            str(w),
            "--no-progress",
            "--force",
        ]
        secs, peak = timed(cmd)
        shutil.rmtree(out)
        results["runs"][f"ours_w{w}"] = {
            "seconds": round(secs, 1),
            "mb_s": round(mb / secs, 3),
            "peak_mb": round(peak),
        }
        print(f"ours, {w} worker(s): {secs:.1f} s, {mb / secs:.3f} MB/s, peak {peak:.0f} MB")

    if args.peer_mb <= 0:
        if args.json:
            args.json.write_text(json.dumps(results, indent=1))
        return
    peer_files, acc = [], 0.0
    for f in files:
        if acc >= args.peer_mb:
            break
        peer_files.append(f)
        acc += f.stat().st_size / 1e6
    out = Path(tempfile.mkdtemp(prefix="peer_"))
    secs, peak = timed([PY, "bench/peer.py", *map(str, peer_files), "-o", str(out)])
    shutil.rmtree(out)
    results["runs"]["peer"] = {
        "mb": round(acc, 2),
        "seconds": round(secs, 1),
        "mb_s": round(acc / secs, 3),
        "peak_mb": round(peak),
    }
    print(f"peer on {acc:.1f} MB: {secs:.1f} s, {acc / secs:.3f} MB/s, peak {peak:.0f} MB")
    r = results["runs"]
    if "ours_w1" in r:
        print(f"ours(1 worker) / peer: {r['ours_w1']['mb_s'] / r['peer']['mb_s']:.1f}x")
    if "ours_w1" in r and "ours_w2" in r:
        print(f"2 workers / 1 worker: {r['ours_w2']['mb_s'] / r['ours_w1']['mb_s']:.2f}x")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
