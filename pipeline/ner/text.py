"""Folding and suffix handling shared by the gazetteers, the patterns and the evaluation.

Turkish and Azerbaijani names are matched across spelling habits of the period: dotted and
dotless i (``İ``/``I``/``ı``/``i``) collapse, ``ə`` meets ``e`` (so a Turkish gazetteer entry
finds the Azerbaijani form), circumflexes are ignored (``Hükûmeti``/``Hükümeti``). Folding is
length preserving on purpose: a stem found in the folded text has the same length in the
surface text, which is how ``norm`` keeps the surface spelling of the base (``Türkiyəyə`` ->
``Türkiyə``).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_SPECIAL = {
    "İ": "i",
    "I": "i",
    "ı": "i",
    "Ə": "e",
    "ə": "e",
    "Ә": "e",
    "ә": "e",
    "â": "a",
    "Â": "a",
    "î": "i",
    "Î": "i",
    "û": "u",
    "Û": "u",
    "’": "'",
    "‘": "'",
    "`": "'",
    "´": "'",
    "–": "-",
    "—": "-",
}

APOSTROPHES = "'’‘`´"


class _CharFold(dict):
    """Folded form of each character, computed on first sight (``__missing__``).

    Folding is per character, so ``fold`` maps this table over the text in C instead of a
    Python loop per character.
    """

    def __missing__(self, ch: str) -> str:
        rep = _SPECIAL.get(ch)
        if rep is None:
            low = ch.lower()
            if len(low) != 1:
                low = ch
            # strip combining marks that NFC could not merge, keeping the length
            if unicodedata.combining(low):
                low = "'"
            rep = low
        self[ch] = rep
        return rep


_CHAR_FOLD = _CharFold()


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case- and variant-insensitive key of ``text`` with exactly ``len(text)`` characters."""
    return "".join(map(_CHAR_FOLD.__getitem__, text))


def is_cap(text: str) -> bool:
    """First letter is upper case (names, also ``İran``, ``Əli``, ``SSCB``)."""
    return bool(text) and text[0].isupper() and text[0].isalpha()


def strip_suffix(folded: str, bases, suffixes: frozenset[str], longest: int = 8) -> int | None:
    """Length of the base if ``folded`` is a base from ``bases`` plus one allowed suffix.

    ``suffixes`` is a collection of folded endings; the longest base wins, so
    ``komiserliklerinde`` finds ``komiserlikleri`` + ``nde`` before anything shorter. Returns
    ``len(folded)`` for an exact hit and ``None`` when nothing fits. Only split points up to the
    longest suffix are tried, so the cost does not grow with the suffix list.
    """
    if folded in bases:
        return len(folded)
    for k in range(1, min(longest, len(folded) - 3) + 1):
        if folded[-k:] in suffixes and folded[:-k] in bases:
            return len(folded) - k
    return None


def suffix_cuts(folded: str, suffixes: frozenset[str], longest: int = 8) -> tuple[int, ...]:
    """The suffix lengths ``strip_suffix`` would try for ``folded``, shortest first.

    They depend on the word and the suffix list only: compute them once for a word and test
    several base lists with ``strip_cuts``.
    """
    return tuple(k for k in range(1, min(longest, len(folded) - 3) + 1) if folded[-k:] in suffixes)


def strip_cuts(folded: str, bases, cuts: tuple[int, ...]) -> int | None:
    """``strip_suffix(folded, bases, ...)`` given ``cuts = suffix_cuts(folded, ...)``."""
    if folded in bases:
        return len(folded)
    for k in cuts:
        if folded[:-k] in bases:
            return len(folded) - k
    return None
