"""Where a worker's memory goes as it processes more documents, in one process.

    python bench/bench_memory.py bench/out/corpus100 --docs 400 --every 100

Prints resident memory (RSS, from /proc) after every N documents, with the fill of the
largest lru caches of the pipeline, so growth can be pinned on a cache (bounded: stops at its
cap) or on something that grows without bound. The process is prepared as the engine prepares
a worker (warm-up, ``gc.freeze``); the engine also replaces a worker every ``recycle_after``
documents, which this one process does not.
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.engine import prepare_process  # noqa: E402
from pipeline.ingest import discover, read_document  # noqa: E402
from pipeline.stages import DEFAULT_PIPELINE, STAGES  # noqa: E402
from pipeline.writer import dumps, records  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def caches() -> dict[str, int]:
    """Current fill of every lru_cache in the pipeline's modules (name -> entries)."""
    out = {}
    for name, mod in list(sys.modules.items()):
        if not name.startswith("pipeline"):
            continue
        for attr, obj in list(vars(mod).items()):
            if isinstance(obj, functools._lru_cache_wrapper):
                n = obj.cache_info().currsize
                if n > 1:
                    out[f"{name.removeprefix('pipeline.')}.{attr}"] = n
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--docs", type=int, default=400)
    ap.add_argument("--every", type=int, default=100)
    args = ap.parse_args()
    t0, mb = time.perf_counter(), 0.0
    print(f"start: {rss_mb():.0f} MB")
    prepare_process(DEFAULT_PIPELINE)
    print(f"after warm-up: {rss_mb():.0f} MB")
    for i, src in enumerate(discover(args.inputs)[: args.docs], 1):
        doc = read_document(src)
        mb += len(doc.raw.encode("utf-8")) / 1e6 if doc.raw else 0
        for name in DEFAULT_PIPELINE:
            if doc.status != "ok":
                break
            doc = STAGES[name](doc)
        for rec in records(doc):
            dumps(rec)
        if i % args.every == 0:
            top = sorted(caches().items(), key=lambda kv: -kv[1])[:6]
            secs = time.perf_counter() - t0
            print(
                f"{i:5d} docs {mb:6.1f} MB {secs:6.0f} s  RSS {rss_mb():5.0f} MB  caches "
                + ", ".join(f"{k}={v}" for k, v in top)
            )


if __name__ == "__main__":
    main()
