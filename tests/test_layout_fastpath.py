"""Shortcuts of block building must agree with the plain road they stand in for."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.document import _SPACES, Block, build_block
from pipeline.layout.plan import BlockPlan
from pipeline.textmap import Edit, MappedText, shift_offset
from tests.test_textmap import _same_map, text_and_edits


def _build_block_reference(text: MappedText, plan) -> Block:
    """``build_block`` the plain way: join the pieces, then delete the marks (found by
    scanning the pieces) and fold white space with one ``apply``."""
    seps = plan.seps
    joined = text.join_ranges(plan.pieces, seps)
    edits: list[Edit] = []
    notes: list[tuple[int, str, str]] = []
    starts, n = [], 0
    for k, (a, b) in enumerate(plan.pieces):
        starts.append(n)
        n += max(0, min(b, len(text.text)) - max(a, 0)) + (len(seps[k]) if k < len(seps) else 0)
    for ms, me, note in plan.marks:
        for (a, b), at in zip(plan.pieces, starts):
            if a <= ms and me <= b:
                edits.append(Edit(at + ms - a, at + me - a, "", "footnote_mark"))
                notes.append((at + ms - a, note, text.text[ms:me]))
                break
    jt = joined.text
    taken = sorted((e.start, e.end) for e in edits)
    for m in _SPACES.finditer(jt):
        if m.group(0) != " " and not any(a < m.end() and m.start() < b for a, b in taken):
            edits.append(Edit(m.start(), m.end(), " ", "whitespace"))
    marks: list[tuple[int, str, str]] = []
    if edits:
        edits.sort(key=lambda e: e.start)
        joined = joined.apply(edits)
        jt = joined.text
        marks = [(shift_offset(pos, edits), note, mark) for pos, note, mark in sorted(notes)]
    lead = len(jt) - len(jt.lstrip())
    body = joined.slice(lead, len(jt.rstrip()))
    marks = [(max(0, min(len(body.text), p - lead)), note, mk) for p, note, mk in marks]
    return Block(plan.kind, plan.page, body, marks=marks)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_build_block_equals_the_plain_way(data):
    """Pieces in text order (as layout makes them) or not, marks inside them, white space
    to fold: the same block text, map and marks as the plain way."""
    raw = data.draw(st.text(alphabet="ab1 \t\u00a0\n.", min_size=1, max_size=80))
    _, edits = data.draw(text_and_edits(text=raw))
    mt = MappedText(raw).apply(edits[:2])
    n = len(mt.text)
    cuts = sorted(data.draw(st.lists(st.integers(0, n), min_size=2, max_size=10)))
    pieces = list(zip(cuts[::2], cuts[1::2]))
    if data.draw(st.booleans()):
        pieces.reverse()
    seps = [data.draw(st.sampled_from(["", " "])) for _ in pieces[1:]]
    marks = []
    for a, b in pieces:
        if b - a >= 2 and data.draw(st.booleans()):
            s = data.draw(st.integers(a, b - 1))
            marks.append((s, data.draw(st.integers(s + 1, b)), "1"))
    plan = BlockPlan("body", 0, pieces, seps, marks=marks)
    got, want = build_block(mt, plan), _build_block_reference(mt, plan)
    _same_map(got.text, want.text)
    assert got.text._segs == want.text._segs
    assert got.marks == want.marks
