"""Fast paths of block building must agree with the plain road they stand in for."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.textmap import Edit, MappedText
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
