"""The cheap refusals layout makes before its patterns must never refuse what the pattern
would accept: each fast path is checked here against the plain computation it stands for, on
generated lines drawn from the characters those patterns care about."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.layout import furniture, headings, lines, notes
from pipeline.layout.plan import _MARK_CHARS, _Planner

# letters (ASCII, Turkish, Azerbaijani), digits of several scripts, superscripts, marks,
# quotes, brackets, dashes, separators and white space of several kinds
ALPHABET = (
    "aAbBcCfFgGhHiIıİmMrRsStTxXşŞçÇəƏöÖüÜßſK"
    "0123456789٣٤۵१²³¹⁰⁴⁷ⁱ"
    "*().,;:!?…\"'”’»«“‘[]-–—_|/#"
    " \t\u00a0\u2003\x1c"
)
LINE = st.text(alphabet=ALPHABET, max_size=40)


@settings(max_examples=400, deadline=None)
@given(LINE)
def test_ends_sentence_matches_the_pattern(s: str) -> None:
    assert lines.ends_sentence(s) == bool(lines._ENDS_SENTENCE.search(s.rstrip()))


@settings(max_examples=400, deadline=None)
@given(LINE, st.booleans())
def test_note_label_precheck_refuses_only_non_labels(s: str, dotted: bool) -> None:
    assert notes.note_label(s, dotted) == notes._note_label(s, dotted)


@settings(max_examples=400, deadline=None)
@given(LINE)
def test_caption_precheck_refuses_only_non_captions(s: str) -> None:
    for word in ("Table", "şekil", "Fig.", "kart"):
        for line in (s, f"{word} 3. {s}", f"{word.upper()} IV: {s}"):
            expected = bool(lines.caption_pattern().match(line.strip()))
            assert headings.is_caption(line) == expected


@settings(max_examples=400, deadline=None)
@given(LINE)
def test_numbered_heading_precheck(s: str) -> None:
    for line in (s, f"2.1. {s}", f"B) {s}", f"A– {s}"):
        t = line.strip()
        expected = (
            bool(t)
            and t[-1] not in ".,;:"
            and len(t.split()) <= 12
            and "|" not in t
            and "," not in t
            and bool(headings._NUMBERED_SENTENCE.match(t))
            and len(lines.letters(t)) >= 4
        )
        assert headings.numbered_heading(line) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(LINE, min_size=2, max_size=6))
def test_equal_shapes_have_equal_rough_shapes(parts: list[str]) -> None:
    """``_rough`` may filter lines before ``_norm`` only if it never separates equal shapes."""
    base = [p.strip() for p in parts if p.strip()]
    for s in base:
        # digits, case and spacing changed: the same shape for _norm
        twin = " ".join(s.replace("1", "22").upper().split()) if "ß" not in s else s
        for a, b in ((s, twin), (s, s + "  "), (s, s.lower())):
            a, b = a.strip(), b.strip()
            if a and b and furniture._norm(a) == furniture._norm(b):
                assert furniture._rough(a) == furniture._rough(b)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINE, min_size=1, max_size=12))
def test_mark_runs_cover_every_mark_character(rows: list[str]) -> None:
    """The split scans find the characters of the one full pattern, and every line holding
    one is among ``mark_lines``."""
    text = "\n".join(rows)
    planner = _Planner(text, [(0, len(text))], [])
    starts, ends = planner.mark_runs()
    covered = {i for a, b in zip(starts, ends, strict=True) for i in range(a, b)}
    expected = {i for m in _MARK_CHARS.finditer(text) for i in range(*m.span())}
    assert covered == expected
    assert starts == sorted(starts) and ends == sorted(ends)
    flagged = planner.mark_lines()
    for ln in lines.split_lines(text):
        if _MARK_CHARS.search(ln.text):
            assert ln.idx in flagged


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET + "\r", max_size=30), min_size=1, max_size=8))
def test_split_lines_offsets(rows: list[str]) -> None:
    """Every line's content is its raw line stripped, at the offsets it claims."""
    for brk in ("\n", "\r\n", "\f"):
        text = brk.join(rows)
        got = lines.split_lines(text)
        for ln in got:
            assert text[ln.start : ln.end] == ln.raw
            assert text[ln.a : ln.b] == ln.text == ln.raw.strip()
            assert ln.blank == (not ln.text)
            if ln.text:
                assert ln.a - ln.start == len(ln.raw) - len(ln.raw.lstrip())


@settings(max_examples=400, deadline=None)
@given(LINE)
def test_mark_candidates_refuse_only_lines_without_marks(s: str) -> None:
    """A line passing the old refusal (a digit, star or superscript) gets every candidate the
    patterns find, whatever the tighter one says."""
    for line in (s, f"yazdı{s}", f"{s}.12 ve", f"({s})3"):
        if notes._MAY_MARK.search(line):
            assert notes.mark_candidates(line) == notes._candidates(line)
        else:
            assert notes.mark_candidates(line) == []


def test_superscript_letter_is_no_mark() -> None:
    """U+2071 (a superscript i) sits among the superscript digits; it once crashed layout."""
    from pipeline.layout import plan_layout

    text = "Bir cümle yazdıⁱ ve bitti.\n\nBaşka bir satır¹ burada.\n\n1 Kaynak, s. 4.\n"
    assert notes.mark_candidates("yazdıⁱ ve") == []
    plan = plan_layout(text, [(0, len(text))], [])
    assert plan.blocks


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet="ab1_ -ışİ²", max_size=30), st.text(alphabet="ab1_-ış", min_size=1, max_size=3)
)
def test_bounded_find_matches_the_pattern(text: str, word: str) -> None:
    import re

    from pipeline.layout.join import _find_bounded

    for whole in (True, False):
        tail = r"(?![^\W\d_])" if whole else ""
        pattern = r"(?<![^\W\d_])" + re.escape(word) + tail
        assert _find_bounded(text, word, whole) == (re.search(pattern, text) is not None)
