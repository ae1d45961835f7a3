"""Rumi and Hijri conversions checked against published equivalences.

Sources (each test names the one it relies on):
- [WP-Rumi] Wikipedia, "Rumi calendar" (en): the Julian-based Rumi calendar became official on
  1 March 1256 Rumi = 13 March 1840 (Gregorian); year offset 584, 585 for January and
  February; the illustrated 1911 multilingual Ottoman calendar page gives Rumi 7 Nisan 1327 =
  Julian 7 April 1911 = Gregorian 20 April 1911 = 21 Rebiülahir 1329 (Hijri).
- [WP-Rumi-de] Wikipedia, "Rumi-Kalender" (de): 15 Şubat 1332 was followed by 1 Mart 1333 =
  1 March 1917 (13 days dropped), and the year start moved to 1 January, so from then on the
  Rumi year is the Gregorian year minus 584; Rumi 1341 = 1925 was the last Rumi year.
- [WP-Tab] Wikipedia, "Tabular Islamic calendar": epoch 1 Muharram 1 AH = 16 July 622 (Julian),
  30-year cycle with leap years 2, 5, 7, 10, 13, 16, 18, 21, 24, 26, 29;
  1 Muharram 1400 AH = 21 November 1979.
- [Hijri-1336] 1 Muharrem 1336 = 17 October 1917, as printed in Ottoman/Turkish conversion
  tables (e.g. the Türk Tarih Kurumu date converter for 1336 H.).
"""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.dates import calendars as cal
from pipeline.dates import find_dates


@pytest.mark.parametrize(
    "rumi, gregorian, source",
    [
        ((1256, 3, 1), (1840, 3, 13), "WP-Rumi: adoption of the Julian Rumi calendar"),
        ((1327, 4, 7), (1911, 4, 20), "WP-Rumi: 1911 Ottoman calendar page"),
        ((1332, 2, 15), (1917, 2, 28), "WP-Rumi-de: last day before the 1917 reform"),
        ((1333, 3, 1), (1917, 3, 1), "WP-Rumi-de: first day after the reform"),
        ((1340, 3, 1), (1924, 3, 1), "WP-Rumi-de: Gregorian days, year - 584"),
        ((1340, 1, 1), (1924, 1, 1), "WP-Rumi-de: year starts on 1 January after 1917"),
        ((1341, 12, 31), (1925, 12, 31), "WP-Rumi-de: last day of the Rumi era"),
    ],
)
def test_rumi_published_equivalences(rumi, gregorian, source):
    assert cal.rumi_to_gregorian(*rumi) == gregorian, source


def test_rumi_day_offset_changes_in_1900():
    """Julian-Gregorian difference is 12 days before Julian 29 February 1900, 13 after
    (WP-Rumi: 'day offsets of 12 before March 1900 and 13 after')."""
    # Rumi 1315 runs from March 1899 to February 1900 (Julian)
    assert cal.rumi_to_gregorian(1315, 2, 28) == (1900, 3, 12)  # Julian 28 Feb 1900, +12
    assert cal.rumi_to_gregorian(1315, 2, 29) == (1900, 3, 13)  # Julian 29 Feb 1900 exists
    assert cal.rumi_to_gregorian(1316, 3, 1) == (1900, 3, 14)  # Julian 1 Mar 1900, +13
    assert cal.rumi_to_gregorian(1290, 5, 10) == (1874, 5, 22)  # 19th century: +12


def test_rumi_january_february_belong_to_next_gregorian_year_before_1917():
    # WP-Rumi: 585 years for January and February
    assert cal.rumi_to_gregorian(1330, 1, 1) == (1915, 1, 14)
    assert cal.rumi_gregorian_year(1330, 3) == 1914


def test_rumi_every_day_maps_forward_without_gaps_or_repeats():
    """From 1 Mart 1256 to 31 Kânun-ı Evvel 1341 every Rumi month starts the Gregorian day
    after the previous one ended: the 1917 reform dropped 13 Rumi day *numbers* (16-28 Şubat
    1332), not days (WP-Rumi-de)."""
    prev = None
    y, m = 1256, 3
    while (y, m) != (1342, 1):
        first, last = cal.rumi_month_to_gregorian(y, m)
        start = dt.date(*first)
        if prev is not None:
            gap = (start - prev).days
            assert gap == 1, (y, m, gap)
        prev = dt.date(*last)
        # next Rumi month (the Rumi year turns in March before 1918, in January after)
        if m == 12:
            y, m = (y + 1, 1) if y >= cal.RUMI_REFORM_YEAR else (y, 1)
        elif m == 2 and y < cal.RUMI_REFORM_YEAR:
            y, m = y + 1, 3
        else:
            m += 1


@pytest.mark.parametrize(
    "hijri, gregorian, source",
    [
        ((1, 1, 1), (622, 7, 19), "WP-Tab epoch: 16 July 622 Julian = 19 July 622 Gregorian"),
        ((1400, 1, 1), (1979, 11, 21), "WP-Tab"),
        ((1336, 1, 1), (1917, 10, 17), "Hijri-1336"),
    ],
)
def test_hijri_tabular(hijri, gregorian, source):
    assert cal.hijri_to_gregorian(*hijri) == gregorian, source


def test_hijri_tabular_within_a_day_of_an_observed_date():
    # WP-Rumi 1911 calendar page: 21 Rebiülahir 1329 = 20 April 1911 (observed calendar);
    # a tabular calendar may differ from observation by one day.
    g = dt.date(*cal.hijri_to_gregorian(1329, 4, 21))
    assert abs((g - dt.date(1911, 4, 20)).days) <= 1


def test_hijri_leap_years_follow_the_30_year_cycle():
    leaps = [y for y in range(1, 31) if cal.hijri_leap(y)]
    assert leaps == [2, 5, 7, 10, 13, 16, 18, 21, 24, 26, 29]
    total = sum(cal.hijri_month_length(1, m) for m in range(1, 13))
    assert total == 354
    assert cal.jdn_from_hijri(31, 1, 1) - cal.jdn_from_hijri(1, 1, 1) == 10631


def test_rumi_and_hijri_in_running_text():
    got = {d["text"]: d for d in find_dates("Celse 1.03.1340 tarihinde açıldı.", "tr")}
    d = got["1.03.1340"]
    assert (d["value"], d["calendar"], d["original"]) == ("1924-03-01", "rumi", "1340-03-01")

    d = find_dates("Kanun 7 Nisan 1327 günü ilan edildi.", "tr")[0]
    assert d["text"] == "7 Nisan 1327 günü"
    assert (d["value"], d["calendar"], d["original"]) == ("1911-04-20", "rumi", "1327-04-07")

    d = find_dates("Bu karar 1336 H. yılında alınmıştı.", "tr")[0]
    assert (d["text"], d["value"], d["calendar"], d["original"]) == (
        "1336 H. yılında",
        "1917/1918",
        "hijri",
        "1336",
    )

    d = find_dates("Mektup 1 Muharrem 1336 tarihini taşıyor.", "tr")[0]
    assert (d["text"], d["value"], d["calendar"]) == ("1 Muharrem 1336", "1917-10-17", "hijri")


def test_bracketed_gregorian_gloss_is_evidence_and_inside_the_span():
    d = find_dates("Meclis 23 Nisan 1336 (1920) tarihinde açıldı.", "tr")[0]
    assert (d["text"], d["value"], d["calendar"]) == ("23 Nisan 1336 (1920)", "1920-04-23", "rumi")
    # an unrelated bracketed year is not a gloss
    d = find_dates("Belge 16 Mart 1921 (1990) tarihinde yayımlandı.", "tr")[0]
    assert d["text"] == "16 Mart 1921"


def test_rumi_month_before_the_reform_is_a_range_of_gregorian_months():
    d = find_dates("Mart 1330 içinde toplandılar.", "tr")[0]
    assert d["text"] == "Mart 1330"
    assert (d["value"], d["calendar"], d["original"]) == ("1914-03/1914-04", "rumi", "1330-03")


def test_old_month_names_after_1926_are_gregorian():
    d = find_dates("Gazete, 12 Teşrinisani 1934 tarihli sayısında yazdı.", "tr")[0]
    assert d["text"] == "12 Teşrinisani 1934"
    assert d["value"] == "1934-11-12" and "calendar" not in d
    d = find_dates("Ulus, 3 Birinciteşrin 1936.", "tr")[0]
    assert d["value"] == "1936-10-03"
    d = find_dates("Nüsha, 9 Kânun-ı Sani 1340.", "tr")[0]
    assert (d["value"], d["calendar"]) == ("1924-01-09", "rumi")
