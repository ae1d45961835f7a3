"""Scorer for the repair stage against the shared seeds and gold.

- Seed 002 (font-table damage): every gold sentence of 002 must appear in the repaired text
  (modulo whitespace, line breaks and hyphenation, which are layout's business); no damaged
  glyph may be left; every edit must replace a damaged glyph (nothing else touched).
- The clean seeds (000, 001, 003, 004): the number of edits must be zero.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import regex

from pipeline.repair import repair_text
from pipeline.repair.glyphs import glyph_table

_CLEAN = ("000", "001", "003", "004")
_NORM = regex.compile(r"[\s\-\u00ad]+")


def _norm(s: str) -> str:
    return _NORM.sub("", s)


def evaluate(shared_dir: Path) -> dict:
    seeds = {p.name[:3]: p for p in sorted((Path(shared_dir) / "seeds").glob("*.txt"))}
    gold_path = Path(shared_dir) / "gold" / "sentences_dev.jsonl"
    gold = [json.loads(line) for line in gold_path.open(encoding="utf-8") if line.strip()]
    out: dict = {"clean": {}, "damaged": {}}
    for sid, path in seeds.items():
        text = path.read_text(encoding="utf-8")
        t0 = time.perf_counter()
        res = repair_text(text)
        secs = time.perf_counter() - t0
        sents = [g["text"] for g in gold if g["doc"].startswith(sid)]
        got = _norm(res.text)
        found = sum(1 for s in sents if _norm(s) in got)
        row = {
            "chars": len(text),
            "edits": len(res.edits),
            "counts": res.counts,
            "gold_sentences": len(sents),
            "gold_found": found,
            "gold_recall": found / len(sents) if sents else None,
            "mb_per_s": len(text.encode("utf-8")) / 1e6 / secs if secs else None,
        }
        if sid in _CLEAN:
            out["clean"][sid] = row
        else:
            glyphs = set(glyph_table())
            row["glyphs_before"] = sum(1 for c in text if c in glyphs)
            row["glyphs_left"] = sum(1 for c in res.text if c in glyphs)
            row["edits_not_on_glyph"] = sum(
                1 for e in res.edits if not set(text[e.start : e.end]) <= glyphs
            )
            out["damaged"][sid] = row
    return out


def render(metrics: dict) -> str:
    lines = [
        "repair",
        "",
        "| seed | chars | edits | gold sentences found | note |",
        "|---|---:|---:|---:|---|",
    ]
    for sid, r in metrics.get("clean", {}).items():
        lines.append(
            f"| {sid} (clean) | {r['chars']} | {r['edits']} | "
            f"{r['gold_found']}/{r['gold_sentences']} | must be 0 edits |"
        )
    for sid, r in metrics.get("damaged", {}).items():
        counts = ", ".join(f"{k}={v}" for k, v in r["counts"].items())
        lines.append(
            f"| {sid} (damaged) | {r['chars']} | {r['edits']} | "
            f"{r['gold_found']}/{r['gold_sentences']} | glyphs {r['glyphs_before']} -> "
            f"{r['glyphs_left']}; edits off-glyph {r['edits_not_on_glyph']}; {counts} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    from pipeline.resources import shared_dir

    sd = shared_dir()
    if sd is None:
        raise SystemExit("../shared is not present")
    print(render(evaluate(sd)))
