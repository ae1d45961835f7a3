"""The statistical layer: train a tiny model in seconds and load it the way users do."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from pipeline.ner import EntityTagger
from pipeline.ner import command as train_command
from pipeline.ner.stat import load_model, read_records, silver_from_rules, to_example
from pipeline.ner.tagger import merge
from pipeline.ner.tokenizer import blank

# Sentences written for this test: invented names in the period's style.
TRAIN = [
    ("Vekil Orhun Talay Erzincan’a vardı.", [("Orhun Talay", "PER"), ("Erzincan", "LOC")]),
    ("Orhun Talay raporunu Kars’tan yolladı.", [("Orhun Talay", "PER"), ("Kars", "LOC")]),
    ("Dün Selim Karaoğuz Ardahan’da konuştu.", [("Selim Karaoğuz", "PER"), ("Ardahan", "LOC")]),
    (
        "Selim Karaoğuz ile Orhun Talay görüştü.",
        [("Selim Karaoğuz", "PER"), ("Orhun Talay", "PER")],
    ),
    ("Heyet Trabzon’a döndü.", [("Trabzon", "LOC")]),
    ("Vekil Selim Karaoğuz Batum’a gitti.", [("Selim Karaoğuz", "PER"), ("Batum", "LOC")]),
]


def gold_records() -> list[dict]:
    out = []
    for text, ents in TRAIN:
        es = []
        for surface, label in ents:
            start = text.index(surface)
            es.append(
                {"start": start, "end": start + len(surface), "label": label, "text": surface}
            )
        out.append({"id": f"t-{len(out)}", "lang": "tr", "text": text, "entities": es})
    return out


def write_jsonl(path: Path, records: list[dict]) -> None:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> Path:
    """Train through the command a user runs: `python -m pipeline train ...`."""
    root = tmp_path_factory.mktemp("models")
    gold = root / "gold.jsonl"
    write_jsonl(gold, gold_records())
    silver = root / "silver.txt"
    silver.write_text("Heyet Moskova’ya vardı.\nStalin Bakü’ye gitti.\n", encoding="utf-8")
    parser = argparse.ArgumentParser()
    train_command.configure(parser)
    out = root / "trained" / "ner"
    args = parser.parse_args(
        [
            "--gold",
            str(gold),
            "--silver",
            str(silver),
            "--output",
            str(out),
            "--lang",
            "tr",
            "--iterations",
            "25",
        ]
    )
    assert train_command.run(args) == 0
    return root


def test_training_writes_a_loadable_model(trained):
    out = trained / "trained" / "ner"
    assert (out / "config.cfg").exists()
    stats = json.loads((out / "scanpipe_training.json").read_text(encoding="utf-8"))
    assert stats["gold_sentences"] == len(TRAIN) and stats["silver_sentences"] == 2
    assert stats["losses"][-1] < stats["losses"][0]
    nlp = load_model(out)
    doc = nlp("Orhun Talay raporunu Kars’tan yolladı.")
    assert ("Orhun Talay", "PER") in [(e.text, e.label_) for e in doc.ents]


def test_tagger_uses_the_trained_model_from_models_dir(trained):
    tagger = EntityTagger(models_dir=trained)
    assert tagger.model_path == trained / "trained" / "ner"
    ents = tagger.tag("Selim Karaoğuz ile Orhun Talay görüştü.", "tr")
    got = {(e["text"], e["label"]) for e in ents}
    assert ("Orhun Talay", "PER") in got
    assert any(e["source"] == "model" for e in ents)
    text = "Selim Karaoğuz ile Orhun Talay görüştü."
    assert all(text[e["start"] : e["end"]] == e["text"] for e in ents)


def test_rules_only_when_asked(trained):
    tagger = EntityTagger(models_dir=trained, model=False)
    assert tagger.model_path is None
    ents = tagger.tag("Selim Karaoğuz ile Orhun Talay görüştü.", "tr")
    assert all(e["source"] != "model" for e in ents)


def test_missing_model_path_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        EntityTagger(model=tmp_path / "nothing")


def test_merge_keeps_rules_and_fills_gaps():
    text = "Ankara Hük, Talay Rus ancak bu (Oral,1990:3)"
    rules = [{"start": 0, "end": 6, "label": "LOC", "text": "Ankara"}]

    def ent(surface, label):
        start = text.index(surface)
        return {"start": start, "end": start + len(surface), "label": label, "text": surface}

    model = [
        ent("Ankara Hük", "ORG"),  # overlaps a rule entity
        ent("Talay", "PER"),  # fills a gap
        ent("Rus", "LOC"),  # a nationality word
        ent("ancak", "PER"),  # not capitalised
        ent("Oral", "PER"),  # inside a citation
    ]
    out = merge(rules, model, EntityTagger(model=False)._lex, text)
    assert [e["text"] for e in out] == ["Ankara", "Talay"]


def test_gold_spans_align_with_tokens():
    nlp = blank("tr")
    ex, skipped = to_example(nlp, gold_records()[0])
    assert skipped == 0
    assert [e.text for e in ex.reference.ents] == ["Orhun Talay", "Erzincan"]


def test_silver_records_come_from_the_rules(tmp_path):
    p = tmp_path / "s.jsonl"
    write_jsonl(p, [{"text": "Heyət Bakıda qaldı.", "lang": "az"}])
    recs = silver_from_rules(read_records(p), EntityTagger(model=False))
    assert recs[0]["entities"][0]["text"] == "Bakıda"
