"""Scorer for within-document deduplication on seed 001 (``gold/pages_001.json``).

The gold lists 1-based inclusive line ranges ``first`` (the copy to keep) and ``repeat`` (the
copy to drop). ``find_repeats`` is run with no page evidence (one page covering the text), the
line numbers its ranges cover are compared line by line with the gold: precision and recall of
dropped lines (over all lines, and over lines with content), how many first-copy lines were
dropped (must be 0), and for how many gold pairs the reported kept range points at the gold
first copy.
"""

from __future__ import annotations

import bisect
import json
from pathlib import Path

from pipeline.dedup import find_repeats
from pipeline.dedup.normalize import split_lines


def _prf(pred: set[int], gold: set[int]) -> dict:
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(gold) if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": len(pred - gold), "fn": len(gold - pred), "p": p, "r": r, "f1": f}


def evaluate(shared_dir: Path) -> dict:
    shared_dir = Path(shared_dir)
    gold_path = shared_dir / "gold" / "pages_001.json"
    seeds = sorted((shared_dir / "seeds").glob("001_*.txt"))
    if not gold_path.is_file() or not seeds:
        return {"skipped": "gold/pages_001.json or seeds/001_*.txt not found"}
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = seeds[0].read_text(encoding="utf-8")
    spans = split_lines(text)
    starts = [a for a, _ in spans]

    def line_no(offset: int) -> int:  # 1-based line containing offset
        return bisect.bisect_right(starts, offset)

    repeats = find_repeats(text, [(0, len(text))])
    pred: set[int] = set()
    pred_pairs = []
    for rep in repeats:
        a, b = line_no(rep.start), line_no(rep.end - 1)
        pred.update(range(a, b + 1))
        pred_pairs.append(((a, b), (line_no(rep.kept_start), line_no(rep.kept_end - 1))))
    gold_drop: set[int] = set()
    gold_first: set[int] = set()
    for item in gold:
        gold_drop.update(range(item["repeat"][0], item["repeat"][1] + 1))
        gold_first.update(range(item["first"][0], item["first"][1] + 1))
    content = {i + 1 for i, (a, b) in enumerate(spans) if text[a:b].strip()}
    kept_ok = 0
    for item in gold:
        (ra, rb), (fa, fb) = item["repeat"], item["first"]
        for (pa, pb), (ka, kb) in pred_pairs:
            if pa <= rb and ra <= pb and ka <= fb and fa <= kb:
                kept_ok += 1
                break
    return {
        "document": seeds[0].name,
        "lines": len(spans),
        "gold_repeat_lines": len(gold_drop),
        "all_lines": _prf(pred, gold_drop),
        "content_lines": _prf(pred & content, gold_drop & content),
        "first_copy_lines_dropped": len(pred & gold_first),
        "kept_range_correct": f"{kept_ok}/{len(gold)}",
        "predicted": [f"{a}-{b} <- {ka}-{kb}" for (a, b), (ka, kb) in pred_pairs],
    }


def render(metrics: dict) -> str:
    if "skipped" in metrics:
        return f"dedup: skipped ({metrics['skipped']})"
    rows = ["dedup (seed 001, dropped lines vs gold/pages_001.json)"]
    rows.append(f"{'lines':<16}{'P':>8}{'R':>8}{'F1':>8}{'TP':>6}{'FP':>6}{'FN':>6}")
    for key in ("all_lines", "content_lines"):
        m = metrics[key]
        rows.append(
            f"{key:<16}{m['p']:>8.4f}{m['r']:>8.4f}{m['f1']:>8.4f}{m['tp']:>6}{m['fp']:>6}"
            f"{m['fn']:>6}"
        )
    rows.append(f"first-copy lines dropped: {metrics['first_copy_lines_dropped']}")
    rows.append(f"kept range points at gold first copy: {metrics['kept_range_correct']}")
    rows.append("predicted (repeat <- kept): " + ", ".join(metrics["predicted"]))
    return "\n".join(rows)
