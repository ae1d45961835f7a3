"""The whole pipeline scored against the gold sentences: what a user of ``run`` gets.

The stage scorers feed each stage the gold text; this one runs every stage over the seeds, as
``run`` does, and looks each gold sentence up among the output sentences of its document
(whitespace collapsed; footnote marks, which the pipeline takes out of the text and records in
``footnote_refs``, put back where they stood, since the gold keeps them). On the sentences
found, language, entities and dates are scored with exact spans.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from pipeline.engine import run_stages
from pipeline.evaluate import prf
from pipeline.ingest import Source, read_document
from pipeline.stages import DEFAULT_PIPELINE
from pipeline.writer import records


def _with_marks(rec: dict) -> tuple[str, list[int]]:
    """The sentence text with its footnote marks put back, and the shift of every offset."""
    text = rec["text"]
    shift = [0] * (len(text) + 1)
    out, pos, added = [], 0, 0
    for ref in sorted(rec.get("footnote_refs", ()), key=lambda r: r["offset"]):
        off = ref["offset"]
        out.append(text[pos:off])
        for i in range(pos, off + 1):
            shift[i] = added
        mark = ref.get("mark") or ref["note"].split("#")[0]
        out.append(mark)
        added += len(mark)
        pos = off
    out.append(text[pos:])
    for i in range(pos, len(text) + 1):
        shift[i] = added
    return "".join(out), shift


def _norm(s: str) -> str:
    return " ".join(s.split())


def evaluate(shared_dir: Path) -> dict:
    gold_path = Path(shared_dir) / "gold" / "sentences_dev.jsonl"
    with open(gold_path, encoding="utf-8") as f:
        gold = [json.loads(line) for line in f if line.strip()]
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for g in gold:
        by_doc[g["doc"]].append(g)
    found = 0
    lang_ok = 0
    counts = {k: [0, 0, 0] for k in ("entities", "dates")}
    per_label: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    missing: list[str] = []
    for doc_name, rows in sorted(by_doc.items()):
        path = Path(shared_dir) / "seeds" / doc_name
        doc = run_stages(read_document(Source(path, doc_name)), DEFAULT_PIPELINE)
        index: dict[str, dict] = {}
        for rec in records(doc):
            if rec["type"] == "sentence":
                text, shift = _with_marks(rec)
                index.setdefault(_norm(text), {**rec, "_shift": shift, "_text": text})
        for g in rows:
            rec = index.get(_norm(g["text"]))
            if rec is None:
                missing.append(g["id"])
                continue
            found += 1
            lang_ok += rec["lang"] == g["lang"]
            if rec["_text"] != g["text"]:
                continue  # whitespace differs: offsets are not comparable
            sh = rec["_shift"]
            for key in counts:
                if key not in rec:
                    continue
                got = {
                    (e["start"] + sh[e["start"]], e["end"] + sh[e["end"]], e.get("label", "DATE"))
                    for e in rec[key]
                }
                want = {(e["start"], e["end"], e.get("label", "DATE")) for e in g.get(key, [])}
                counts[key][0] += len(got & want)
                counts[key][1] += len(got - want)
                counts[key][2] += len(want - got)
                if key == "entities":
                    for label in {x[2] for x in got | want}:
                        per_label[label][0] += len({x for x in got & want if x[2] == label})
                        per_label[label][1] += len({x for x in got - want if x[2] == label})
                        per_label[label][2] += len({x for x in want - got if x[2] == label})
    return {
        "gold_sentences": len(gold),
        "found": found,
        "sentence_recall": round(found / len(gold), 4) if gold else 0.0,
        "lang_accuracy": round(lang_ok / found, 4) if found else 0.0,
        "entities": prf(*counts["entities"]),
        "dates": prf(*counts["dates"]),
        "entity_labels": {k: prf(*v) for k, v in sorted(per_label.items())},
        "missing": missing,
    }


def render(m: dict) -> str:
    lines = [
        f"gold sentences found as output sentences: {m['found']}/{m['gold_sentences']} "
        f"({m['sentence_recall']:.1%})",
        f"language right on found sentences: {m['lang_accuracy']:.1%}",
    ]
    for key in ("entities", "dates"):
        s = m[key]
        if s["tp"] + s["fp"] + s["fn"]:
            lines.append(f"{key:9s} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}")
    for label, s in m["entity_labels"].items():
        lines.append(f"  {label:6s} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}")
    if m["missing"]:
        lines.append("not found: " + ", ".join(m["missing"][:20]))
    return "\n".join(lines)
