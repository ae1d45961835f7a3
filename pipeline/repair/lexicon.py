"""What a Turkish or Azerbaijani word looks like: the evidence repair decides with.

Damaged glyphs are ambiguous (``ġ`` is ``Ş`` in one document and ``ı`` in another), so repair
tries every reading and keeps the one that turns the document's damaged words into real words.
"Real" means: a stem of the word lists under ``models/repair/`` followed by any chain of the
listed suffixes (Turkish and Azerbaijani are agglutinative, so a list of stems plus suffixes
covers far more forms than a list of words). Words that no reading makes known fall back to a
letter-bigram score, trained on the same lists, that still prefers Turkish-looking spellings.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache

from pipeline.resources import read_list, read_tsv

# Consonants that soften before a vowel-initial suffix (kitap -> kitabı, renk -> rengi):
# a stripped remainder ending in the soft form is also tried with the hard one.
_SOFTENED = {"ğ": "k", "b": "p", "c": "ç", "d": "t", "g": "k"}
_MIN_STEM = 2
_MAX_DEPTH = 5
_APOSTROPHES = "'’ʼ`´"


def tr_lower(s: str) -> str:
    """Lowercase with the Turkish dotted/dotless I rules (``İ``->``i``, ``I``->``ı``)."""
    return s.replace("İ", "i").replace("I", "ı").lower()


def tr_upper(s: str) -> str:
    """Uppercase with the Turkish rules (``i``->``İ``, ``ı``->``I``)."""
    return s.replace("i", "İ").replace("ı", "I").upper()


@lru_cache(maxsize=1)
def _names() -> frozenset[str]:
    return frozenset(tr_lower(w) for w in read_list("repair", "names.txt"))


@lru_cache(maxsize=1)
def _stems() -> frozenset[str]:
    words = read_list("repair", "tr_words.txt") + read_list("repair", "az_words.txt")
    return frozenset(tr_lower(w) for w in words if " " not in w) | _names()


@lru_cache(maxsize=1)
def _suffixes() -> tuple[str, ...]:
    sufs = set(read_list("repair", "tr_suffixes.txt")) | set(read_list("repair", "az_suffixes.txt"))
    return tuple(sorted(sufs, key=lambda s: (-len(s), s)))


@lru_cache(maxsize=1)
def _suffix_set() -> tuple[frozenset[str], int]:
    sufs = _suffixes()
    return frozenset(sufs), max(len(s) for s in sufs)


# Turkish and Azerbaijani avoid two vowels across a morpheme boundary (a buffer y/n/s/ş comes
# between: araba-y-ı, Türkiyə-y-ə), so a vowel-initial suffix never follows a vowel: this keeps
# "girii" from passing as gir+i+i.
_VOWELS = frozenset("aeıioöuüəâîû")


@lru_cache(maxsize=200_000)
def _analyse(word: str, depth: int = 0) -> str | None:
    """The listed stem ``word`` is built on (stem + suffix chain), or None."""
    if word in _stems():
        return word
    if len(word) > 1 and word[-1] in _SOFTENED and word[:-1] + _SOFTENED[word[-1]] in _stems():
        return word[:-1] + _SOFTENED[word[-1]]
    if depth >= _MAX_DEPTH:
        return None
    sufs, longest = _suffix_set()
    for n in range(min(longest, len(word) - _MIN_STEM), 0, -1):
        if word[-n:] in sufs and not (word[-n] in _VOWELS and word[-n - 1] in _VOWELS):
            stem = _analyse(word[:-n], depth + 1)
            if stem is not None:
                return stem
    return None


@lru_cache(maxsize=200_000)
def stem_of(word: str) -> str | None:
    """The listed stem of ``word`` (any case): a stem plus a chain of listed suffixes.

    A Turkish apostrophe separates a proper noun from its suffixes (``Türkiye'nin``); the part
    before it must be known and the part after must be a suffix chain.
    """
    w = tr_lower(word)
    for ap in _APOSTROPHES:
        if ap in w:
            head, _, tail = w.partition(ap)
            if not head or (tail and not _suffix_chain(tail)):
                return None
            return _analyse(head)
    return _analyse(w) if w else None


def is_known(word: str) -> bool:
    """True if ``word`` is a listed stem (common word or name) plus listed suffixes."""
    return stem_of(word) is not None


def is_name(word: str) -> bool:
    """True if ``word`` is built on a listed proper name (so it is written with a capital)."""
    stem = stem_of(word)
    return stem is not None and stem in _names()


@lru_cache(maxsize=50_000)
def _suffix_chain(tail: str) -> bool:
    if not tail:
        return True
    sufs, longest = _suffix_set()
    return any(
        tail[:n] in sufs and _suffix_chain(tail[n:]) for n in range(1, min(longest, len(tail)) + 1)
    )


@lru_cache(maxsize=1)
def _bigrams() -> tuple[dict[tuple[str, str], float], float]:
    """Log-probabilities of letter bigrams (with word boundaries) over stems and suffixes."""
    counts: Counter[tuple[str, str]] = Counter()
    firsts: Counter[str] = Counter()
    items = list(_stems()) + list(_suffixes())
    for w in items:
        padded = "^" + w + "$"
        for a, b in zip(padded, padded[1:], strict=False):
            counts[(a, b)] += 1
            firsts[a] += 1
    alphabet = {c for pair in counts for c in pair}
    v = len(alphabet) + 1
    table = {pair: math.log((n + 0.1) / (firsts[pair[0]] + 0.1 * v)) for pair, n in counts.items()}
    floor = math.log(0.1 / (max(firsts.values()) + 0.1 * v)) - 2.0
    return table, floor


@lru_cache(maxsize=100_000)
def bigram_score(word: str) -> float:
    """Mean log-probability per letter pair: higher means more Turkish/Azerbaijani-looking."""
    table, floor = _bigrams()
    padded = "^" + tr_lower(word) + "$"
    pairs = list(zip(padded, padded[1:], strict=False))
    return sum(table.get(p, floor) for p in pairs) / len(pairs)


_FRONT = frozenset("eiöüə")
_BACK = frozenset("aıou")


def harmony_breaks(word: str) -> int:
    """Front/back vowel switches between neighbouring vowels (Turkish and Azerbaijani suffixes
    follow the stem's last vowel, so a native word has few): ``halkın`` 0, ``halkin`` 1."""
    prev = None
    n = 0
    for c in tr_lower(word):
        cls = 1 if c in _FRONT else 0 if c in _BACK else None
        if cls is None:
            continue
        if prev is not None and cls != prev:
            n += 1
        prev = cls
    return n


@lru_cache(maxsize=1)
def markers() -> dict[str, dict[str, frozenset[str]]]:
    """Language markers by group (``turkic``/``foreign``) and type (letter/word/bigram)."""
    out: dict[str, dict[str, set[str]]] = {}
    for row in read_tsv("repair", "lang_markers.tsv"):
        group, typ, value = row[0], row[1], row[2]
        out.setdefault(group, {}).setdefault(typ, set()).add(value)
    return {g: {t: frozenset(v) for t, v in d.items()} for g, d in out.items()}
