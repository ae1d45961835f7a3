"""Score layout's block kinds against ``gold/blocks.json``, line by line.

Gold gives 1-based inclusive line ranges per seed for headings, abstracts, tables and footnotes.
A predicted line takes the kind of the block holding its last non-blank character: a run-in
heading shares its line with the paragraph it opens, and the gold counts such a line with the
paragraph. Blank lines are neutral (gold ranges span them). Dedup is not applied here: gold
labels repeated pages like any other, so layout is scored on the whole text.

Seed 002's text needs its font-table damage repaired first (GUIDELINES: gold annotates the
repaired text); the repair stage is used when present, else the guideline's own table.
"""

from __future__ import annotations

import bisect
import json
from pathlib import Path

KINDS = ("heading", "abstract", "table", "footnote")
_GUIDELINE_TABLE = {"Ġ": "İ", "Ģ": "ş", "ġ": "Ş"}


def prepare_text(raw: str) -> str:
    """The repaired text the gold was made on (line structure unchanged)."""
    try:
        from pipeline.repair import repair_text  # type: ignore[import-not-found]

        fixed = repair_text(raw).text
        if fixed.count("\n") == raw.count("\n"):
            return fixed
    except Exception:  # noqa: BLE001 - the repair stage may be absent or still partial
        pass
    if "Ģ" in raw or "Ġ" in raw:
        return raw.translate(str.maketrans(_GUIDELINE_TABLE))
    return raw


def line_kinds(text: str, skip: list[tuple[int, int]] | None = None) -> dict[int, str]:
    """1-based line number -> predicted block kind, for every line that has content."""
    from pipeline.layout import find_pages, plan_layout

    plan = plan_layout(text, find_pages(text), skip or [])
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    # the last non-blank character of each line
    last_char: dict[int, int] = {}
    for n, s in enumerate(starts):
        e = starts[n + 1] - 1 if n + 1 < len(starts) else len(text)
        seg = text[s:e].rstrip()
        if seg.strip():
            last_char[s + len(seg) - 1] = n + 1
    out: dict[int, str] = {}
    for blk in plan.blocks:
        for a, b in blk.pieces:
            for pos in range(a, b):
                line = last_char.get(pos)
                if line is not None:
                    out[line] = blk.kind
    return out


def _gold_lines(text: str, spans: list[dict], kind: str) -> set[int]:
    lines = text.split("\n")
    got = set()
    for sp in spans:
        if sp["kind"] != kind:
            continue
        a, b = sp["lines"]
        for n in range(a, b + 1):
            if n - 1 < len(lines) and lines[n - 1].strip():
                got.add(n)
    return got


def _prf(tp: int, npred: int, ngold: int) -> dict:
    p = tp / npred if npred else (1.0 if not ngold else 0.0)
    r = tp / ngold if ngold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "tp": tp,
        "pred": npred,
        "gold": ngold,
    }


def evaluate(shared_dir: Path) -> dict:
    shared_dir = Path(shared_dir)
    path = shared_dir / "gold" / "blocks.json"
    if not path.exists():
        return {"skipped": f"no gold file {path}"}
    gold = json.loads(path.read_text(encoding="utf-8"))
    totals = {k: [0, 0, 0] for k in KINDS}
    per_doc: dict[str, dict] = {}
    for doc, spans in sorted(gold.items()):
        path = shared_dir / "seeds" / doc
        if not path.exists():
            continue
        text = prepare_text(path.read_text(encoding="utf-8"))
        pred = line_kinds(text)
        per_doc[doc] = {}
        for k in KINDS:
            g = _gold_lines(text, spans, k)
            p = {n for n, kind in pred.items() if kind == k}
            tp = len(g & p)
            totals[k][0] += tp
            totals[k][1] += len(p)
            totals[k][2] += len(g)
            per_doc[doc][k] = _prf(tp, len(p), len(g))
    return {
        "kinds": {k: _prf(*totals[k]) for k in KINDS},
        "per_doc": per_doc,
        "reading_order": reading_order(shared_dir),
    }


def _skip_from_pages_gold(shared_dir: Path, doc: str, text: str) -> list[tuple[int, int]]:
    """A seed's repeated line ranges as dedup drops them (``gold/pages_NNN.json``)."""
    path = shared_dir / "gold" / f"pages_{doc[:3]}.json"
    if not path.exists():
        return []
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    out = []
    for r in json.loads(path.read_text(encoding="utf-8")):
        a, b = r["repeat"]
        out.append((starts[a - 1], starts[b] if b < len(starts) else len(text)))
    return out


def reading_order(shared_dir: Path) -> dict:
    """Gold sentences found whole inside one block (white space ignored, marks kept as gold
    keeps them), and how many of those run across a page break, a note, page furniture or
    a dropped repeat. Seed 001's repeats are skipped as dedup would (gold/pages_001.json)."""
    from pipeline.layout import find_pages, plan_layout

    path = shared_dir / "gold" / "sentences_dev.jsonl"
    if not path.exists():
        return {}
    by_doc: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            g = json.loads(line)
            by_doc.setdefault(g["doc"], []).append("".join(g["text"].split()))
    total = whole = straddling = 0
    failures: list[str] = []
    for doc, sents in sorted(by_doc.items()):
        seed = shared_dir / "seeds" / doc
        if not seed.exists():
            continue
        text = prepare_text(seed.read_text(encoding="utf-8"))
        pages = find_pages(text)
        page_starts = [a for a, _ in pages]
        plan = plan_layout(text, pages, _skip_from_pages_gold(shared_dir, doc, text))
        flat = []
        for blk in plan.blocks:
            chars, owner = [], []
            for k, (a, b) in enumerate(blk.pieces):
                for i in range(a, b):
                    if not text[i].isspace():
                        chars.append(text[i])
                        owner.append(k)
            flat.append((blk, "".join(chars), owner))
        for want in sents:
            total += 1
            hit = next(((b, j.find(want), o) for b, j, o in flat if want in j), None)
            if hit is None:
                failures.append(f"{doc[:3]}: {want[:40]}")
                continue
            whole += 1
            blk, i, owner = hit
            k0, k1 = owner[i], owner[i + len(want) - 1]
            for k in range(k0, k1):
                e, a = blk.pieces[k][1], blk.pieces[k + 1][0]
                other_page = bisect.bisect_right(page_starts, e) != bisect.bisect_right(
                    page_starts, a
                )
                if other_page or text[e:a].strip():
                    straddling += 1
                    break
    return {"gold": total, "whole": whole, "straddling_whole": straddling, "failures": failures}


def render(metrics: dict) -> str:
    if "skipped" in metrics:
        return f"layout blocks: skipped ({metrics['skipped']})"
    rows = ["layout blocks (line level, gold/blocks.json)", ""]
    rows.append(f"{'kind':<10}{'P':>8}{'R':>8}{'F1':>8}{'pred':>7}{'gold':>7}")
    for k, m in metrics["kinds"].items():
        rows.append(
            f"{k:<10}{m['precision']:>8.3f}{m['recall']:>8.3f}{m['f1']:>8.3f}"
            f"{m['pred']:>7}{m['gold']:>7}"
        )
    ro = metrics.get("reading_order") or {}
    if ro:
        rows.append("")
        rows.append(
            f"gold sentences whole in one block: {ro['whole']}/{ro['gold']} "
            f"({ro['straddling_whole']} of them across a page break, note or furniture)"
        )
        for f in ro["failures"]:
            rows.append(f"  not whole: {f}")
    rows.append("")
    for doc, kinds in metrics["per_doc"].items():
        cells = "  ".join(
            f"{k[:4]} P{m['precision']:.2f}/R{m['recall']:.2f}"
            for k, m in kinds.items()
            if m["gold"] or m["pred"]
        )
        rows.append(f"{doc[:3]}  {cells}")
    return "\n".join(rows)
