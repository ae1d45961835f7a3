"""The provenance map: whatever edits do, offsets stay monotone, inside the input, and
unchanged stretches map back to identical text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.textmap import Edit, MappedText, _merge, shift_offset

ALPHABET = "abcİış \n-.1"


@st.composite
def text_and_edits(draw, text=None):
    if text is None:
        text = draw(st.text(alphabet=ALPHABET, min_size=0, max_size=60))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=10)))
    edits, pos = [], 0
    for a, b in zip(cuts[::2], cuts[1::2]):
        if a < pos:
            continue
        rep = draw(st.text(alphabet="XYZ ", max_size=4))
        if a == b and not rep:
            continue
        edits.append(Edit(a, b, rep, "t"))
        pos = b if b > a else a + 1
    return text, [e for e in edits if e.start <= len(text)]


def _check_invariants(mt: MappedText, raw: str) -> None:
    n = len(mt.text)
    starts = [mt.raw_offset(i) for i in range(n + 1)]
    ends = [mt.raw_offset(i, end=True) for i in range(n + 1)]
    assert starts == sorted(starts), "start offsets not monotone"
    assert ends == sorted(ends), "end offsets not monotone"
    assert all(0 <= r <= len(raw) for r in starts + ends)
    for i in range(n):
        a, b = mt.raw_span(i, i + 1)
        assert a <= b
    for s in mt.segments:
        if s.exact:
            assert mt.text[s.cs : s.ce] == raw[s.rs : s.re]
            mid = (s.cs + s.ce) // 2
            a, b = mt.raw_span(s.cs, mid)
            assert raw[a:b] == mt.text[s.cs : mid]


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_random_edit_chains_keep_the_map_sound(data):
    raw, edits = data.draw(text_and_edits())
    mt = MappedText(raw)
    for _ in range(data.draw(st.integers(1, 3))):
        mt = mt.apply(edits)
        _check_invariants(mt, raw)
        _, edits = data.draw(text_and_edits(text=mt.text))
    # every raw character is still accounted for by some segment
    covered = set()
    for s in mt.segments:
        covered.update(range(s.rs, s.re))
    if mt.text:
        assert covered >= set(range(mt.segments[0].rs, mt.segments[-1].re))


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_slices_and_concat_keep_the_map_sound(data):
    raw, edits = data.draw(text_and_edits())
    mt = MappedText(raw).apply(edits)
    n = len(mt.text)
    cuts = sorted(data.draw(st.lists(st.integers(0, n), min_size=2, max_size=6)))
    pieces = [mt.slice(a, b) for a, b in zip(cuts, cuts[1:])]
    for p in pieces:
        _check_invariants(p, raw)
    joined = MappedText.concat(pieces, " ")
    _check_invariants(joined, raw)
    assert joined.text == " ".join(p.text for p in pieces)


def test_deleted_characters_stay_inside_the_span():
    raw = "etmişti.1 Sonra"
    mt = MappedText(raw).apply([Edit(8, 9, "", "footnote_mark")])
    assert mt.text == "etmişti. Sonra"
    a, b = mt.raw_span(0, 8)
    assert raw[a:b] == "etmişti.1"  # the removed mark is still covered
    a, b = mt.raw_span(9, 14)
    assert raw[a:b] == "Sonra"


def test_replacement_maps_to_whole_raw_stretch():
    raw = "BAĞLAN-\nTI ve"
    mt = MappedText(raw).apply([Edit(6, 8, "", "dehyphenate")])
    assert mt.text == "BAĞLANTI ve"
    assert raw[slice(*mt.raw_span(0, 8))] == "BAĞLAN-\nTI"
    assert raw[slice(*mt.raw_span(9, 11))] == "ve"


def test_shift_offset():
    edits = [Edit(2, 4, "", "d"), Edit(6, 6, "XX", "i"), Edit(8, 10, "Y", "r")]
    assert shift_offset(0, edits) == 0
    assert shift_offset(3, edits) == 2  # inside a deletion: lands where it was
    assert shift_offset(5, edits) == 3
    assert shift_offset(7, edits) == 7
    assert shift_offset(9, edits) == 8
    assert shift_offset(11, edits) == 10


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_join_ranges_equals_concat_of_slices(data):
    raw, edits = data.draw(text_and_edits())
    mt = MappedText(raw).apply(edits)
    n = len(mt.text)
    ranges = [
        tuple(sorted(data.draw(st.tuples(st.integers(-2, n + 2), st.integers(-2, n + 2)))))
        for _ in range(data.draw(st.integers(0, 5)))
    ]
    seps = [data.draw(st.sampled_from(["", " ", "--"])) for _ in ranges[1:]]
    want = MappedText.concat([mt.slice(a, b) for a, b in ranges], seps)
    got = mt.join_ranges(ranges, seps)
    assert got.text == want.text
    assert got.segments == want.segments
    assert got.raw_span(0, len(got.text)) == want.raw_span(0, len(want.text))


def _same_map(got: MappedText, want: MappedText) -> None:
    """Same text, same public segments, and every offset maps the same way."""
    assert got.text == want.text
    assert got.segments == want.segments
    for i in range(-1, len(got.text) + 2):
        assert got.raw_offset(i) == want.raw_offset(i)
        assert got.raw_offset(i, end=True) == want.raw_offset(i, end=True)


def _rebuilt(mt: MappedText) -> MappedText:
    """The same map given to the constructor: not trusted, so it takes the general road
    (segments rebased and merged on every slice) that the shared-segment slices must match."""
    return MappedText(mt.text, mt.segments)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_shared_segment_slices_equal_the_general_road(data):
    raw, edits = data.draw(text_and_edits())
    mt = MappedText(raw).apply(edits)
    ref = _rebuilt(mt)
    for _ in range(data.draw(st.integers(1, 3))):  # slices of slices keep their shift
        n = len(mt.text)
        a, b = sorted(data.draw(st.tuples(st.integers(-2, n + 2), st.integers(-2, n + 2))))
        mt, ref = mt.slice(a, b), ref.slice(a, b)
        _same_map(mt, ref)
        _check_invariants(mt, raw)
    # a shifted slice still composes: apply, join and concat see rebased offsets
    _, more = data.draw(text_and_edits(text=mt.text))
    _same_map(mt.apply(more), ref.apply(more))
    n = len(mt.text)
    ranges = [(0, n // 2), (n // 2, n)]
    _same_map(mt.join_ranges(ranges, [" "]), ref.join_ranges(ranges, [" "]))
    _same_map(MappedText.concat([mt, mt], "|"), MappedText.concat([ref, ref], "|"))


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_apply_without_deletions_leaves_nothing_to_merge(data):
    """``apply`` skips ``_merge`` when no edit deletes: its map must be the merged one."""
    raw, edits = data.draw(text_and_edits())
    mt = MappedText(raw).apply(edits)
    n = len(mt.text)
    for base in (mt, _rebuilt(mt), mt.slice(1, n - 1)):
        _, more = data.draw(text_and_edits(text=base.text))
        got = base.apply([e for e in more if e.replacement])
        assert got._segs == _merge(list(got._segs))
        _check_invariants(got, raw)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_slices_equal_one_slice_at_a_time(data):
    """The batch ``slices`` (sentences of a block) must give what ``slice`` gives the old way:
    the general road (a rebuilt map) rebases and merges every segment."""
    raw, edits = data.draw(text_and_edits())
    mt = MappedText(raw).apply(edits)
    n = len(mt.text)
    spans = [
        tuple(sorted(data.draw(st.tuples(st.integers(-2, n + 2), st.integers(-2, n + 2)))))
        for _ in range(data.draw(st.integers(0, 5)))
    ]
    for base, ref in ((mt, _rebuilt(mt)), (mt.slice(1, n - 1), _rebuilt(mt).slice(1, n - 1))):
        got = base.slices(spans)
        assert len(got) == len(spans)
        for piece, (a, b) in zip(got, spans):
            _same_map(piece, ref.slice(a, b))
            _check_invariants(piece, raw)
