"""Unicode-level repairs: NFC, ``i̇``, schwa look-alikes, ligatures, soft hyphens, invisibles.

Each is a per-character edit so provenance stays exact. The character table is data
(``models/repair/unicode.tsv``); the conditions that keep legitimate uses intact are here:
a Cyrillic ``ә`` inside a Cyrillic word is a real letter (Azerbaijani was written in Cyrillic
until 1991), so it is only replaced inside an otherwise Latin word; a zero-width joiner between
Arabic letters or in an emoji sequence is meaningful, so it is only removed between Latin
letters, digits, spaces or punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import regex

from pipeline.resources import read_tsv
from pipeline.textmap import Edit

_SHY = "\u00ad"
_DOT_ABOVE = "\u0307"
# Runs of combining marks; the base character before a run (never a mark, since runs are
# maximal) is taken with it. Scanning for the marks alone is ~15x faster than an optional
# base character in the pattern, which makes every position of the text a match attempt.
_MARKS = regex.compile(r"\p{M}+")


@lru_cache(maxsize=1)
def char_table() -> dict[str, tuple[str, str, str]]:
    """character -> (replacement, kind, condition)."""

    def unesc(s: str) -> str:
        return s.encode("ascii").decode("unicode_escape") if s else ""

    out = {}
    for row in read_tsv("repair", "unicode.tsv"):
        row = row + ("",) * (4 - len(row))
        out[unesc(row[0])] = (unesc(row[1]), row[2], row[3] or "always")
    return out


def nfc_unstable(text: str) -> str:
    """Characters of ``text`` that NFC changes on their own (singletons such as the Kelvin or
    Ohm signs), in order of code point.

    Only the distinct characters of the text are tested: cheaper than a table of the whole
    code space (a one-off 1.1M-character scan costing about a second per process). And only
    those from the first unstable code point on, found by one scan in C: Latin letters, the
    bulk of a Turkish text, come before it, so ``set(text)`` is not built over every character.
    """
    candidates = set(_maybe_unstable().findall(text))
    return "".join(sorted(c for c in candidates if unicodedata.normalize("NFC", c) != c))


@lru_cache(maxsize=1)
def _maybe_unstable() -> re.Pattern:
    """Characters at or after the first code point that NFC changes on its own."""
    first = next(
        cp for cp in range(0x80, 0x110000) if unicodedata.normalize("NFC", chr(cp)) != chr(cp)
    )
    return re.compile(f"[{re.escape(chr(first))}-\\U0010ffff]")


@lru_cache(maxsize=1)
def _table_chars() -> re.Pattern:
    """The characters of ``unicode.tsv`` and the soft hyphen, as an ``re`` class (a plain class
    is scanned faster by ``re`` than by ``regex``)."""
    return re.compile("[" + re.escape("".join(char_table()) + _SHY) + "]")


@lru_cache(maxsize=1)
def suspect_chars() -> str:
    """Characters whose mere presence means a Unicode repair may apply."""
    return "".join(char_table()) + _SHY + _DOT_ABOVE


def _is_latin(c: str) -> bool:
    return bool(regex.match(r"\p{Script=Latin}", c))


def _latin_word(text: str, i: int) -> bool:
    """The letters around position ``i`` (same word) are Latin and there is at least one."""
    a = i
    while a > 0 and text[a - 1].isalpha():
        a -= 1
    b = i + 1
    while b < len(text) and text[b].isalpha():
        b += 1
    table = char_table()
    others = [c for c in text[a:i] + text[i + 1 : b] if c not in table]
    return bool(others) and all(_is_latin(c) for c in others)


def _latin_neighbour(c: str) -> bool:
    """Empty, space, ASCII, a Latin letter, punctuation or a digit (not an emoji or a letter of
    a script where joiners matter)."""
    if not c or c.isspace() or ord(c) < 0x80 or _is_latin(c):
        return True
    return unicodedata.category(c)[0] in "PNZ"


def repair_unicode(text: str, lang_hint: str | None = None) -> list[Edit]:
    """Edits for ``i̇``, schwa look-alikes, ligatures, soft hyphens, invisibles and NFC."""
    edits: list[Edit] = []
    table = char_table()
    for m in _table_chars().finditer(text):
        i = m.start()
        c = text[i]
        if c == _SHY:
            # A soft hyphen at a line end marks where the word was hyphenated: make it a real
            # hyphen so layout's dehyphenation sees it; inside a line it is invisible noise.
            nxt = text[i + 1 : i + 2]
            edits.append(Edit(i, i + 1, "-" if nxt in ("\n", "\r") else "", "soft_hyphen"))
            continue
        repl, kind, cond = table[c]
        if kind == "schwa" and lang_hint not in (None, "az", "und"):
            continue  # only Azerbaijani writes ə; a caller that knows better says so
        if cond == "latin_word" and not _latin_word(text, i):
            continue
        if cond == "latin_neighbours":
            prev = text[i - 1] if i else ""
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if not (_latin_neighbour(prev) and _latin_neighbour(nxt)):
                continue
        edits.append(Edit(i, i + 1, repl, kind))
    if _DOT_ABOVE in text or not unicodedata.is_normalized("NFC", text):
        edits.extend(_nfc_edits(text, {e.start for e in edits}))
    return edits


def _nfc_edits(text: str, taken: set[int]) -> list[Edit]:
    out = []
    for m in _MARKS.finditer(text):
        a = m.start() - 1 if m.start() > 0 else 0  # with the base character before the run
        if a in taken:
            continue
        end = m.end()
        s = text[a:end]
        if s[0] == "i" and end - a > 1 and s[1] == _DOT_ABOVE:
            # ``i̇``: a Turkish İ lowercased by a non-Turkish rule (Python's str.lower does it).
            rest = unicodedata.normalize("NFC", "i" + s[2:])
            out.append(Edit(a, end, rest, "dotted_i"))
            continue
        new = unicodedata.normalize("NFC", s)
        if new != s:
            out.append(Edit(a, end, new, "nfc"))
    unstable = nfc_unstable(text)
    if unstable:
        covered = {i for e in out for i in range(e.start, e.end)} | taken
        for m in regex.finditer("[" + regex.escape(unstable) + "]", text):
            if m.start() in covered:
                continue
            new = unicodedata.normalize("NFC", m.group())
            out.append(Edit(m.start(), m.end(), new, "nfc"))
    return out
