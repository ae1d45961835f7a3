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
def glyph_class() -> regex.Pattern:
    return regex.compile("[" + "".join(regex.escape(c) for c in glyph_table()) + "]")


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
    """``_evidence(text[la:lb])`` for every line ``la -> lb``, from one scan of the whole text.

    The markers (letters, bigrams, words) never contain a newline, so each occurrence belongs
    to one line. Marker letters are counted with numpy over the code points (running sums,
    read at the line ends); marker words are found by one regex that matches only them (as
    whole letter runs), so Python only touches the few hits, not every word of the text.
    """
    low = tr_lower(text)
    mk = markers()
    bigrams = mk["foreign"].get("bigram", ())
    if len(low) != len(text) or len(bigrams) > 1 or any("\n" in b for b in bigrams):
        # Lower-casing changed offsets (or several bigrams could overlap): line by line.
        return {la: _evidence(text[la:lb]) for la, lb in lines.items()}
    tl, fl = _marker_codes()
    _, _, bg_re = _marker_patterns()
    tw, fw = mk["turkic"].get("word", frozenset()), mk["foreign"].get("word", frozenset())
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    starts = np.fromiter(lines.keys(), np.intp, len(lines))
    ends = np.fromiter(lines.values(), np.intp, len(lines))

    def per_line(mask: np.ndarray) -> np.ndarray:
        run = np.concatenate(([0], np.cumsum(mask, dtype=np.int64)))
        return run[ends] - run[starts]

    turkic = per_line(np.isin(codes, tl))
    foreign = per_line(np.isin(codes, fl))
    extra_t: list[int] = []
    extra_f: list[int] = []
    if bg_re is not None:
        extra_f += [m.start() for m in bg_re.finditer(low)]
    words = _marker_word_pattern(low, tw | fw)
    if words is not None:
        for m in words.finditer(low):
            (extra_t if m.group() in tw else extra_f).append(m.start())
    for extra, counts in ((extra_t, turkic), (extra_f, foreign)):
        if extra:
            pos = np.sort(np.array(extra, dtype=np.intp))
            counts += np.searchsorted(pos, ends) - np.searchsorted(pos, starts)
    return dict(zip(lines, zip(turkic.tolist(), foreign.tolist(), strict=True), strict=True))


@lru_cache(maxsize=1)
def _marker_codes() -> tuple[np.ndarray, np.ndarray]:
    """Code points of the (turkic, foreign) single-character marker letters."""
    mk = markers()
    tl, fl = mk["turkic"].get("letter", frozenset()), mk["foreign"].get("letter", frozenset())
    return (
        np.array(sorted(ord(c) for c in tl if len(c) == 1), dtype=np.uint32),
        np.array(sorted(ord(c) for c in fl if len(c) == 1), dtype=np.uint32),
    )


def _marker_word_pattern(low: str, words: frozenset[str]) -> re.Pattern | None:
    """A pattern matching exactly the letter runs (``_LETTERS``) of ``low`` that are in
    ``words``: the letter class is built from the characters of this text."""
    if not words:
        return None
    letters = "".join(sorted(c for c in set(low) if _LETTERS.match(c)))
    if not letters:
        return None
    cls = "[" + re.escape(letters) + "]"
    alts = "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))
    return re.compile(f"(?<!{cls})(?:{alts})(?!{cls})")


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
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    known_tokens = 0
    for word, n in words.items():
        present = tuple(sorted({c for c in word if c in glyphs}))
        verdict, combo = _word_vote(word, present, tuple(glyphs[c].letters for c in present))
        if verdict == "known":
            known_tokens += n
            for c, letter in zip(present, combo, strict=True):
                votes[c][letter] += n
        elif verdict == "bigram":
            for c, letter in zip(present, combo, strict=True):
                votes[c][letter] += 0.01 * n
    choice = {}
    for c, g in glyphs.items():
        v = votes.get(c)
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


def _case_of(text: str, ws: int, we: int, pos: int, glyphs: dict[str, Glyph]) -> bool | None:
    """True for upper case, False for lower, None if the word does not tell."""
    verdict = _case_in_word(text[ws:we], pos - ws, frozenset(glyphs))
    if verdict is not _ASK_TOKEN:
        return verdict  # type: ignore[return-value]
    # Only glyphs in the word (an initial like ``A.ġ.``): look at the whole token.
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


def repair_glyphs(
    text: str, lang_hint: str | None = None, blocked: list[tuple[int, int]] | None = None
) -> list[Edit]:
    """Edits that undo font-table and Latin-5 damage in ``text`` (one edit per glyph)."""
    gc = glyph_class()
    hits = [m.start() for m in gc.finditer(text)]
    if not hits or (lang_hint is not None and lang_hint not in ("tr", "az", "en", "und")):
        return []
    table = glyph_table()
    blocked = sorted(blocked or [])
    bstarts = [b[0] for b in blocked]

    def is_blocked(p: int) -> bool:
        k = bisect.bisect_right(bstarts, p) - 1
        return k >= 0 and blocked[k][0] <= p < blocked[k][1]

    nls = _newlines(text)
    # Occurrences grouped by word (words with letters of another alphabet are left alone).
    occ: list[tuple[int, int, int, int]] = []  # (pos, word start, word end, line start)
    words: Counter[str] = Counter()
    word_line: dict[int, tuple[int, str]] = {}  # word start -> (line start, word)
    lines: dict[int, int] = {}  # line start -> line end
    # Several glyphs often sit in one word: the word (when the glyph is a letter, so the word
    # is the whole letter run around it) and its verdict are computed once.
    last_ws = last_we = -1
    foreign: dict[str, bool] = {}
    # The letter run around a glyph (``_word_at``) found with two C-level matches, forwards in
    # the text and forwards in the reversed text, over a class of exactly those characters of
    # this text that ``_word_at`` walks over.
    wordy = "".join(sorted(c for c in set(text) if c.isalpha() or _MARK.match(c)))
    run = re.compile("[" + re.escape(wordy) + "]+")
    rev = text[::-1]
    n = len(text)
    for p in hits:
        if is_blocked(p):
            continue
        if last_ws < p < last_we:
            ws, we = last_ws, last_we
        elif text[p] in wordy:
            ws, we = n - run.match(rev, n - 1 - p).end(), run.match(text, p).end()
            last_ws, last_we = ws, we
        else:
            ws, we = _word_at(text, p)
            last_ws = last_we = -1
        word = text[ws:we]
        is_foreign = foreign.get(word)
        if is_foreign is None:
            present = {c: table[c] for c in word if c in table}
            is_foreign = foreign[word] = _foreign_word(word, present)
        if is_foreign:
            continue
        la, lb = _line_of(text, nls, p)
        lines[la] = lb
        occ.append((p, ws, we, la))
        if ws not in word_line:
            word_line[ws] = (la, word)
            words[word] += 1
    if not occ:
        return []
    present_glyphs = {c: table[c] for c in {text[o[0]] for o in occ}}
    choice, _ = decide(words, present_glyphs)
    # Language of each line, judged with the damage undone: marker letters and words, plus
    # the damaged words that the chosen reading makes known Turkish/Azerbaijani words.
    known_in_line: Counter[int] = Counter()
    known_word: dict[str, bool] = {}
    reading_table = {ord(c): v for c, v in choice.items() if v != KEEP}
    for la, word in word_line.values():
        known = known_word.get(word)
        if known is None:
            # _reading(word, choice), with the translation table made once
            known = known_word[word] = is_known(tr_lower(word.translate(reading_table)))
        if known:
            known_in_line[la] += 1
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
    occ = [o for o in occ if line_verdict[o[3]] or (line_verdict[o[3]] is None and doc_ok)]
    # Case: what the word says, else what the glyph was where the word did tell.
    cases: list[bool | None] = []
    learned: dict[str, Counter[bool]] = defaultdict(Counter)
    for p, ws, we, _la in occ:
        cs = _case_of(text, *_case_word(text, ws, we), p, present_glyphs)
        cases.append(cs)
        if cs is not None:
            learned[text[p]][cs] += 1
    edits = []
    for (p, ws, _we, _la), cs in zip(occ, cases, strict=True):
        g = present_glyphs[text[p]]
        letter = choice[text[p]]
        if letter == KEEP:
            continue
        if g.own_case:
            cs = text[p].isupper()
        elif cs is None:
            cs = _ambiguous_case(text, ws, p, letter, choice, learned)
        new = tr_upper(letter) if cs else letter
        edits.append(Edit(p, p + 1, new, g.kind))
    return edits


def _ambiguous_case(
    text: str,
    ws: int,
    p: int,
    letter: str,
    choice: dict[str, str],
    learned: dict[str, Counter[bool]],
) -> bool:
    """Case of a word-initial glyph before lower-case letters (``Ģubat``: Şubat or şubat?).

    A glyph seen only as a capital elsewhere is a capital; one seen only in lower case is lower
    case when another glyph of the document carries the capital of the same letter (002: ``ġ``
    for Ş, ``Ģ`` for ş). If the document does not tell, the sentence does (start, or a date).
    """
    ch = text[p]
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
    if _capital_context(text, ws, p):
        return True
    # Mid-sentence: a listed name is capitalised, anything else is not.
    we = ws
    while we < len(text) and (text[we].isalpha() or text[we] in "'’"):
        we += 1
    reading = _reading(text[ws:we], choice)
    return is_name(reading)


_SENT_END = ".!?…"
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
    m = regex.match(r"[\p{L}\p{M}]*[\s]+(\d{3,4})\b", text[p : p + 40])
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


def _word_at(text: str, p: int) -> tuple[int, int]:
    """The letter run (glyphs included) around position ``p``."""
    a = p
    while a > 0 and (text[a - 1].isalpha() or _MARK.match(text[a - 1])):
        a -= 1
    b = p + 1
    while b < len(text) and (text[b].isalpha() or _MARK.match(text[b])):
        b += 1
    return a, b
