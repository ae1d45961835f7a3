"""Layout on the real seeds, scored against the shared gold (read through fixtures)."""

from __future__ import annotations

import bisect
import json
import re

import pytest

from pipeline.evaluate import blocks as blocks_eval
from pipeline.evaluate import footnotes as footnotes_eval
from pipeline.evaluate.blocks import prepare_text
from pipeline.layout import find_pages, plan_layout


def _joined(text: str, block, drop_marks: bool) -> str:
    """Pieces joined by seps (marks optionally removed), all white space removed."""
    marks = sorted(block.marks) if drop_marks else []
    out = []
    for k, (a, b) in enumerate(block.pieces):
        pos = a
        for s, e, _ in marks:
            if a <= s < b:
                out.append(text[pos:s])
                pos = e
        out.append(text[pos:b])
        if k < len(block.seps):
            out.append(block.seps[k])
    return re.sub(r"\s+", "", "".join(out))


def _line_starts(text: str) -> list[int]:
    return [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]


def _skip_from_gold(shared, doc: str, text: str) -> list[tuple[int, int]]:
    """Seed 001's repeated pages as dedup would drop them (gold/pages_001.json)."""
    path = shared / "gold" / f"pages_{doc[:3]}.json"
    if not path.exists():
        return []
    starts = _line_starts(text)
    out = []
    for r in json.loads(path.read_text(encoding="utf-8")):
        a, b = r["repeat"]
        out.append((starts[a - 1], starts[b] if b < len(starts) else len(text)))
    return out


@pytest.fixture(scope="module")
def seed_texts(seeds):
    return {k: (p.name, prepare_text(p.read_text(encoding="utf-8"))) for k, p in seeds.items()}


def test_block_kinds_against_gold(shared):
    m = blocks_eval.evaluate(shared)
    for kind, s in m["kinds"].items():
        assert s["precision"] >= 0.95, (kind, s)
        assert s["recall"] >= 0.95, (kind, s)
    assert "heading" in blocks_eval.render(m)


def test_footnote_refs_linked(shared):
    m = footnotes_eval.evaluate(shared)
    assert m["linked_rate"] >= 0.95, footnotes_eval.render(m)


def test_gold_sentences_whole_in_one_block(shared, seed_texts):
    """Every gold sentence (those that straddle page breaks and notes included) lies whole in
    one block's joined text, white space ignored and footnote marks kept as gold keeps them."""
    gold = [
        json.loads(line)
        for line in (shared / "gold" / "sentences_dev.jsonl")
        .read_text(encoding="utf-8")
        .split("\n")
        if line.strip()
    ]
    by_doc: dict[str, list[dict]] = {}
    for g in gold:
        by_doc.setdefault(g["doc"], []).append(g)
    failures = []
    for name, text in seed_texts.values():
        if name not in by_doc:
            continue
        plan = plan_layout(text, find_pages(text), _skip_from_gold(shared, name, text))
        with_marks = [_joined(text, b, False) for b in plan.blocks]
        for g in by_doc[name]:
            want = re.sub(r"\s+", "", g["text"])
            if not any(want in j for j in with_marks):
                failures.append(g["id"])
    assert not failures, failures


def test_bodies_hold_no_notes_numbers_or_margin_text(shared, seed_texts):
    gold = json.loads((shared / "gold" / "blocks.json").read_text(encoding="utf-8"))
    for name, text in seed_texts.values():
        starts = _line_starts(text)
        lines = text.split("\n")
        plan = plan_layout(text, find_pages(text), [])

        def line_no(pos: int, starts: list[int] = starts) -> int:
            return bisect.bisect_right(starts, pos)

        note_lines = {
            n
            for sp in gold.get(name, [])
            if sp["kind"] == "footnote"
            for n in range(sp["lines"][0], sp["lines"][1] + 1)
        }
        covered: dict[int, str] = {}
        for blk in plan.blocks:
            for a, b in blk.pieces:
                if b > a:
                    for n in range(line_no(a), line_no(b - 1) + 1):
                        covered[n] = blk.kind
        body_lines = {n for n, k in covered.items() if k == "body"}
        assert not body_lines & note_lines, (name, sorted(body_lines & note_lines)[:5])
        for n, line in enumerate(lines, 1):
            s = line.strip()
            isolated = (n == 1 or not lines[n - 2].strip()) and (
                n == len(lines) or not lines[n].strip()
            )
            if re.fullmatch(r"\d{1,4}", s) and isolated:
                assert n not in covered, (name, n, "page number in a block")
        # a column of one- to three-character fragments is margin text, never a block
        run: list[int] = []
        for n, line in enumerate(lines + ["a long closing line"], 1):
            s = line.strip()
            if not s or len(s.replace(" ", "")) <= 3:
                if s:
                    run.append(n)
                continue
            if len(run) >= 6:
                assert not set(run) & set(covered), (name, run[:3])
            run = []


def test_counts_report_dropped_furniture(seed_texts):
    name, text = seed_texts["001"]
    plan = plan_layout(text, find_pages(text), [])
    assert plan.counts.get("page_number", 0) >= 1
    assert plan.counts.get("running_header", 0) >= 1
