"""Fast paths of block building must agree with the plain road they stand in for."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.document import _SPACES, Block, build_block
from pipeline.layout.plan import BlockPlan
from pipeline.textmap import Edit, MappedText, shift_offset
from tests.test_textmap import _same_map, text_and_edits


@st.composite
def joined_edits(draw, n: int):
    """Sorted, non-overlapping edits of a text of length ``n``: deletions, replacements and
    (now and then) insertions, adjacent or apart."""
    edits, pos = [], 0
    for _ in range(draw(st.integers(0, 5))):
        if pos > n:
            break
        a = draw(st.integers(pos, n))
        b = draw(st.integers(a, min(n, a + 3)))
        rep = draw(st.sampled_from(["", " ", "XY"]))
        if a == b and not rep:
            continue
        edits.append(Edit(a, b, rep, "t"))
        pos = b if b > a else a + 1
    return edits


@st.composite
def inner_edits(draw, ranges, seps, n: int):
    """Edits inside the ranges (in joined offsets), after the first character of each: the
    shape of footnote marks and runs of white space, where the one-pass road is taken."""
    edits, j = [], 0
    for k, (a, b) in enumerate(ranges):
        a, b = max(a, 0), min(b, n)
        j += len(seps[k - 1]) if k else 0
        size = max(0, b - a)
        pos = j + 1
        while pos < j + size and draw(st.booleans()):
            s = draw(st.integers(pos, j + size - 1))
            e = draw(st.integers(s + 1, min(j + size, s + 3)))
            edits.append(Edit(s, e, draw(st.sampled_from(["", " "])), "t"))
            pos = e + draw(st.integers(0, 2))
        j += size
    return edits


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_join_apply_equals_join_then_apply(data):
    if data.draw(st.booleans()):
        raw, edits = data.draw(text_and_edits())
    else:  # a longer text with long exact copies, where the one-pass road is taken
        raw = data.draw(st.text(alphabet="abcİış \n-.1", min_size=10, max_size=80))
        edits = data.draw(text_and_edits(text=raw))[1][:2]
    mt = MappedText(raw).apply(edits)
    n = len(mt.text)
    if data.draw(st.booleans()):
        mt = mt.slice(1, n - 1)  # a shifted map
        n = len(mt.text)
    cuts = sorted(data.draw(st.lists(st.integers(-1, n + 1), min_size=2, max_size=10)))
    ranges = list(zip(cuts[::2], cuts[1::2]))
    if data.draw(st.booleans()):
        ranges = [(a, b) for a, b in ranges if a < b]
    seps = [data.draw(st.sampled_from(["", " ", "--"])) for _ in ranges[1:]]
    joined = mt.join_ranges(ranges, seps)
    if data.draw(st.booleans()):
        more = data.draw(joined_edits(len(joined.text)))
    else:
        more = data.draw(inner_edits(ranges, seps, n))
    want = joined.apply(more)
    got = mt.join_apply(ranges, seps, more)
    _same_map(got, want)
    assert got._segs == want._segs and got._norm == want._norm


def test_join_apply_one_pass_cases():
    """Hand-made cases where the one-pass road is taken (deletion mid-line and at a line end,
    a replacement, a hyphen join), against the two-step road."""
    raw = "Alpha beta12\n  gamma  delta.3\nepsi-\nlon zeta"
    mt = MappedText(raw).apply([Edit(0, 1, "A", "t")])  # one inexact segment first
    ranges = [(0, 12), (15, 30), (31, 36), (37, 45)]
    seps = [" ", " ", ""]
    joined = mt.join_ranges(ranges, seps)
    jt = joined.text
    cases = [
        [Edit(jt.index("12"), jt.index("12") + 2, "")],
        [Edit(jt.index("  "), jt.index("  ") + 2, " ")],
        [Edit(jt.index("3"), jt.index("3") + 1, "")],
        [
            Edit(jt.index("12"), jt.index("12") + 2, ""),
            Edit(jt.index("  "), jt.index("  ") + 2, " "),
            Edit(jt.index("3"), jt.index("3") + 1, ""),
        ],
    ]
    for edits in cases:
        assert mt._join_apply(ranges, seps, edits) is not None  # the one-pass road
        want = joined.apply(edits)
        got = mt.join_apply(ranges, seps, edits)
        _same_map(got, want)
        assert got._segs == want._segs


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
