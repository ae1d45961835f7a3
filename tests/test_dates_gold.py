"""The dates scorer on the shared gold (skipped when ../shared is absent)."""

from __future__ import annotations

import json

from pipeline.dates import find_dates
from pipeline.evaluate import dates as scorer


def test_gold_span_f1_and_value_accuracy(shared):
    m = scorer.evaluate(shared)
    ours = m["ours"]
    assert ours["f1"] >= 0.95, scorer.render(m)
    assert ours["value_accuracy"] >= 0.95, scorer.render(m)
    text = scorer.render(m)
    assert "ours" in text and "dateparser" in text


def test_gold_offsets_point_into_the_sentence(shared):
    with open(shared / "gold" / "sentences_dev.jsonl", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            for d in find_dates(row["text"], row["lang"]):
                assert row["text"][d["start"] : d["end"]] == d["text"]


def test_scorer_counts_errors(tmp_path):
    """The scorer must see a wrong span and a wrong value (so it can fail)."""
    gold = tmp_path / "gold"
    gold.mkdir()
    rows = [
        {"id": "x-1", "lang": "tr", "text": "Heyet 16 Mart 1921'de geldi.",
         "dates": [{"start": 6, "end": 18, "text": "16 Mart 1921", "value": "1921-03-17"}]},
        {"id": "x-2", "lang": "tr", "text": "Heyet 1921 yılında geldi.",
         "dates": [{"start": 6, "end": 10, "text": "1921", "value": "1921"}]},
    ]  # fmt: skip
    (gold / "sentences_dev.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8"
    )
    m = scorer.evaluate(tmp_path)["ours"]
    assert (m["tp"], m["fp"], m["fn"]) == (1, 1, 1)
    assert m["value_accuracy"] == 0.0
