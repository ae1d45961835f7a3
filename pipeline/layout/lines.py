"""Lines of a text layer with their offsets, and the language data layout reads.

Layout reasons about lines: a PDF text layer is a sequence of printed lines, and every cue
layout weighs (a single leading space, a separator of spaces, a number alone on a line, a
heading in capitals) lives at the level of a line. Each :class:`Line` keeps the character
range of its content (leading and trailing white space excluded) so that block pieces are
plain ranges of the input text and provenance stays exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import regex

from pipeline.patterns import has_top_level_bar
from pipeline.resources import read_list, read_tsv

# A footnote separator: a long run of spaces alone on a line (what pdftotext makes of the
# short rule above the notes), or a short rule drawn with underscores or dashes.
_SEPARATOR = re.compile(r"^(?:[ \t\u00a0]{20,}|[ \t]*[_\u2014\u2013-]{5,}[ \t]*)$")

# Sentence-final punctuation, then optional closing quotes/brackets and a footnote mark.
_ENDS_SENTENCE = re.compile(
    r"""[.!?\u2026]["'\u201d\u2019\u00bb)\]]*(?:\d{1,3}|\(\*{1,5}\))?["'\u201d\u2019\u00bb)\]]*"""
    r"""(?:\s*\(\*{1,5}\))?\.?$"""
)


@dataclass(slots=True)
class Line:
    """One printed line: ``[start, end)`` without its newline, content ``[a, b)``."""

    idx: int
    start: int
    end: int
    a: int
    b: int
    text: str  # the content, text[a:b]
    raw: str  # the whole line, text[start:end]
    blank: bool = False  # no content (white space only)
    separator: bool = False  # a footnote separator (see _SEPARATOR)

    @property
    def indent(self) -> int:
        """Leading blanks before the content (tabs count as 4)."""
        lead = self.raw[: self.a - self.start]
        return len(lead.replace("\t", "    ").replace("\f", ""))


def split_lines(text: str) -> list[Line]:
    """Every line of ``text`` (``\\n`` and ``\\f`` end a line; ``\\r`` before ``\\n`` belongs to
    the line break).

    Cached for the last few texts: ``find_pages`` and ``plan_layout`` see the same text one
    after the other (lines are never modified, so sharing them is safe)."""
    return list(_split_lines(text))


_BREAK = re.compile(r"[\n\f]")


@lru_cache(maxsize=4)
def _split_lines(text: str) -> tuple[Line, ...]:
    out: list[Line] = []
    pos = 0
    append = out.append
    crlf = "\r" in text  # only then can a line end in the \r of a CRLF break
    for idx, raw in enumerate(text.split("\n") if "\f" not in text else _BREAK.split(text)):
        n = len(raw)
        nxt = pos + n + 1  # past the line break
        if crlf and raw.endswith("\r"):  # CRLF: \r belongs to the break
            raw = raw[:-1]
            n -= 1
        content = raw.strip()
        if content:
            # content opens with the first non-blank character: where the line has no
            # indent, raw and content start alike; else the first occurrence of the content
            # is past the indent (blanks cannot match the content's first character)
            a = pos if raw[0] == content[0] else pos + raw.find(content)
            # a rule of underscores or dashes is content too: only such lines can be one
            sep = (
                content[0] in "_\u2014\u2013-"
                and n >= 5
                and raw.strip(" \t_\u2014\u2013-") == ""
                and bool(_SEPARATOR.match(raw))
            )
            append(Line(idx, pos, pos + n, a, a + len(content), content, raw, False, sep))
        else:
            end = pos + n  # a blank line's (empty) content stands at its end
            sep = n >= 20 and bool(_SEPARATOR.match(raw))
            append(Line(idx, pos, end, end, end, "", raw, True, sep))
        pos = nxt
    return tuple(out)


# the characters a match of _ENDS_SENTENCE can end with (besides a decimal digit)
_END_CHARS = ".!?\u2026\"'\u201d\u2019\u00bb)]"


def ends_sentence(s: str) -> bool:
    """Does this line end a sentence (allowing closing quotes and a glued footnote mark)?

    A match ends with the line, so the last character settles most lines (a letter or a
    comma) without the pattern, which would be tried at every position of the line."""
    c = s[-1:]
    if c.isspace():
        s = s.rstrip()
        c = s[-1:]
    if c and c not in _END_CHARS and not c.isdecimal():
        return False
    return _ends_sentence(s)


@lru_cache(maxsize=16384)
def _ends_sentence(s: str) -> bool:
    """Cached: paragraph, heading and note decisions each ask it about the same lines."""
    return bool(_ENDS_SENTENCE.search(s.rstrip()))


def is_upper_start(s: str) -> bool:
    """Starts like a new sentence: a capital, a digit, or an opening quote/bracket/dash."""
    s = s.lstrip()
    if not s:
        return False
    c = s[0]
    if c.isdigit() or c in "\"'\u201c\u2018\u00ab([-\u2013\u2014\u2026":
        return True
    return c.isupper()


_NON_LETTER = re.compile(r"[\W\d_]+")  # stdlib re: faster than regex for this class


def letters(s: str) -> str:
    return _NON_LETTER.sub("", s)


# ----------------------------------------------------------------------------- language data
@lru_cache(maxsize=1)
def abstract_labels() -> tuple[tuple[str, str, str], ...]:
    """(label, lang, kind) sorted longest first so "Anahtar Kelimeler" beats "Öz"."""
    rows = [(r[0], r[1], r[2]) for r in read_tsv("layout", "abstract_labels.tsv") if len(r) >= 3]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@lru_cache(maxsize=1)
def title_stopwords() -> frozenset[str]:
    return frozenset(w.casefold() for w in read_list("layout", "title_stopwords.txt"))


@lru_cache(maxsize=1)
def section_titles() -> frozenset[str]:
    return frozenset(w.casefold() for w in read_list("layout", "section_titles.txt"))


@lru_cache(maxsize=1)
def hyphen_prefixes() -> frozenset[str]:
    return frozenset(w.casefold() for w in read_list("layout", "hyphen_prefixes.txt"))


@lru_cache(maxsize=1)
def citation_cues() -> re.Pattern:
    """Any of the cues (only whether one matches is ever asked).

    The ``\\b`` most cues open with is tested once for all of them: in ``(?:\\bA)|(?:\\bB)``
    the engine tries every alternative at every position, ``\\b(?:A|B)`` only at word
    boundaries (several times faster, same answer)."""
    cues = read_list("layout", "citation_cues.txt")
    # a leading \b binds to the first alternative only when the pattern alternates at its top
    factor = [c.startswith(r"\b") and not has_top_level_bar(c) for c in cues]
    bounded = [c[2:] for c, f in zip(cues, factor, strict=True) if f]
    alts = [f"(?:{c})" for c, f in zip(cues, factor, strict=True) if not f]
    if bounded:
        alts.insert(0, r"\b(?:" + "|".join(f"(?:{c})" for c in bounded) + ")")
    return re.compile("|".join(alts))


@lru_cache(maxsize=1)
def header_words() -> frozenset[str]:
    return frozenset(w.casefold() for w in read_list("layout", "running_header_words.txt"))


@lru_cache(maxsize=1)
def caption_pattern() -> regex.Pattern:
    words = sorted(read_list("layout", "caption_words.txt"), key=len, reverse=True)
    alt = "|".join(regex.escape(w) for w in words)
    # the number must be followed by a delimiter or end the line: "Table 1 shows ..." is a
    # sentence, "Table 1. Caravans" and "Şəkil 2: ..." are captions
    return regex.compile(rf"^(?:{alt})\s*(?:\d+|[IVX]+)(?:\s*[.:\-\u2013]|\s*$)", regex.IGNORECASE)


@lru_cache(maxsize=1)
def verb_forms() -> tuple[tuple[str, ...], frozenset[str]]:
    """(verb suffixes longest first, English auxiliaries)."""
    rows = read_tsv("layout", "verb_endings.tsv")
    suffixes = sorted((r[1] for r in rows if r[0] == "suffix"), key=len, reverse=True)
    words = frozenset(r[1].casefold() for r in rows if r[0] == "word")
    return tuple(suffixes), words


def casefold_tr(s: str) -> str:
    """Turkish-aware lower case (I -> ı, İ -> i) for comparing words of the document."""
    return s.replace("I", "ı").replace("İ", "i").lower()
