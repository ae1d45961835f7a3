"""CPU time per stage over a corpus, in one process (where the time goes).

    python bench/profile_stages.py bench/out/corpus5 [--docs N] [--warmup N]

Build the corpus first with ``python bench/corpus.py --mb 5 --out bench/out/corpus5``.
Times are CPU seconds (``time.process_time``), so a loaded machine skews them less than wall
time; MB are UTF-8 bytes of the decoded input.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.dedup.index import DEFAULT_INDEX_PARAMS, Fingerprint  # noqa: E402
from pipeline.engine import kept_text, prepare_process  # noqa: E402
from pipeline.ingest import discover, read_document  # noqa: E402
from pipeline.stages import DEFAULT_PIPELINE, STAGES  # noqa: E402
from pipeline.writer import lines  # noqa: E402


def profile(
    paths: list[str], docs: int | None, warmup: int = 0, freeze: bool = True
) -> tuple[float, dict[str, float]]:
    """Per-stage CPU seconds; the first ``warmup`` documents are run but not counted, so that
    one-off start-up (loading gazetteers, compiling patterns) does not hide steady-state cost."""
    spent: dict[str, float] = defaultdict(float)
    size = 0
    if freeze:  # as the engine does before it runs documents
        prepare_process(DEFAULT_PIPELINE)
    sources = discover(paths)
    if docs is not None:
        sources = sources[: docs + warmup]
    for i, src in enumerate(sources):
        if i == warmup:
            spent.clear()
            size = 0
        t = time.process_time()
        doc = read_document(src)
        spent["ingest"] += time.process_time() - t
        if doc.error:
            print(f"skipped {src.path}: {doc.error}", file=sys.stderr)
            continue
        size += len(doc.raw.encode("utf-8"))
        for name in DEFAULT_PIPELINE:
            t = time.process_time()
            doc = STAGES[name](doc)
            spent[name] += time.process_time() - t
        # what the engine does after the stages: the JSON lines (``write_document`` minus the
        # file I/O) and the corpus-dedup signature
        t = time.process_time()
        for _ in lines(doc):
            pass
        spent["write"] += time.process_time() - t
        t = time.process_time()
        Fingerprint(kept_text(doc), DEFAULT_INDEX_PARAMS)
        spent["fingerprint"] += time.process_time() - t
    return size / 1e6, dict(spent)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--docs", type=int, default=None, help="only the first N documents")
    ap.add_argument("--warmup", type=int, default=0, help="run N documents first, uncounted")
    ap.add_argument(
        "--no-freeze", action="store_true", help="skip the engine's warm-up and gc.freeze()"
    )
    args = ap.parse_args()
    mb, spent = profile(args.inputs, args.docs, args.warmup, freeze=not args.no_freeze)
    total = sum(spent.values())
    print(f"{mb:.2f} MB in {total:.1f} s CPU: {mb / total:.3f} MB/s end to end")
    for name, secs in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {name:11s} {secs:7.2f} s  {100 * secs / total:5.1f}%  {mb / secs:8.2f} MB/s")


if __name__ == "__main__":
    main()
