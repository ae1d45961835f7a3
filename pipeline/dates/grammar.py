"""The date grammar: regular expressions built once per language from the word lists in
``models/dates/``.

Why build patterns from data: the month names, unit nouns and markers are language knowledge a
linguist should be able to extend without reading Python; the code only knows the *shapes* of
date expressions (day month year, year unit, ranges...). Matching is Turkish-aware: a form is
matched in any letter case with the dotted/dotless i pairs (İ/i, I/ı), circumflexes optional
(Kânun = Kanun), and, in the old compound month names, the izafet hyphen optional
(Teşrin-i Evvel, Teşrinievvel).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache

import regex

from pipeline.resources import read_list, read_tsv

LANGS = ("tr", "az", "en")

# Which languages' month names a text in a given language is searched for. Turkish and
# Azerbaijani texts quote each other and English sources; English texts are searched for English
# names only, because Azerbaijani "may" or Turkish "Kasım" (also a man's name) would fire there.
MONTH_LANGS = {"tr": ("tr", "az", "en"), "az": ("az", "tr", "en"), "en": ("en",)}
WORD_LANGS = {"tr": ("tr", "az"), "az": ("az", "tr"), "en": ("en",)}

_FOLD = str.maketrans({"â": "a", "î": "i", "û": "u", "ı": "i", "Â": "a", "Î": "i", "Û": "u"})


def tr_lower(s: str) -> str:
    """Lower-case with the Turkish dotted/dotless i rules (İ→i, I→ı)."""
    return s.replace("İ", "i").replace("I", "ı").lower()


_SEPARATORS = regex.compile(r"[\s\-‐'’.]+")


@lru_cache(maxsize=4096)
def norm_key(s: str) -> str:
    """Key under which a written form is looked up: case, circumflexes, dotless i, hyphens,
    spaces, apostrophes and full stops do not matter."""
    return _SEPARATORS.sub("", tr_lower(s).translate(_FOLD))


_CHAR_CLASS = {
    "i": "[iİîÎI]",
    "İ": "[iİîÎI]",
    "î": "[iİîÎ]",
    "ı": "[ıI]",
    "I": "[ıIiİ]",
    "a": "[aâAÂ]",
    "â": "[aâAÂ]",
    "u": "[uûUÛ]",
    "û": "[uûUÛ]",
}


def form_atoms(form: str, *, fixed_first: bool = False) -> list[str]:
    """A written form as a list of regex atoms: any case, optional circumflexes, flexible
    hyphens and spaces.

    ``fixed_first`` keeps the first letter's case (English month names must be capitalised so
    that the modal "may" is never May).
    """
    out = []
    for k, ch in enumerate(form):
        if k == 0 and fixed_first:
            out.append(regex.escape(ch))
        elif ch == "-":
            out.append(r"(?:\s?-\s?|\s)?")
        elif ch == " ":
            out.append(r"\s?")
        elif ch in "'’":
            out.append("['’]?")
        elif ch in _CHAR_CLASS:
            out.append(_CHAR_CLASS[ch])
        elif ch.isalpha() and ch.lower() != ch.upper():
            out.append(f"[{regex.escape(ch.lower())}{regex.escape(ch.upper())}]")
        else:
            out.append(regex.escape(ch))
    return out


def form_pattern(form: str, *, fixed_first: bool = False) -> str:
    return "".join(form_atoms(form, fixed_first=fixed_first))


def _trie_regex(node: dict) -> str:
    """A prefix-factored regex of a trie of atoms. A plain alternation of a hundred month forms
    is tried form by form at every word start; factored, a position is rejected after one atom.
    Longer continuations come before the end marker, so the longest form wins."""
    branches = []
    end = False
    for atom, child in sorted(node.items(), key=lambda kv: kv[0]):
        if atom == "":
            end = True
            continue
        branches.append(atom + _trie_regex(child))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 and not end else "(?:" + "|".join(branches) + ")"
    if end:
        if len(branches) == 1:
            body = "(?:" + branches[0] + ")"
        body += "?"
    return body


def alternation(forms, **kw) -> str:
    """All forms as one prefix-factored (trie) regex; the longest form wins."""
    root: dict = {}
    for f in set(forms):
        node = root
        for atom in form_atoms(f, **kw):
            node = node.setdefault(atom, {})
        node[""] = {}
    return "(?:" + _trie_regex(root) + ")"


@dataclass(frozen=True)
class MonthInfo:
    month: int
    kind: str  # modern / old / abbr / hijri
    lang: str


@dataclass
class Grammar:
    """Compiled patterns and lookup tables for one language."""

    lang: str
    months: dict[str, MonthInfo] = field(default_factory=dict)
    seasons: dict[str, tuple[int, int]] = field(default_factory=dict)
    # (name, compiled, kind): kind "digit" patterns are scanned for in windows around numbers,
    # kind "word" patterns are matched where ``word_re`` found a month or season word
    patterns: list[tuple[str, regex.Pattern, str]] = field(default_factory=list)
    word_re: regex.Pattern | None = None
    count_nouns: frozenset[str] = frozenset()
    page_marker_re: regex.Pattern | None = None
    rumi_markers: frozenset[str] = frozenset()
    hijri_markers: frozenset[str] = frozenset()

    def month(self, written: str) -> MonthInfo | None:
        """The month a written token names; a Turkish/Azerbaijani token may carry a suffix
        (Mayısının, avqustundan), so the longest known form that begins the token wins."""
        k = norm_key(written)
        info = self.months.get(k)
        if info is not None:
            return info
        for n in range(len(k) - 1, 2, -1):
            info = self.months.get(k[:n])
            if info is not None and info.kind != "abbr" and info.lang != "en":
                return info
        return None

    def season(self, written: str) -> tuple[int, int] | None:
        return self.seasons.get(norm_key(written))


def _words(cls: str, langs) -> list[str]:
    return [r[2] for r in read_tsv("dates", "words.tsv") if r[0] == cls and r[1] in langs]


@cache
def grammar(lang: str) -> Grammar:
    """The grammar for ``lang`` (tr, az, en; anything else gets the union of the three)."""
    mlangs = MONTH_LANGS.get(lang, LANGS)
    wlangs = WORD_LANGS.get(lang, LANGS)
    g = Grammar(lang=lang)

    month_forms_cased: list[str] = []  # English: first letter fixed
    month_forms_free: list[str] = []
    abbr_forms: list[str] = []
    for ml, form, num, kind in read_tsv("dates", "months.tsv"):
        if ml not in mlangs:
            continue
        g.months.setdefault(norm_key(form), MonthInfo(int(num), kind, ml))
        if kind == "abbr":
            abbr_forms.append(form)
        elif ml == "en":
            month_forms_cased.append(form)
        else:
            month_forms_free.append(form)
    if "tr" in mlangs:
        for form, num in read_tsv("dates", "hijri_months.tsv"):
            g.months.setdefault(norm_key(form), MonthInfo(int(num), "hijri", "tr"))
            month_forms_free.append(form)
    for sl, form, a, b in read_tsv("dates", "seasons.tsv"):
        if sl in wlangs:
            g.seasons.setdefault(norm_key(form), (int(a), int(b)))

    parts = []
    if month_forms_free:
        # Turkish/Azerbaijani: a suffix written without an apostrophe stays in the token.
        parts.append(alternation(month_forms_free) + r"\p{Ll}*")
    if month_forms_cased:
        parts.append(alternation(month_forms_cased, fixed_first=True))
    if abbr_forms:
        parts.append(alternation(abbr_forms))
    month_alt = "(?:" + "|".join(parts) + ")"

    def mon(n: str) -> str:
        return rf"(?<!\p{{L}})(?P<{n}>{month_alt})(?!\p{{L}})"

    # Turkish/Azerbaijani shapes (unit nouns, year before month) and English shapes (month
    # before day, "spring of 1920"); a text of unknown language gets both
    tr_like = "tr" in wlangs or "az" in wlangs
    en_like = "en" in wlangs
    year_unit = alternation(_words("year_unit", wlangs)) if tr_like else None
    plural_unit = alternation(_words("year_units_plural", wlangs)) if year_unit else None
    month_unit = alternation(_words("month_unit", wlangs)) if year_unit else None
    position = alternation(_words("position", wlangs)) if year_unit else None
    weekday = alternation(_words("weekday", wlangs)) if year_unit else None
    day_noun = alternation(_words("day_noun", wlangs)) if year_unit else None
    ordinal_day = alternation(_words("ordinal_day", ("tr",)))
    connector = alternation(_words("connector", wlangs + ("tr",)))
    year_ord = alternation(_words("year_ordinal", ("az",)))
    decade_suf = alternation(_words("decade_suffix", ("tr",)))
    season_rows = [r for r in read_tsv("dates", "seasons.tsv") if r[0] in wlangs]
    season = alternation([r[1] for r in season_rows])
    season_en = alternation([r[1] for r in season_rows if r[0] == "en"]) if en_like else ""
    g.rumi_markers = frozenset(norm_key(w) for w in _words("rumi_marker", LANGS))
    g.hijri_markers = frozenset(norm_key(w) for w in _words("hijri_marker", LANGS))
    markers = alternation(_words("rumi_marker", LANGS) + _words("hijri_marker", LANGS))
    g.count_nouns = frozenset(tr_lower(w) for w in read_list("dates", "count_nouns.txt"))
    pm = sorted(
        {
            r[2]
            for r in read_tsv("dates", "words.tsv")
            if r[0] == "page_marker" and (r[1] == "*" or r[1] in wlangs)
        },
        key=len,
    )
    g.page_marker_re = regex.compile(
        r"(?:(?<!\p{L})(?:" + "|".join(regex.escape(p) for p in reversed(pm)) + r"))\s?$"
    )

    nb = r"(?<![\p{L}\d])"  # a number starts a token (footnote marks glued to words excluded)
    ne = r"(?!\d|[.,/:]\d)"  # and is not the head of a longer number (39.325, 1990:232)

    def year(n: str) -> str:
        # "/" may follow a year: "1920/21", "1339/1923" (a gloss); 16/03/1921 is numeric
        return rf"{nb}(?P<{n}>1\d{{3}}|20\d{{2}})(?!\d|[.,:]\d)"

    def ayear(n: str) -> str:
        """A year with the Azerbaijani ordinal suffix (1925-ci) or a calendar marker."""
        return (
            year(n)
            + rf"(?:\s?[-‐–]\s?(?P<{n}o>{year_ord})(?!\p{{L}}))?"
            + rf"(?:\s?(?P<{n}k>{markers})(?!\p{{L}}))?"
        )

    def day(n: str, en: bool = False) -> str:
        """A day number; ``en`` allows the English ordinal endings (16th), which no Turkish or
        Azerbaijani text writes, so they are safe to allow everywhere."""
        suf = r"(?:st|nd|rd|th)?" if en else ""
        return rf"{nb}(?<!\d[.,])(?P<{n}>0?[1-9]|[12]\d|3[01])(?!\d){suf}(?!\p{{L}})"

    gloss = r"(?:\s?/\s?|\s?\(\s?)" + mon("mg") + r"(?:\s?\))?"
    # a year in the other calendar in brackets: "23 Nisan 1336 (1920)"
    ygloss = r"(?:\s?\(\s?(?P<yg>1\d{3})\s?\))?"
    if year_unit:
        tail_words = "|".join([year_unit, plural_unit, month_unit, position, weekday, day_noun])
        tail = rf"(?P<tail>(?:\s+(?:{tail_words})(?!\p{{L}})){{0,3}})"
        unit_opt = rf"(?:\s+(?P<unit>{year_unit})(?!\p{{L}}))?"
    else:
        tail = "(?P<tail>)"
        unit_opt = "(?P<unit>)"
    dash = r"\s?[-‐–—]\s?"
    # Patterns that begin with a number are anchored on a digit: "(?=\d)" lets the engine skip
    # to the next digit instead of trying a month alternation at every word. Patterns that
    # begin with a month or season word (kind "word") are not scanned for: they are tried
    # only where the one ``word_re`` scan found such a word (or a day number right before it).
    d0 = r"(?=\d)"

    pats: list[tuple[str, str]] = []
    # numeric dates: 16.3.1921, 16/03/1921, 1.03.1340, 16.III.1921; optional gloss "(1924)"
    pats.append(
        (
            "numeric",
            rf"(?=\d)(?<![\d.,/:])(?P<d>[0-3]?\d)(?P<sep>[./-])(?P<m>1[0-2]|0?[1-9]|I{{1,3}}|IV|VI{{0,3}}"
            rf"|IX|XI{{0,2}})(?P=sep)(?P<y>\d{{4}}){ne}(?:\s?\((?P<gy>\d{{4}})\))?{tail}",
        )
    )
    pats.append(("iso", rf"{d0}{nb}(?P<y>1\d{{3}}|20\d{{2}})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)"))
    # day range: 22 ve 23 Mart 1921, 22-23 Mart 1921
    pats.append(
        (
            "dayrange",
            d0
            + day("d1", en=True)
            + rf"(?:{dash}|\s+{connector}\s+)"
            + day("d2", en=True)
            + r"\s+"
            + mon("m")
            + rf"(?:{gloss})?(?:,?\s+{ayear('y')}{ygloss})?{tail}",
        )
    )
    # full range: Nisan 1921 – Mayıs 1922; 16 Mart – 13 Ekim 1921
    pats.append(
        (
            "fullrange",
            rf"(?:{day('d1')}\s+)?{mon('m1')}(?:,?\s+{year('y1')})?{dash}"
            rf"(?:{day('d2')}\s+)?{mon('m2')},?\s+{ayear('y')}{tail}",
        )
    )
    # day month [year]
    pats.append(
        (
            "dmy",
            d0
            + day("d", en=True)
            + r"\s+"
            + mon("m")
            + rf"(?:{gloss})?(?:,?\s+{ayear('y')}{ygloss})?{tail}",
        )
    )
    # month year
    pats.append(("my", rf"{mon('m')}(?:{gloss})?,?\s+{ayear('y')}{ygloss}{tail}"))
    if year_unit:
        # year [unit] month [day'ordinal günü]: 1919 Eylülü, 1922 yılı mart ayında,
        # 1927-ci ilin mart ayında, 1921 senesi Mayısının 19'uncu günü
        # a day after the month: Turkish ordinal ("Mayısının 19'uncu günü"), Azerbaijani
        # hyphenated case suffix ("mayın 28-də"), or a Turkish apostrophe suffix, which stays
        # outside the span ("Mart ayının 16'sında" -> "Mart ayının 16")
        day_after = (
            rf"(?P<d>[0-3]?\d)(?:['’]?(?:{ordinal_day})(?!\p{{L}})"
            rf"|\s?-\s?\p{{Ll}}{{1,5}}(?!\p{{L}})|(?=['’]\p{{Ll}}))"
        )
        pats.append(
            (
                "ym",
                d0
                + ayear("y")
                + unit_opt
                + rf"\s+(?:{day('dd')}\s+)?"
                + mon("m")
                + rf"(?:\s+{month_unit}(?!\p{{L}}))?(?:\s+{day_after})?{tail}",
            )
        )
        pats.append(
            (
                "md_ord",
                rf"{mon('m')}(?:\s+{month_unit})?\s+{day_after}{tail}",
            )
        )
        # seasons: 1920 ilkbaharında, 1920 yılı yazında
        pats.append(
            ("season", d0 + ayear("y") + unit_opt + rf"\s+(?P<s>{season})(?!\p{{L}}){tail}")
        )
    if en_like:
        # English: March 16, 1921; the 16th of March 1921; spring (of) 1920
        pats.append(
            (
                "mdy",
                rf"{mon('m')}\s+"
                + day("d", en=True)
                + rf"(?:{dash}{day('d2', en=True)})?(?:,?\s+{year('y')})?",
            )
        )
        pats.append(
            ("dofm", d0 + day("d", en=True) + r"\s+of\s+" + mon("m") + rf"(?:,?\s+{year('y')})?")
        )
        pats.append(("season", rf"(?<!\p{{L}})(?P<s>{season_en})(?:\s+of)?\s+{year('y')}"))
    # (Turkish/Azerbaijani put the year first; a season word before a year is not taken
    # there: "Bu yazı 1998'de yayımlandı" is "this article", not "summer 1998")
    # year ranges: 1920-1922, 1922-23, 1939–1945-ci illərdə, 1920 ve 1921 yıllarında
    pats.append(
        (
            "yrange",
            d0
            + year("y1")
            + rf"(?:{dash}|(?P<slash>/))(?P<y2>\d{{4}}|\d{{2}})(?!\d|[.,/:]\d)"
            + rf"(?:\s?[-‐–]\s?(?P<yo>{year_ord})(?!\p{{L}}))?{tail}",
        )
    )
    if plural_unit:
        pats.append(
            (
                "yrange",
                d0
                + year("y1")
                + rf"\s+{connector}\s+"
                + year("y2")
                + rf"(?:\s?[-‐–]\s?(?P<yo>{year_ord}))?(?P<tail>\s+{plural_unit})(?!\p{{L}})",
            )
        )
    # decades: 1930'lar (span 1930), 1930s, 1930-cu illər (Azerbaijani)
    pats.append(("decade_tr", rf"{d0}{nb}(?P<y>1\d{{2}}0|20\d0)(?=['’](?:{decade_suf}))"))
    pats.append(("decade_en", rf"{d0}{nb}(?P<y>1\d{{2}}0|20\d0)['’]?s(?!\p{{L}})"))
    if plural_unit:
        pats.append(
            (
                "decade_az",
                rf"{d0}{nb}(?P<y>1\d{{2}}0|20\d0)\s?[-‐–]\s?(?:{year_ord})"
                rf"(?P<tail>\s+{plural_unit}(?:\s+(?:{position}))?)(?!\p{{L}})",
            )
        )
    # a calendar marker before the year: "H. 1336", "Rumi 1336"
    pats.append(
        (
            "yearmk",
            rf"{d0}(?<![\p{{L}}\d])(?<=(?<!\p{{L}})(?P<yk>{markers})\s?)"
            rf"(?P<y>1\d{{3}}){ne}{tail}",
        )
    )
    # a year: 1917, 1917 yılında, 1925-ci ildə, 1336 R., 1336 (1920)
    pats.append(("year", d0 + ayear("y") + r"(?:\s?[/(]\s?(?P<gy>\d{4})\)?)?" + tail))

    g.patterns = [
        (name, regex.compile(p), "digit" if p.startswith(d0) else "word") for name, p in pats
    ]
    g.word_re = regex.compile(rf"(?<!\p{{L}})(?:{month_alt}|{season})(?!\p{{L}})")
    return g
