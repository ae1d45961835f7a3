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


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case- and variant-insensitive key of ``text`` with exactly ``len(text)`` characters."""
    out = []
    for ch in text:
        rep = _SPECIAL.get(ch)
        if rep is None:
            low = ch.lower()
            if len(low) != 1:
                low = ch
            # strip combining marks that NFC could not merge, keeping the length
            if unicodedata.combining(low):
                low = "'"
            rep = low
        out.append(rep)
    return "".join(out)


def is_cap(text: str) -> bool:
    """First letter is upper case (names, also ``İran``, ``Əli``, ``SSCB``)."""
    return bool(text) and text[0].isupper() and text[0].isalpha()


def strip_suffix(folded: str, bases: frozenset[str] | set[str], suffixes: tuple[str, ...]):
    """Length of the base if ``folded`` is a base from ``bases`` plus one allowed suffix.

    ``suffixes`` are folded and sorted longest first; the longest base wins, so
    ``komiserliklerinde`` finds ``komiserlikleri`` + ``nde`` before anything shorter. Returns
    ``len(folded)`` for an exact hit and ``None`` when nothing fits.
    """
    if folded in bases:
        return len(folded)
    best = None
    for suf in suffixes:
        if len(folded) > len(suf) + 2 and folded.endswith(suf):
            stem = folded[: -len(suf)]
            if stem in bases and (best is None or len(stem) > best):
                best = len(stem)
    return best
