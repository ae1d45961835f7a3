"""Language identification for Turkish, Azerbaijani and English, per block and per sentence.

Why not lingua alone: Turkish and Azerbaijani share most of their alphabet and many words, so a
character n-gram model confuses them on short strings, and it has no notion of a document.
Orthography settles most cases cheaply: `ə` is Azerbaijani only, Turkish writes `-mıştır` where
Azerbaijani writes `-mışdır`, `ve/ile/için` where it writes `və/ilə/üçün`, and English has its
function words. That evidence (data under ``models/langid/``) is scored first; lingua, restricted to
tr/az/en, is consulted only when the orthographic margin is small, so the common case costs a
regex pass and a few set look-ups.

Scores are additive log-odds-like numbers per language. Capitalised words inside a sentence
(proper nouns) and words inside quotation marks count less, so `Voroşilov` does not make an
English sentence Turkish and a quoted title does not flip its sentence.
"""

from __future__ import annotations

import math
import re
import string
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat

import numpy as np
import regex

from pipeline.patterns import has_top_level_bar
from pipeline.resources import read_list, read_tsv

LANGS: tuple[str, ...] = ("tr", "az", "en")
UND = "und"

# A word, optionally with an apostrophe suffix (Turkish `Moskova'ya`, English `Russia's`).
_WORD = regex.compile(r"(\p{L}+)(?:['’‘](\p{L}+))?")
# Stretches inside quotation marks (typographic, ASCII double, and '' used as quotes).
_QUOTE = regex.compile(
    r"“[^”]{1,400}”|„[^“”]{1,400}[“”]|«[^»]{1,400}»|\"[^\"]{1,400}\"|''.{1,400}?''"
)
# Bibliographic citations and numbers carry no language evidence: (Kurat,1990:232-233), [2].
_CITATION = regex.compile(
    r"\(\s*(?:\p{Lu}[\p{L}.\-]*\s*,?\s*)+\d{4}[a-z]?\s*(?::\s*[\d\-–, ]+)?"
    r"(?:\s*[;,]\s*(?:\p{Lu}[\p{L}.\-]*\s*,?\s*)+\d{4}[a-z]?\s*(?::\s*[\d\-–, ]+)?)*\s*\)"
    r"|\[\s*\d+(?:\s*[,\-–]\s*\d+)*\s*\]"
)

# Letter-spaced words of scanned texts (`L o z a n`): rejoined before scoring.
_SPACED = regex.compile(r"(?<![\p{L}\p{N}])(?:\p{L} )+\p{L}(?![\p{L}\p{N}])")

_DIGIT = regex.compile(r"\d")  # the patterns' own notion of a digit

_SPACED_QUICK = re.compile(r"(?<![^\W_])[^\W\d_] [^\W\d_](?![^\W_])")

# Weights of the decision (tuned by reasoning about the evidence, not fitted per sentence).
PROPER_NOUN_WEIGHT = 0.35  # a capitalised word that does not start the text
QUOTED_WEIGHT = 0.3  # a word inside quotation marks, when there is a sentence around the quote
QUOTE_FRAME_WORDS = 2  # words outside the quotes needed for the quote to count less
DECIDE_MARGIN = 4.0  # orthographic margin above which lingua is not consulted
LINGUA_WEIGHT = 1.0  # weight of lingua's log-probability when it is consulted
BLOCK_PREFIX = 600  # characters of a long block scored first (enough when decisive)
WORD_WEIGHT = {"tr": 2.0, "az": 2.0, "en": 3.0}  # per listed word of words_<lang>.txt
# (English function words are a third of English text and almost absent from tr/az: stronger)
DOC_PRIOR_WEIGHT = 1.5  # weight of the document's language shares for an ambiguous block
APOSTROPHE_TR = 4.0  # a non-English suffix after an apostrophe (Turkish orthography)


@dataclass(frozen=True)
class _Data:
    letters: dict[str, tuple[tuple[str, float], ...]]
    pairs: tuple[tuple[str, str, float], ...]
    patterns: tuple[tuple[regex.Pattern, str, float], ...]
    pattern_any: regex.Pattern  # all patterns as one alternation, one pass over the text
    pattern_weight: tuple[tuple[str, float], ...]  # (lang, weight) per alternative, in order
    # every pattern starts with a digit (true of patterns.tsv): text without one needs no pass
    patterns_need_digit: bool
    markers: tuple[tuple[str, str, float], ...]  # (letter, lang, log(1 - share))
    en_function: frozenset[str]
    en_function_logq: float
    words: dict[str, dict[str, float]]
    suffixes: dict[str, tuple[tuple[str, float], ...]]  # ending -> ((lang, weight), ...)
    suffix_lengths: tuple[int, ...]  # lengths of the endings, longest first
    apostrophe_en: frozenset[str]


def _needs_leading_digit(pattern: str) -> bool:
    """Does every match of ``pattern`` start with a digit: a leading ``\\d`` that is not
    optional or repeatable from zero, and no alternation outside brackets?"""
    if not pattern.startswith("\\d") or pattern[2:3] in ("?", "*", "{"):
        return False
    return not has_top_level_bar(pattern)


@lru_cache(maxsize=1)
def _data() -> _Data:
    letters: dict[str, list[tuple[str, float]]] = {}
    pairs = []
    for row in read_tsv("langid", "ngrams.tsv"):
        if len(row[0]) == 1:
            letters.setdefault(row[0], []).append((row[1], float(row[2])))
        else:
            pairs.append((row[0], row[1], float(row[2])))
    patterns = tuple(
        (regex.compile(row[0]), row[1], float(row[2])) for row in read_tsv("langid", "patterns.tsv")
    )
    words: dict[str, dict[str, float]] = {}
    for lang in LANGS:
        for w in read_list("langid", f"words_{lang}.txt"):
            words.setdefault(w, {})[lang] = WORD_WEIGHT[lang]
    for w in read_list("langid", "words_traz.txt"):
        entry = words.setdefault(w, {})
        entry.setdefault("tr", 1.0)
        entry.setdefault("az", 1.0)
    suffixes = []
    for lang in LANGS:
        for row in read_tsv("langid", f"suffixes_{lang}.txt"):
            suffixes.append((row[0], lang, float(row[1])))
    by_ending: dict[str, list[tuple[str, float]]] = {}
    for ending, lang, w in suffixes:
        by_ending.setdefault(ending, []).append((lang, w))
    return _Data(
        letters={k: tuple(v) for k, v in letters.items()},
        pairs=tuple(pairs),
        patterns=patterns,
        pattern_any=regex.compile(
            "|".join(f"(?P<p{i}>{p.pattern})" for i, (p, _, _) in enumerate(patterns))
        ),
        pattern_weight=tuple((lang, w) for _, lang, w in patterns),
        patterns_need_digit=all(_needs_leading_digit(p.pattern) for p, _, _ in patterns),
        markers=tuple(
            (row[0], row[1], math.log(1.0 - float(row[2])))
            for row in read_tsv("langid", "marker_rates.tsv")
            if not row[0].startswith("@")
        ),
        en_function=frozenset(read_list("langid", "words_en.txt")),
        en_function_logq=next(
            (
                math.log(1.0 - float(row[2]))
                for row in read_tsv("langid", "marker_rates.tsv")
                if row[0] == "@en_function_words"
            ),
            0.0,
        ),
        words=words,
        suffixes={k: tuple(v) for k, v in by_ending.items()},
        suffix_lengths=tuple(sorted({len(k) for k in by_ending}, reverse=True)),
        apostrophe_en=frozenset(read_list("langid", "apostrophe_en.txt")),
    )


def _tr_lower(word: str) -> str:
    """Lower-case with the Turkish/Azerbaijani dotted and dotless i."""
    return word.replace("I", "ı").replace("İ", "i").lower()


@lru_cache(maxsize=4096)
def _suffix_scores(suffix: str) -> tuple[float, float, float]:
    """Evidence of what follows an apostrophe: Turkish case suffixes vs English 's, 't.

    Not weighted down on proper nouns: the suffix is the writer's orthography, not the name's.
    """
    if suffix.lower() in _data().apostrophe_en:
        return (0.0, 0.0, 0.5)
    return (APOSTROPHE_TR, 0.0, 0.0)


@lru_cache(maxsize=1)
def _indexed() -> tuple[
    dict[str, tuple[tuple[int, float], ...]],
    tuple[tuple[str, int, float], ...],
    dict[str, tuple[tuple[int, float], ...]],
    dict[str, tuple[tuple[int, float], ...]],
]:
    """`_data`'s letters, pairs, words and suffixes with each language as its index in LANGS.

    `_word_scores` runs for every new word: adding into a three-slot list by index is cheaper
    than into a dict by name, and the sums stay the same (same terms, same order).
    """
    d = _data()
    ix = {lang: i for i, lang in enumerate(LANGS)}
    return (
        {ch: tuple((ix[lang], w) for lang, w in v) for ch, v in d.letters.items()},
        tuple((pair, ix[lang], w) for pair, lang, w in d.pairs),
        {form: tuple((ix[lang], w) for lang, w in v.items()) for form, v in d.words.items()},
        {end: tuple((ix[lang], w) for lang, w in v) for end, v in d.suffixes.items()},
    )


_EN = LANGS.index("en")
_AZ = LANGS.index("az")


@lru_cache(maxsize=100_000)
def _word_scores(word: str) -> tuple[float, float, float]:
    """Evidence of one word for (tr, az, en).

    Cached: running text repeats its words, so most look-ups after the first are free.
    """
    letters, pairs, words, suffixes = _indexed()
    s = [0.0, 0.0, 0.0]  # indexed like LANGS
    lw = _tr_lower(word)
    le = word.lower()
    # Letters are counted on a lower case that does not invent a dotless ı from an English
    # capital I (`Inonu`, `International`); word lists are looked up in both lower cases.
    ll = word.replace("İ", "i").lower()
    # distinct letters in order of first occurrence, not a set's order: a set of strings is
    # ordered by their hashes, which change with every process (PYTHONHASHSEED), and a float
    # sum taken in a different order can differ in its last bit
    for ch in dict.fromkeys(ll):
        hits = letters.get(ch)
        if hits:
            c = min(ll.count(ch), 3)
            for i, w in hits:
                s[i] += w * c
    # q followed by u is common English spelling; elsewhere q is Azerbaijani.
    for pair, i, w in pairs:
        if pair in le:
            s[i] += w
    if "qu" in le:
        s[_AZ] -= 1.2 * le.count("qu")
        s[_EN] += 0.8
    hit = False
    for form in (lw,) if lw == le else (lw, le):
        hits = words.get(form)
        if hits:
            hit = True
            for i, w in hits:
                s[i] += w
    if not hit and len(lw) >= 4:
        # The longest listed ending of each language counts (one dict look-up per length).
        seen: set[int] = set()
        # English endings are matched on the plain lower case, the others on Turkish case.
        forms = ((lw, None),) if lw == le else ((lw, False), (le, True))
        for k in _data().suffix_lengths:
            if len(lw) <= k + 1:
                continue
            for form, which in forms:
                for i, w in suffixes.get(form[-k:], ()):
                    if i in seen or (which is not None and (i == _EN) != which):
                        continue
                    s[i] += w
                    seen.add(i)
    return (s[0], s[1], s[2])


def _quoted_mask(text: str) -> list[tuple[int, int]]:
    """Spans of the text inside quotation marks."""
    return [m.span() for m in _QUOTE.finditer(text)]


# The hot loop splits on whitespace (C speed) and caches the evidence of every distinct token.
_TOKEN_CACHE_MAX = 100_000


def _token_scores(token: str, first: bool = False) -> tuple[float, float, float, int, int, int]:
    """(tr, az, en, words, letters, English function words) of one token as written.

    Capitalised words (names) and acronyms count less, except the first word of a text, which
    is capitalised because it is first. An apostrophe suffix is scored on its own.
    """
    tr = az = en = 0.0
    n = letters = fw = 0
    for m in _WORD.finditer(token):
        word, suffix = m.group(1, 2)
        a, b, c, k, lt, f = _word_row(word, first and n == 0)
        tr += a
        az += b
        en += c
        n += k
        letters += lt
        fw += f
        if suffix:
            a, b, c = _suffix_scores(suffix)
            tr += a
            az += b
            en += c
            n += 1
    return (tr, az, en, n, letters, fw)


def _word_row(word: str, full_weight: bool = False) -> tuple[float, float, float, int, int, int]:
    """What one word adds to its token in `_token_scores`: (tr, az, en, words, letters,
    English function words). ``full_weight``: the first word of a text, capitalised because
    it is first.

    Each of tr/az/en gets at most one term from a word, so adding a word's row is the same
    arithmetic as adding its terms one by one: the sums come out the same to the last bit.
    """
    tr = az = en = 0.0
    n = fw = 0
    if word.lower() in _data().en_function:
        fw = 1
        if len(word) == 1 and word == "a":  # the article: a one-letter word only English has
            en = WORD_WEIGHT["en"] / 2
            n = 1
    if len(word) >= 2:
        w = 1.0
        if word[0].isupper() and not full_weight:
            w = 0.15 if word.isupper() else PROPER_NOUN_WEIGHT
        a, b, c = _word_scores(word)
        tr = w * a
        az = w * b
        en = w * c
        n += 1
    return (tr, az, en, n, len(word), fw)


def _score_words(text: str, weight: float, first_full: bool) -> list[float]:
    """[tr, az, en, n_words, n_letters, n_function_words] of `text`; evidence times `weight`.

    One text (a quotation, a single `identify`): the token rows of the batch table summed in a
    plain loop, token by token in text order, the same sums as the batch path makes.
    """
    tokens = text.split()
    if not tokens:
        return [0.0, 0.0, 0.0, 0, 0, 0]
    table = _TABLE
    table.bound()
    of_token, rows = table.of_token, table.rows
    tr, az, en, n, letters, fw = _row_sums(
        rows[table.token_row(tok) if (k := of_token.get(tok)) is None else k] for tok in tokens
    )
    if first_full and tokens[0][:1].isupper():
        # The first word of a text is capitalised because it is first, not because it is a name.
        fix = table.fix(of_token[tokens[0]])
        tr += fix[0]
        az += fix[1]
        en += fix[2]
    return [tr * weight, az * weight, en * weight, n, letters, fw]


# The batch path (`_scores_many`): one row of token evidence per distinct token in a
# numpy table, so the tokens of many short sentences are looked up with one `map` and summed
# with one `np.add.reduceat` instead of three Python-level sums per sentence. The sums run
# token by token in text order, as Python's `sum` does, so the floats are the same.
#
# Most distinct tokens are a word we have already scored with other punctuation around it
# (`savaş`, `savaş,`, `(savaş`, `savaş.`): `_token_scores` of such a token only sees the word
# (and an apostrophe suffix), so the token shares the word's row and a new token costs one
# regex match instead of scoring its word again.
_CORE = regex.compile(r"[^\p{L}]*+(?:(?P<w>\p{L}+)(?:['’‘](?P<s>\p{L}+))?[^\p{L}]*+)?")
# Characters that often stand around a token's word: ASCII punctuation and digits, quotes,
# dashes. None is a letter, so `_CORE` reads them as the non-letter runs around the word.
_NON_LETTERS = string.punctuation + string.digits + "“”„‟«»‹›‘’‚…–—·•§°"


class _Table:
    """The rows of token evidence: ``rows[k]`` is ``_token_scores(keys[k])``."""

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        """Forget everything (when the words alone reach the cap)."""
        # token -> row; a plain dict: a dict subclass (say with __missing__) is looked up
        # about twice as slowly, and a document has tens of thousands of tokens.
        self.of_token: dict[str, int] = {}
        self.of_key: dict[str, int] = {"": 0}
        self.keys: list[str] = [""]
        self.rows: list[tuple[float, float, float, int, int, int]] = [_token_scores("")]
        self.array = np.zeros((1024, 6))
        self.filled = 1  # rows copied into ``array``
        self.first_fix: dict[int, tuple[float, float, float]] = {}

    def bound(self) -> None:
        """Bounded memory: the tokens are forgotten first (they are many and cheap to map
        again); the rows of their words are kept until they too reach the cap."""
        if len(self.of_token) > _TOKEN_CACHE_MAX:
            if len(self.keys) > _TOKEN_CACHE_MAX // 2:
                self.clear()
            else:
                self.of_token = {}

    def token_row(self, token: str) -> int:
        """The row of a token not seen before (and remember it).

        Most new tokens are a word, or a word and an apostrophe suffix (`Moskova'ya`), with
        punctuation, digits or quotes around them. Those skip the `_CORE` match: the
        characters of `_NON_LETTERS` are stripped from both ends in C, and what is left is
        read with ``str.isalpha``. Exact: no character of `_NON_LETTERS` is a ``\\p{L}``
        letter (tested), so `_CORE`'s possessive non-letter runs would eat the same ends; and
        every character ``str.isalpha`` accepts is a ``\\p{L}`` letter to `regex` too (its
        Unicode tables are newer, never narrower), so the match would give the same word.
        """
        core = token.strip(_NON_LETTERS)
        if core.isalpha():  # one word
            k = self.of_token[token] = self.add(core, core, None)
            return k
        if not core:  # no letters at all
            self.of_token[token] = 0
            return 0
        i = core.find("'")
        if i < 0:
            i = core.find("’")
            if i < 0:
                i = core.find("‘")
        if i > 0:
            word, suffix = core[:i], core[i + 1 :]
            if word.isalpha() and suffix.isalpha():  # a word with an apostrophe suffix
                k = self.of_token[token] = self.add(core, word, suffix)
                return k
        m = _CORE.fullmatch(token)
        if m is None:  # several words (`a-b`, `1920'de'ki`): scored as written
            k = self.add(token, None, None)
        else:
            word, suffix = m.group("w", "s")
            if word is None:  # no letters at all
                k = 0
            elif suffix is None:  # one word
                k = self.add(word, word, None)
            else:  # a word with an apostrophe suffix (`Moskova'ya`)
                k = self.add(token[m.start("w") : m.end("s")], word, suffix)
        self.of_token[token] = k
        return k

    def resolve(self, tokens: list[str]) -> None:
        """Give every token of ``tokens`` a row (`token_row`, in order of first occurrence).

        Most new tokens are a known word with punctuation or digits around it: their word
        (``token.strip(_NON_LETTERS)``, as in `token_row`) is looked up for all of them at
        once, so only the rest take `token_row` one by one. A letters-only key's row is
        always its word's row (`add(word, word, None)`), so this is what `token_row` does.
        """
        of_token = self.of_token
        todo = [t for t in dict.fromkeys(tokens) if t not in of_token]
        cores = list(map(str.strip, todo, repeat(_NON_LETTERS)))
        for tok, core, k in zip(todo, cores, map(self.of_key.get, cores), strict=True):
            if k is not None and core.isalpha():
                of_token[tok] = k
            else:
                self.token_row(tok)

    def add(self, key: str, word: str | None, suffix: str | None) -> int:
        """The row of ``key`` (added if new): ``_token_scores(key)``, worked out from the
        parts when the key is one ``word`` (one match of `_WORD`), with or without a
        ``suffix``: the suffix's evidence is added to the word's row, as `_token_scores`
        adds it, in the same order."""
        k = self.of_key.get(key)
        if k is None:
            if word is None:
                row = _token_scores(key)
            elif suffix is None:
                row = _word_row(word)
            else:
                tr, az, en, n, letters, fw = self.rows[self.add(word, word, None)]
                a, b, c = _suffix_scores(suffix)
                row = (tr + a, az + b, en + c, n + 1, letters, fw)
            k = self.of_key[key] = len(self.keys)
            self.keys.append(key)
            self.rows.append(row)
        return k

    def sync(self) -> np.ndarray:
        """The table as an array, with the rows added since the last call."""
        n = len(self.rows)
        if n > self.filled:
            if n > len(self.array):
                grown = np.zeros((max(n, 2 * len(self.array)), 6))
                grown[: self.filled] = self.array[: self.filled]
                self.array = grown
            self.array[self.filled : n] = self.rows[self.filled :]
            self.filled = n
        return self.array

    def fix(self, k: int) -> tuple[float, float, float]:
        """Correction of a capitalised first token: full weight instead of the proper-noun
        one (the same for every token sharing the row, as they share their first word)."""
        fix = self.first_fix.get(k)
        if fix is None:
            key = self.keys[k]
            if key.isalpha():
                # One word (every `str.isalpha` letter is a `\p{L}` letter): what
                # `_token_scores(key, first=True)` computes, its sums starting from 0.0.
                a, b, c = _word_row(key, True)[:3]
                full = (0.0 + a, 0.0 + b, 0.0 + c)
            else:
                full = _token_scores(key, first=True)
            base = self.rows[k]
            fix = self.first_fix[k] = (full[0] - base[0], full[1] - base[1], full[2] - base[2])
        return fix


_TABLE = _Table()


# texts up to this many tokens are summed in one column loop (one numpy step per token
# position); longer ones (whole blocks) token by token on their own
_COLUMN_LOOP_MAX = 64


def _segment_sums(
    rows: np.ndarray, ids: np.ndarray, counts: np.ndarray, row_tuples: list[tuple]
) -> np.ndarray:
    """Per-text sums of the token rows, each added token by token in text order, as the loop
    in `_score_words` adds them, so the floats are equal to the last bit.

    Not `np.add.reduceat`: it adds a segment's first row to the pairwise sum of the others,
    ``a + (b + c)``, which differs from ``(a + b) + c`` in the last bit.
    """
    out = np.zeros((len(counts), rows.shape[1]))
    starts = np.cumsum(counts) - counts
    short = np.flatnonzero(counts <= _COLUMN_LOOP_MAX)
    width = int(counts[short].max(initial=0))
    if width:
        # the short texts' token rows as a (texts, width, 6) block, padded with row 0 (the
        # empty token's: all zeros, and x + 0.0 == x), then added one token position at a time
        pos = np.arange(width)
        valid = pos < counts[short][:, None]
        at = np.minimum(starts[short][:, None] + pos, len(ids) - 1)
        block = rows[np.where(valid, ids[at], 0)]
        acc = np.zeros((len(short), rows.shape[1]))
        for j in range(width):
            acc += block[:, j]
        out[short] = acc
    # long texts in Python floats: ~5x faster per token than numpy row by row
    for i in np.flatnonzero(counts > _COLUMN_LOOP_MAX).tolist():
        text_ids = ids[starts[i] : starts[i] + counts[i]].tolist()
        out[i] = _row_sums(map(row_tuples.__getitem__, text_ids))
    return out


def _row_sums(rows: Iterable[tuple]) -> tuple[float, float, float, int, int, int]:
    """The token rows of one text added up token by token in text order: the order every
    scoring path keeps, so that their floats agree to the last bit."""
    tr = az = en = 0.0
    n = letters = fw = 0
    for a, b, c, d, e, f in rows:
        tr += a
        az += b
        en += c
        n += d
        letters += e
        fw += f
    return tr, az, en, n, letters, fw


def _scores_many(prepared: list[tuple[str, str]]) -> list[tuple[float, float, float, int]]:
    """``[_finish3(t, q, _score_words(t, 1.0, True)) for t, q in prepared]``, batched.

    The tokens of all texts are looked up at once, summed per text with one
    `np.add.reduceat`, and the per-text steps of `_finish3` (first-word fix, marker letters,
    English function-word penalty) are column operations. Each is the same float operation
    in the same order as the per-text code, so the scores are the same to the last bit. A
    text with a quotation or a pattern match (a few in a hundred) takes `_finish3` itself.
    """
    table = _TABLE
    table.bound()
    texts = [t for t, _ in prepared]
    token_lists = [t.split() for t in texts]
    flat = list(chain.from_iterable(token_lists))
    m = len(texts)
    sc = np.zeros((m, 6))  # tr, az, en, words, letters, function words per text
    if flat:
        # All tokens looked up in C; the few new ones (-1) are then given their rows (a token
        # new twice in one batch is looked up again: its first occurrence gave it a row).
        of_token = table.of_token
        ids = np.fromiter(map(of_token.get, flat, repeat(-1)), np.intp, len(flat))
        new = np.flatnonzero(ids < 0).tolist()
        if new:
            new_tokens = [flat[i] for i in new]
            table.resolve(new_tokens)
            ids[new] = list(map(of_token.__getitem__, new_tokens))
        rows = table.sync()
        counts = np.fromiter(map(len, token_lists), np.intp, m)
        nonempty = counts > 0
        starts = (np.cumsum(counts) - counts)[nonempty]
        sc[:] = _segment_sums(rows, ids, counts, table.rows)
        # A capitalised first token: corrected to full weight (`_Table.fix`).
        upper = np.array([toks[0][:1].isupper() for toks in token_lists if toks], dtype=bool)
        if upper.any():
            # (the fixes already worked out looked up in C; `fix` works out the others)
            first_rows = ids[starts][upper].tolist()
            fixes = list(map(table.first_fix.get, first_rows))
            if None in fixes:
                fixes = [f or table.fix(k) for f, k in zip(fixes, first_rows, strict=True)]
            sc[np.flatnonzero(nonempty)[upper], :3] += fixes
    d = _data()
    need_digit = d.patterns_need_digit
    pattern_any = d.pattern_any
    slow = [
        i
        for i, (t, q) in enumerate(prepared)
        if q
        or (
            ("-" in t or "'" in t or "’" in t or "nc" in t)
            and (not need_digit or _DIGIT.search(t))
            and pattern_any.search(t)  # (most texts with a digit match no pattern)
        )
    ]
    mains = {i: sc[i, :3].tolist() + [int(x) for x in sc[i, 3:].tolist()] for i in slow}
    letters = sc[:, 4]
    for letter, lang, logq in d.markers:
        upper_letter = letter.upper()
        absent = np.array([letter not in t and upper_letter not in t for t in texts], dtype=bool)
        col = sc[:, LANGS.index(lang)]
        col[absent] += logq * letters[absent]
    sc[:, 2] += d.en_function_logq * np.maximum(sc[:, 3] - sc[:, 5], 0.0)
    out = list(zip(*(sc[:, j].tolist() for j in range(3)), sc[:, 3].astype(int).tolist()))
    for i in slow:
        out[i] = _finish3(texts[i], prepared[i][1], mains[i])
    return out


def orthographic_scores(text: str) -> tuple[dict[str, float], int]:
    """Additive evidence per language and the number of words that carried it.

    Citations and numbers are removed first: they are not language. Words inside quotation
    marks count less unless the quotation is most of the text.
    """
    text, quoted_text = _prepare(text)
    return _finish(text, quoted_text, _score_words(text, 1.0, True))


def _prepare(text: str) -> tuple[str, str]:
    """The text to score (citations removed, letter-spaced words rejoined, quotations cut
    out) and the quoted text (``""`` when there is none)."""
    if ("(" in text or "[" in text) and _DIGIT.search(text):  # (every citation has a digit)
        text = _CITATION.sub(" ", text)
    if " " in text and len(text) < 3.2 * (text.count(" ") + 1) and _SPACED_QUICK.search(text):
        # Many one-letter tokens: letter-spaced words (`L o z a n`); rejoin them.
        text = _SPACED.sub(lambda m: m.group(0).replace(" ", ""), text)
    quoted_text = ""
    if '"' in text or "“" in text or "''" in text or "«" in text or "„" in text:
        spans = _quoted_mask(text)
        if spans:
            quoted_text = " ".join(text[a:b] for a, b in spans)
            pieces, pos = [], 0
            for a, b in spans:
                pieces.append(text[pos:a])
                pos = b
            pieces.append(text[pos:])
            text = " ".join(pieces)
    return text, quoted_text


def _finish(text: str, quoted_text: str, main: list[float]) -> tuple[dict[str, float], int]:
    """Scores of a prepared text from the word evidence ``main`` of its unquoted part."""
    tr, az, en, n = _finish3(text, quoted_text, main)
    return {"tr": tr, "az": az, "en": en}, n


def _finish3(text: str, quoted_text: str, main: list[float]) -> tuple[float, float, float, int]:
    """`_finish` as plain numbers (tr, az, en, words): the per-sentence loop builds no dict."""
    tr, az, en, n, letters, fw = main
    if quoted_text:
        # A quotation counts less than the sentence around it, unless there is next to nothing
        # around it (the sentence is the quotation).
        qw = QUOTED_WEIGHT if n >= QUOTE_FRAME_WORDS else 1.0
        q = _score_words(quoted_text, qw, False)
        tr += q[0]
        az += q[1]
        en += q[2]
        n += q[3]
        letters += q[4]
        fw += q[5]
    d = _data()
    if ("-" in text or "'" in text or "’" in text or "nc" in text) and (
        not d.patterns_need_digit or _DIGIT.search(text)
    ):
        for m in d.pattern_any.finditer(text):
            lang, w = d.pattern_weight[int(m.lastgroup[1:])]
            n += 1
            if lang == "tr":
                tr += w
            elif lang == "az":
                az += w
            else:
                en += w
    for letter, lang, logq in d.markers:
        if letter not in text and letter.upper() not in text and letter not in quoted_text:
            pen = logq * letters
            if lang == "tr":
                tr += pen
            elif lang == "az":
                az += pen
            else:
                en += pen
    # English without its function words is unlikely English.
    en += d.en_function_logq * max(0, n - fw)
    return tr, az, en, n


_detector = None
_detector_lock = threading.Lock()


def _lingua():
    """The lingua detector, restricted to tr/az/en, built once per process on first use.

    lingua ships its models inside the wheel, so building it needs no network.
    """
    global _detector
    if _detector is None:
        with _detector_lock:
            if _detector is None:
                from lingua import Language, LanguageDetectorBuilder

                _detector = LanguageDetectorBuilder.from_languages(
                    Language.TURKISH, Language.AZERBAIJANI, Language.ENGLISH
                ).build()
    return _detector


_LINGUA_CODES = {"TURKISH": "tr", "AZERBAIJANI": "az", "ENGLISH": "en"}


def lingua_probs(text: str) -> dict[str, float]:
    """lingua's confidence per language (sums to 1, or all zero when it has nothing to say)."""
    out = {lang: 0.0 for lang in LANGS}
    for cv in _lingua().compute_language_confidence_values(text):
        out[_LINGUA_CODES[cv.language.name]] = cv.value
    return out


def _confidence(scores: dict[str, float], best: str) -> float:
    """Softmax probability of `best` over the three scores."""
    return _confidence3(scores["tr"], scores["az"], scores["en"], scores[best])


def _confidence3(tr: float, az: float, en: float, top: float) -> float:
    """`_confidence` of the language scoring ``top``, on plain numbers."""
    e = math.exp
    return round(1.0 / (e(tr - top) + e(az - top) + e(en - top)), 4)


def _ranked(scores: dict[str, float]) -> tuple[str, float]:
    """Best language and its margin over the runner-up (ties go to the order of LANGS)."""
    return _ranked3(scores["tr"], scores["az"], scores["en"])


def _ranked3(tr: float, az: float, en: float) -> tuple[str, float]:
    """`_ranked` on plain numbers."""
    if tr >= az and tr >= en:
        return "tr", tr - max(az, en)
    if az >= en:
        return "az", az - max(tr, en)
    return "en", en - max(tr, az)


def _decide(
    text: str,
    prior: dict[str, float] | None = None,
    margin: float = DECIDE_MARGIN,
    precomputed: tuple[dict[str, float], int] | None = None,
) -> tuple[str, float]:
    """Orthographic scores (plus a prior); lingua only when the margin stays small."""
    scores, n = precomputed if precomputed is not None else orthographic_scores(text)
    if n == 0:
        return UND, 1.0
    if prior:
        scores = {k: v + prior.get(k, 0.0) for k, v in scores.items()}
    best, gap = _ranked(scores)
    if gap < margin:
        probs = lingua_probs(text)
        if any(probs.values()):
            scores = {
                k: v + LINGUA_WEIGHT * math.log(max(probs[k], 1e-2)) for k, v in scores.items()
            }
        best, gap = _ranked(scores)
    return best, _confidence(scores, best)


def identify(text: str) -> tuple[str, float]:
    """(`tr`|`az`|`en`|`und`, confidence) for one text with no context.

    `und` when the text holds no word: numbers, punctuation, a bare citation.
    """
    return _decide(text)


def _orthographic_many(texts: list[str]) -> list[tuple[dict[str, float], int]]:
    """``[orthographic_scores(t) for t in texts]`` with the word evidence batched."""
    return [
        ({"tr": tr, "az": az, "en": en}, n)
        for tr, az, en, n in _scores_many([_prepare(t) for t in texts])
    ]


def _block_scores_many(blocks: list[str]) -> list[tuple[dict[str, float], int]]:
    """``[_block_scores(b) for b in blocks]``: the beginnings in one batch, then the whole
    blocks whose beginning was not decisive in a second one."""
    heads = []
    for block in blocks:
        if len(block) > BLOCK_PREFIX:
            cut = block.rfind(" ", 0, BLOCK_PREFIX)
            heads.append(block[: cut if cut > 0 else BLOCK_PREFIX])
        else:
            heads.append(block)
    out = _orthographic_many(heads)
    rest = [
        i
        for i, (block, head) in enumerate(zip(blocks, out, strict=True))
        if len(block) > BLOCK_PREFIX and not (head[1] and _ranked(head[0])[1] >= 2 * DECIDE_MARGIN)
    ]
    for i, full in zip(rest, _orthographic_many([blocks[i] for i in rest]), strict=True):
        out[i] = full
    return out


def _block_scores(block: str) -> tuple[dict[str, float], int]:
    """Orthographic scores of a block; a long block is judged on its beginning when that is
    already decisive (its sentences are scored in full by `identify_sentences` anyway)."""
    if len(block) > BLOCK_PREFIX:
        cut = block.rfind(" ", 0, BLOCK_PREFIX)
        head = orthographic_scores(block[: cut if cut > 0 else BLOCK_PREFIX])
        if head[1] and _ranked(head[0])[1] >= 2 * DECIDE_MARGIN:
            return head
    return orthographic_scores(block)


def identify_document(blocks: list[str]) -> list[tuple[str, float]]:
    """Per block, with the whole document as context.

    First every block is scored orthographically (cheap); blocks decided with a clear margin
    give the document's language shares. A short or ambiguous block is then decided with a prior
    that leans towards the document's dominant languages (a one-line block between Turkish
    paragraphs is Turkish unless its own evidence says otherwise); lingua is consulted only for
    blocks that stay ambiguous after that.
    """
    first = _block_scores_many(blocks)
    ranked = [_ranked(sc) if n else (UND, 0.0) for sc, n in first]
    tot = {lang: 0.0 for lang in LANGS}
    for b, (best, gap) in zip(blocks, ranked, strict=True):
        if best != UND and gap >= DECIDE_MARGIN:
            tot[best] += len(b)
    z = sum(tot.values())
    # Smoothed: a language absent from the confident blocks is unlikely, not impossible.
    prior = {k: DOC_PRIOR_WEIGHT * math.log(v / z + 0.1) for k, v in tot.items()} if z else None
    out: list[tuple[str, float]] = []
    for b, pre, (best, gap) in zip(blocks, first, ranked, strict=True):
        if best == UND:
            out.append((UND, 1.0))
        elif gap >= DECIDE_MARGIN:
            out.append((best, _confidence(pre[0], best)))
        else:
            out.append(_decide(b, prior=prior, precomputed=pre))
    return out


def identify_sentences(sentences: list[str], block_lang: str) -> list[tuple[str, float]]:
    """Per sentence of one block: short or ambiguous sentences inherit the block's language.

    The block's language is a prior worth more for short sentences; a sentence flips only when
    its own orthographic evidence outweighs it (an English sentence inside a Turkish abstract
    block still comes out English). A sentence with no words is `und`.
    """
    return identify_sentences_blocks([(sentences, block_lang)])[0]


def identify_sentences_blocks(
    blocks: list[tuple[list[str], str]],
) -> list[list[tuple[str, float]]]:
    """`identify_sentences` for many blocks at once (same answers).

    A document has thousands of short sentences: scoring all their words in one batch avoids
    most of the per-call cost, and the per-sentence steps run in one loop on plain numbers.
    """
    texts = [s for sentences, _ in blocks for s in sentences]
    finished = _scores_many([_prepare(t) for t in texts])
    result: list[list[tuple[str, float]]] = []
    exp = math.exp
    margin = DECIDE_MARGIN - 1.0
    k = 0
    for sentences, block_lang in blocks:
        out: list[tuple[str, float]] = []
        known = block_lang in LANGS
        for s in sentences:
            tr, az, en, n = finished[k]
            k += 1
            if n == 0:
                out.append((UND, 1.0))
                continue
            if known:
                bonus = 3.0 if n >= 8 else 5.0
                if block_lang == "tr":
                    tr += bonus
                elif block_lang == "az":
                    az += bonus
                else:
                    en += bonus
                # `_ranked3` and `_confidence3`, inlined (this loop runs once per sentence)
                if tr >= az and tr >= en:
                    best, top, gap = "tr", tr, tr - max(az, en)
                elif az >= en:
                    best, top, gap = "az", az, az - max(tr, en)
                else:
                    best, top, gap = "en", en, en - max(tr, az)
                if best == block_lang and gap >= margin:
                    out.append(
                        (best, round(1.0 / (exp(tr - top) + exp(az - top) + exp(en - top)), 4))
                    )
                    continue
            out.append(_decide(s, precomputed=({"tr": tr, "az": az, "en": en}, n)))
        result.append(out)
    return result


__all__ = [
    "identify",
    "identify_document",
    "identify_sentences",
    "identify_sentences_blocks",
    "lingua_probs",
    "orthographic_scores",
    "LANGS",
    "UND",
]
