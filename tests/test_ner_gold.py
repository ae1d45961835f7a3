"""Entity quality on the shared gold (read from ../shared, never copied)."""

from __future__ import annotations

import json

from pipeline.evaluate import entities as scorer
from pipeline.ner import EntityTagger


def test_gold_targets(shared):
    m = scorer.evaluate(shared, model=False)
    assert m["micro"]["f1"] >= 0.85
    for label, s in m["labels"].items():
        assert s["f1"] >= 0.75, label
    assert "micro" in scorer.render(m)


def test_scorer_counts_exact_spans():
    gold = [
        {
            "text": "Ankara ve Bakü",
            "entities": [
                {"start": 0, "end": 6, "label": "LOC", "text": "Ankara"},
                {"start": 10, "end": 14, "label": "LOC", "text": "Bakü"},
            ],
        }
    ]
    pred = [
        [
            {"start": 0, "end": 6, "label": "LOC", "text": "Ankara"},
            {"start": 10, "end": 13, "label": "LOC", "text": "Bak"},
        ]
    ]
    m = scorer.score(gold, pred)
    assert m["micro"]["tp"] == 1 and m["micro"]["fp"] == 1 and m["micro"]["fn"] == 1


def test_offsets_on_every_gold_sentence(shared):
    tagger = EntityTagger(model=False)
    with open(shared / "gold" / "sentences_dev.jsonl", encoding="utf-8") as f:
        recs = [json.loads(line) for line in f]
    ents_all = tagger.tag_many((r["text"], r["lang"]) for r in recs)
    for rec, ents in zip(recs, ents_all, strict=True):
        for e in ents:
            assert rec["text"][e["start"] : e["end"]] == e["text"]
            assert e["text"].startswith(e["norm"][:1])
