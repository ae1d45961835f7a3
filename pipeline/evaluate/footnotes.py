"""Score footnote reference marks against ``gold/footnote_refs_004.json``.

Each gold item names a line (1-based), the token the mark is glued to and the note it points
to. A gold mark counts as linked when layout put a mark inside that token on that line whose
note id (before any ``#k`` duplicate suffix) is the gold one *and* a footnote block with that
note id exists. Marks layout found on body lines that match no gold item are counted against
precision.
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.evaluate.blocks import prepare_text

GOLD = "footnote_refs_004.json"
DOC = "004_59a8525e37afcabc.txt"


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    return starts


def evaluate(shared_dir: Path) -> dict:
    from pipeline.layout import find_pages, plan_layout

    shared_dir = Path(shared_dir)
    gold_path, seed_path = shared_dir / "gold" / GOLD, shared_dir / "seeds" / DOC
    if not gold_path.exists() or not seed_path.exists():
        return {"skipped": f"no {gold_path.name} or {seed_path.name} under {shared_dir}"}
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = prepare_text(seed_path.read_text(encoding="utf-8"))
    plan = plan_layout(text, find_pages(text), [])
    starts = _line_starts(text)
    notes = {b.note_id for b in plan.blocks if b.kind == "footnote" and b.note_id}
    marks = [m for b in plan.blocks for m in b.marks]

    def line_of(pos: int) -> int:
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if starts[mid] <= pos:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1

    used: set[int] = set()
    linked = found = 0
    misses = []
    for g in gold:
        ln = g["line"]
        a = starts[ln - 1]
        b = starts[ln] - 1 if ln < len(starts) else len(text)
        line = text[a:b]
        tok_at = line.find(g["token"])
        lo, hi = (a + tok_at, a + tok_at + len(g["token"])) if tok_at >= 0 else (a, b)
        hit = None
        for k, (s, e, _nid) in enumerate(marks):
            if k not in used and lo <= s and e <= hi + 2:
                hit = k
                break
        if hit is None:
            misses.append({"line": ln, "token": g["token"], "ref": g["ref"], "got": None})
            continue
        used.add(hit)
        found += 1
        nid = marks[hit][2]
        if nid.split("#")[0] == g["ref"] and nid in notes:
            linked += 1
        else:
            misses.append({"line": ln, "token": g["token"], "ref": g["ref"], "got": nid})
    extra = [
        {"line": line_of(s), "mark": text[s:e], "note": nid}
        for k, (s, e, nid) in enumerate(marks)
        if k not in used
    ]
    n = len(gold)
    return {
        "gold": n,
        "found": found,
        "linked": linked,
        "linked_rate": round(linked / n, 4) if n else 1.0,
        "precision": round(found / (found + len(extra)), 4) if found + len(extra) else 1.0,
        "extra_marks": extra,
        "misses": misses,
        "notes": len(notes),
    }


def render(metrics: dict) -> str:
    if "skipped" in metrics:
        return f"footnote references: skipped ({metrics['skipped']})"
    rows = [
        "footnote references (seed 004, gold/footnote_refs_004.json)",
        "",
        f"gold marks        {metrics['gold']}",
        f"found             {metrics['found']}",
        f"linked correctly  {metrics['linked']}  ({metrics['linked_rate']:.1%})",
        f"mark precision    {metrics['precision']:.3f}"
        f"  (extra marks: {len(metrics['extra_marks'])})",
        f"footnote blocks   {metrics['notes']}",
    ]
    for m in metrics["misses"]:
        rows.append(f"  miss line {m['line']}: {m['token']!r} -> {m['ref']} (got {m['got']})")
    for m in metrics["extra_marks"]:
        rows.append(f"  extra line {m['line']}: {m['mark']!r} -> {m['note']}")
    return "\n".join(rows)
