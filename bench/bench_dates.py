"""Throughput of ``pipeline.dates.find_dates`` (and of dateparser's ``search_dates`` beside it).

Two corpora:
- ``seeds``: the five seed documents, lines joined into paragraphs and cut into sentence-sized
  pieces at ". " (the tag stage sees sentences), repeated up to ``--mb`` megabytes;
- ``gold``: the gold dev sentences (chosen for their dates: a dense, worst-ish case).

Throughput is UTF-8 bytes of input per second of CPU time (``time.process_time``), so that the
figure does not depend on what else the shared machine is doing. Run:

    PYTHONPATH=. python bench/bench_dates.py [--mb 2] [--dateparser-kb 200]
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

from pipeline.dates import find_dates
from pipeline.resources import shared_dir


def _seed_sentences(shared: Path) -> list[tuple[str, str]]:
    out = []
    for p in sorted((shared / "seeds").glob("*.txt")):
        lang = "az" if p.name.startswith("003") else "tr"
        text = p.read_text(encoding="utf-8")
        for para in re.split(r"\n\s*\n", text):
            flat = " ".join(line.strip() for line in para.splitlines() if line.strip())
            for sent in re.split(r"(?<=[.!?])\s+(?=\S)", flat):
                if sent:
                    out.append((sent, lang))
    return out


def _gold_sentences(shared: Path) -> list[tuple[str, str]]:
    with open(shared / "gold" / "sentences_dev.jsonl", encoding="utf-8") as f:
        return [(r["text"], r["lang"]) for r in map(json.loads, f)]


def _repeat(items: list[tuple[str, str]], nbytes: int) -> list[tuple[str, str]]:
    out, size = [], 0
    while size < nbytes:
        for t, lang in items:
            out.append((t, lang))
            size += len(t.encode("utf-8"))
            if size >= nbytes:
                break
    return out


def _run(items, fn) -> tuple[float, int, float]:
    nbytes = sum(len(t.encode("utf-8")) for t, _ in items)
    t0 = time.process_time()
    n = 0
    for t, lang in items:
        n += len(fn(t, lang) or ())
    secs = time.process_time() - t0
    return nbytes / secs / 1e6, n, secs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=2.0, help="megabytes of seed sentences")
    ap.add_argument("--dateparser-kb", type=float, default=100.0, help="0 to skip dateparser")
    args = ap.parse_args()
    shared = shared_dir()
    if shared is None:
        raise SystemExit("needs ../shared (seeds and gold)")
    for lang in ("tr", "az", "en"):
        find_dates("1 Mart 1921", lang)  # compile the grammars outside the timing
    seeds = _repeat(_seed_sentences(shared), int(args.mb * 1e6))
    gold = _repeat(_gold_sentences(shared), int(args.mb * 1e6 / 4))
    print(f"{'corpus':<8} {'system':<12} {'MB':>6} {'MB/s':>7} {'dates':>7}")
    for name, items in (("seeds", seeds), ("gold", gold)):
        mbs, n, secs = _run(items, find_dates)
        size = sum(len(t.encode()) for t, _ in items) / 1e6
        print(f"{name:<8} {'find_dates':<12} {size:6.2f} {mbs:7.2f} {n:7d}")
    if args.dateparser_kb > 0:
        try:
            from dateparser.search import search_dates
        except ImportError:
            print("dateparser not installed")
            return

        def dp(text: str, lang: str):
            try:
                return search_dates(text, languages=[lang])
            except Exception:
                return None

        dp("1 Mart 1921", "tr")
        for name, src in (("seeds", seeds), ("gold", gold)):
            items = _repeat(src, int(args.dateparser_kb * 1e3))
            mbs, n, secs = _run(items, dp)
            size = sum(len(t.encode()) for t, _ in items) / 1e6
            print(f"{name:<8} {'dateparser':<12} {size:6.2f} {mbs:7.3f} {n:7d}")


if __name__ == "__main__":
    main()
