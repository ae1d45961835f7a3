"""Scorer for language identification against gold sentences (``sentences_dev.jsonl``).

Two item sets: whole gold sentences, and 15-40 character word-aligned fragments of them (the gold
language of a fragment is its sentence's). Fragments are where Turkish and Azerbaijani get
confused, so they are the harder and more telling measure. lingua restricted to tr/az/en is
scored on the same items, in the same run.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

FRAG_MIN, FRAG_MAX, FRAG_STEP = 15, 40, 2


def load_gold(shared_dir: Path) -> list[dict]:
    path = Path(shared_dir) / "gold" / "sentences_dev.jsonl"
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def fragments(text: str) -> list[str]:
    """Deterministic word-aligned windows of 15-40 characters, one starting every 2nd word."""
    words = text.split()
    out = []
    for i in range(0, len(words), FRAG_STEP):
        j = i + 1
        while j <= len(words) and len(" ".join(words[i:j])) < FRAG_MIN:
            j += 1
        frag = " ".join(words[i:j])
        if FRAG_MIN <= len(frag) <= FRAG_MAX:
            out.append(frag)
    return out


def items(shared_dir: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    gold = load_gold(shared_dir)
    sents = [(r["text"], r["lang"]) for r in gold]
    frags = [(f, r["lang"]) for r in gold for f in fragments(r["text"])]
    return sents, frags


def own_items(data_dir: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Sentences written for this project (`tests/data/langid_{tr,az,en}.txt`): a second set,
    never used to write the word lists, to catch rules that only fit the gold."""
    sents: list[tuple[str, str]] = []
    for lang in ("tr", "az", "en"):
        path = Path(data_dir) / f"langid_{lang}.txt"
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                sents.append((line.strip(), lang))
    return sents, [(f, lang) for t, lang in sents for f in fragments(t)]


def _score(predict, data: list[tuple[str, str]]) -> dict:
    t0 = time.perf_counter()
    preds = [predict(t) for t, _ in data]
    dt = time.perf_counter() - t0
    errors = [(t, g, p) for (t, g), p in zip(data, preds, strict=True) if p != g]
    langs = sorted({g for _, g in data})
    per = {}
    for lang in langs:
        tp = sum(1 for (_, g), p in zip(data, preds, strict=True) if g == lang and p == lang)
        fp = sum(1 for (_, g), p in zip(data, preds, strict=True) if g != lang and p == lang)
        fn = sum(1 for (_, g), p in zip(data, preds, strict=True) if g == lang and p != lang)
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        per[lang] = {"p": pr, "r": rc, "f1": 2 * pr * rc / (pr + rc) if pr + rc else 0.0}
    chars = sum(len(t) for t, _ in data)
    return {
        "n": len(data),
        "accuracy": 1 - len(errors) / len(data) if data else 0.0,
        "per_lang": per,
        "chars_per_s": chars / dt if dt else 0.0,
        "errors": [{"text": t, "gold": g, "pred": p} for t, g, p in errors[:80]],
    }


def evaluate(shared_dir: Path, with_lingua: bool = True, data_dir: Path | None = None) -> dict:
    from pipeline.langid import identify, identify_sentences, lingua_probs
    from pipeline.resources import REPO_ROOT

    sents, frags = items(shared_dir)
    own_sents, own_frags = own_items(data_dir or REPO_ROOT / "tests" / "data")
    sets = {"sentences": sents, "fragments": frags}
    if own_sents:
        sets["own_sentences"] = own_sents
        sets["own_fragments"] = own_frags

    def ours(t: str) -> str:
        return identify(t)[0]

    def lingua_only(t: str) -> str:
        probs = lingua_probs(t)
        return max(probs, key=probs.get) if any(probs.values()) else "und"

    out = {"ours": {k: _score(ours, v) for k, v in sets.items()}}
    # In context: each gold sentence with its document's majority language as the block
    # language (`identify_sentences`): foreign sentences must still flip, names must not.
    gold = load_gold(shared_dir)
    majority: dict[str, str] = {}
    for doc in {r["doc"] for r in gold}:
        langs = [r["lang"] for r in gold if r["doc"] == doc]
        majority[doc] = max(sorted(set(langs)), key=langs.count)
    in_context = {r["text"]: majority[r["doc"]] for r in gold}
    out["ours"]["sentences_in_doc_context"] = _score(
        lambda t: identify_sentences([t], in_context[t])[0][0], sents
    )
    if with_lingua:
        out["lingua"] = {k: _score(lingua_only, v) for k, v in sets.items()}
    return out


def render(metrics: dict) -> str:
    lines = [
        "langid (gold sentences_dev.jsonl; own_* = tests/data/langid_*.txt)",
        f"{'system':<8} {'items':<24} {'n':>5} {'acc':>8} {'F1 tr':>7} {'F1 az':>7} {'F1 en':>7}",
    ]
    for system, res in metrics.items():
        for kind, m in res.items():
            f = {k: v["f1"] for k, v in m["per_lang"].items()}
            lines.append(
                f"{system:<8} {kind:<24} {m['n']:>5} {100 * m['accuracy']:>7.2f}% "
                f"{f.get('tr', 0):>7.3f} {f.get('az', 0):>7.3f} {f.get('en', 0):>7.3f}"
            )
    return "\n".join(lines)
