"""Calendar arithmetic: Julian, Gregorian, Rumi (Ottoman fiscal) and tabular Hijri dates.

Everything goes through the Julian Day Number (JDN), the astronomers' running day count, because
that makes every conversion exact and leap-year rules explicit instead of hand-tuned day offsets.

Rumi calendar rules used here (Wikipedia, "Rumi calendar"; the German article "Rumi-Kalender"
gives the 1917 details):
- From 1 Mart 1256 (= 13 March 1840 Gregorian) the Rumi calendar is the Julian calendar with the
  year starting on 1 March and numbered 584 below the Julian year (585 for January and February,
  which close the fiscal year begun the previous March). The day offset to Gregorian is therefore
  the Julian one: 12 days until 28 February 1900 (Julian), 13 days after.
- 15 Şubat 1332 (Julian 15 February 1917 = 28 February 1917 Gregorian) was followed by
  1 Mart 1333 = 1 March 1917: from then on days and months are Gregorian, and the year start was
  moved to 1 January (1334 began on 1 January 1918), so the year is always Gregorian - 584.
- Rumi 1341 (1925) is the last Rumi year: the Gregorian era replaced it on 1 January 1926.
"""

from __future__ import annotations

import datetime as _dt

RUMI_FIRST_YEAR = 1256  # the Rumi calendar became official on 1 Mart 1256 (13 March 1840)
RUMI_LAST_YEAR = 1341  # 1925; the Gregorian era replaced it on 1 January 1926
RUMI_REFORM_YEAR = 1333  # 1 Mart 1333 = 1 March 1917: Gregorian days from here on


def jdn_from_gregorian(y: int, m: int, d: int) -> int:
    """Julian Day Number of a proleptic Gregorian date (Fliegel & Van Flandern)."""
    a = (14 - m) // 12
    yy = y + 4800 - a
    mm = m + 12 * a - 3
    return d + (153 * mm + 2) // 5 + 365 * yy + yy // 4 - yy // 100 + yy // 400 - 32045


def jdn_from_julian(y: int, m: int, d: int) -> int:
    """Julian Day Number of a Julian-calendar date."""
    a = (14 - m) // 12
    yy = y + 4800 - a
    mm = m + 12 * a - 3
    return d + (153 * mm + 2) // 5 + 365 * yy + yy // 4 - 32083


def gregorian_from_jdn(jdn: int) -> tuple[int, int, int]:
    """The proleptic Gregorian (year, month, day) of a Julian Day Number."""
    a = jdn + 32044
    b = (4 * a + 3) // 146097
    c = a - 146097 * b // 4
    d = (4 * c + 3) // 1461
    e = c - 1461 * d // 4
    m = (5 * e + 2) // 153
    day = e - (153 * m + 2) // 5 + 1
    month = m + 3 - 12 * (m // 10)
    year = 100 * b + d - 4800 + m // 10
    return year, month, day


def julian_to_gregorian(y: int, m: int, d: int) -> tuple[int, int, int]:
    return gregorian_from_jdn(jdn_from_julian(y, m, d))


def _days_in_julian_month(y: int, m: int) -> int:
    if m == 2:
        return 29 if y % 4 == 0 else 28
    return 30 if m in (4, 6, 9, 11) else 31


def _days_in_gregorian_month(y: int, m: int) -> int:
    if m == 12:
        return 31
    return (_dt.date(y, m + 1, 1) - _dt.date(y, m, 1)).days


def rumi_is_reformed(y: int, m: int) -> bool:
    """True when Rumi month m of year y is counted in Gregorian days (from 1 Mart 1333 on)."""
    return y > RUMI_REFORM_YEAR or (y == RUMI_REFORM_YEAR and m >= 3)


def rumi_gregorian_year(y: int, m: int) -> int:
    """The Gregorian year in which Rumi month m of Rumi year y falls (before any day shift).

    Before the reform January and February close the fiscal year begun the previous March, so
    they lie 585 years on; afterwards the offset is 584 for every month. For January/February of
    1333 itself, which the reform skipped (1334 began on 1 January 1918), writers kept the old
    habit, so the old rule (+585) is applied.
    """
    if y > RUMI_REFORM_YEAR:
        return y + 584
    return y + 584 if m >= 3 else y + 585


def rumi_to_gregorian(y: int, m: int, d: int) -> tuple[int, int, int]:
    """A Rumi day as a Gregorian (year, month, day)."""
    gy = rumi_gregorian_year(y, m)
    if rumi_is_reformed(y, m) or (y == RUMI_REFORM_YEAR and m < 3):
        return gy, m, d
    return julian_to_gregorian(gy, m, d)


def rumi_month_to_gregorian(y: int, m: int) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """First and last Gregorian day of Rumi month m of year y."""
    first = rumi_to_gregorian(y, m, 1)
    gy = rumi_gregorian_year(y, m)
    if rumi_is_reformed(y, m) or y == RUMI_REFORM_YEAR:
        last_day = _days_in_gregorian_month(gy, m)
    elif (y, m) == (RUMI_REFORM_YEAR - 1, 2):
        last_day = 15  # 15 Şubat 1332 was followed by 1 Mart 1333
    else:
        last_day = _days_in_julian_month(gy, m)
    return first, rumi_to_gregorian(y, m, last_day)


def rumi_year_to_gregorian(y: int) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """First and last Gregorian day of Rumi year y."""
    if y > RUMI_REFORM_YEAR:
        return (y + 584, 1, 1), (y + 584, 12, 31)
    if y == RUMI_REFORM_YEAR:
        return (1917, 3, 1), (1917, 12, 31)
    first = rumi_to_gregorian(y, 3, 1)
    last_feb = _days_in_julian_month(y + 585, 2)
    if y == RUMI_REFORM_YEAR - 1:
        last_feb = 15  # 15 Şubat 1332 was the last day before 1 Mart 1333
    return first, rumi_to_gregorian(y, 2, last_feb)


# --- Tabular Islamic calendar -----------------------------------------------------------------
# The arithmetical (civil) Islamic calendar: 30-year cycle with leap years 2, 5, 7, 10, 13, 16,
# 18, 21, 24, 26, 29 (the "Type II" rule used by Kuwaiti/.NET and most converters), epoch
# 1 Muharram 1 AH = Friday 16 July 622 (Julian) = JDN 1948440. Observed (lunar sighting) dates
# can differ from it by a day or two; that is the usual caveat of every tabular converter.
HIJRI_EPOCH_JDN = 1948440


def jdn_from_hijri(y: int, m: int, d: int) -> int:
    return d + (59 * (m - 1) + 1) // 2 + (y - 1) * 354 + (3 + 11 * y) // 30 + HIJRI_EPOCH_JDN - 1


def hijri_leap(y: int) -> bool:
    return (14 + 11 * y) % 30 < 11


def hijri_month_length(y: int, m: int) -> int:
    if m == 12:
        return 30 if hijri_leap(y) else 29
    return 30 if m % 2 == 1 else 29


def hijri_to_gregorian(y: int, m: int, d: int) -> tuple[int, int, int]:
    return gregorian_from_jdn(jdn_from_hijri(y, m, d))


def hijri_month_to_gregorian(y: int, m: int) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    return hijri_to_gregorian(y, m, 1), hijri_to_gregorian(y, m, hijri_month_length(y, m))


def hijri_year_to_gregorian(y: int) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    return hijri_to_gregorian(y, 1, 1), hijri_to_gregorian(y, 12, hijri_month_length(y, 12))
