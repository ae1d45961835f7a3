"""The statistical layer: a spaCy NER model trained on gold JSONL and rule-made silver data.

Why: rules know the period's names and name shapes; a model learns from context (a name after
"başkanlığında", a surname used alone) and covers what lists and patterns miss. Gold comes in
the format of ``../shared/gold`` (``text`` + ``entities`` with character offsets); silver is
unlabelled text that the rule layer annotates (``.jsonl`` with ``text``/``lang`` keys, or
plain text with one sentence a line). The model uses the same tokenizer as the rules, so the
apostrophe suffix is its own token and spans line up with the guidelines.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterable
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import filter_spans, fix_random_seed, minibatch

from pipeline.ner.lexicon import LABELS
from pipeline.ner.tokenizer import blank, make_tokenizer


def read_records(path: str | Path, default_lang: str = "tr") -> list[dict]:
    """Sentence records from gold/silver JSONL, or texts (one a line) from a plain file."""
    path = Path(path)
    out = []
    with open(path, encoding="utf-8-sig") as f:
        if path.suffix == ".jsonl":
            for line in f:
                if line.strip():
                    rec = json.loads(line)
                    rec.setdefault("lang", default_lang)
                    out.append(rec)
        else:
            for line in f:
                if line.strip():
                    out.append({"text": line.rstrip("\n"), "lang": default_lang})
    return out


def silver_from_rules(records: Iterable[dict], tagger=None) -> list[dict]:
    """Annotate unlabelled records with the rule layer (existing ``entities`` are replaced)."""
    from pipeline.ner.tagger import EntityTagger

    tagger = tagger or EntityTagger(model=False)
    records = list(records)
    tagged = tagger.tag_many((r["text"], r.get("lang", "tr")) for r in records)
    return [
        {"text": r["text"], "lang": r.get("lang", "tr"), "entities": ents}
        for r, ents in zip(records, tagged, strict=True)
    ]


def to_example(nlp: Language, rec: dict) -> tuple[Example, int]:
    """A training example; returns it with the number of gold spans that did not align."""
    doc = nlp.make_doc(rec["text"])
    spans, skipped = [], 0
    for e in rec.get("entities", []):
        if e["label"] not in LABELS:
            continue
        span = doc.char_span(e["start"], e["end"], label=e["label"], alignment_mode="strict")
        if span is None:
            skipped += 1
            continue
        spans.append(span)
    ref = Doc(doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])
    ref.ents = [
        ref.char_span(s.start_char, s.end_char, label=s.label_) for s in filter_spans(spans)
    ]
    return Example(doc, ref), skipped


def train(
    gold: list[dict],
    silver: list[dict],
    output: str | Path,
    lang: str = "tr",
    iterations: int = 20,
    seed: int = 0,
    dropout: float = 0.2,
    log=print,
) -> dict:
    """Train a spaCy NER model and save it to ``output``; returns training statistics."""
    fix_random_seed(seed)
    nlp = blank(lang)
    ner = nlp.add_pipe("ner")
    for label in LABELS:
        ner.add_label(label)
    examples, skipped = [], 0
    for rec in list(gold) + list(silver):
        ex, sk = to_example(nlp, rec)
        examples.append(ex)
        skipped += sk
    if not examples:
        raise ValueError("no training examples")
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    t0 = time.perf_counter()
    losses_per_iter = []
    for it in range(iterations):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=16):
            nlp.update(batch, drop=dropout, sgd=optimizer, losses=losses)
        losses_per_iter.append(round(float(losses.get("ner", 0.0)), 3))
        log(f"iteration {it + 1}/{iterations}: loss {losses_per_iter[-1]}")
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output)
    stats = {
        "lang": lang,
        "gold_sentences": len(gold),
        "silver_sentences": len(silver),
        "unaligned_spans_skipped": skipped,
        "iterations": iterations,
        "losses": losses_per_iter,
        "seconds": round(time.perf_counter() - t0, 2),
    }
    (output / "scanpipe_training.json").write_text(json.dumps(stats, indent=2), encoding="utf-8")
    return stats


def load_model(path: str | Path) -> Language:
    """Load a trained model and give it our tokenizer (the one the rules and training use)."""
    nlp = spacy.load(path)
    nlp.tokenizer = make_tokenizer(nlp)
    return nlp
