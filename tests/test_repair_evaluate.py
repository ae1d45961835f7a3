"""The repair scorer: runs on the shared seeds and reports what the issue measures."""

from __future__ import annotations

from pipeline.evaluate.repair import evaluate, render


def test_scorer_on_seeds(shared):
    m = evaluate(shared)
    assert set(m["clean"]) == {"000", "001", "003", "004"}
    assert all(r["edits"] == 0 for r in m["clean"].values())
    d = m["damaged"]["002"]
    assert d["glyphs_before"] > 1000 and d["glyphs_left"] == 0
    assert d["edits_not_on_glyph"] == 0
    assert d["gold_sentences"] > 0 and d["gold_recall"] == 1.0
    table = render(m)
    assert "002 (damaged)" in table and "font_table=" in table
