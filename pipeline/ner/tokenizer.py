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


_PREFIX = _compile(PREFIXES, "prefix")
# the first characters of the ``PREFIXES`` patterns
_PREFIX_FIRST = frozenset('([{“”"‘«»„‹›*†…' + APOS)
_NON_WORD = re.compile(r"\W")
# one character that the suffix rule ``[\)\]\}”\"»›,;:!?…]$`` cuts from any word
_ALWAYS_SUFFIX = frozenset(')]}”"»›,;:!?…')
# the letters of the ``LOW`` and ``UP`` classes above
_LOW_SET = frozenset("abcdefghijklmnopqrstuvwxyzçğıöşüəâîû")
_UP_SET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZÇĞİÖŞÜƏÂÎÛ")


class ChunkTokenizer:
    """The tokens of ``make_tokenizer`` as plain strings, without a spaCy ``Doc``.

    The rule layer needs only each token's text, offset and trailing space. spaCy's tokenizer
    also makes a ``Doc`` and adds every new word to the shared vocabulary, which grows with the
    corpus and costs more than the split itself. This follows spaCy's algorithm
    (``Tokenizer._tokenize_affixes``/``_split_affixes``/``_attach_tokens`` with no special
    cases, no ``token_match`` and no ``url_match``): text is cut into runs of white space and
    non-space; a single ``" "`` after a token is that token's trailing space, any other
    white-space run is a token; each non-space chunk loses prefixes and suffixes until neither
    matches, and what remains is split at infixes. The split of each chunk is cached (bounded
    like spaCy's own cache) as ``(offset, length)`` pairs. Tests compare it with spaCy.
    """

    def __init__(self, max_cache: int = 50_000):
        self.max_cache = max_cache
        self._cache: dict[str, tuple[tuple[int, int], ...]] = {}

    def __call__(self, text: str) -> tuple[list[str], list[int], list[bool]]:
        """``(texts, offsets, trailing_space)`` of the tokens of ``text``."""
        texts: list[str] = []
        idx: list[int] = []
        ws: list[bool] = []
        cache = self._cache
        for m in _RUNS.finditer(text):
            a, b = m.span()
            if m.group(1) is not None:  # a run of white space
                if a and text[a] == " ":
                    ws[-1] = True  # its first space, if " ", is the previous token's
                    a += 1
                if a < b:
                    texts.append(text[a:b])
                    idx.append(a)
                    ws.append(False)
                continue
            chunk = text[a:b]
            parts = cache.get(chunk)
            if parts is None:
                parts = split_chunk(chunk)
                if len(cache) < self.max_cache:
                    cache[chunk] = parts
            for o, k in parts:
                texts.append(chunk[o : o + k])
                idx.append(a + o)
                ws.append(False)
        return texts, idx, ws


def split_chunk(chunk: str) -> tuple[tuple[int, int], ...]:
    r"""``(offset, length)`` of the tokens of one non-space chunk (spaCy's affix loop).

    The commonest shapes are answered without the regexes, by what the rules above imply
    for a word ``w`` of letters only (no prefix, suffix or infix can match it: each needs a
    non-letter, and ``str.isalpha`` letters are letters to ``[^\W\d_]``):
    ``w`` is one token; ``w,`` (any mark of ``_ALWAYS_SUFFIX``) is ``w`` + ``,``; ``w.`` loses
    the period only after two lower-case or four upper-case letters; ``w'x`` (one apostrophe)
    is ``w`` + ``'x`` when ``x`` has 1-8 letters, else one token; ``w-x`` is three tokens.
    A number ``d`` (decimal digits, ``\d``) is one token too (every affix needs a letter or a
    mark), ``d,`` and ``d.`` two.
    """
    n = len(chunk)
    if chunk.isalpha() or chunk.isdecimal():
        return ((0, n),)
    body, last = chunk[:-1], chunk[-1]
    if body.isdecimal() and (last in _ALWAYS_SUFFIX or last == "."):
        return ((0, n - 1), (n - 1, 1))
    if body.isalpha():
        if last in _ALWAYS_SUFFIX:
            return ((0, n - 1), (n - 1, 1))
        if last == ".":
            if (n >= 3 and chunk[-3] in _LOW_SET and chunk[-2] in _LOW_SET) or (
                n >= 5 and _UP_SET.issuperset(chunk[-5:-1])
            ):
                return ((0, n - 1), (n - 1, 1))
            return ((0, n),)
    else:
        # the first non-letter: usually the first character outside ``\w`` (a letter is always
        # in ``\w``), found in C; a digit or "_" before it (in ``\w``, not letters) needs the
        # loop
        m = _NON_WORD.search(chunk)
        i = m.start() if m else n
        if i and not chunk[:i].isalpha():
            if 0 < i < n - 1 and chunk[:i].isdecimal():
                # a number before an apostrophe or dash is cut as a word would be ("1920'de",
                # "1920-lerde", "1919-1920": the apostrophe suffix and the infixes after a
                # digit are those after a letter)
                ch, rest = chunk[i], chunk[i + 1 :]
                if ch in _APOS_SET and rest.isalpha():
                    return ((0, i), (i, n - i)) if n - i - 1 <= 8 else ((0, n),)
                if ch in "-–—" and (rest.isalpha() or rest.isdecimal()):
                    return ((0, i), (i, 1), (i + 1, n - i - 1))
            i = 0
            while chunk[i].isalpha():
                i += 1
        ch = chunk[i]
        if 0 < i < n - 1 and chunk[i + 1 :].isalpha():
            if ch in _APOS_SET:
                return ((0, i), (i, n - i)) if n - i - 1 <= 8 else ((0, n),)
            if ch in "-–—":
                return ((0, i), (i, 1), (i + 1, n - i - 1))
    return _split_affixes(chunk)


def _split_affixes(chunk: str) -> tuple[tuple[int, int], ...]:
    """One step of spaCy's affix loop on ``chunk``, the rest by ``split_chunk``.

    The loop cuts a prefix and/or a suffix and then starts again on what is left as if it
    were a new chunk, so the rest can go through ``split_chunk`` with its fast paths: most
    chunks that need the regexes are a quote, bracket or punctuation mark around a plain
    word (``"word``, ``word'ek,``), and the word then costs no further regex call (the loop
    tried the prefix and suffix patterns again on it, and the infixes).
    """
    n = len(chunk)
    pre = 0
    if chunk[0] in _PREFIX_FIRST:  # every prefix starts with one of these characters
        m = _PREFIX.search(chunk)
        pre = m.end() - m.start() if m else 0
    if chunk[-1] in _ALWAYS_SUFFIX and pre < n:
        # the one suffix pattern that can end in such a character (the others end in a
        # quote, period, letter, digit or "*"): the regex would find just it
        suf = 1
    else:
        m = _suffix_search(chunk[pre:])
        suf = m.end() - m.start() if m else 0
    if pre or suf:
        out = [(0, pre)] if pre else []
        if pre < n - suf:  # the loop goes on with the middle, as with a new chunk
            out += [(pre + o, k) for o, k in split_chunk(chunk[pre : n - suf])]
        if suf:
            out.append((n - suf, suf))
        return tuple(out)
    # neither: the loop stops and what remains is split at infixes
    out = []
    start = 0
    for m in _infix_finditer(chunk):
        a, b = m.span()
        if a == 0:
            continue  # spaCy skips an infix at the very start of the core
        if a != start:
            out.append((start, a - start))
        if a != b:
            out.append((a, b - a))
        start = b
    if start < n:
        out.append((start, n - start))
    return tuple(out)


_RUNS = re.compile(r"(\s+)|\S+")
