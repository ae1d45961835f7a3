"""Headings, abstract labels, captions and tables: what a line is, from its own shape.

A standalone heading is short, does not end like a sentence, and is either in capitals or in
title case (every word that is not a function word starts with a capital). Context decides the
rest (see ``plan``): the line before ends a sentence and the line after opens one. A run-in
heading ("Bazar qaydaları. Şəhərdə bazar ...") is a short opening sentence
without a finite verb, without commas or quotes, followed on the same line by the paragraph.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from pipeline.layout.lines import (
    abstract_labels,
    caption_pattern,
    casefold_tr,
    is_upper_start,
    letters,
    section_titles,
    title_stopwords,
    verb_forms,
)
from pipeline.resources import read_list

# digits and punctuation around a word ("1-Milli" -> "Milli", "(1920-1923" -> "")
_EDGE_CHARS = (
    "0123456789.,;:!?()[]{}\"'\u201c\u201d\u2018\u2019\u00ab\u00bb-\u2013\u2014/*&%$#@_|<>"
)
# "1-", "2.1.", "3)", "A-", "B) ", "IV." followed by a word (not "12 Mayısta", not "A.B. Yazar").
_NUMBERED = regex.compile(
    r"^(?:\d+(?:\.\d+)*[.)\-\u2013]|[A-ZÇĞİÖŞÜ][.)\-\u2013]|[IVXLC]+[.)\-\u2013])\s*\p{Lu}\p{Ll}"
)
# compiled once here: ``regex.search(str, ...)`` looks its pattern up in a cache on every call
_PLAIN_STOP = regex.compile(r"[,;\"'\u201c\u201d\u2018\u2019]")
_LABEL_DELIM = regex.compile(r"^\s*[.:\-\u2013\u2014]\s*")
_RUNIN_STOP = regex.compile(r"[,;:\"'\u201c\u201d\u2018\u2019()\[\]]")
_TABLE_SEP = regex.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)+\|?$")


def heading_style(s: str) -> str | None:
    """``"caps"``, ``"title"``, ``"plain"`` (short sentence-case line) or None."""
    s = s.strip()
    if not s or len(s) > 150 or s[0].islower():
        return None
    # Lower-casing never shortens a string, so a line longer than every section title can
    # be refused without folding it (most body lines end in a period or comma).
    if s[-1] in ".,;:" and (
        len(s) - 1 > _longest_title() or casefold_tr(s[:-1]) not in section_titles()
    ):
        return None
    if "|" in s:
        return None
    toks = s.split()
    if len(toks) > 16:
        return None
    if s.isupper():  # every cased character upper case (digits and marks do not count)
        return "caps" if len(letters(s)) >= 3 else None
    if not s[0].isalpha() and not any(c.isalpha() for c in s):
        return None
    bare = s.rstrip(".:")
    if len(bare) <= _longest_title() and casefold_tr(bare) in section_titles():
        return "title"
    if numbered_heading(s):
        return "title"  # judged like title case: it needs the same evidence around it
    if "," in s and not starts_numbered(s):
        return None  # a title-case line with commas is a list of names inside a sentence
    cap = lower = 0
    stop = title_stopwords()
    for tok in toks:
        w = tok.strip(_EDGE_CHARS)
        if not w or not w[0].isalpha():
            continue
        if w[0].isupper():
            cap += 1
        elif len(w) <= 2 or casefold_tr(w) in stop:
            continue
        else:
            lower += 1
            break
    if cap >= 1 and lower == 0:
        return "title"
    if len(toks) <= 10 and (s[-1].isalnum() or s[-1] == ")") and s[0].isupper():
        if not _PLAIN_STOP.search(s):
            return "plain"  # sentence case: a heading only if set apart (see plan)
    return None


@lru_cache(maxsize=1)
def _longest_title() -> int:
    return max(map(len, section_titles()), default=0)


# Sentence-case headings are common ("2.1. Ekonomik gelişmeler"), but only an arabic or letter
# number makes them recognisable: "I. Dünya Savaşı ..." opens sentences as an ordinal.
_NUMBERED_SENTENCE = regex.compile(
    r"^(?:\d+(?:\.\d+)*[.)\-\u2013]|[A-ZÇĞİÖŞÜ][)\-\u2013])\s*\p{Lu}"
)


def numbered_heading(s: str) -> bool:
    """A short numbered line in sentence case that does not end like a sentence."""
    s = s.strip()
    if not s or s[-1] in ".,;:" or "|" in s or "," in s:
        return False
    # a digit or a letter then ``)``, ``-`` or ``–`` opens every match (``\\d`` of ``regex``
    # also takes digits newer than Python's tables, all from U+10D40 on)
    if not (s[0].isdigit() or s[0] >= "\U00010d40" or s[1:2] in (")", "-", "\u2013")):
        return False
    if len(s.split()) > 12:
        return False
    return bool(_NUMBERED_SENTENCE.match(s)) and len(letters(s)) >= 4


def starts_numbered(s: str) -> bool:
    return bool(_NUMBERED.match(s.strip()))


@lru_cache(maxsize=1)
def _label_pattern() -> tuple[regex.Pattern, dict[str, tuple[str, str]]]:
    """One anchored alternation of all labels (casefolded, longest first)."""
    table = {casefold_tr(label): (lang, kind) for label, lang, kind in abstract_labels()}
    alt = "|".join(regex.escape(k) for k in sorted(table, key=len, reverse=True))
    return regex.compile(rf"^(?:{alt})(?![\p{{L}}\p{{N}}])"), table


@lru_cache(maxsize=1)
def label_initials() -> frozenset[str]:
    """First letters of the labels in every case a line may start with."""
    out = set()
    for label, _, _ in abstract_labels():
        out.update({label[0].lower(), casefold_tr(label[0]), label[0].upper().lower()})
    return frozenset(out)


def label_of(s: str) -> tuple[str, str, int, int] | None:
    """An abstract/keyword label at the start of a line: (lang, kind, label end, rest start).

    ``rest start`` is where the run-in text begins (== len(s) when the label stands alone).
    """
    st = s.strip()
    if not st or st[0].lower() not in label_initials():
        return None
    pat, table = _label_pattern()
    m = pat.match(casefold_tr(st[:40]))
    if m is None:
        return None
    lang, kind = table[m.group(0)]
    n = m.end()
    lead = len(s) - len(s.lstrip())
    rest = st[n:]
    if not rest.strip(" .:-\u2013\u2014"):
        return lang, kind, lead + n, len(s)
    m2 = _LABEL_DELIM.match(rest)
    if m2 and kind == "keywords":
        return lang, kind, lead + n, lead + n + m2.end()
    if m2 and m2.end() < len(rest) and is_upper_start(rest[m2.end() :]):
        return lang, kind, lead + n, lead + n + m2.end()
    return None


def is_caption(s: str) -> bool:
    s = s.strip()
    c = s[:1]
    if c.isascii() and c.lower() not in caption_initials():
        return False  # cannot match the first letter of any caption word, in any case
    return bool(caption_pattern().match(s))


@lru_cache(maxsize=1)
def caption_initials() -> frozenset[str]:
    """Lower-case ASCII letters that case-insensitively match the first letter of a caption
    word (for an ASCII letter, simple case folding is lower-casing; a non-ASCII first letter
    such as the Kelvin sign is taken with every folding that may reach ASCII)."""
    out = set()
    for w in read_list("layout", "caption_words.txt"):
        c = w[:1]
        out.update({c.lower(), c.upper().lower(), c.casefold()[:1], c.lower().upper().lower()})
    return frozenset(out)


def is_table_row(s: str) -> bool:
    return s.count("|") >= 2


def is_table_separator(s: str) -> bool:
    # every match holds a "|" and a "--": most lines are refused without the pattern
    return "|" in s and "--" in s and bool(_TABLE_SEP.match(s.strip()))


def table_cells(s: str) -> list[str]:
    parts = [c.strip() for c in s.strip().split("|")]
    if parts and parts[0] == "" and s.strip().startswith("|"):
        parts = parts[1:]
    if parts and parts[-1] == "" and s.strip().endswith("|"):
        parts = parts[:-1]
    return parts


_RUNIN = regex.compile(r"^(?P<h>[^.!?]{2,90}?[^\W\d_]{2})\.\s+(?=\S)")


def run_in_heading(s: str) -> int | None:
    """Length of a run-in heading at the start of ``s`` (without its period), or None."""
    m = _RUNIN.match(s)
    if not m:
        return None
    h = m["h"]
    if _RUNIN_STOP.search(h):
        return None
    words = h.split()
    if not 1 <= len(words) <= 10 or not is_upper_start(h):
        return None
    rest = s[m.end() :]
    if not is_upper_start(rest):
        return None
    suffixes, aux = verb_forms()
    if not any(c.islower() for c in words[-1]):
        return None  # "Kanunun IV. Maddesi": an ordinal, not the end of a heading
    last = casefold_tr(words[-1])
    if len(letters(last)) < 3 or any(last.endswith(x) for x in suffixes):
        return None
    if any(casefold_tr(w) in aux for w in words):
        return None
    return len(h)
