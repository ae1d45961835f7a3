"""Entity scorer: precision, recall and F1 per label and micro, exact spans.

Runs ``EntityTagger`` on the text of each gold sentence with the sentence's own language, as
the tag stage would, and compares ``(start, end, label)`` exactly. Also reports how often
``norm`` equals the gold base form on matched spans where the gold gives one.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from pipeline.evaluate import prf

LABELS = ("PER", "LOC", "ORG", "EVENT", "LAW")


def read_gold(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def score(gold: Iterable[dict], predicted: Iterable[list[dict]]) -> dict:
    """Compare predicted entity lists with gold sentence records (same order)."""
    tp, fp, fn = Counter(), Counter(), Counter()
    errors = []
    norm_ok = norm_total = 0
    for rec, pred in zip(gold, predicted, strict=True):
        g = {(e["start"], e["end"], e["label"]): e for e in rec.get("entities", [])}
        p = {(e["start"], e["end"], e["label"]): e for e in pred}
        for k in g.keys() & p.keys():
            tp[k[2]] += 1
            if "norm" in g[k]:
                norm_total += 1
                norm_ok += p[k].get("norm") == g[k]["norm"]
        for k in p.keys() - g.keys():
            fp[k[2]] += 1
            errors.append({"id": rec.get("id"), "kind": "fp", "label": k[2], "text": p[k]["text"]})
        for k in g.keys() - p.keys():
            fn[k[2]] += 1
            errors.append({"id": rec.get("id"), "kind": "fn", "label": k[2], "text": g[k]["text"]})
    labels = {lab: prf(tp[lab], fp[lab], fn[lab]) for lab in LABELS}
    micro = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return {
        "labels": labels,
        "micro": micro,
        "norm_accuracy": round(norm_ok / norm_total, 4) if norm_total else None,
        "norm_checked": norm_total,
        "errors": errors,
    }


def evaluate(shared_dir: Path, models_dir: Path | None = None, model=None) -> dict:
    """Score the tagger on ``<shared_dir>/gold/sentences_dev.jsonl``."""
    from pipeline.ner import EntityTagger

    gold = read_gold(Path(shared_dir) / "gold" / "sentences_dev.jsonl")
    tagger = EntityTagger(models_dir, model=model)
    tagger.tag("", "tr")  # load lists before timing
    t0 = time.perf_counter()
    predicted = list(tagger.tag_many((r["text"], r.get("lang", "tr")) for r in gold))
    seconds = time.perf_counter() - t0
    out = score(gold, predicted)
    # document mode: the sentences of each document together (what the tag stage does)
    by_doc: dict[str, list[int]] = {}
    for i, r in enumerate(gold):
        by_doc.setdefault(r.get("doc", ""), []).append(i)
    doc_pred: list[list[dict]] = [[] for _ in gold]
    for idxs in by_doc.values():
        items = [(gold[i]["text"], gold[i].get("lang", "tr")) for i in idxs]
        for i, ents in zip(idxs, tagger.tag_document(items), strict=True):
            doc_pred[i] = ents
    doc_scores = score(gold, doc_pred)
    out["document_mode"] = {k: doc_scores[k] for k in ("labels", "micro")}
    out["sentences"] = len(gold)
    out["sentences_per_second"] = round(len(gold) / seconds, 1) if seconds else None
    out["model"] = str(tagger.model_path) if tagger.model_path else None
    return out


def render(metrics: dict) -> str:
    lines = [
        "Entities (exact spans) on gold/sentences_dev.jsonl"
        + (f" — model: {metrics['model']}" if metrics.get("model") else " — rules only"),
        f"{'label':<8}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}",
    ]
    rows = list(metrics["labels"].items()) + [("micro", metrics["micro"])]
    for name, m in rows:
        lines.append(
            f"{name:<8}{m['precision']:>8.3f}{m['recall']:>8.3f}{m['f1']:>8.3f}"
            f"{m['tp']:>6}{m['fp']:>6}{m['fn']:>6}"
        )
    if metrics.get("document_mode"):
        dm = metrics["document_mode"]["micro"]
        lines.append(
            f"document mode (tag_document, a document's sentences together): micro "
            f"P {dm['precision']:.3f} R {dm['recall']:.3f} F1 {dm['f1']:.3f}"
        )
    if metrics.get("norm_accuracy") is not None:
        lines.append(
            f"norm = gold base form on {metrics['norm_checked']} inflected matches: "
            f"{metrics['norm_accuracy']:.3f}"
        )
    if metrics.get("sentences_per_second"):
        lines.append(f"throughput: {metrics['sentences_per_second']} sentences/s")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - manual use
    import sys

    from pipeline.resources import shared_dir

    m = evaluate(Path(sys.argv[1]) if len(sys.argv) > 1 else shared_dir())
    print(render(m))
    if "-v" in sys.argv:
        for e in m["errors"]:
            print(e)
