"""Single-character damage decided per document: PDF font tables and Latin-5 read as Latin-1.

Both kinds replace a Turkish letter by one wrong character everywhere in a document, but which
letter a character stands for differs between documents (``ġ`` is ``Ş`` in some PDFs, ``ı``,
``i`` or ``ş`` in others) and the same characters are real letters elsewhere (Maltese ``ġ``,
Latvian ``ģ``, Icelandic ``þ``). So the mapping is not a fixed table:

1. every reading of every damaged word is tried, and a word votes for the reading that makes it a
   known Turkish/Azerbaijani word (``lexicon.is_known``); the letter each glyph stands for is the
   one with most votes in the document (the prior in ``glyphs.tsv`` when nothing votes);
2. the case of each replacement comes from the word around it (``ĠLĠġKĠ`` is all capitals, so
   ``ġ`` is ``Ş`` there; ``baĢka`` is lower case, so ``Ģ`` is ``ş``), and where the word does not
   tell (a capital at the start of a lower-case word) from what the glyph was elsewhere;
3. only lines whose language evidence is Turkish/Azerbaijani (or neutral in a Turkish document)
   are touched, and words with letters of another alphabet are left alone.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import regex

from pipeline.repair.lexicon import (
    bigram_score,
    harmony_breaks,
    is_known,
    is_name,
    markers,
    tr_lower,
    tr_upper,
)
from pipeline.resources import read_tsv
from pipeline.textmap import Edit

KEEP = "="
_LETTERS = regex.compile(r"[\p{L}\p{M}]+")
_MARK = regex.compile(r"\p{M}")
# Letters a Turkish, Azerbaijani or English word may contain besides the damaged glyphs.
_NATIVE_LOWER = "abcçdefgğhıijklmnoöprsştuüvyzqwxəâîûêô"
_NATIVE = frozenset(_NATIVE_LOWER + tr_upper(_NATIVE_LOWER) + _NATIVE_LOWER.upper() + "'’")
_MAX_COMBOS = 256


@dataclass(frozen=True)
class Glyph:
    char: str
    kind: str
    letters: tuple[str, ...]  # lowercase readings, KEEP for "leave as is"
    upper: tuple[bool, ...]  # default case of each reading
    own_case: bool  # the glyph's own case is the letter's (code-page damage), not the word's


@lru_cache(maxsize=1)
def glyph_table() -> dict[str, Glyph]:
    out: dict[str, Glyph] = {}
    for row in read_tsv("repair", "glyphs.tsv"):
        char, kind, cands = row[0], row[1], row[2].split(",")
        if not char.isalpha():
            # A glyph stands for a letter inside a word: repair_glyphs finds its word as the
            # letter run around it.
            raise ValueError(f"glyphs.tsv: {char!r} is not a letter")
        own_case = len(row) > 3 and row[3] == "glyph"
        letters: list[str] = []
        upper: list[bool] = []
        for c in cands:
            low = KEEP if c == KEEP else tr_lower(c)
            if low not in letters:
                letters.append(low)
                upper.append(c != KEEP and c != low)
        out[char] = Glyph(char, kind, tuple(letters), tuple(upper), own_case)
    return out


@lru_cache(maxsize=1)
def glyph_class() -> re.Pattern:
    # The standard library's re scans a plain character class faster than regex.
    return re.compile("[" + re.escape("".join(glyph_table())) + "]")


def _is_wordy(c: str) -> bool:
    """A character ``_word_at`` walks over: a letter (``str.isalpha``) or a mark (``\\p{M}``)."""
    return c.isalpha() or _MARK.match(c) is not None


def _is_letter(c: str) -> bool:
    """A character of ``_LETTERS`` (``[\\p{L}\\p{M}]``)."""
    return _LETTERS.match(c) is not None


@lru_cache(maxsize=1)
def _bmp_codes() -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Code points of the Basic Multilingual Plane's (wordy, letter) characters.

    Built once per process, so that a document's words are found with numpy and a fixed table
    instead of a class made from the document's own characters (``set(text)`` costs more
    than the scans). unicodedata decides
    for assigned characters (its categories are those of the two predicates); the ``regex``
    module, whose Unicode tables may be newer, decides for the characters unassigned in
    Python's, so the sets are exactly the two predicates.
    """
    wordy: list[int] = []
    letter: list[int] = []
    for cp in range(0x10000):
        c = chr(cp)
        cat = unicodedata.category(c)
        if cat == "Cn":
            w, lt = _is_wordy(c), _is_letter(c)
        else:
            w = lt = cat[0] in "LM"
        if w:
            wordy.append(cp)
        if lt:
            letter.append(cp)
    return tuple(wordy), tuple(letter)


_WORDY, _GLYPH, _LETTER = 1, 2, 4  # bits of _char_kinds


@lru_cache(maxsize=1)
def _bmp_kinds() -> np.ndarray:
    """Per BMP code point: _WORDY if a word runs over it (``_word_at``), _GLYPH if it is a
    glyph, _LETTER if it is one of ``_LETTERS``."""
    kinds = np.zeros(0x10000, dtype=np.uint8)
    wordy, letter = _bmp_codes()
    kinds[list(wordy)] |= _WORDY
    kinds[list(letter)] |= _LETTER
    kinds[[ord(c) for c in glyph_table() if ord(c) < 0x10000]] |= _GLYPH
    return kinds


def _char_kinds(codes: np.ndarray) -> np.ndarray:
    """``_bmp_kinds`` for every character (code points beyond the BMP looked up one by one)."""
    lut = _bmp_kinds()
    if not len(codes) or int(codes.max()) < 0x10000:
        return lut[codes]
    kinds = lut[np.minimum(codes, 0xFFFF)]
    table = glyph_table()
    for cp in np.unique(codes[codes > 0xFFFF]).tolist():
        c = chr(cp)
        kinds[codes == cp] = (
            (_WORDY if _is_wordy(c) else 0)
            | (_GLYPH if c in table else 0)
            | (_LETTER if _is_letter(c) else 0)
        )
    return kinds


def _newlines(text: str) -> list[int]:
    """Offsets of the newlines, from the line lengths (``str.split`` runs in C)."""
    out = list(itertools.accumulate(len(line) + 1 for line in text.split("\n")))
    out.pop()  # the last line has no newline after it
    return [x - 1 for x in out]


def _line_of(text: str, nls: list[int], pos: int) -> tuple[int, int]:
    """The line around ``pos`` via the newline index (no rescans of very long lines)."""
    k = bisect.bisect_left(nls, pos)
    a = nls[k - 1] + 1 if k > 0 else 0
    b = nls[k] if k < len(nls) else len(text)
    return a, b


@lru_cache(maxsize=1)
def _marker_letters() -> tuple[dict[int, None], dict[int, None]]:
    """``str.translate`` tables deleting the (turkic, foreign) single-character marker letters."""
    mk = markers()
    tl, fl = mk["turkic"].get("letter", frozenset()), mk["foreign"].get("letter", frozenset())
    return (
        {ord(c): None for c in tl if len(c) == 1},
        {ord(c): None for c in fl if len(c) == 1},
    )


def _evidence(s: str) -> tuple[int, int]:
    """(turkic, foreign) marker counts in ``s``."""
    mk = markers()
    tl, fl = _marker_letters()
    # Characters counted in C: what deleting the marker letters takes off the length.
    turkic = len(s) - len(s.translate(tl))
    foreign = len(s) - len(s.translate(fl))
    low = tr_lower(s)
    for bg in mk["foreign"].get("bigram", ()):
        foreign += low.count(bg)
    tw, fw = mk["turkic"].get("word", frozenset()), mk["foreign"].get("word", frozenset())
    for w in _LETTERS.findall(low):
        if w in tw:
            turkic += 1
        elif w in fw:
            foreign += 1
    return turkic, foreign


@lru_cache(maxsize=1)
def _marker_patterns() -> tuple[re.Pattern | None, re.Pattern | None, re.Pattern | None]:
    """Scans for the (turkic, foreign) single-character marker letters and foreign bigrams."""
    mk = markers()

    def cls(chars: frozenset[str]) -> re.Pattern | None:
        singles = sorted(c for c in chars if len(c) == 1)
        return re.compile("[" + re.escape("".join(singles)) + "]") if singles else None

    bigrams = sorted(mk["foreign"].get("bigram", ()))
    return (
        cls(mk["turkic"].get("letter", frozenset())),
        cls(mk["foreign"].get("letter", frozenset())),
        re.compile("|".join(re.escape(b) for b in bigrams)) if bigrams else None,
    )


def _line_evidence(text: str, lines: dict[int, int]) -> dict[int, tuple[int, int]]:
    """``_evidence(text[la:lb])`` for every line ``la -> lb``, from one pass over the whole text.

    The markers (letters, bigrams, words) never contain a newline, so each occurrence belongs
    to one line: their positions are found with numpy (marker letters and the letter runs
    that are marker words) or one regex (the bigram), and counted per line by binary search,
    so Python only touches the few marker words, not every word of the text.
    """
    low = tr_lower(text)
    mk = markers()
    bigrams = mk["foreign"].get("bigram", ())
    if len(low) != len(text) or len(bigrams) > 1 or any("\n" in b for b in bigrams):
        # Lower-casing changed offsets (or several bigrams could overlap): line by line.
        return {la: _evidence(text[la:lb]) for la, lb in lines.items()}
    _, _, bg_re = _marker_patterns()
    tw, fw = mk["turkic"].get("word", frozenset()), mk["foreign"].get("word", frozenset())
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    starts = np.fromiter(lines.keys(), np.intp, len(lines))
    ends = np.fromiter(lines.values(), np.intp, len(lines))

    def per_line(pos: np.ndarray) -> np.ndarray:
        """How many of the (sorted) positions fall in each line."""
        return np.searchsorted(pos, ends) - np.searchsorted(pos, starts)

    lut = _marker_letter_kinds()
    kinds = lut[np.minimum(codes, len(lut) - 1)]
    turkic = per_line(np.flatnonzero(kinds & 1))
    foreign = per_line(np.flatnonzero(kinds & 2))
    extra_t: list[int] = []
    extra_f: list[int] = []
    if bg_re is not None:
        extra_f += [m.start() for m in bg_re.finditer(low)]
    for pos, word in _marker_words(low, tw | fw):
        (extra_t if word in tw else extra_f).append(pos)
    for extra, counts in ((extra_t, turkic), (extra_f, foreign)):
        if extra:
            counts += per_line(np.sort(np.array(extra, dtype=np.intp)))
    return dict(zip(lines, zip(turkic.tolist(), foreign.tolist(), strict=True), strict=True))


@lru_cache(maxsize=1)
def _marker_letter_kinds() -> np.ndarray:
    """Per code point up to the largest marker letter: 1 turkic marker, 2 foreign marker
    (the last entry, which every larger code point is clipped to, is neither)."""
    mk = markers()
    tl, fl = mk["turkic"].get("letter", frozenset()), mk["foreign"].get("letter", frozenset())
    singles = [c for c in tl | fl if len(c) == 1]
    lut = np.zeros(max((ord(c) for c in singles), default=0) + 2, dtype=np.uint8)
    for c in singles:
        lut[ord(c)] |= (1 if c in tl else 0) | (2 if c in fl else 0)
    return lut


_HASH_MUL = np.uint64(0x100000001B3)  # FNV prime: any odd multiplier spreads the keys


def _word_hashes(codes: np.ndarray, starts: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """A 64-bit polynomial hash of each word ``codes[start:start + len]`` (equal words, equal
    hashes; different words rarely collide, and callers compare the strings anyway)."""
    h = np.zeros(len(starts), dtype=np.uint64)
    for j in range(int(lens.max()) if len(lens) else 0):
        m = lens > j
        h[m] = h[m] * _HASH_MUL + codes[starts[m] + j].astype(np.uint64)
    return h


@lru_cache(maxsize=4)
def _marker_hashes(words: frozenset[str]) -> tuple[np.ndarray, int]:
    """Sorted hashes of the marker words, and the longest one's length."""
    ws = sorted(words)
    codes = np.frombuffer("".join(ws).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    lens = np.array([len(w) for w in ws], dtype=np.intp)
    starts = np.concatenate(([0], np.cumsum(lens)[:-1])).astype(np.intp)
    return np.unique(_word_hashes(codes, starts, lens)), int(lens.max())


def _marker_words(low: str, words: frozenset[str]) -> list[tuple[int, str]]:
    """(start, word) of every letter run (``_LETTERS``) of ``low`` that is in ``words``.

    A regex alternation of the marker words, tried at each of the tens of thousands of word
    starts of a long document, was the slowest step of a damaged document's repair. Here the
    letter runs come from a numpy table of letters, the runs no longer than the longest
    marker word are hashed with array operations, and only runs whose hash is a marker
    word's are compared as strings.
    """
    if not words or not low:
        return []
    codes = np.frombuffer(low.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    letter = ((_char_kinds(codes) & _LETTER) != 0).astype(np.int8)
    edge = np.diff(letter, prepend=np.int8(0), append=np.int8(0))
    starts, ends = np.flatnonzero(edge == 1), np.flatnonzero(edge == -1)
    hashes, longest = _marker_hashes(words)
    lens = ends - starts
    short = lens <= longest
    starts, lens = starts[short], lens[short]
    hit = np.isin(_word_hashes(codes, starts, lens), hashes)
    out = []
    for a, n in zip(starts[hit].tolist(), lens[hit].tolist(), strict=True):
        w = low[a : a + n]
        if w in words:
            out.append((a, w))
    return out


def _reading(word: str, choice: dict[str, str]) -> str:
    """``word`` lowercased with each glyph replaced by its chosen letter."""
    # str.translate does the per-character replacement in C.
    return tr_lower(word.translate({ord(c): v for c, v in choice.items() if v != KEEP}))


def _foreign_word(word: str, glyphs: dict[str, Glyph]) -> bool:
    """A word with a letter from outside the Turkish/Azerbaijani/English alphabets."""
    return any(c not in _NATIVE and c not in glyphs and c.isalpha() for c in word)


@lru_cache(maxsize=200_000)
def _word_vote(
    word: str, present: tuple[str, ...], options: tuple[tuple[str, ...], ...]
) -> tuple[str, tuple[str, ...]]:
    """How one damaged word type votes: ("known", readings) when exactly one combination of
    readings is a known word (vowel harmony breaking ties), ("bigram", readings) when none is
    and one combination has clearly the best bigram score, else ("", ()).

    Depends on the word and the glyphs' candidate letters only, so it is cached: the words of
    one journal's damaged documents repeat from document to document.
    """
    combos = list(itertools.islice(itertools.product(*options), _MAX_COMBOS))
    scored = []
    for combo in combos:
        reading = _reading(word, dict(zip(present, combo, strict=True)))
        known = is_known(reading)
        scored.append((known, bigram_score(reading), combo))
    knowns = [s for s in scored if s[0]]
    if len(knowns) > 1:
        # Several readings are words (halkın / halkin): vowel harmony decides, if it can.
        breaks = [
            harmony_breaks(_reading(word, dict(zip(present, k[2], strict=True)))) for k in knowns
        ]
        best = min(breaks)
        if breaks.count(best) == 1:
            knowns = [knowns[breaks.index(best)]]
    if len(knowns) == 1:
        return "known", knowns[0][2]
    if not knowns:
        scored.sort(key=lambda s: -s[1])
        if len(scored) > 1 and scored[0][1] - scored[1][1] > 0.05:
            return "bigram", scored[0][2]
    return "", ()


def decide(words: Counter[str], glyphs: dict[str, Glyph]) -> tuple[dict[str, str], int]:
    """The letter each glyph stands for in this document, and how many word tokens it made known.

    Each damaged word type tries every combination of readings of its glyphs. If exactly one
    combination scores best and it is a known word, the word votes for that reading of each of
    its glyphs (weight: its frequency). Without any known word, bigram scores vote with a small
    weight, so a document with rare vocabulary still gets a sensible answer.
    """
    # Votes per (glyph, letter), added in the order of the words (so float sums are stable).
    votes: dict[tuple[str, str], float] = {}
    known_tokens = 0
    glyph_set = frozenset(glyphs)
    for word, n in words.items():
        verdict, pairs = _vote_of(word, glyph_set)
        if verdict == "known":
            known_tokens += n
            weight: float = n
        elif verdict == "bigram":
            weight = 0.01 * n
        else:
            continue
        for key in pairs:
            votes[key] = votes.get(key, 0) + weight
    by_glyph: dict[str, dict[str, float]] = defaultdict(dict)
    for (c, letter), total in votes.items():
        by_glyph[c][letter] = total
    choice = {}
    for c, g in glyphs.items():
        v = by_glyph.get(c)
        if not v:
            choice[c] = g.letters[0]
            continue
        best = max(v.values())
        choice[c] = next(letter for letter in g.letters if v.get(letter, 0) == best)
    return choice, known_tokens


_ASK_TOKEN = "token"  # _case_in_word: only the whole token around the word can tell


@lru_cache(maxsize=100_000)
def _case_in_word(word: str, i: int, glyphs: frozenset[str]) -> bool | None | str:
    """The part of ``_case_of`` that depends on the word alone (cached: words repeat)."""
    others = [c for c in word if c.isalpha() and c not in glyphs]
    caps = others and all(c.isupper() for c in others)
    if caps and (len(others) > 1 or word[0] in glyphs):
        return True  # an all-capitals word (one capital alone may just start the word)
    if i > 0:
        return False  # Turkish capitalises only the first letter of a word
    if others:
        return None
    return _ASK_TOKEN


def _token_case(text: str, pos: int, glyphs: frozenset[str]) -> bool | None:
    """Case from the whole token around ``pos`` (a word of glyphs only, like ``A.ġ.``)."""
    a = pos
    while a > max(0, pos - 60) and not text[a - 1].isspace():
        a -= 1
    b = pos
    while b < min(len(text), pos + 60) and not text[b].isspace():
        b += 1
    tok = [c for c in text[a:b] if c.isalpha() and c not in glyphs]
    if tok and all(c.isupper() for c in tok):
        return True
    return None


@lru_cache(maxsize=100_000)
def _vote_of(word: str, glyphs: frozenset[str]) -> tuple[str, tuple[tuple[str, str], ...]]:
    """How a word type votes: ``_word_vote``'s verdict and its (glyph, letter) pairs, with the
    glyphs present in the word worked out once per type (types recur across documents)."""
    table = glyph_table()
    present = tuple(sorted({c for c in word if c in glyphs}))
    verdict, combo = _word_vote(word, present, tuple(table[c].letters for c in present))
    return verdict, tuple(zip(present, combo, strict=True)) if verdict else ()


@lru_cache(maxsize=100_000)
def _is_foreign(word: str) -> bool:
    """``_foreign_word`` with the glyph table (cached per word type)."""
    return _foreign_word(word, glyph_table())


_Words = tuple[list[int], list[int], list[int], list[int], list[int], list[int]]


def _damaged_words(text: str, blocked: list[tuple[int, int]]) -> _Words:
    """Every word that holds a glyph outside ``blocked``, in text order (the word is the letter
    run around the glyph), as columns: word starts, word ends, line starts, line ends, the
    glyph positions, and where each word's glyphs begin in them (one more entry at the end).

    Found with numpy over the code points (a damaged document has thousands of glyphs): glyph
    positions, the letter runs that hold them and their lines come from array operations.
    Columns of plain ints rather than a tuple per word: fewer objects for the cyclic garbage
    collector, whose full passes over a worker's heap were a large part of the stage's time.
    """
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    kinds = _char_kinds(codes)
    hits = np.flatnonzero(kinds & _GLYPH)
    if blocked:
        bstarts = [b[0] for b in blocked]

        def is_blocked(p: int) -> bool:
            k = bisect.bisect_right(bstarts, p) - 1
            return k >= 0 and blocked[k][0] <= p < blocked[k][1]

        hits = np.array([p for p in hits.tolist() if not is_blocked(p)], dtype=np.intp)
    if not len(hits):
        return [], [], [], [], [], [0]
    wordy = ((kinds & _WORDY) != 0).astype(np.int8)
    edge = np.diff(wordy, prepend=np.int8(0), append=np.int8(0))
    starts, ends = np.flatnonzero(edge == 1), np.flatnonzero(edge == -1)
    run = np.searchsorted(starts, hits, side="right") - 1  # the run each glyph is in
    first = np.flatnonzero(np.diff(run, prepend=-1))  # each run's first glyph
    ws, we = starts[run[first]], ends[run[first]]
    nls = np.flatnonzero(codes == 10)
    k = np.searchsorted(nls, ws)  # newlines before the word
    la = np.concatenate(([-1], nls))[k] + 1
    lb = np.concatenate((nls, [len(text)]))[k]
    bounds = first.tolist() + [len(hits)]
    return ws.tolist(), we.tolist(), la.tolist(), lb.tolist(), hits.tolist(), bounds


def repair_glyphs(
    text: str, lang_hint: str | None = None, blocked: list[tuple[int, int]] | None = None
) -> list[Edit]:
    """Edits that undo font-table and Latin-5 damage in ``text`` (one edit per glyph).

    A damaged document has thousands of glyphs, so the work is done once per damaged word
    (occurrence or type) rather than once per glyph where it can be, and the scans over the
    whole text are numpy or compiled ``re`` operations.
    """
    if lang_hint is not None and lang_hint not in ("tr", "az", "en", "und"):
        return []
    if glyph_class().search(text) is None:
        return []
    table = glyph_table()
    ws_of, we_of, la_of, lb_of, hits, bounds = _damaged_words(text, sorted(blocked or []))
    word_of = [text[a:b] for a, b in zip(ws_of, we_of, strict=True)]
    # The damaged words (indices into the columns); words with letters of another alphabet
    # are left alone.
    found = [i for i, w in enumerate(word_of) if not _is_foreign(w)]
    if not found:
        return []
    words = Counter(word_of[i] for i in found)
    lines = {la_of[i]: lb_of[i] for i in found}  # line start -> line end
    present_glyphs = {
        c: table[c] for c in {text[hits[j]] for i in found for j in range(bounds[i], bounds[i + 1])}
    }
    choice, _ = decide(words, present_glyphs)
    # Language of each line, judged with the damage undone: marker letters and words, plus
    # the damaged words that the chosen reading makes known Turkish/Azerbaijani words.
    # _reading(word, choice) in one translation: the glyphs' letters are lower case already,
    # so tr_lower's own İ -> i and I -> ı can go into the same table.
    reading_table = {ord("İ"): "i", ord("I"): "ı"}
    reading_table.update((ord(c), v) for c, v in choice.items() if v != KEEP)
    known_of = _per_setting(_KNOWN, tuple(sorted(choice.items())))
    for w in words.keys() - known_of.keys():
        known_of[w] = is_known(w.translate(reading_table).lower())
    known_word = known_of
    known_in_line = Counter(la_of[i] for i in found if known_word[word_of[i]])
    line_verdict: dict[int, bool | None] = {}
    doc_turkic = doc_foreign = 0
    evidence = _line_evidence(text, lines)
    for la in lines:
        t, f = evidence[la]
        t += known_in_line[la]
        doc_turkic += t
        doc_foreign += f
        line_verdict[la] = True if t > f else False if f > t else None
    doc_ok = lang_hint in ("tr", "az") or doc_turkic > doc_foreign
    found = [
        i for i in found if line_verdict[la_of[i]] or (line_verdict[la_of[i]] is None and doc_ok)
    ]
    # What each glyph becomes: (kind, letter, capital, case from the glyph itself).
    out = {
        c: (g.kind, choice[c], tr_upper(choice[c]), g.own_case)
        for c, g in present_glyphs.items()
        if choice[c] != KEEP
    }
    # Case: what the word says, else what the glyph was where the word did tell (the
    # ambiguous ones wait in ``pending`` until the whole document has been seen). What the
    # word says depends on the word alone unless an apostrophe or hyphen joins it to another,
    # so it is worked out once per word type (``plans``).
    glyph_set = frozenset(present_glyphs)
    n = len(text)

    def plan_of(cword: str, rels: list[int]) -> tuple[list[tuple[str, bool]], list[tuple]]:
        """For the glyphs at ``rels`` in the case word ``cword``: the cases the word tells
        (glyph, case), and the steps (offset, glyph, replacement, kind), where the
        replacement is None while the case is ambiguous and _ASK_TOKEN when the token
        around the word must tell."""
        told: list[tuple[str, bool]] = []
        steps: list[tuple] = []
        for r in rels:
            ch = cword[r]
            cs = _case_in_word(cword, r, glyph_set)
            if cs is _ASK_TOKEN:
                steps.append((r, ch, _ASK_TOKEN, ""))
                continue
            if cs is not None:
                told.append((ch, cs))  # type: ignore[arg-type]
            o = out.get(ch)
            if o is None:
                continue  # KEEP: left as is
            kind, letter, capital, own_case = o
            if own_case:
                cs = ch.isupper()
            steps.append((r, ch, None if cs is None else capital if cs else letter, kind))
        return told, steps

    # Plans of word types depend on the word, ``out`` and the glyphs present: kept across the
    # documents with the same setting (one journal's damaged documents share it).
    plans = _per_setting(_PLANS, (tuple(sorted(out.items())), glyph_set))
    plain: list[str] = []  # the planned word types, once per occurrence
    told: list[tuple[str, bool]] = []  # (glyph, case) told outside the plans
    edits: list[Edit | None] = []
    pending: list[tuple[int, int, int, str]] = []  # (index in edits, glyph, word start, letter)
    for i in found:
        ws, we, word = ws_of[i], we_of[i], word_of[i]
        if blocked or (ws > 1 and text[ws - 1] in "'’-") or (we + 1 < n and text[we] in "'’-"):
            cws, cwe = _case_word(text, ws, we)
            extra, steps = plan_of(
                text[cws:cwe], [p - cws for p in hits[bounds[i] : bounds[i + 1]]]
            )
            told += extra
        else:
            cws = ws  # what _case_word gives when no apostrophe or hyphen joins
            plan = plans.get(word)
            if plan is None:
                plan = plans[word] = plan_of(
                    word, [p - ws for p in hits[bounds[i] : bounds[i + 1]]]
                )
            plain.append(word)
            steps = plan[1]
        for r, ch, rep, kind in steps:
            p = cws + r
            if rep is _ASK_TOKEN:
                cs = _token_case(text, p, glyph_set)
                if cs is not None:
                    told.append((ch, cs))
                o = out.get(ch)
                if o is None:
                    continue
                kind, letter, capital, own_case = o
                if own_case:
                    cs = ch.isupper()
                rep = None if cs is None else capital if cs else letter
            if rep is None:
                pending.append((len(edits), p, ws, out[ch][1]))
                edits.append(None)
                continue
            edits.append(Edit(p, p + 1, rep, kind))
    if pending:
        learned: dict[str, Counter[bool]] = defaultdict(Counter)
        for (ch, cs), k in Counter(told).items():
            learned[ch][cs] += k
        for word, k in Counter(plain).items():
            for ch, cs in plans[word][0]:
                learned[ch][cs] += k
        by_learning: dict[str, bool | None] = {}
        for i, p, ws, letter in pending:
            ch = text[p]
            if ch not in by_learning:
                by_learning[ch] = _learned_case(ch, letter, choice, learned)
            cs = by_learning[ch]
            if cs is None:
                cs = _context_case(text, ws, p, choice)
            edits[i] = Edit(p, p + 1, out[ch][2] if cs else letter, out[ch][0])
    return edits  # type: ignore[return-value]


# Per-word results that depend on a document's glyph setting (its choice of letters), kept
# across documents: setting -> word -> result. Bounded: a few settings, each a bounded number
# of words (damaged documents of one source repeat their words and their setting).
_KNOWN: dict[tuple, dict[str, bool]] = {}
_PLANS: dict[tuple, dict[str, tuple[list[tuple[str, bool]], list[tuple]]]] = {}
_MAX_SETTINGS = 16
_MAX_WORDS = 100_000


def _per_setting(cache: dict[tuple, dict], setting: tuple) -> dict:
    """The word cache of ``setting`` in ``cache`` (made, or emptied when full, as needed)."""
    words = cache.get(setting)
    if words is None:
        if len(cache) >= _MAX_SETTINGS:
            cache.clear()
        words = cache[setting] = {}
    elif len(words) > _MAX_WORDS:
        words.clear()
    return words


def _learned_case(
    ch: str, letter: str, choice: dict[str, str], learned: dict[str, Counter[bool]]
) -> bool | None:
    """Case of a word-initial glyph before lower-case letters (``Ģubat``: Şubat or şubat?),
    as far as the rest of the document tells (None: it does not; see ``_context_case``).

    A glyph seen only as a capital elsewhere is a capital; one seen only in lower case is lower
    case when another glyph of the document carries the capital of the same letter (002: ``ġ``
    for Ş, ``Ģ`` for ş).
    """
    lc = learned.get(ch, Counter())
    siblings = [c for c, lt in choice.items() if lt == letter and c != ch]
    sib_up = sum(learned.get(c, Counter())[True] for c in siblings)
    sib_low = sum(learned.get(c, Counter())[False] for c in siblings)
    up, low = lc[True], lc[False]
    if up and not low:
        return True
    if low and not up and siblings and not sib_low:
        return False  # another glyph of the document carries this letter's capital
    if not up and not low:
        if not siblings:
            return True  # only ever word-initial: a capital's glyph
        if sib_low and not sib_up:
            return True
        if sib_up and not sib_low:
            return False
    return None


def _context_case(text: str, ws: int, p: int, choice: dict[str, str]) -> bool:
    """Case of an ambiguous word-initial glyph that the document does not settle: the sentence
    does (start, or a date), else whether the word is a listed name."""
    if _capital_context(text, ws, p):
        return True
    # Mid-sentence: a listed name is capitalised, anything else is not.
    we = ws
    while we < len(text) and (text[we].isalpha() or text[we] in "'’"):
        we += 1
    reading = _reading(text[ws:we], choice)
    return is_name(reading)


_SENT_END = ".!?…"
_YEAR_AFTER = regex.compile(r"[\p{L}\p{M}]*[\s]+(\d{3,4})\b")
_OPENERS = "\"'“‘«([—–-"


def _capital_context(text: str, ws: int, p: int) -> bool:
    """Is a word-initial letter here capitalised: sentence start, or a day/year beside it?"""
    i = ws - 1
    while i >= 0 and (text[i] in " \t" or text[i] in _OPENERS):
        i -= 1
    if i < 0:
        return True
    if text[i] in _SENT_END:
        return True
    if text[i] == "\n":
        j = i - 1
        while j >= 0 and text[j] in " \t\r":
            j -= 1
        if j < 0 or text[j] == "\n" or text[j] in _SENT_END:
            return True
        prev_line = text[max(text.rfind("\n", max(0, j - 400), j) + 1, j - 400) : j + 1]
        if not any(c.islower() for c in prev_line):
            return True  # after a heading in capitals
    if text[i].isdigit():
        return True  # "16 Şubat"
    m = _YEAR_AFTER.match(text[p : p + 40])
    return m is not None  # "Şubat 1921"


def _case_word(text: str, ws: int, we: int) -> tuple[int, int]:
    """The word for case purposes: joined across an apostrophe (``Gürcistan’ġn``: a suffix
    follows its stem) and across the hyphen of a one-letter izafet (``Misak-ġ``); a longer part
    after a hyphen is a word of its own (``Sovet-Ġngiltere``)."""

    def izafet(a: int, b: int) -> bool:
        return b - a == 1

    if ws > 1 and text[ws - 1] in "'’" and text[ws - 2].isalpha():
        ws -= 1
        while ws > 0 and text[ws - 1].isalpha():
            ws -= 1
    elif ws > 1 and text[ws - 1] == "-" and text[ws - 2].isalpha() and izafet(ws, we):
        ws -= 1
        while ws > 0 and text[ws - 1].isalpha():
            ws -= 1
    if we + 1 < len(text) and text[we] in "'’" and text[we + 1].isalpha():
        we += 1
        while we < len(text) and text[we].isalpha():
            we += 1
    elif we + 1 < len(text) and text[we] == "-" and text[we + 1].isalpha():
        b = we + 1
        while b < len(text) and text[b].isalpha():
            b += 1
        if izafet(we + 1, b):
            we = b
    return ws, we
