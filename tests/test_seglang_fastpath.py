"""Fast paths of segment (round 4) equal the plain definitions they shortcut."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pipeline.segment as seg

DATA = Path(__file__).parent / "data"


def _split_plain(text: str, lang: str) -> list[tuple[int, int]]:
    """`split_sentences` as it was before the inlined `word. Next` path: every candidate
    judged by `_is_boundary`, every boundary followed by the citation check."""
    rules = seg.rules_for(lang)

    def paragraph(a: int, b: int) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        start = a
        while start < b and text[start].isspace():
            start += 1
        if start >= b:
            return out
        for m in seg._CAND.finditer(text, start, b):
            if m.end() <= start:
                continue
            if seg._is_boundary(text, m, rules, start, a):
                end = m.end()
                cit = seg._TRAILING_CITATION.match(text, end, b)
                if cit:
                    end = cit.end()
                if end > start:
                    out.append((start, end))
                start = end
                while start < b and text[start].isspace():
                    start += 1
        end = b
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end))
        return out

    spans: list[tuple[int, int]] = []
    pos = 0
    for m in seg._PARA.finditer(text):
        spans.extend(paragraph(pos, m.start()))
        pos = m.end()
    spans.extend(paragraph(pos, len(text)))
    return spans


_WORDS = [
    "Bu", "savaş", "bitti", "Dr", "Prof", "vb", "s", "No", "III", "12", "1933", "Ekim",
    "Ankara", "etc", "a.g.e", "E.H", "Carr", "ve", "the", "war", "ended", "(Kaya", "1990:12)",
    "“Vatan”", "İstanbul", "ılık", "ŞEHİR", "c", "II", "2.3", "et", "al",
]  # fmt: skip
_SEPS = [" ", ". ", ".  ", ".\n", ". \n\n", "! ", "? ", "... ", '." ', ".1 ", ", ", ".", " (", ") "]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_SEPS)), max_size=25),
    st.sampled_from(["tr", "az", "en", "und"]),
)
def test_split_equals_plain_definition(parts: list[tuple[str, str]], lang: str) -> None:
    text = "".join(w + s for w, s in parts)
    assert seg.split_sentences(text, lang) == _split_plain(text, lang)


@pytest.mark.parametrize("lang", ["tr", "az", "en"])
def test_split_equals_plain_definition_on_test_texts(lang: str) -> None:
    text = (DATA / f"segment_{lang}.txt").read_text(encoding="utf-8")
    paragraph = " ".join(line for line in text.splitlines() if line and not line.startswith("#"))
    for la in (lang, "und"):
        assert seg.split_sentences(paragraph, la) == _split_plain(paragraph, la)
        assert seg.split_sentences(text, la) == _split_plain(text, la)


def test_split_equals_plain_definition_on_seeds(seeds: dict[str, Path]) -> None:
    for path in seeds.values():
        text = path.read_text(encoding="utf-8")
        for la in ("tr", "und"):
            assert seg.split_sentences(text, la) == _split_plain(text, la)
