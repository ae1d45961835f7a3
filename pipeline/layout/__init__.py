"""Layout (first version): pages from form feeds, paragraphs from blank lines."""

from __future__ import annotations

from dataclasses import dataclass, field

import regex


@dataclass
class BlockPlan:
    kind: str
    page: int
    pieces: list[tuple[int, int]]
    seps: list[str]
    lang: str | None = None
    note_id: str | None = None
    rows: list[list[str]] | None = None
    marks: tuple = ()


@dataclass
class LayoutPlan:
    blocks: list[BlockPlan] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def find_pages(text: str) -> list[tuple[int, int]]:
    out, a = [], 0
    for m in regex.finditer("\f", text):
        out.append((a, m.start()))
        a = m.end()
    out.append((a, len(text)))
    return out


def plan_layout(text, pages, skip) -> LayoutPlan:
    plan = LayoutPlan()
    for pno, (pa, pb) in enumerate(pages, 1):
        pieces: list[tuple[int, int]] = []
        seps: list[str] = []
        for m in regex.finditer(r"(?m)^[^\n]*$", text[pa:pb]):
            a, b = pa + m.start(), pa + m.end()
            if not text[a:b].strip():
                if pieces:
                    plan.blocks.append(BlockPlan("body", pno, pieces, seps))
                pieces, seps = [], []
                continue
            if pieces:
                pa_, pb_ = pieces[-1]
                line = text[pa_:pb_].rstrip()
                hyph = regex.search(r"\p{Ll}-$", line) and regex.match(r"\s*\p{Ll}", text[a:b])
                if hyph:
                    pieces[-1] = (pa_, pa_ + len(line) - 1)
                seps.append("" if hyph else " ")
            pieces.append((a, b))
        if pieces:
            plan.blocks.append(BlockPlan("body", pno, pieces, seps))
    return plan
