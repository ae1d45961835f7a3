"""The fast paths of the within-document detector give exactly what the plain computations give."""

from __future__ import annotations

import unicodedata

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dedup.normalize import _nfkc, split_lines
from pipeline.dedup.repeats import _covered, _covered_per_line

# Characters that NFKC changes or composes: ligatures, an ellipsis, a Kelvin sign, combining
# marks (in and out of canonical order), Hangul jamo, full-width and astral letters.
_TRICKY = "ﬁ…K\u0301\u0327\u0323\u0307ᄀ\u1161\u11a8Ａ\U0001d400ıİşé"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \n\r") + list(_TRICKY)), max_size=40))
def test_nfkc_by_lines_is_nfkc(text: str) -> None:
    assert _nfkc(text) == unicodedata.normalize("NFKC", text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab\n\r")), max_size=30))
def test_line_count_matches_split_lines(text: str) -> None:
    n = text.count("\n") + text.count("\r") - text.count("\r\n")
    n += 0 if not text or text.endswith(("\n", "\r")) else 1
    assert n == len(split_lines(text))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(0, 12), min_size=1, max_size=25),
    st.integers(1, 8),
    st.data(),
)
def test_sparse_coverage_equals_dense(llen: list[int], k: int, data: st.DataObject) -> None:
    n = sum(llen)
    if n < k:
        return
    m = n - k + 1
    marked = np.array(data.draw(st.lists(st.booleans(), min_size=m, max_size=m)), dtype=bool)
    lens = np.array(llen, dtype=np.int64)
    sstart = np.zeros(len(lens), dtype=np.int64)
    np.cumsum(lens[:-1], out=sstart[1:])
    csum = np.concatenate(([0], np.cumsum(_covered(marked, k), dtype=np.int64)))
    dense = csum[sstart + lens] - csum[sstart]
    line_of_char = np.repeat(np.arange(len(lens), dtype=np.int64), lens)
    sparse = _covered_per_line(np.flatnonzero(marked), k, sstart, line_of_char)
    assert dense.tolist() == sparse.tolist()
