"""Joining printed lines: end-of-line hyphenation and paragraph boundaries.

Hyphenation is decided word by word from the evidence of the document itself, then from the
language data, and only last by default:

1. the hyphenated form occurs elsewhere in the document on one line  -> keep the hyphen
2. the joined form (or a longer word starting with it) occurs elsewhere -> undo the break
3. the second part starts with a capital (Brest-|Litovsk, Türk-|Rus)   -> keep
4. digits on either side (65-|68)                                       -> keep
5. the first part is a prefix written with a hyphen (non-|aggression)   -> keep
6. both parts are words the document uses on their own (4+ letters)     -> keep
7. otherwise the hyphen was the typesetter's                             -> undo

Paragraphs: blank lines are not trusted blindly (some layers put one after every line, others
break a sentence with one); a paragraph ends only where the previous line ends a sentence and
something else agrees (the line is short, the next one is indented, or the document uses blank
lines sparingly and there is one here).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from pipeline.layout.lines import Line, casefold_tr, ends_sentence, hyphen_prefixes

_HYPHENS = "-\u2010\u00ad"
_DASHES = "\u2013\u2014"


class DocWords:
    """Does a word occur in the document? Answered by searching the case-folded text on
    demand: a document needs only a handful of hyphenation decisions, so indexing every word
    would cost more than the few searches."""

    def __init__(self, text: str):
        self._text = text
        self._folded: str | None = None
        self._cache: dict[tuple[str, bool], bool] = {}

    @classmethod
    def of(cls, text: str) -> DocWords:
        return cls(text)

    def _search(self, s: str, whole: bool) -> bool:
        key = (s, whole)
        if key not in self._cache:
            if self._folded is None:
                self._folded = casefold_tr(self._text)
            self._cache[key] = _find_bounded(self._folded, s, whole)
        return self._cache[key]

    def has_word(self, s: str) -> bool:
        """``s`` occurs as a whole word."""
        return bool(s) and self._search(s, True)

    def has_prefix(self, s: str) -> bool:
        """A word of the document starts with ``s``."""
        return bool(s) and self._search(s, False)

    def has_hyphenated(self, left: str, right: str) -> bool:
        """``left-right`` occurs on one line."""
        return self._search(f"{left}-{right}", True)


def _letter(c: str) -> bool:
    """``[^\\W\\d_]`` of ``re``: a word character (alphanumeric) that is not a decimal."""
    return c.isalnum() and not c.isdecimal()


def _find_bounded(text: str, s: str, whole: bool) -> bool:
    """Does ``s`` occur in ``text`` with no letter right before it (and, if ``whole``, none
    right after)? The same answer as searching ``(?<![^\\W\\d_])s(?![^\\W\\d_])``, without
    compiling a pattern for every word asked about."""
    n = len(s)
    pos = text.find(s)
    while pos >= 0:
        if (pos == 0 or not _letter(text[pos - 1])) and (
            not whole or pos + n >= len(text) or not _letter(text[pos + n])
        ):
            return True
        pos = text.find(s, pos + 1)
    return False


def keep_hyphen(left: str, right: str, doc: DocWords) -> bool:
    """Is the hyphen between ``left`` and ``right`` (split at a line end) a real one?"""
    lf, rf = casefold_tr(left), casefold_tr(right)
    if lf and rf and doc.has_hyphenated(lf, rf):
        return True
    if lf and rf and doc.has_prefix(lf + rf):
        return False
    if right[:1].isupper():
        return True
    if any(c.isdigit() for c in left[-1:] + right[:1]):
        return True
    if lf in hyphen_prefixes():
        return True
    if len(lf) >= 4 and len(rf) >= 4 and doc.has_word(lf) and doc.has_word(rf):
        return True
    return False


_LAST_WORD = regex.compile(r"([^\W\d_]*)[" + _HYPHENS + r"]$")
_FIRST_WORD = regex.compile(r"^([^\W_]+)")


def line_join(prev: Line, nxt: Line, doc: DocWords) -> tuple[int, str, str]:
    """How ``prev`` joins ``nxt``: (end of prev's piece, separator, kind of join).

    kind is ``"dehyphenate"`` (hyphen left out of the piece, no separator), ``"hyphen"`` (real
    hyphen kept, no separator), ``"dash"`` (a dash glued to the word before) or ``"space"``.
    """
    t = prev.text
    if t and t[-1] in _HYPHENS and len(t) >= 2 and t[-2].isalpha():
        fm = _FIRST_WORD.match(nxt.text)
        if fm:
            if t[-1] == "\u00ad":
                return prev.b - 1, "", "dehyphenate"
            left = _LAST_WORD.search(t)
            lw = left.group(1) if left else ""
            if keep_hyphen(lw, fm.group(1), doc):
                return prev.b, "", "hyphen"
            return prev.b - 1, "", "dehyphenate"
    if t and t[-1] in _DASHES and len(t) >= 2 and t[-2].isalpha():
        return prev.b, "", "dash"
    if t and t[-1] in _HYPHENS + _DASHES and t[-2:-1].isdigit() and nxt.text[:1].isdigit():
        return prev.b, "", "range"  # 1919-|1922, s.179-|180: a numeric range
    return prev.b, " ", "space"


@dataclass
class ParagraphRules:
    """Document-level facts that make a paragraph decision local."""

    typical_len: float
    blanks_meaningful: bool

    @classmethod
    def of(cls, flow: list[Line], all_lines: list[Line]) -> ParagraphRules:
        lens = sorted(len(ln.text) for ln in flow) or [0]
        typical = lens[len(lens) // 2]
        # Share of content lines followed directly by a blank line: near 1 means the layer
        # puts a blank after every line and blank lines say nothing about paragraphs.
        followed = total = 0
        for k, ln in enumerate(all_lines[:-1]):
            if not ln.blank:
                total += 1
                if all_lines[k + 1].blank:
                    followed += 1
        share = followed / total if total else 0.0
        return cls(float(typical), share < 0.6)


def paragraph_break(
    prev: Line, nxt: Line, rules: ParagraphRules, blank_between: bool, interrupted: bool
) -> bool:
    """Does a new paragraph start at ``nxt``?"""
    if not ends_sentence(prev.text):
        return False
    short = len(prev.text) < 0.75 * rules.typical_len
    if interrupted:
        return short and nxt.text[:1].isupper()
    indented = nxt.indent >= 3 and nxt.indent > prev.indent + 1
    if short or indented:
        return True
    return blank_between and rules.blanks_meaningful
