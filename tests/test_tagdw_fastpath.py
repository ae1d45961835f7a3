"""Fast paths of the dates, writer and dedup stages agree with the slow ones they skip.

Each fast path proves that some work cannot change the answer and skips it; these tests run
both roads on text written for the tests (no seed text) and compare the answers exactly.
"""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import pipeline.dates as dates
from pipeline.dates import find_dates
from pipeline.dates.grammar import grammar

_PIECES = [
    "Mart ", "Martında ", "mart", "MART", "Mayıs'ta ", "may ", "May ", "mayın ", "dekabr ",
    "Teşrin-i Evvel ", "Teşrin ", "Teşrini Evvel", "Kânun-ı Sani ", "Kanun-u Evvel ", "Birinci ",
    "Son Kânun ", "İkinci Teşrin ", "Oca. ", "Ağus.", "Sept. ", "March ", "of ", "spring ",
    "yazında ", "ilkbahar ", "qışda ", "güz", "kış", "bahar", "de ", "bir ", "ve ", "ile ",
    "1921", "1336", "16", "3", "22", "1930'lar", "1920s", "1918-ci", " ildə", " yılında", " R.",
    "H. ", "(1920)", "-", "–", "/", ".", ",", " ", "\n", "'", "’", "(", ")", "s. ", "ay ", "x",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES), max_size=30).map("".join),
    st.sampled_from(["tr", "az", "en", "und"]),
)
def test_word_cue_precheck_changes_no_answer(text, lang):
    """``find_dates`` with the month-word precheck equals it with the precheck disabled."""
    fast = find_dates(text, lang)
    orig = dates._has_word_cue
    dates._has_word_cue = lambda g, t, ws, we: True
    try:
        slow = find_dates(text, lang)
    finally:
        dates._has_word_cue = orig
    assert fast == slow


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES), max_size=20).map("".join),
    st.sampled_from(["tr", "az", "en", "any"]),
)
def test_word_cue_is_true_wherever_a_month_or_season_word_matches(text, key):
    g = grammar(key)
    pos = 0
    while (m := g.word_re.search(text, pos)) is not None:
        assert dates._has_word_cue(g, text, m.start(), len(text)), (text, m)
        pos = m.start() + 1


@pytest.mark.parametrize("key", ["tr", "az", "en", "any"])
def test_month_and_season_words_start_with_a_letter(key):
    """The precheck assumes a match of ``word_re`` starts with a letter (at a letter run)."""
    g = grammar(key)
    letter = regex.compile(r"\p{L}")
    firsts = [chr(c) for c in range(0x10000) if g.word_re.match(chr(c), partial=True)]
    assert firsts and all(letter.match(c) for c in firsts)
