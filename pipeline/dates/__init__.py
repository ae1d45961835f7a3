"""Dates: find date expressions in Turkish, Azerbaijani and English text and normalise them.

Contract (docs/ARCHITECTURE.md): ``find_dates(text, lang) -> list[dict]`` with
``{start, end, text, value}`` and, for a Rumi or Hijri date, ``calendar`` and ``original`` (the
value as written, in the source calendar). Offsets index ``text``; ``text[start:end]`` is the
span. Spans and values follow shared/gold/GUIDELINES.md:

- the value is ISO 8601 at the precision written (``1921-03-16``, ``1920-09``, ``1920``,
  ``--06-01`` for a day and month without a year), ranges as ``A/B``; nothing is ever filled in
  from today's date;
- a Turkish suffix after an apostrophe is outside the span (``16 Mart 1921’de``), a suffix
  written without one stays inside (``2 Aralıkta``, ``17 dekabr 1925-ci ildə``); unit nouns,
  ``ay`` + month, position words and weekdays that follow are inside;
- page numbers, citation years, counts, times of day, durations and ordinals are not dates.

How: every shape of date is a regular expression built once per language from the word lists in
``models/dates/`` (see :mod:`pipeline.dates.grammar`). All shapes are matched, each match is
validated and normalised by a small builder, and overlapping candidates are resolved by keeping
the longest. A text without a digit cannot hold a date (a month or season alone is not tagged),
so it is skipped before any pattern runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import regex

from pipeline.dates import calendars as cal
from pipeline.dates.grammar import LANGS, Grammar, grammar, norm_key, tr_lower

__all__ = ["find_dates"]

_DIGIT = regex.compile(r"\d")
_DIGITS = regex.compile(r"\d+")
# Every date expression holds a number; none reaches further than this from its nearest digit
# (a month name and gloss before the first digit, or unit, position and weekday words after the
# last one). Patterns are only run in these windows around numbers, which keeps the cost of the
# month alternations off the long digit-free stretches of running text.
_REACH = 50
_LETTER = regex.compile(r"\p{L}")
_DAY_BEFORE = regex.compile(r"(?<![\p{L}\d])\d{1,2}(?:st|nd|rd|th)?\s+$")
_YEAR4 = regex.compile(r"(?<!\d)(?:1\d{3}|20\d{2})(?!\d)")
# the only shapes that hold no four-digit year (a day and a month: "2 Aralıkta", "March 16")
_YEARLESS = frozenset({"dayrange", "dmy", "md_ord", "mdy", "dofm"})
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9,
          "X": 10, "XI": 11, "XII": 12}  # fmt: skip
_MIN_YEAR, _MAX_YEAR = 1000, 2100
_HIJRI_MAX_YEAR = 1500  # a "Hijri" year beyond this is a Gregorian year or a person's name

# evidence that a sentence is a bibliographic reference (publisher, pages, translator...)
_BIB_SIGNAL = regex.compile(
    r"(?<!\p{L})(?:s|ss|pp?|c|C|S|vol|Vol)\.\s?\d|Yay(?:ınları|ınevi|\.)|Matbaası|Basımevi"
    r"|Kitabevi|Press|Publish|Publications|Nəşriyyat|nəşriyyat|Çev\.|Çvr\.|Trans\.|\bed\.|\beds\."
)
# an author-year citation inside parentheses: "(Kurat,1990:232)", "(Smith et al. 1990)",
# "(bkz. Meray, 2001)"; the author is a capitalised word ("(yaklaşık 1920)" is not a citation)
_CITATION_PAREN = regex.compile(
    r"\p{Lu}[\p{L}’'.\-]+(?:\s(?:vd|et al|ve diğ)\.?)?,?\s?\d{4}"
    r"|^\s*(?i:bknz|bkz|krş|see|cf)\b"
)
_AFTER_PAGE = regex.compile(r"\s?:\s?\d|,\s*(?:s|ss|S|p|pp|c|C)\.?\s?\d")
_WORD_COMMA_BEFORE = regex.compile(r"\p{L}\.?,\s?$")
_CAP_WORD_BEFORE = regex.compile(r"\p{Lu}\p{L}*,?\s$")
_REF_END_AFTER = regex.compile(r"\s*(?:[,;)\]]|\.(?:\s|$)|$)")
_NEXT_TOKEN = regex.compile(r"\s+([\p{L}]+)")
_CURRENCY_BEFORE = regex.compile(r"\p{Sc}\s?$")
_TABLE_BEFORE = regex.compile(r"\|\s*$")
_RANGE_BEFORE = regex.compile(r"\d\s?[-‐–—]\s?$")
_RANGE_AFTER = regex.compile(r"\s?[-‐–—]\s?\d")
_TABLE_AFTER = regex.compile(r"\s*\|")


def _iso(y: int | None, m: int | None = None, d: int | None = None) -> str:
    if y is None:
        return f"--{m:02d}-{d:02d}"
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def _valid_day(y: int | None, m: int, d: int) -> bool:
    if not 1 <= m <= 12 or d < 1:
        return False
    limit = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[m - 1]
    if m == 2 and y is not None and not (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)):
        limit = 28 if y > 1917 else 29  # Julian (Rumi) Februaries before 1917 have day 29 too
    return d <= limit


def _range(a: tuple[int, int, int], b: tuple[int, int, int], precision: str) -> str:
    """The value of a span of Gregorian days at the given precision ("y", "m", "d")."""
    if precision == "y":
        sa, sb = _iso(a[0]), _iso(b[0])
    elif precision == "m":
        sa, sb = _iso(a[0], a[1]), _iso(b[0], b[1])
    else:
        sa, sb = _iso(*a), _iso(*b)
    return sa if sa == sb else f"{sa}/{sb}"


class _Date:
    """A (possibly partial) date in some calendar, and its Gregorian value."""

    __slots__ = ("y", "m", "d", "calendar")

    def __init__(self, y: int | None, m: int | None, d: int | None, calendar: str = "gregorian"):
        self.y, self.m, self.d, self.calendar = y, m, d, calendar

    def valid(self) -> bool:
        if self.y is not None and not (_MIN_YEAR <= self.y <= _MAX_YEAR):
            return False
        if self.calendar == "hijri":
            if self.y is None or self.y > _HIJRI_MAX_YEAR:
                return False
            return self.d is None or self.d <= 30
        if self.m is not None and self.d is not None:
            return _valid_day(self.y, self.m, self.d)
        return True

    def value(self) -> str:
        y, m, d = self.y, self.m, self.d
        if self.calendar == "rumi" and y is not None:
            if d is not None:
                return _iso(*cal.rumi_to_gregorian(y, m, d))
            if m is not None:
                return _range(*cal.rumi_month_to_gregorian(y, m), "m")
            return _range(*cal.rumi_year_to_gregorian(y), "y")
        if self.calendar == "hijri" and y is not None:
            if d is not None:
                return _iso(*cal.hijri_to_gregorian(y, m, d))
            if m is not None:
                return _range(*cal.hijri_month_to_gregorian(y, m), "m")
            return _range(*cal.hijri_year_to_gregorian(y), "y")
        return _iso(y, m, d)

    def original(self) -> str:
        return _iso(self.y, self.m, self.d)


def _calendar(
    g: Grammar,
    lang: str,
    y: int | None,
    *,
    month_kind: str | None = None,
    month_lang: str | None = None,
    numeric: bool = False,
    marker: str | None = None,
    gloss_year: int | None = None,
    unit: str = "",
) -> str:
    """Which calendar a written date is in, from the evidence around it.

    Evidence, strongest first: an explicit marker (``R.``, ``Rumi``, ``H.``); a Hijri month
    name; a bracketed Gregorian gloss whose distance (584/585 years for Rumi, 579-583 for
    Hijri) identifies the calendar; a day or month written with a Turkish month name or in
    numbers with a year in the Rumi range 1256-1341 (Gregorian dates of the 13th-14th century
    are not written that way in these texts); the Ottoman unit noun ``sene`` with such a year.
    """
    if marker:
        k = norm_key(marker)
        if k in g.rumi_markers:
            return "rumi"
        if k in g.hijri_markers:
            return "hijri"
    if month_kind == "hijri":
        return "hijri"
    if y is None:
        return "gregorian"
    if gloss_year is not None:
        diff = gloss_year - y
        if diff in (584, 585):
            return "rumi"
        if 579 <= diff <= 583:
            return "hijri"
    if cal.RUMI_FIRST_YEAR <= y <= cal.RUMI_LAST_YEAR:
        if numeric or (month_kind is not None and month_lang in ("tr", "az")):
            return "rumi"
        if unit and tr_lower(unit.strip()).startswith("sene"):
            return "rumi"
    return "gregorian"


def _marker_ok(cal_name: str, y: int) -> bool:
    """A marker only counts when the year fits it ("1920 R. Sonyel" is an initial)."""
    if cal_name == "rumi":
        return cal.RUMI_FIRST_YEAR <= y <= cal.RUMI_LAST_YEAR
    if cal_name == "hijri":
        return y <= _HIJRI_MAX_YEAR
    return True


def _in_citation_parens(text: str, start: int, end: int) -> bool:
    """Is the span inside parentheses that hold an author-year citation?"""
    open_ = text.rfind("(", 0, start)
    if open_ < 0 or text.rfind(")", open_, start) >= 0:
        return False
    close = text.find(")", end)
    if close < 0:
        close = len(text)
    inner = text[open_ + 1 : close]
    if "(" in inner:
        return False
    return bool(_CITATION_PAREN.search(inner))


def _not_a_year(g: Grammar, text: str, start: int, end: int, *, single: bool = True) -> bool:
    """Guards for a bare number (or bare range of numbers) that looks like a year: page and
    volume numbers, citation years, publication years of references, counts, table cells.

    ``single`` is False for a range such as "1923-1946": the guards for the publication year of
    a reference ("Ankara, 1970.") do not apply, because references do not give a range of
    publication years while keyword lists and titles give ranges of dates.
    """
    before = text[max(0, start - 10) : start]
    after = text[end : end + 40]
    if g.page_marker_re.search(before):
        return True
    if _CURRENCY_BEFORE.search(before):
        return True
    if _AFTER_PAGE.match(after):
        return True
    if _in_citation_parens(text, start, end):
        return True
    if _TABLE_BEFORE.search(before) and _TABLE_AFTER.match(after):
        return True
    if single and (_RANGE_BEFORE.search(before) or _RANGE_AFTER.match(after)):
        return True  # half of a number range that was not accepted as a range of years
    nxt = _NEXT_TOKEN.match(after)
    if nxt and tr_lower(nxt.group(1)) in g.count_nouns:
        return True
    if not single or not _REF_END_AFTER.match(after) or not _BIB_SIGNAL.search(text):
        return False
    # a reference: "..., Ankara 1970." / "Yayınları, 1998, s. 12" / "Meray, 2001,"
    return bool(
        _WORD_COMMA_BEFORE.search(before)
        or _CAP_WORD_BEFORE.search(text[max(0, start - 30) : start])
    )


def _g(m: regex.Match, name: str) -> str | None:
    """A group's text, or None when the pattern has no such group (cheaper than groupdict,
    which builds a dict of all ~30 groups for every candidate)."""
    return m.group(name) if name in m.re.groupindex else None


def _int(m: regex.Match, name: str) -> int | None:
    v = _g(m, name)
    return int(v) if v else None


def _month_of(g: Grammar, m: regex.Match, name: str):
    info = g.month(m.group(name))
    if info is None:
        return None
    gl = _g(m, "mg")
    if gl and name in ("m",):
        ginfo = g.month(gl)
        if ginfo is None or ginfo.month != info.month:
            return None
    return info


Cand = tuple[int, int, dict]


def _emit(
    text: str, start: int, end: int, date: _Date | None, value: str | None = None, original=None
) -> Cand | None:
    if value is None:
        if date is None or not date.valid():
            return None
        value = date.value()
    rec = {"start": start, "end": end, "text": text[start:end], "value": value}
    cal_name = date.calendar if date is not None else "gregorian"
    if cal_name != "gregorian":
        rec["calendar"] = cal_name
        rec["original"] = original if original is not None else date.original()
    return start, end, rec


def _year_parts(g: Grammar, m: regex.Match, name: str = "y") -> tuple[int, str | None]:
    """(year, calendar marker as written or None) of an ``ayear`` group (which always
    defines the marker group ``<name>k``)."""
    y, marker = m.group(name, name + "k")
    return int(y), marker


def _b_numeric(g: Grammar, m: regex.Match, text: str, lang: str) -> Cand | None:
    d, y = int(m.group("d")), int(m.group("y"))
    mo_s = m.group("m")
    mo = _ROMAN.get(mo_s) or int(mo_s)
    if m.group("sep") == "-" and mo_s in _ROMAN:
        return None
    if lang == "en" and d <= 12 < mo:
        d, mo = mo, d
    gy = _int(m, "gy")
    c = _calendar(g, lang, y, numeric=True, gloss_year=gy)
    end = m.end()
    if gy is not None and c == "gregorian" and gy != y:
        end = m.end("y")  # "(1924)" after a Gregorian date is not its gloss
    date = _Date(y, mo, d, c)
    return _emit(text, m.start(), end, date)


def _b_iso(g: Grammar, m: regex.Match, text: str, lang: str) -> Cand | None:
    return _emit(text, m.start(), m.end(), _Date(int(m["y"]), int(m["m"]), int(m["d"])))


def _b_dmy(g: Grammar, m: regex.Match, text: str, lang: str) -> Cand | None:
    info = _month_of(g, m, "m")
    if info is None:
        return None
    d = int(m.group("d"))
    if m.group("y") is None:
        if info.kind == "hijri" or not _valid_day(None, info.month, d):
            return None
        return _emit(text, m.start(), m.end(), None, value=_iso(None, info.month, d))
    y, marker = _year_parts(g, m)
    gy = _int(m, "yg")
    c = _calendar(
        g, lang, y, month_kind=info.kind, month_lang=info.lang, marker=marker, gloss_year=gy
    )
    return _emit(text, m.start(), _gloss_end(m, y, gy, c), _Date(y, info.month, d, c))


def _b_my(g: Grammar, m: regex.Match, text: str, lang: str) -> Cand | None:
    info = _month_of(g, m, "m")
    if info is None:
        return None
    y, marker = _year_parts(g, m)
    if info.kind == "abbr" and y is None:
        return None
    if info.lang == "tr" and m.group("m")[:1].islower():
        # Turkish capitalises a month before a year; lower-case "aralık", "ekim", "ocak" are
        # also common nouns ("bir aralık 1920'de" = "for a while, in 1920")
        return None
    gy = _int(m, "yg")
    c = _calendar(
        g, lang, y, month_kind=info.kind, month_lang=info.lang, marker=marker, gloss_year=gy
    )
    return _emit(text, m.start(), _gloss_end(m, y, gy, c), _Date(y, info.month, None, c))


def _gloss_end(m: regex.Match, y: int, gy: int | None, c: str) -> int:
    """End of the span: with a bracketed year "(1920)" that glosses the date in the other
    calendar, the gloss is inside; an unrelated bracketed year is cut off with what follows."""
    if gy is None:
        return m.end()
    diff = gy - y
    if (c == "rumi" and diff in (584, 585)) or (c == "hijri" and 579 <= diff <= 583):
        return m.end()
    if c == "gregorian" and -diff in (584, 585):
        return m.end()  # a Gregorian date glossed with its Rumi year
    for k in ("yk", "yo", "y"):
        if _g(m, k):
            return m.end(k)
    return m.end()


def _b_ym(g: Grammar, m: regex.Match, text: str, lang: str) -> Cand | None:
    info = _month_of(g, m, "m")
    if info is None or info.kind == "abbr" or info.lang == "en":
        return None
    y, marker = _year_parts(g, m)
    d = _int(m, "d") or _int(m, "dd")
    if m.group("dd") and not m.group("unit"):
        return None  # "1920 1 Mayıs" is two expressions; "1920 yılının 1 Mayıs günü" is one
    c = _calendar(
        g, lang, y, month_kind=info.kind, month_lang=info.lang, marker=marker,
        unit=m.group("unit") or "",
    )  # fmt: skip
    return _emit(text, m.start(), m.end(), _Date(y, info.month, d, c))


def _b_md_ord(g: Grammar, m: regex.Match, text: str, lang: str) -> Cand | None:
    info = _month_of(g, m, "m")
    d = int(m.group("d"))
    if info is None or info.kind in ("abbr", "hijri") or not _valid_day(None, info.month, d):
        return None
    return _emit(text, m.start(), m.end(), None, value=_iso(None, info.month, d))


def _b_mdy(g: Grammar, m: regex.Match, text: str, lang: str) -> Cand | None:
    info = _month_of(g, m, "m")
    if info is None:
        return None
    d, d2, y = int(m.group("d")), _int(m, "d2"), _int(m, "y")
    if y is not None and not _MIN_YEAR <= y <= _MAX_YEAR:
        return None
    if not _valid_day(y, info.month, d) or (d2 is not None and not d < d2):
        return None
    if d2 is None:
        return _emit(text, m.start(), m.end(), None, value=_iso(y, info.month, d))
    return _emit(
        text, m.start(), m.end(), None, value=f"{_iso(y, info.month, d)}/{_iso(y, info.month, d2)}"
    )


def _b_dayrange(g: Grammar, m: regex.Match, text: str, lang: str) -> Cand | None:
    info = _month_of(g, m, "m")
    if info is None or info.kind == "hijri":
        return None
    d1, d2 = int(m.group("d1")), int(m.group("d2"))
    if not d1 < d2:
        return None
    y = _int(m, "y")
    if y is None:
        if not _valid_day(None, info.month, d2):
            return None
        return _emit(
            text, m.start(), m.end(), None,
            value=f"{_iso(None, info.month, d1)}/{_iso(None, info.month, d2)}",
        )  # fmt: skip
    gy = _int(m, "yg")
    c = _calendar(
        g, lang, y, month_kind=info.kind, month_lang=info.lang, marker=m.group("yk"), gloss_year=gy
    )
    a, b = _Date(y, info.month, d1, c), _Date(y, info.month, d2, c)
    if not (a.valid() and b.valid()):
        return None
    orig = f"{a.original()}/{b.original()}"
    end = _gloss_end(m, y, gy, c)
    return _emit(text, m.start(), end, a, value=f"{a.value()}/{b.value()}", original=orig)


def _b_fullrange(g: Grammar, m: regex.Match, text: str, lang: str) -> Cand | None:
    i1, i2 = _month_of(g, m, "m1"), _month_of(g, m, "m2")
    if i1 is None or i2 is None or "hijri" in (i1.kind, i2.kind):
        return None
    d1, d2 = _int(m, "d1"), _int(m, "d2")
    if (d1 is None) != (d2 is None):
        return None
    y = int(m.group("y"))
    y1 = _int(m, "y1") or y
    c = _calendar(g, lang, y, month_kind=i2.kind, month_lang=i2.lang, marker=m.group("yk"))
    a, b = _Date(y1, i1.month, d1, c), _Date(y, i2.month, d2, c)
    if not (a.valid() and b.valid()) or (y1, i1.month, d1 or 0) >= (y, i2.month, d2 or 0):
        return None
    orig = f"{a.original()}/{b.original()}"
    return _emit(text, m.start(), m.end(), a, value=f"{a.value()}/{b.value()}", original=orig)


def _b_season(g: Grammar, m: regex.Match, text: str, lang: str) -> Cand | None:
    s = g.season(m.group("s"))
    y = int(m.group("y"))
    if s is None or not _MIN_YEAR <= y <= _MAX_YEAR:
        return None
    a, b = s
    yb = y + 1 if b < a else y
    return _emit(text, m.start(), m.end(), None, value=f"{_iso(y, a)}/{_iso(yb, b)}")


def _b_yrange(g: Grammar, m: regex.Match, text: str, lang: str) -> Cand | None:
    y1, y2s = int(m.group("y1")), m.group("y2")
    y2 = int(y2s) if len(y2s) == 4 else y1 // 100 * 100 + int(y2s)
    if not (y1 < y2 <= _MAX_YEAR and y2 - y1 <= 300 and y1 >= _MIN_YEAR):
        return None
    if _g(m, "slash") and y2 != y1 + 1:
        return None  # "1920/21" is a winter or a fiscal year; "1339/1923" is a gloss
    bare = not (m.group("tail") or "").strip() and not m.group("yo")
    if bare and _not_a_year(g, text, m.start(), m.end(), single=False):
        return None
    return _emit(text, m.start(), m.end(), None, value=f"{y1}/{y2}")


def _b_decade(g: Grammar, m: regex.Match, text: str, lang: str) -> Cand | None:
    y = int(m.group("y"))
    if not _MIN_YEAR <= y <= _MAX_YEAR or _not_a_year(g, text, m.start(), m.end("y")):
        return None
    return _emit(text, m.start(), m.end(), None, value=f"{y}/{y + 9}")


def _b_year(g: Grammar, m: regex.Match, text: str, lang: str) -> Cand | None:
    # the "year" shape defines all these groups: one call instead of five
    ys, marker, yo, gys, tail = m.group("y", "yk", "yo", "gy", "tail")
    y, gy, tail = int(ys), (int(gys) if gys else None), tail or ""
    start, end = m.span()
    c = _calendar(g, lang, y, marker=marker, gloss_year=gy, unit=tail)
    if marker and (c == "gregorian" or not _marker_ok(c, y)):
        # "1920 R. Sonyel": the letter is an initial, not a calendar marker
        end = m.end("yo") if yo else m.end("y")
        marker, gy, tail = None, None, ""
        c = "gregorian"
    elif gy is not None and c == "gregorian":
        end = m.end("yk") if marker else (m.end("yo") if yo else m.end("y"))
        gy, tail = None, ""
    if not marker and gy is None and not yo and not tail.strip():
        if _not_a_year(g, text, start, end):
            return None
    if c == "gregorian" and not marker and lang not in ("az", "en") and _period_text(text, y):
        c = "rumi"
    if c == "rumi" and not _marker_ok(c, y):
        c = "gregorian"
    return _emit(text, start, end, _Date(y, None, None, c))


def _period_text(text: str, y: int) -> bool:
    """A bare year in the Rumi range (1256-1341) is Rumi when the same text also dates
    events of the late Ottoman period in Gregorian years (1840-1930): "1336 yılında, yani
    1920'de" is one period, not two eras seven centuries apart."""
    if not cal.RUMI_FIRST_YEAR <= y <= cal.RUMI_LAST_YEAR:
        return False
    return any(1840 <= int(m.group()) <= 1930 for m in _YEAR4.finditer(text))


def _b_yearmk(g: Grammar, m: regex.Match, text: str, lang: str) -> Cand | None:
    y = int(m.group("y"))
    c = _calendar(g, lang, y, marker=m.group("yk"))
    if c == "gregorian" or not _marker_ok(c, y):
        return None
    return _emit(text, m.start("yk"), m.end(), _Date(y, None, None, c))  # marker in lookbehind


_BUILDERS: dict[str, Callable[[Grammar, regex.Match, str, str], Cand | None]] = {
    "numeric": _b_numeric,
    "iso": _b_iso,
    "dayrange": _b_dayrange,
    "fullrange": _b_fullrange,
    "dmy": _b_dmy,
    "my": _b_my,
    "ym": _b_ym,
    "md_ord": _b_md_ord,
    "mdy": _b_mdy,
    "dofm": _b_dmy,
    "season": _b_season,
    "yrange": _b_yrange,
    "decade_tr": _b_decade,
    "decade_en": _b_decade,
    "decade_az": _b_decade,
    "year": _b_year,
    "yearmk": _b_yearmk,
}


def _word_starts(g: Grammar, text: str, ws: int, we: int) -> list[int]:
    """Where a pattern that begins with a month or season word can start: at each such word,
    and at a day number right before it ("16 Mart – 13 Ekim 1921")."""
    out: list[int] = []
    for m in g.word_re.finditer(text, ws, we):
        p = m.start()
        before = text[max(ws, p - 12) : p]
        if before[-1:].isspace() and before.rstrip()[-1:].isalnum():
            d = _DAY_BEFORE.search(text, max(ws, p - 12), p)
            if d is not None:
                out.append(d.start())
        out.append(p)
    return out


_LETTERS = regex.compile(r"\p{L}+")
_LETTERS_BACK = regex.compile(r"(?r)\p{L}+")  # matched backwards, ending where it is tried


def _windows(text: str) -> list[tuple[int, int, list[int], list[int]]]:
    """Disjoint stretches of ``text`` around its numbers, widened to whole words (a window
    edge inside a word would let "Mart" match the start of "Martında"), each with where its
    numbers of one or two digits (a day or month) and its four-digit years start. No date
    shape starts at a number of any other length.

    A window's end, once widened, stands before a non-letter (or at the end of the text), so a
    reach that ends before it ends before it widened too; edges are widened (a regex scan to
    the word's end each way) only where that can change which windows merge.
    """
    n = len(text)
    out: list[tuple[int, int, list[int], list[int]]] = []
    days: list[int] = []
    years: list[int] = []
    ws = we = -1
    for m in _DIGITS.finditer(text):
        a, b = m.span()
        s = a - _REACH if a > _REACH else 0
        if s > we:  # may start a new window: widen the start to see
            if s > 0 and (w := _LETTERS_BACK.match(text, 0, s)) is not None:
                s = w.start()
            if s > we:
                if ws >= 0:
                    out.append((ws, we, days, years))
                ws, days, years = s, [], []
        e = b + _REACH
        if e > we:
            if e >= n:
                e = n
            elif (w := _LETTERS.match(text, e)) is not None:
                e = w.end()
            we = e
        if b - a <= 2:
            days.append(a)
        elif b - a == 4 and (text[a] == "1" or text[a : a + 2] == "20"):
            years.append(a)
    if ws >= 0:
        out.append((ws, we, days, years))
    return out


# Digit-anchored shapes that begin with a day (or the day of a numeric date): they start at a
# number of one or two digits; every other digit-anchored shape starts at a four-digit year.
_DAY_FIRST = frozenset({"numeric", "dayrange", "dmy", "dofm"})
# Shapes that hold a month or season word (``mon()`` or a season alternation in the grammar):
# they cannot match in a window where ``_has_word_cue`` finds no such word.
_NEEDS_WORD = frozenset(
    {"dayrange", "fullrange", "dmy", "my", "ym", "md_ord", "mdy", "dofm", "season"}
)
Shapes = list[tuple[int, regex.Pattern, Callable]]


@dataclass(frozen=True)
class _Plan:
    """A grammar's shapes as ``(priority, pattern, builder)``, grouped by where they start
    (a four-digit year, a day number, a month or season word) and by whether they need a
    year in the window, so that a window only loops over the shapes that can match in it.
    The ``*_plain`` groups leave out the shapes that hold a month or season word, for the
    (most) windows that hold none."""

    year_first: Shapes
    day_first: Shapes
    day_first_yearless: Shapes
    word_first: Shapes
    word_first_yearless: Shapes
    year_first_plain: Shapes
    day_first_plain: Shapes


@cache
def _plan(key: str) -> _Plan:
    groups: dict[str, Shapes] = {
        k: [] for k in ("year", "day", "dayy", "word", "wordy", "year_plain", "day_plain")
    }
    for prio, (name, pat, kind) in enumerate(grammar(key).patterns):
        lead = "word" if kind == "word" else ("day" if name in _DAY_FIRST else "year")
        shape = (prio, pat, _BUILDERS[name])
        groups[lead].append(shape)
        if name in _YEARLESS and lead != "year":  # (a shape that starts at a year has one)
            groups[lead + "y"].append(shape)
        if lead != "word" and name not in _NEEDS_WORD:
            groups[lead + "_plain"].append(shape)
    return _Plan(
        groups["year"], groups["day"], groups["dayy"], groups["word"], groups["wordy"],
        groups["year_plain"], groups["day_plain"],
    )  # fmt: skip


# A letter run and the one character after it (if any, before the window's end).
_RUN_AND_NEXT = regex.compile(r"\p{L}+\P{L}?")
_CUE_CACHE_MAX = 200_000
# per grammar: (every run+char classified so far, those of them that are cues)
_cue_cache: dict[str, tuple[set[str], set[str]]] = {}
_cue_heads: dict[str, dict[str, bool]] = {}  # per grammar: can a cue begin with these 3 chars


def _has_word_cue(g: Grammar, text: str, ws: int, we: int) -> bool:
    """Can a month or season word (a match of ``g.word_re``, or of the same alternations
    inside a shape) start anywhere in ``text[ws:we]``? False proves it cannot.

    Such a match starts where a letter run starts (its first atom is a letter and it is
    preceded by a non-letter), consumes that whole run (it ends before a non-letter) and then
    either ends or goes on through the next character. So the run and the character after it
    (``run + c``) is a prefix of the matched text, and ``word_re.match(run + c, partial=True)``
    (a match, or the text ran out while matching) is not None. That answer depends only on
    ``run + c``, a repeated unit of the language, so it is cached: a window then costs one
    ``findall`` and two set operations in C instead of a scan with the month alternation at
    every word (most windows around numbers hold no month word at all).
    """
    known_cues = _cue_cache.get(g.lang)
    if known_cues is None or len(known_cues[0]) > _CUE_CACHE_MAX:
        known_cues = _cue_cache[g.lang] = (set(), set())
    known, cues = known_cues
    toks = _RUN_AND_NEXT.findall(text, ws, we)
    if not cues.isdisjoint(toks):
        return True
    if known.issuperset(toks):
        return False
    heads = _cue_heads.setdefault(g.lang, {})
    for tok in toks:
        if tok not in known:
            known.add(tok)
            # a match that starts with ``tok`` starts with its first three characters too:
            # most new words are ruled out by that (far more often repeated) head
            ok = heads.get(tok[:3])
            if ok is None:
                ok = heads[tok[:3]] = g.word_re.match(tok[:3], partial=True) is not None
            if ok and g.word_re.match(tok, partial=True) is not None:
                cues.add(tok)
    return not cues.isdisjoint(toks)


def _scan(
    g: Grammar,
    text: str,
    lang: str,
    shapes: Shapes,
    nums: list[int],
    ws: int,
    we: int,
    cands: list[tuple[int, int, int, dict]],
) -> None:
    """What ``pat.finditer(text, ws, we)`` finds for each digit-anchored shape, without
    stepping through every position: such a shape begins with a digit not preceded by a digit
    (a number's start) of the length it needs (``nums``); the scan resumes where a match ends."""
    for prio, pat, build in shapes:
        resume = ws
        for p in nums:
            if p < resume or (m := pat.match(text, p, we)) is None:
                continue
            resume = m.end()
            c = build(g, m, text, lang)
            if c is not None:
                cands.append((c[0], c[1], prio, c[2]))


def find_dates(text: str, lang: str) -> list[dict]:
    """Date expressions in ``text`` (a sentence or any stretch of text in language ``lang``).

    Returns ``[{start, end, text, value, calendar?, original?}]`` in text order, never
    overlapping. ``lang`` outside tr/az/en (e.g. ``und``) searches with all three grammars.
    """
    if not text or not _DIGIT.search(text):
        return []
    key = lang if lang in LANGS else "any"
    g = grammar(key)
    plan = _plan(key)
    cands: list[tuple[int, int, int, dict]] = []
    for ws, we, days, years in _windows(text):
        if (years or days) and not _has_word_cue(g, text, ws, we):
            # no month or season word: only the shapes made of numbers can match, and those
            # that start at a day need a year (a numeric date) in the window
            if years:
                _scan(g, text, lang, plan.year_first_plain, years, ws, we, cands)
                if days:
                    _scan(g, text, lang, plan.day_first_plain, days, ws, we, cands)
            continue
        if years:
            day_first, word_first = plan.day_first, plan.word_first
            _scan(g, text, lang, plan.year_first, years, ws, we, cands)
        elif days:
            day_first, word_first = plan.day_first_yearless, plan.word_first_yearless
        else:
            continue  # only numbers of three or five and more digits: no shape starts there
        if days:
            _scan(g, text, lang, day_first, days, ws, we, cands)
        # A shape that begins with a month or season word holds a number after it, so only
        # words before the window's last number can begin one. Such a word holds no digit, so
        # scanning up to that number finds exactly the words a scan of the window finds there.
        last = max(days[-1] if days else ws, years[-1] if years else ws)
        starts = _word_starts(g, text, ws, last)
        for p in starts:
            for prio, pat, build in word_first:
                if (m := pat.match(text, p, we)) is not None:
                    c = build(g, m, text, lang)
                    if c is not None:
                        cands.append((c[0], c[1], prio, c[2]))
    if not cands:
        return []
    # the longest reading wins; among equals, the earlier (more specific) pattern
    cands.sort(key=lambda c: (c[0] - c[1], c[2], c[0]))
    taken: list[tuple[int, int]] = []
    out = []
    for s, e, _, rec in cands:
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        out.append(rec)
    out.sort(key=lambda r: r["start"])
    return out
