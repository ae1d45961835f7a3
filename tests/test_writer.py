"""The writer's fast paths give what the general MappedText queries give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.textmap import Edit, MappedText
from pipeline.writer import raw_parts


def _reference_parts(text: MappedText, raw: str) -> list[list[int]]:
    """raw_parts written plainly over the public ``segments``."""
    clean = text.text
    ranges: list[list[int]] = []
    for seg in text.segments:
        if seg.re <= seg.rs:
            continue
        if not seg.exact and not clean[seg.cs : seg.ce].strip() and raw[seg.rs : seg.re].strip():
            continue
        if ranges and seg.rs <= ranges[-1][1]:
            ranges[-1][1] = max(ranges[-1][1], seg.re)
        elif ranges and not raw[ranges[-1][1] : seg.rs].replace("-", "").strip():
            ranges[-1][1] = seg.re
        else:
            ranges.append([seg.rs, seg.re])
    return ranges


@st.composite
def edited(draw: st.DrawFn) -> tuple[str, MappedText]:
    raw = draw(st.text(alphabet="ab -\n.", min_size=1, max_size=40))
    edits, pos = [], 0
    while pos < len(raw):
        start = draw(st.integers(pos, len(raw)))
        end = draw(st.integers(start, min(len(raw), start + 3)))
        if start == len(raw):
            break
        edits.append(Edit(start, end, draw(st.sampled_from(["", " ", "x", "\n", "yz"]))))
        pos = end + 1
    return raw, MappedText(raw).apply(edits)


@settings(max_examples=300, deadline=None)
@given(edited(), st.data())
def test_span_and_parts_of_slices(case: tuple[str, MappedText], data: st.DataObject) -> None:
    raw, mt = case
    a = data.draw(st.integers(0, len(mt)))
    b = data.draw(st.integers(a, len(mt)))
    piece = mt.slice(a, b)  # a slice shares its parent's segments, shifted
    assert raw_parts(piece, raw) == _reference_parts(piece, raw)


def test_parts_split_at_an_interruption() -> None:
    raw = "first line\nFOOTER 12\nsecond line"
    mt = MappedText(raw).apply([Edit(10, 21, " ")])
    assert mt.text == "first line second line"
    assert raw_parts(mt, raw) == [[0, 10], [21, 32]]
