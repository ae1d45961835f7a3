"""Sentence segmentation for Turkish, Azerbaijani and English scholarly text.

A boundary is proposed at every terminator (`.`, `!`, `?`, `…`, `!..`), with any closing quotes or
brackets and a footnote number glued after it (`etmişti.1 Sonra`), when what follows starts a
sentence (a capital, a digit, an opening quote). Each proposal is then judged from the word before
the period, using language data under ``models/segment/<lang>/``:

- abbreviations, honorifics and single-letter initials (`bkz.`, `Dr.`, `V.İ. Lenin`, `s. 42`)
  never end a sentence; `vb.`, `etc.` may;
- in Turkish and Azerbaijani a number or Roman numeral with a period before a capital is an
  ordinal (`III. Ordu`, `18. Madde`), except a four-digit year (`Ekim 1933. Sovyet`), a page number
  after `s.`/`p.`, or a number before a typical sentence opener (`... 12. Bu ...`);
- a number or numeral that opens its sentence is a list item (`1. Türkiye'nin ...`);
- an ellipsis in brackets (`(...)`) marks an omission, not an end.
A period glued between two words (`etmişti.Sonra`), common in text layers, is a boundary unless
the word before it is an abbreviation or an initial (`Dr.Tevfik`, `E.H.Carr`).
Blank lines are hard boundaries: sentences never cross paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from pipeline.resources import read_json, read_list

LANGS = ("tr", "az", "en")

_CLOSERS = "\"”’'»)]"
_OPENERS = "\"“‘'«(["
# terminator, closing quotes/brackets, optional glued footnote number, then space or end.
_CAND = regex.compile(
    r"(?P<term>[.!?…]+)(?P<close>(?:''|[\"”’'»)\]])*)(?P<fn>\d{1,3})?(?=\s|$)"
    r"|(?<=\p{Ll}\p{Ll}|[)\]”])(?P<glued>\.)(?=\p{Lu}\p{Ll})"
)
# An author-year citation standing after a sentence's end (`...olmuştur.” (Kaya,1990:12) Bu`)
# is the source of that sentence, not the start of the next one.
_TRAILING_CITATION = regex.compile(
    r"\s*\((?=[^()\n]{0,120}\))[^()\n]{0,80}?\b\d{4}[a-z]?\b[^()\n]{0,40}\)(?=\s|$)"
)
_PARA = regex.compile(r"\n[ \t\r\f\v]*\n\s*")
_ROMAN = regex.compile(r"^[IVXLCDM]+$")
_DIGITS = regex.compile(r"^\d+$")
_SECTION = regex.compile(r"^\d+(?:\.\d+)+$")  # 2.3, 1.2.4: section numbers
_CITED_NUMBER = regex.compile(r"\d[:;]$")  # "1990:" before a page number
_DOTTED = regex.compile(r"^(?:\p{L}{1,3}\.)+\p{L}{1,3}$")
_SINGLE = regex.compile(r"^\p{L}$")


def _norm(word: str) -> str:
    """Turkish-aware lower case, final period removed: the key of every list."""
    return word.replace("I", "ı").replace("İ", "i").lower().rstrip(".")


def _norm_plain(word: str) -> str:
    return word.lower().rstrip(".")


@dataclass(frozen=True)
class Rules:
    nonfinal: frozenset[str]
    final: frozenset[str]
    cited: frozenset[str]
    number_context: frozenset[str]
    starters: frozenset[str]
    ordinal_heads: frozenset[str]
    arabic_ordinals: bool
    roman_ordinals: bool
    # Every key a word before a period can be looked up under (the lists above, and the last
    # word of a phrase in `final`, `et al.`): a plain word whose keys are not in here ends its
    # sentence without consulting the lists one by one.
    special: frozenset[str] = frozenset()


@cache
def rules_for(lang: str) -> Rules:
    """The language's rules; an unknown language (`und`) gets the union of all three."""
    langs = (lang,) if lang in LANGS else LANGS

    def both(entries: list[str]) -> frozenset[str]:
        return frozenset({_norm(e) for e in entries} | {_norm_plain(e) for e in entries})

    def gather(name: str) -> frozenset[str]:
        out: list[str] = []
        for la in langs:
            out.extend(read_list("segment", la, name))
        return both(out)

    flags = [read_json("segment", la, "rules.json") for la in langs]
    nonfinal = gather("abbreviations.txt") | gather("honorifics.txt")
    final = gather("abbreviations_final.txt")
    cited = gather("abbreviations_cited.txt")
    number_context = gather("number_context.txt")
    phrase_ends = frozenset(k.rsplit(" ", 1)[1] for k in final if " " in k)
    return Rules(
        nonfinal=nonfinal,
        final=final,
        cited=cited,
        number_context=number_context,
        starters=gather("sentence_starters.txt"),
        ordinal_heads=gather("ordinal_heads.txt"),
        arabic_ordinals=all(f.get("arabic_ordinals", False) for f in flags),
        roman_ordinals=all(f.get("roman_ordinals", False) for f in flags),
        special=nonfinal | final | cited | number_context | phrase_ends,
    )


MAX_TOKEN = 64  # look at most this far for the words around a candidate (keeps it linear)


def _last_token(window: str) -> str:
    """The non-space run at the end of `window` ("" when it ends in a space)."""
    if not window or window[-1].isspace():
        return ""
    return window.rsplit(None, 1)[-1]


def _prev_token(text: str, pos: int, tok: str, floor: int) -> str:
    """The token before `tok`, the whitespace-delimited token ending at `pos` (capped).

    str methods (whose notion of space is `str.isspace`) on windows of at most 2 * MAX_TOKEN
    characters instead of a Python loop per character. Asked for only by the few rules that
    look two words back.
    """
    floor = max(floor, pos - 2 * MAX_TOKEN)
    j = floor + len(text[floor : pos - len(tok)].rstrip())
    return _last_token(text[max(floor, j - MAX_TOKEN) : j])


# Spaces, then the word after them (capped): one match gives both (`re`'s \s is str.isspace).
_AHEAD = re.compile(rf"\s*(\S{{0,{MAX_TOKEN}}})")


def _next_start(text: str, pos: int) -> tuple[int, str]:
    """Offset of the next non-space character and the word that starts there (capped)."""
    m = _AHEAD.match(text, pos)
    return m.start(1), m.group(1)


def _opens_sentence(word: str) -> bool:
    """Could a sentence start with this word? A capital, a digit, or a quote/bracket before one."""
    w = word
    while w and (w[0] in _OPENERS or w[0] in "…" or w.startswith("''")):
        w = w[1:]
    if not w:
        return False
    c = w[0]
    return c.isupper() or c.isdigit()


def _word_of(word: str) -> str:
    """The bare word: opening/closing punctuation and an apostrophe suffix removed."""
    w = word.strip(_OPENERS + _CLOSERS + ",;:")
    for apo in ("'", "’"):
        if apo in w:
            w = w.split(apo, 1)[0]
    return w


@lru_cache(maxsize=65_536)
def _keys(word: str) -> tuple[str, str]:
    """Both list keys of a word; a candidate looks its word up in several lists."""
    return _norm(word), _norm_plain(word)


def _in(rules_set: frozenset[str], word: str) -> bool:
    a, b = _keys(word)
    return a in rules_set or b in rules_set


def _is_boundary(text: str, m: regex.Match, rules: Rules, sent_start: int, floor: int) -> bool:
    term, close, fn, glued = m.groups()  # (one call; looking groups up by name is slow)
    if glued:
        # `etmişti.Sonra`: the letters right before the period decide.
        i = m.start()
        if i > floor and text[i - 1] in ")]”":
            return True  # `...(Kaya,2004:83).Farklı`: a closed citation or quote, then a capital
        while i > floor and m.start() - i < MAX_TOKEN and text[i - 1].isalpha():
            i -= 1
        word = text[i : m.start()]
        if i > floor and text[i - 1] == ".":
            return False  # a dotted chain: a.g.e.Ankara, E.H.Carr
        return not (len(word) < 3 or _in(rules.nonfinal, word) or _in(rules.final, word))
    ahead = _AHEAD.match(text, m.end())
    nxt_pos, nxt = ahead.start(1), ahead.group(1)
    if nxt and not nxt.strip(_OPENERS + "…"):
        # An opening quote standing apart (`. " Reşat ...`): judge the word after it.
        nxt_pos, nxt = _next_start(text, nxt_pos + len(nxt))
    if nxt_pos >= len(text):
        return False
    c = nxt[0]  # (a word is there: it starts before the end of the text)
    if not (c.isupper() or c.isdigit() or _opens_sentence(nxt)):
        return False
    if c in "([" and nxt[1:2].isdigit():
        return False  # "et al. (2001) found", "vb. (3)": a bracketed number continues
    pos = m.start()
    window = text[max(floor, pos - MAX_TOKEN) : pos]  # `_last_token`, inlined: once per candidate
    tok = "" if not window or window[-1].isspace() else window.rsplit(None, 1)[-1]
    if term != ".":
        # "(...)" / "[…]" mark an omission inside a sentence.
        if (
            tok
            and tok[-1:] in "(["
            or (tok == "" and _prev_token(text, pos, tok, floor)[-1:] in "([")
        ):
            return False
        if close.startswith(")") or close.startswith("]"):
            if tok.startswith("(") or tok.startswith("["):
                return False
        return True
    core = tok.lstrip(_OPENERS)
    if not core:
        return True
    if core[-1] in _CLOSERS:
        return True  # `...(2). Bu`, `yoktur". Sonra`: punctuation before the period
    if fn:
        # `etmişti.1 Sonra`: a footnote number after the period, unless `s.1`-like.
        return not (_SINGLE.match(core) or _in(rules.nonfinal, core))
    if close:
        # `yoktur." Sonra`: the sentence ends inside the quotation.
        return not (_SINGLE.match(core) or _in(rules.nonfinal, core))
    if len(core) > 1 and core.isalpha() and not core.isupper():
        # The common case, a plain word (letters, not all capitals, so neither a number nor a
        # Roman numeral, an initial or a dotted abbreviation): only the lists can keep the
        # sentence going, and one look-up in their union says none will.
        k1, k2 = _keys(core)
        if k1 not in rules.special and k2 not in rules.special:
            return True
    prev = _prev_token(text, pos, tok, floor)
    if _in(rules.number_context, core) and (nxt[:1].isdigit() or _ROMAN.match(_word_of(nxt))):
        return False  # "No. 5", "s. 42", "vol. II"
    if _in(rules.final, core) or _in(rules.final, f"{prev} {core}"):
        return True
    if _in(rules.nonfinal, core) or ("." in core and _in(rules.nonfinal, core.rsplit(".", 1)[1])):
        return False  # "Dr.", also glued after another abbreviation: "Prof.Dr."
    if _in(rules.cited, core) and (core[0].isupper() or tok[:1] in "(["):
        return False  # "(Der. Ali Kaya)", but "... böyle der. Sonra ..." ends a sentence
    if _SINGLE.match(core) or _DOTTED.match(core):
        return False  # initials (V. İ. Lenin, E.H. Carr) and dotted abbreviations (a.g.e.)
    first_of_sentence = m.start() - len(core) <= sent_start
    if _ROMAN.match(core):
        if first_of_sentence:
            return False  # a numbered heading or list item: "II. Dünya ..." at the start
        if _in(rules.number_context, prev):
            return True  # "c. II. Bu ..."
        if rules.roman_ordinals:
            return False
        return len(core) > 1
    if _SECTION.match(core) and first_of_sentence:
        return False  # a section number opening its heading: "2.3. Moskova Antlaşması"
    if _DIGITS.match(core):
        if first_of_sentence:
            return False  # list item "1. Türkiye'nin ..."
        if len(core) == 4:
            return True  # a year: "Ekim 1933. Sovyet ..."
        if not rules.arabic_ordinals:
            return True
        if _in(rules.number_context, prev) or _CITED_NUMBER.search(prev):
            return True  # a page number: "s. 42. Bu ..."
        nxt_word = _norm(_word_of(nxt))
        if nxt_word in rules.ordinal_heads or any(
            nxt_word.startswith(h) for h in rules.ordinal_heads if len(h) >= 4
        ):
            return False
        return nxt_word in rules.starters
    return True


def _split_paragraph(text: str, a: int, b: int, rules: Rules) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    start = a
    while start < b and text[start].isspace():
        start += 1
    if start >= b:
        return out
    special = rules.special
    n = len(text)
    for m in _CAND.finditer(text, start, b):
        e = m.end()
        if e <= start:
            continue
        term, close, fn, _ = m.groups()
        if term is not None and (e == n or (e + 1 < b and text[e].isspace())):
            # Shortcuts for the common candidates (a terminator, then the end of the text or
            # a space), each what `_is_boundary` answers, without its look-ahead match:
            if e == n or text[e + 1].islower():
                continue  # nothing follows, or a lower-case word: the sentence goes on
            c = text[e + 1]
            if term == "." and not close and not fn and (c.isupper() or c.isdigit()):
                # `word. Next`, `word. 23`: decided here when the word before the period ends
                # a sentence whatever follows (nothing, a closing bracket or quote, a plain
                # word in no list); no citation can follow a capital or a digit.
                pos = m.start()
                window = text[max(a, pos - MAX_TOKEN) : pos]
                tok = "" if not window or window[-1].isspace() else window.rsplit(None, 1)[-1]
                core = tok.lstrip(_OPENERS)
                if not core or core[-1] in _CLOSERS:
                    ends = True
                elif len(core) > 1 and core.isalpha() and not core.isupper():
                    k1, k2 = _keys(core)
                    ends = k1 not in special and k2 not in special
                else:
                    ends = False
                if ends:
                    out.append((start, e))
                    start = e + 1
                    continue
        if _is_boundary(text, m, rules, start, a):
            end = m.end()
            cit = _TRAILING_CITATION.match(text, end, b)
            if cit:
                end = cit.end()
            if end > start:
                out.append((start, end))
            start = end
            while start < b and text[start].isspace():
                start += 1
    end = b
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))
    return out


def split_sentences(text: str, lang: str) -> list[tuple[int, int]]:
    """Sentence spans `(start, end)` into `text`: stripped, ordered, never overlapping.

    `lang` selects the rules (`tr`, `az`, `en`); any other value (`und`) uses all of them.
    """
    rules = rules_for(lang)
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _PARA.finditer(text):
        spans.extend(_split_paragraph(text, pos, m.start(), rules))
        pos = m.end()
    spans.extend(_split_paragraph(text, pos, len(text), rules))
    return spans


__all__ = ["split_sentences", "rules_for"]
