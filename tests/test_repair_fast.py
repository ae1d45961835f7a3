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
from pipeline.textmap import Edit

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


# Two damaged texts with different glyph settings (written for this test): in the first ġ is
# Ş and Ģ is ş; in the second ġ is ı.
_DAMAGED_A = (
    "ĠġÇĠLER VE BAġLANGIÇ\nBu iliĢkiler Ģimdi geliĢiyor ve ġubat ayında baĢladı.\n"
    "Türkiye'nin iliĢkileri geliĢti; BaĢbakan Ġsmet PaĢa döndü. Ġstanbul'a gitti.\n"
)
_DAMAGED_B = "Halkġn ve devletin yardġmġ ile kġsa sürede yapġldġ.\nTarihi Ġstanbul'da yazġldġ.\n"


def test_glyph_caches_across_documents_do_not_change_answers() -> None:
    """The per-setting word caches (plans, known words) give what an empty cache gives, in
    any order of documents and settings."""
    from pipeline.repair import glyphs

    def fresh(text: str) -> list:
        glyphs._PLANS.clear()
        glyphs._KNOWN.clear()
        return glyphs.repair_glyphs(text)

    cold = {name: fresh(text) for name, text in (("a", _DAMAGED_A), ("b", _DAMAGED_B))}
    assert cold["a"] and cold["b"]
    for name in ("a", "b", "a", "b", "b", "a"):
        text = _DAMAGED_A if name == "a" else _DAMAGED_B
        assert glyphs.repair_glyphs(text) == cold[name]
    assert len(glyphs._PLANS) == len(glyphs._KNOWN) == 2


def _merge_plain(groups: list) -> list:
    """`_merge` as one loop over every group with bisection (its definition)."""
    import bisect

    taken: list = []
    starts: list[int] = []
    for group in groups:
        for e in sorted(group, key=lambda e: (e.start, e.end)):
            k = bisect.bisect_right(starts, e.start)
            prev = taken[k - 1] if k else None
            nxt = taken[k] if k < len(taken) else None
            if prev is not None and (prev.end > e.start or prev.start == e.start):
                continue
            if nxt is not None and nxt.start < max(e.end, e.start + 1):
                continue
            taken.insert(k, e)
            starts.insert(k, e.start)
    return taken


_EDIT = st.builds(
    lambda a, n, r: Edit(a, a + n, r),
    st.integers(0, 30),
    st.integers(0, 3),
    st.sampled_from(["", "x", "yz"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_EDIT, max_size=12), max_size=3))
def test_merge_equals_plain_definition(groups: list) -> None:
    from pipeline.repair import _merge

    assert _merge(groups) == _merge_plain(groups)
