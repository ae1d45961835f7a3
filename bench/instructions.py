"""Instructions per MB of the whole pipeline as the engine runs one document (stages, JSON lines,
corpus signature), counted by valgrind: a figure that does not move with the machine's load.

    python bench/instructions.py bench/out/corpus10 [--docs 20] [--warmup 5]

Wall and CPU seconds on a shared 2-core machine vary by up to 20 % from one run to the next;
instruction counts repeat to within ~1 %. The script runs itself twice under
``valgrind --tool=cachegrind --cache-sim=no``: once over ``warmup + docs`` documents and once
over the ``warmup`` documents alone, so the start-up (imports, warm-up) cancels out. Takes a few
minutes (valgrind runs ~30x slower). Needs valgrind on PATH.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _inner(corpus: str, warmup: int, docs: int) -> None:
    """The measured run: the engine's per-document work over the first documents."""
    sys.path.insert(0, str(ROOT))
    from pipeline.engine import RunConfig, prepare_process, process_source
    from pipeline.ingest import discover

    config = RunConfig(out_dir=Path(tempfile.mkdtemp()), force=True)
    prepare_process(config.stages)
    sources = discover([corpus])[: warmup + docs]
    for src in sources:
        process_source(src, config)
    print(f"MB {sum(s.path.stat().st_size for s in sources[warmup:]) / 1e6}")


def _count(corpus: str, warmup: int, docs: int) -> tuple[int, float]:
    out = subprocess.run(
        [
            "valgrind",
            "--tool=cachegrind",
            "--cache-sim=no",
            "--cachegrind-out-file=/dev/null",
            sys.executable,
            __file__,
            corpus,
            "--inner",
            "--warmup",
            str(warmup),
            "--docs",
            str(docs),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    refs = re.search(r"I\s+refs:\s+([\d,]+)", out.stderr)
    mb = re.search(r"^MB (\S+)$", out.stdout, re.M)
    if not refs or not mb:
        raise SystemExit(f"could not read valgrind's output:\n{out.stderr[-2000:]}")
    return int(refs.group(1).replace(",", "")), float(mb.group(1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("--docs", type=int, default=20, help="documents counted")
    ap.add_argument("--warmup", type=int, default=5, help="documents run first, not counted")
    ap.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.inner:
        _inner(args.corpus, args.warmup, args.docs)
        return
    with_docs, mb = _count(args.corpus, args.warmup, args.docs)
    without, _ = _count(args.corpus, args.warmup, 0)
    print(
        f"{args.docs} documents, {mb:.2f} MB: {(with_docs - without) / 1e9:.2f} G instructions, "
        f"{(with_docs - without) / mb / 1e9:.2f} G per MB"
    )


if __name__ == "__main__":
    main()
