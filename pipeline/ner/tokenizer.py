"""A spaCy pipeline whose tokenizer cuts where Turkish and Azerbaijani names end.

spaCy's stock rules keep ``Moskova’ya``, ``E.H.Carr'ın`` and ``(Kurat,1990:232`` whole, so no
entity could end at the name. Here:
- an apostrophe suffix is its own token (``Moskova`` + ``’ya``; also ``Paşa 'nın`` with a
  stray space, and English ``Russia`` + ``’s``);
- initials glued to a name are cut after their last period (``E.H.`` + ``Carr``,
  ``Dr.`` + ``Tevfik``);
- hyphens between letters, commas and colons in citations, brackets glued to words, and
  footnote digits glued to a word (``Bey5``) are split;
- a final period is cut from lower-case words and long acronyms, but not from initials,
  abbreviations or Roman ordinals (``V.İ.``, ``Dr.``, ``III.``).
"""

from __future__ import annotations

import re

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.vocab import Vocab

L = r"[^\W\d_]"  # any letter
UP = "A-ZÇĞİÖŞÜƏÂÎÛ"
LOW = "a-zçğıöşüəâîû"
APOS = "'’‘`´"

PREFIXES = [
    r"''",
    r"[\(\[\{“”\"‘«»„‹›]",
    rf"[{APOS}](?!{L}{{1,6}}$)",
    r"[\*†…]",
]
SUFFIXES = [
    r"''$",
    r"[\)\]\}”\"»›,;:!?…]$",
    rf"(?<=[{LOW}]{{2}})\.$",
    rf"(?<=[{UP}]{{4}})\.$",
    r"(?<=\d)\.$",
    rf"[{APOS}]{L}{{1,8}}$",
    rf"(?<={L}{{2}})\d{{1,3}}$",
    r"(?<=[\"”’'\)\.])\d{1,3}$",
    r"\*+$",
]
INFIXES = [
    rf"(?<={L})[-–—](?={L})",
    r"(?<=\d)[-–—/](?=\d)",
    rf"(?<={L})[-–—](?=\d)",
    rf"(?<=\d)[-–—](?={L})",
    rf"(?<={L}),(?=\S)",
    r"(?<=\d)[,:](?=\D)",
    r"(?<=\d):(?=\d)",
    rf"(?<=[{UP}]\.)(?=[{UP}][{LOW}])",
    rf"(?<=\b[{UP}][{LOW}]\.)(?=[{UP}])",
    r"[\(\)\[\]]",
    rf"(?<={L})/(?={L})",
    r"…",
]


def _compile(parts: list[str], kind: str):
    joined = "|".join(f"(?:{p})" for p in parts)
    if kind == "prefix":
        return re.compile(rf"^(?:{joined})")
    return re.compile(joined)


CACHE_SIZE = 500_000  # chunks; a few tens of MB at most
_SUFFIX = re.compile("|".join(f"(?:{p})" for p in SUFFIXES))
_INFIX = _compile(INFIXES, "infix")
_APOS_SET = frozenset(APOS)


def _suffix_search(word: str) -> re.Match | None:
    """``_SUFFIX.search``, skipping the common case that cannot match.

    The search tries every alternative at every position of the word. Each suffix ends in a
    non-letter, except an apostrophe suffix, which needs an apostrophe: a word ending in a
    letter with no apostrophe has none, so the regex need not run.
    """
    if word[-1:].isalpha() and _APOS_SET.isdisjoint(word):
        return None
    return _SUFFIX.search(word)


def _infix_finditer(word: str):
    """``_INFIX.finditer``, skipping words of letters only: every infix needs a non-letter."""
    if word.isalpha():
        return ()
    return _INFIX.finditer(word)


def make_tokenizer(nlp: Language) -> Tokenizer:
    """The tokenizer described above, for any blank spaCy language."""
    return Tokenizer(
        nlp.vocab,
        rules={},
        prefix_search=_compile(PREFIXES, "prefix").search,
        suffix_search=_SUFFIX.search,
        infix_finditer=_INFIX.finditer,
    )


def speed_up(tokenizer: Tokenizer) -> Tokenizer:
    """Make a tokenizer from ``make_tokenizer`` faster, with the same tokens.

    The suffix and infix regexes are given pre-checks (``_suffix_search``,
    ``_infix_finditer``), and spaCy's cache of the split of each distinct space-delimited
    chunk grows past its default 10,000 chunks (a corpus has far more; a miss runs the Python
    regexes again). spaCy can no longer serialise the tokenizer (it saves the regex patterns),
    so this is for the in-process rule layer, not for a model that is saved.
    """
    tokenizer.suffix_search = _suffix_search
    tokenizer.infix_finditer = _infix_finditer
    tokenizer.max_cache_size = CACHE_SIZE
    return tokenizer


def blank(lang: str, vocab: Vocab | bool = True) -> Language:
    """``spacy.blank`` for tr/az/en (``xx`` when spaCy lacks the language) + our tokenizer.

    ``vocab``: share one vocabulary between languages so that one set of matchers serves
    them all (the gazetteers hold tr, az and en spellings together).
    """
    code = {"tr": "tr", "az": "az", "en": "en"}.get(lang, "xx")
    try:
        nlp = spacy.blank(code, vocab=vocab)
    except Exception:  # pragma: no cover - spaCy builds without the language
        nlp = spacy.blank("xx", vocab=vocab)
    nlp.tokenizer = make_tokenizer(nlp)
    return nlp
