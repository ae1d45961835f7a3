"""UTF-8 read as a single-byte code page (cp1252, Latin-1, cp1254), once or twice.

ftfy fixes whole lines when its badness heuristic is convinced, but it leaves an isolated
``iliÅŸkiler`` or ``Åžubat`` alone and does not know cp1254's six Turkish letters. Here every
run of characters that re-encodes to a well-formed UTF-8 multi-byte sequence is a candidate;
it is decoded (repeatedly, for double mojibake) and accepted only if what comes out is a
plausible letter or punctuation mark, so clean text such as ``GÜÇ»`` (which re-encodes to a
valid but absurd U+01FB) stays as it is. ftfy is still consulted for a line where something
suspicious is left after that, and its answer is taken only if it leaves less.

Every fix is one edit per run, so provenance stays at the level of a few characters.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

import ftfy
import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows-* codecs)
import regex

from pipeline.textmap import Edit

KIND = "mojibake_utf8"
_CODECS = ("sloppy-windows-1252", "sloppy-windows-1254", "latin-1")
_MAX_ROUNDS = 3
# Extended-B letters accepted as a decoding: schwa (Azerbaijani), turned e, ƒ, Romanian
# comma-below letters, Vietnamese horned o/u. The rest of the block is where clean ``Ç’`` or
# ``Ç–`` would land if re-encoded, so it is rejected.
_LATIN_B = frozenset([0x18F, 0x259, 0x1DD, 0x192, 0x1A0, 0x1A1, 0x1AF, 0x1B0, *range(0x218, 0x21C)])


@lru_cache(maxsize=1)
def char_to_byte() -> dict[str, int]:
    """Every character a byte 0x80-0xFF becomes in one of the confusable code pages."""
    out: dict[str, int] = {}
    for codec in _CODECS:
        for b in range(0x80, 0x100):
            out.setdefault(bytes([b]).decode(codec), b)
    return out


def _cls(lo: int, hi: int) -> str:
    chars = sorted({c for c, b in char_to_byte().items() if lo <= b <= hi})
    return "[" + "".join(re.escape(c) for c in chars) + "]"


@lru_cache(maxsize=1)
def run_pattern() -> re.Pattern:
    """Runs of lead + continuation characters: re-encoded, each is a UTF-8 sequence."""
    cont = _cls(0x80, 0xBF)
    two, three, four = _cls(0xC2, 0xDF), _cls(0xE0, 0xEF), _cls(0xF0, 0xF4)
    seq = f"(?:{two}{cont}|{three}{cont}{{2}}|{four}{cont}{{3}})"
    return re.compile(f"{seq}+")  # re: plain classes, faster than regex here


@lru_cache(maxsize=1)
def _quick_pattern() -> re.Pattern:
    return re.compile(suspect_pattern())


@lru_cache(maxsize=1)
def suspect_pattern() -> str:
    """A pattern source that matches wherever a mojibake run could start (for the fast scan)."""
    return f"{_cls(0xC2, 0xF4)}{_cls(0x80, 0xBF)}"


def _plausible_char(c: str) -> bool:
    o = ord(c)
    if o < 0x80:
        return True
    cat = unicodedata.category(c)
    if cat.startswith("C"):
        return False  # controls (also U+0085, which str.isspace accepts), unassigned
    if c.isspace():
        return True
    return (
        0xA0 <= o <= 0x17F  # Latin-1 supplement, Latin Extended-A (ğ, ş, İ, ı...)
        or o in _LATIN_B  # the few Latin Extended-B letters of living orthographies (ə)
        or 0x300 <= o <= 0x36F  # combining diacritics (NFD text)
        or 0x370 <= o <= 0x52F  # Greek, Cyrillic
        or 0x1E00 <= o <= 0x1EFF  # Latin Extended Additional
        or 0x2010 <= o <= 0x205E  # dashes, quotes, bullets, ellipsis, per mille
        or o in (0x20AC, 0x2116, 0x2122)  # euro, numero, trade mark
    )


def _decode_once(s: str) -> str | None:
    table = char_to_byte()
    try:
        raw = bytes(table[c] if ord(c) >= 0x80 else ord(c) for c in s)
        return raw.decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return None


@lru_cache(maxsize=65_536)
def decode_run(s: str) -> str | None:
    """The text a mojibake run stood for, or None if it does not decode to plausible text."""
    cur = s
    for _ in range(_MAX_ROUNDS):
        nxt = _decode_once(cur)
        if nxt is None:
            break
        cur = nxt
        if not run_pattern().search(cur):
            break
    if cur == s or not all(_plausible_char(c) for c in cur):
        return None
    return unicodedata.normalize("NFC", cur)


def _acceptable(text: str, a: int, b: int, new: str) -> bool:
    """Is replacing ``text[a:b]`` by ``new`` a mojibake fix and not damage to clean text?"""
    if not all(_plausible_char(c) for c in new):
        return False
    if text[a] in _NATIVE_CAPS and _clean_capital(text, a):
        return False
    if (
        text[a] in _NATIVE_CAPS
        and len(new) <= 2
        and any(c.isalpha() and not _LATIN.match(c) for c in new)
    ):
        return False  # ``Ğ’`` is not a lone Cyrillic letter
    if len(new) == 1 and new.isalpha() and not _LATIN.match(new):
        # One Greek/Cyrillic letter glued to Latin letters is clean text, not a mojibake word:
        # those come as long runs, one pair per letter.
        if (a > 0 and text[a - 1].isalpha()) or (b < len(text) and text[b].isalpha()):
            return False
    return True


def _clean_capital(text: str, a: int) -> bool:
    """A Turkish capital (Â, Ç, Ğ...) inside a word written in capitals (``KÂ»``, ``DAĞ’``),
    or any of them but Â after a letter: such a run is clean text. (``Â`` after a lower-case
    letter is the common no-break-space mojibake, ``wordÂ\xa0``.)"""
    if a == 0 or not text[a - 1].isalpha():
        return False
    return text[a - 1].isupper() or text[a] != "Â"


def _ftfy_edit_ok(text: str, e: Edit, la: int, lb: int) -> bool:
    """ftfy's edit passes the tests of our own runs: judged on the run it falls in."""
    if not all(_plausible_char(c) for c in e.replacement):
        return False
    for m in run_pattern().finditer(text, la, lb):
        if m.start() <= e.start < m.end() or (e.start <= m.start() < e.end):
            a, b = m.start(), m.end()
            if text[a] in _NATIVE_CAPS and (_clean_capital(text, a) or b - a == 2):
                return False  # a Turkish capital before punctuation: clean text
            if len(e.replacement) == 1 and not _acceptable(text, a, b, e.replacement):
                return False
    return True


def _runs(text: str, start: int = 0, end: int | None = None) -> list[Edit]:
    out = []
    for m in run_pattern().finditer(text, start, len(text) if end is None else end):
        new = decode_run(m.group())
        if new is not None and _acceptable(text, m.start(), m.end(), new):
            out.append(Edit(m.start(), m.end(), new, KIND))
    return out


_LATIN = regex.compile(r"\p{Script=Latin}")
# Capitals of Turkish/Azerbaijani words that are also lead bytes of UTF-8 sequences.
_NATIVE_CAPS = frozenset("ÂÎÛÇÖÜĞİŞ")


_FTFY_CFG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=False,
    decode_inconsistent_utf8=True,
    fix_c1_controls=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)


def _apply(s: str, edits: list[Edit], offset: int) -> str:
    out, pos = [], 0
    for e in edits:
        out.append(s[pos : e.start - offset])
        out.append(e.replacement)
        pos = e.end - offset
    out.append(s[pos:])
    return "".join(out)


def _diff_edits(old: str, new: str, offset: int) -> list[Edit]:
    """Small edits turning ``old`` into ``new`` (character-level diff)."""
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [
        Edit(offset + i1, offset + i2, new[j1:j2], KIND)
        for tag, i1, i2, j1, j2 in sm.get_opcodes()
        if tag != "equal"
    ]


def repair_mojibake(text: str) -> list[Edit]:
    """Edits that undo UTF-8-as-single-byte mojibake, line by line."""
    pat = run_pattern()
    quick = _quick_pattern()
    edits: list[Edit] = []
    pos = 0
    n = len(text)
    while True:
        # Every run starts with a lead character and a continuation character: the plain
        # two-class scan finds the candidates ~7x faster than searching with the run pattern,
        # which is only tried where a candidate stands (the same first match).
        m = None
        q = quick.search(text, pos)
        while q is not None:
            m = pat.match(text, q.start())
            if m is not None:
                break
            q = quick.search(text, q.start() + 1)
        if m is None:
            break
        la = text.rfind("\n", 0, m.start()) + 1
        lb = text.find("\n", m.start())
        lb = n if lb < 0 else lb
        line_edits = _runs(text, la, lb)
        line = text[la:lb]
        ours = _apply(line, line_edits, la)
        if pat.search(ours) or "\xa0" in ours or "Ã " in ours:
            theirs = ftfy.fix_text(line, _FTFY_CFG)
            if theirs != line and _leftover(theirs) < _leftover(ours) and len(line) < 5000:
                diff = _diff_edits(line, theirs, la)
                # ftfy too can be fooled (it turns a clean ``ç”“`` into CJK): its answer must
                # pass the same plausibility test as ours.
                if all(_ftfy_edit_ok(text, e, la, lb) for e in diff):
                    line_edits = diff
        edits.extend(line_edits)
        pos = lb + 1
        if pos >= n:
            break
    return edits


def _leftover(s: str) -> int:
    return len(run_pattern().findall(s)) + s.count("Ã ")
