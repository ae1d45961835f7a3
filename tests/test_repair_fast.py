"""The whole-text fast paths of the glyph repair give what the plain per-line and per-character
definitions give."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.repair.glyphs import (
    _LETTER,
    _WORDY,
    _bmp_kinds,
    _evidence,
    _is_letter,
    _is_wordy,
    _line_evidence,
    _marker_words,
    glyph_table,
)
from pipeline.repair.lexicon import markers, tr_lower

_LETTERS = regex.compile(r"[\p{L}\p{M}]+")


def test_character_table_is_the_predicates() -> None:
    kinds = _bmp_kinds()
    for cp in range(0x10000):
        c = chr(cp)
        assert bool(kinds[cp] & _WORDY) == _is_wordy(c), hex(cp)
        assert bool(kinds[cp] & _LETTER) == _is_letter(c), hex(cp)


_WORDS = sorted(markers()["turkic"].get("word", set()) | markers()["foreign"].get("word", set()))
_PIECES = _WORDS[:30] + list(glyph_table()) + [" ", "\n", ",", "2", "x", "ş", "\u0307", "I", "İ"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_marker_words_and_line_evidence(pieces: list[str]) -> None:
    text = "".join(pieces)
    low = tr_lower(text)
    words = frozenset(_WORDS)
    expected = [(m.start(), m.group()) for m in _LETTERS.finditer(low) if m.group() in words]
    assert _marker_words(low, words) == expected
    lines: dict[int, int] = {}
    pos = 0
    for line in text.split("\n"):
        lines[pos] = pos + len(line)
        pos += len(line) + 1
    assert _line_evidence(text, lines) == {a: _evidence(text[a:b]) for a, b in lines.items()}
