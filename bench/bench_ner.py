"""Entity tagger benchmark: throughput, and the statistical layer scored without leakage.

    PYTHONPATH=. python bench/bench_ner.py [--iterations 15] [--silver 200] [--skip-model]
    PYTHONPATH=. python bench/bench_ner.py --ablate

1. Throughput of ``EntityTagger.tag_many`` (rules only) on the gold sentences, repeated.
2. Leave-one-document-out over ``../shared/gold/sentences_dev.jsonl``: for each seed document,
   a spaCy model is trained on the gold sentences of the OTHER documents (plus rule-made silver
   sentences from the other seeds' raw text) and scored on the held-out document: model alone,
   rules alone, and rules + model (the merge ``EntityTagger`` uses). The gold never scores a
   model that saw it.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

from pipeline.evaluate.entities import LABELS, prf, read_gold, score
from pipeline.ner import EntityTagger
from pipeline.ner.stat import load_model, silver_from_rules, train
from pipeline.ner.tagger import merge, model_entities
from pipeline.resources import shared_dir

SEED_LANG = {"000": "tr", "001": "tr", "002": "tr", "003": "az", "004": "tr"}


def rough_sentences(path: Path) -> list[str]:
    """Unlabelled sentences of a seed for silver data (a crude split is enough here)."""
    text = path.read_text(encoding="utf-8")
    if path.name.startswith("002"):
        text = text.replace("Ġ", "İ").replace("Ģ", "ş").replace("ġ", "Ş")
    text = re.sub(r"-\n(?=[a-zçğıöşü])", "", text).replace("\n", " ")
    parts = re.split(r"(?<=[.!?])\s+(?=[A-ZÇĞİÖŞÜ\"“])", text)
    return [re.sub(r"\s+", " ", p).strip() for p in parts if 40 <= len(p) <= 400]


def throughput(tagger: EntityTagger, gold: list[dict], repeat: int = 10) -> dict:
    """Wall-clock and CPU-time rates (the machine is shared: CPU time is the steadier one)."""
    items = [(r["text"], r["lang"]) for r in gold] * repeat
    t0, c0 = time.perf_counter(), time.process_time()
    n = sum(1 for _ in tagger.tag_many(items))
    dt, dc = time.perf_counter() - t0, time.process_time() - c0
    chars = sum(len(t) for t, _ in items)
    return {
        "sentences": n,
        "wall_s": round(dt, 2),
        "cpu_s": round(dc, 2),
        "sentences_per_s_wall": round(n / dt, 1),
        "sentences_per_s_cpu": round(n / dc, 1),
        "kb_per_s_cpu": round(chars / 1024 / dc, 1),
    }


def combine(parts: list[dict]) -> dict:
    out = {}
    for lab in (*LABELS, "micro"):
        tp = sum(p["labels"][lab]["tp"] if lab != "micro" else p["micro"]["tp"] for p in parts)
        fp = sum(p["labels"][lab]["fp"] if lab != "micro" else p["micro"]["fp"] for p in parts)
        fn = sum(p["labels"][lab]["fn"] if lab != "micro" else p["micro"]["fn"] for p in parts)
        out[lab] = prf(tp, fp, fn)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--iterations", type=int, default=15)
    ap.add_argument("--silver", type=int, default=200, help="silver sentences per fold")
    ap.add_argument("--skip-model", action="store_true")
    args = ap.parse_args()
    shared = shared_dir()
    if shared is None:
        print("../shared is not present", file=sys.stderr)
        return 1
    gold = read_gold(shared / "gold" / "sentences_dev.jsonl")
    t0 = time.perf_counter()
    rules = EntityTagger(model=False)
    rules.tag("Ankara", "tr")
    print(f"startup (lists + matchers): {time.perf_counter() - t0:.1f} s")
    print("throughput (rules):", throughput(rules, gold))
    if args.skip_model:
        return 0
    seeds = {p.name[:3]: p for p in sorted((shared / "seeds").glob("*.txt"))}
    docs = sorted({r["doc"][:3] for r in gold})
    res = {"model": [], "rules": [], "rules+model": []}
    for d in docs:
        train_gold = [r for r in gold if r["doc"][:3] != d]
        test = [r for r in gold if r["doc"][:3] == d]
        silver_in = []
        for k, p in seeds.items():
            if k != d:
                sents = rough_sentences(p)[: args.silver // max(1, len(seeds) - 1)]
                silver_in += [{"text": s, "lang": SEED_LANG.get(k, "tr")} for s in sents]
        silver = silver_from_rules(silver_in, rules)
        with tempfile.TemporaryDirectory() as tmp:
            t1 = time.perf_counter()
            train(
                train_gold, silver, tmp, lang="tr", iterations=args.iterations, log=lambda m: None
            )
            nlp = load_model(tmp)
            texts = [r["text"] for r in test]
            m_ents = [model_entities(doc) for doc in nlp.pipe(texts)]
            r_ents = list(rules.tag_many((r["text"], r["lang"]) for r in test))
            merged = [
                merge(a, b, rules._lex, r["text"])
                for a, b, r in zip(r_ents, m_ents, test, strict=True)
            ]
            res["model"].append(score(test, m_ents))
            res["rules"].append(score(test, r_ents))
            res["rules+model"].append(score(test, merged))
            print(
                f"fold {d}: {len(train_gold)} gold + {len(silver)} silver, "
                f"{time.perf_counter() - t1:.0f} s; micro F1 model "
                f"{res['model'][-1]['micro']['f1']:.3f} rules "
                f"{res['rules'][-1]['micro']['f1']:.3f} merged "
                f"{res['rules+model'][-1]['micro']['f1']:.3f}"
            )
    print("\nleave-one-document-out, exact spans (P / R / F1)")
    print("| system | " + " | ".join((*LABELS, "micro")) + " |")
    print("|---|" + "---|" * (len(LABELS) + 1))
    for name, parts in res.items():
        c = combine(parts)
        cells = [
            f"{c[k]['precision']:.2f} / {c[k]['recall']:.2f} / {c[k]['f1']:.3f}"
            for k in (*LABELS, "micro")
        ]
        print(f"| {name} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__" and "--ablate" not in sys.argv:
    raise SystemExit(main())


def ablation() -> None:
    """Dev scores with the hand-written gazetteers removed, one file at a time and all five.

    A rough guide to how much the held-out score leans on lists versus patterns: each run
    copies ``models/`` with the named files emptied and evaluates in a fresh process (the
    list readers cache by file name).
    """
    import json as _json
    import os
    import shutil
    import subprocess

    from pipeline.resources import models_dir

    cases = [[f"{lab.lower()}.tsv"] for lab in LABELS] + [[f"{x.lower()}.tsv" for x in LABELS]]
    print("\nablation (rules only, dev gold): micro F1 and per-label F1")
    for files in [[]] + cases:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "models"
            shutil.copytree(models_dir(), root, ignore=shutil.ignore_patterns("trained"))
            for f in files:
                (root / "gazetteers" / f).write_text("", encoding="utf-8")
            code = (
                "import json; from pipeline.evaluate.entities import evaluate;"
                "from pipeline.resources import shared_dir;"
                "m = evaluate(shared_dir(), model=False);"
                "print(json.dumps({k: v['f1'] for k, v in m['labels'].items()} | "
                "{'micro': m['micro']['f1']}))"
            )
            env = dict(os.environ, SCANPIPE_MODELS=str(root), PYTHONPATH=".")
            out = subprocess.run(
                [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
            )
            scores = _json.loads(out.stdout.strip().splitlines()[-1])
            name = "+".join(files) if files else "all lists"
            cells = " ".join(f"{k} {v:.3f}" for k, v in scores.items())
            print(f"- without {name}: {cells}" if files else f"- {name}: {cells}")


if __name__ == "__main__" and "--ablate" in sys.argv:
    ablation()
