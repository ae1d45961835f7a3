"""The dedup command and the dedup scorer."""

from __future__ import annotations

import json
import random
import textwrap
from pathlib import Path

from pipeline.dedup import command
from pipeline.evaluate import dedup as scorer

WORDS = (
    "heyet meclis kongre antlaşma sınır demiryolu liman vapur telgraf komisyon elçilik rapor "
    "committee treaty border railway harbour report meeting delegate envoy komitə müqavilə"
).split()


def page(seed: int) -> list[str]:
    rng = random.Random(seed)
    words = " ".join(rng.choice(WORDS) for _ in range(120))
    return textwrap.wrap(words, 64)


def test_command_reports_repeats_and_duplicate_files(tmp_path: Path, capsys):
    body = page(1) + [""] + page(2) + [""] + page(1) + [""] + page(3)
    text = "\n".join(body) + "\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(text.replace("ə", "e").encode("cp1254"))
    (tmp_path / "c.txt").write_text("\n".join(page(9)) + "\n", encoding="utf-8")
    assert command.main([str(tmp_path), "--json"]) == 0
    recs = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    by_name = {Path(r["file"]).name: r for r in recs}
    rep = by_name["a.txt"]["repeats"]
    n1, n2 = len(page(1)), len(page(2))
    assert [r["lines"] for r in rep] == [[n1 + n2 + 3, 2 * n1 + n2 + 2]]
    assert rep[0]["kept_lines"] == [1, n1]
    start, end = rep[0]["span"]
    assert text[start:end] == "\n".join(page(1)) + "\n"  # offsets into the decoded text
    assert by_name["a.txt"]["duplicate_of"] is None
    assert Path(by_name["b.txt"]["duplicate_of"]).name == "a.txt"
    assert by_name["c.txt"]["duplicate_of"] is None and by_name["c.txt"]["repeats"] == []


def test_command_checks_and_fills_an_index(tmp_path: Path, capsys):
    f = tmp_path / "x.txt"
    f.write_text("\n".join(page(5)) + "\n", encoding="utf-8")
    g = tmp_path / "y.txt"
    g.write_text("\n".join(page(5)).upper() + "\n", encoding="utf-8")
    idx = tmp_path / "out" / "index.sqlite"
    assert command.main([str(f), "--index", str(idx)]) == 0  # read only: nothing added
    assert command.main([str(g), "--index", str(idx)]) == 0
    assert "DUPLICATE" not in capsys.readouterr().out
    assert command.main([str(f), "--index", str(idx), "--add"]) == 0
    capsys.readouterr()
    assert command.main([str(g), "--index", str(idx)]) == 0
    assert f"DUPLICATE OF {f}" in capsys.readouterr().out


def test_scorer_on_seed_001(shared):
    metrics = scorer.evaluate(shared)
    assert metrics["all_lines"]["p"] == 1.0 and metrics["all_lines"]["r"] == 1.0
    assert metrics["first_copy_lines_dropped"] == 0
    table = scorer.render(metrics)
    assert "content_lines" in table and "1.0000" in table
