"""Date finding: spans and values per shared/gold/GUIDELINES.md, on sentences written for these
tests (no seed text)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dates import find_dates


def _one(text: str, lang: str) -> tuple[str, str]:
    got = find_dates(text, lang)
    assert len(got) == 1, got
    return got[0]["text"], got[0]["value"]


@pytest.mark.parametrize(
    "text, lang, span, value",
    [
        # full dates; a Turkish apostrophe suffix stays outside the span
        ("Heyet 16 Mart 1921’de Moskova’ya vardı.", "tr", "16 Mart 1921", "1921-03-16"),
        ("Anlaşma 9 Ocak 1922'de imzalandı.", "tr", "9 Ocak 1922", "1922-01-09"),
        ("Toplantı 27 Ekim 1933 Cuma günü yapıldı.", "tr", "27 Ekim 1933 Cuma günü", "1933-10-27"),
        ("Konferans 3 Şubat 1923 tarihinde açıldı.", "tr", "3 Şubat 1923", "1923-02-03"),
        ("Karar 5 Nisan 1920 yılında alındı.", "tr", "5 Nisan 1920 yılında", "1920-04-05"),
        ("Kongre 4 EYLÜL 1919 tarihinde toplandı.", "tr", "4 EYLÜL 1919", "1919-09-04"),
        # Azerbaijani: the suffix token is inside
        ("Müqavilə 12 yanvar 1930-cu ildə bağlandı.", "az", "12 yanvar 1930-cu ildə", "1930-01-12"),
        ("Səfir 1926-cı ilin may ayında gəldi.", "az", "1926-cı ilin may ayında", "1926-05"),
        (
            "Respublika 1918-ci il mayın 28-də elan edildi.",
            "az",
            "1918-ci il mayın 28-də",
            "1918-05-28",
        ),
        ("Bu, 1933-cü ilin oktyabrından sonra oldu.", "az", "1933-cü ilin oktyabrından", "1933-10"),
        # numeric
        ("Belge 16.3.1921 tarihlidir.", "tr", "16.3.1921", "1921-03-16"),
        ("Belge 16/03/1921 tarihlidir.", "tr", "16/03/1921", "1921-03-16"),
        ("Arşiv kaydı 2.VII.1924 tarihini taşır.", "tr", "2.VII.1924", "1924-07-02"),
        ("The note is dated 1921-03-16 in the file.", "en", "1921-03-16", "1921-03-16"),
        # year-month
        ("Heyet Eylül 1920'de yola çıktı.", "tr", "Eylül 1920", "1920-09"),
        ("The delegation left in March 1921.", "en", "March 1921", "1921-03"),
        ("Bu heyet 1922 Şubatına kadar kaldı.", "tr", "1922 Şubatına", "1922-02"),
        ("Görüşmeler 1921 yılı nisan ayında başladı.", "tr", "1921 yılı nisan ayında", "1921-04"),
        ("Heyet 1923 Ocak ayı başında döndü.", "tr", "1923 Ocak ayı başında", "1923-01"),
        # years, unit nouns and position words
        ("Bu süreç 1917 yılında başladı.", "tr", "1917 yılında", "1917"),
        ("Anlaşma 1925 senesinde imzalandı.", "tr", "1925 senesinde", "1925"),
        ("Kriz 1920 başında derinleşti.", "tr", "1920 başında", "1920"),
        ("Ticarət 1928-ci ildə artdı.", "az", "1928-ci ildə", "1928"),
        ("The war ended in 1918 for Russia.", "en", "1918", "1918"),
        ("Antlaşma 1921 tarihli bir belgeye dayanır.", "tr", "1921", "1921"),
        ("Bu konu 1921 yılı içinde çözüldü.", "tr", "1921 yılı", "1921"),
        # ranges
        ("Savaş 1914-1918 yılları arasında sürdü.", "tr", "1914-1918 yılları", "1914/1918"),
        ("Bu 1922-23'te oldu.", "tr", "1922-23", "1922/1923"),
        (
            "Görüşmeler 22 ve 23 Mart 1921'de yapıldı.",
            "tr",
            "22 ve 23 Mart 1921",
            "1921-03-22/1921-03-23",
        ),
        (
            "Görüşmeler 14-16 Mayıs 1922'de yapıldı.",
            "tr",
            "14-16 Mayıs 1922",
            "1922-05-14/1922-05-16",
        ),
        ("Dövr 1941–1945-ci illərdə çətin keçdi.", "az", "1941–1945-ci illərdə", "1941/1945"),
        (
            "Sefer Haziran 1921 – Ağustos 1922 arasında sürdü.",
            "tr",
            "Haziran 1921 – Ağustos 1922",
            "1921-06/1922-08",
        ),
        (
            "Talks ran from March 22–24, 1921 in London.",
            "en",
            "March 22–24, 1921",
            "1921-03-22/1921-03-24",
        ),
        ("Kongre 1920 ve 1921 yıllarında toplandı.", "tr", "1920 ve 1921 yıllarında", "1920/1921"),
        # decades
        ("Ancak 1940'lardan sonra ilişkiler bozuldu.", "tr", "1940", "1940/1949"),
        ("Trade grew in the 1920s across the region.", "en", "1920s", "1920/1929"),
        ("Bu, 1950-ci illərin sonunda dəyişdi.", "az", "1950-ci illərin sonunda", "1950/1959"),
        # seasons with a year
        ("Bu yazı 1998'de yayımlandı.", "tr", "1998", "1998"),
        (
            "Bir aralık 1920'de durdu.",
            "tr",
            "1920",
            "1920",
        ),  # "bir aralık": for a while  # "yazı": article, not summer
        ("Heyet 1921 ilkbaharında geldi.", "tr", "1921 ilkbaharında", "1921-03/1921-05"),
        (
            "Ordu 1920 yılı sonbaharında ilerledi.",
            "tr",
            "1920 yılı sonbaharında",
            "1920-09/1920-11",
        ),
        ("The mission arrived in the spring of 1920.", "en", "spring of 1920", "1920-03/1920-05"),
        ("Fighting stopped in winter 1920 only.", "en", "winter 1920", "1920-12/1921-02"),
        (
            "Nümayəndə heyəti 1922-ci ilin yayında gəldi.",
            "az",
            "1922-ci ilin yayında",
            "1922-06/1922-08",
        ),
        # day and month without a year
        ("Kars 30 Ekimde alındı.", "tr", "30 Ekimde", "--10-30"),
        ("Heyet 5 Temmuz'da döndü.", "tr", "5 Temmuz", "--07-05"),
        ("Heyet 7 Kasım Salı gününe kadar kaldı.", "tr", "7 Kasım Salı gününe", "--11-07"),
        ("Meclis Mayısının 19'uncu günü toplandı.", "tr", "Mayısının 19'uncu günü", "--05-19"),
        ("They met again on June 3 in Paris.", "en", "June 3", "--06-03"),
        # old Turkish month names with a gloss
        (
            "Cumhuriyet, 14 Teşrin-i Sani/Kasım 1934.",
            "tr",
            "14 Teşrin-i Sani/Kasım 1934",
            "1934-11-14",
        ),
        ("Ulus, 2 İkinci Kânun 1936.", "tr", "2 İkinci Kânun 1936", "1936-01-02"),
        ("Vakit, Birinci Teşrin 1934 sayısı.", "tr", "Birinci Teşrin 1934", "1934-10"),
    ],
)
def test_forms(text, lang, span, value):
    assert _one(text, lang) == (span, value)


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Bkz. s. 1921 ve s.462 ile c. 1930 notları.", "tr"),  # page and volume numbers
        ("Bu görüş tartışmalıdır (Kurat,1990:232).", "tr"),  # citation years
        ("Bu görüş tartışmalıdır (Tevetoğlu,1988,Zürcher,1995).", "tr"),
        ("Bu görüş tartışmalıdır (Yılmaz 2004; Demir, 1999).", "tr"),
        ("Ordu 39.325 tüfek ve 1500 asker aldı.", "tr"),  # counts
        ("The army had 1800 rifles and 300 years of pride.", "en"),
        ("The bill came to $1920 and £1850 in all.", "en"),
        ("Bu hüküm 1510 sayılı Kanun ile değişti.", "tr"),  # a law number
        ("Tren saat 10.30'da kalktı ve 13 günlük yolculuk başladı.", "tr"),  # time, duration
        ("Bu, antlaşmanın 10. yıldönümü ve 18. maddesiydi.", "tr"),  # ordinals
        ("Heyet Mart ayında geldi.", "tr"),  # a month alone is not a date
        ("They may 12 times refuse.", "en"),  # English modal "may" is not May
        ("Ahmet Yılmaz, Türk Dış Politikası, Ankara 1970, s.6.", "tr"),  # publication year
        ("Mehmet Kaya, Tarih Yazıları, Yayınları, İstanbul, 1998.", "tr"),
        ("| 858 | 1108 | 727 |", "tr"),  # table cells
        ("Arşiv No: 030.10.241.630.14 dosyası.", "tr"),  # archive numbers
        ("Kasım Bey ve Recep Efendi geldiler.", "tr"),  # names that are also month names
        ("See pages 1921-1925 and page 1930 of the report.", "en"),  # page ranges
    ],
)
def test_not_dates(text, lang):
    assert find_dates(text, lang) == []


def test_two_dates_and_offsets():
    text = "16 Mart 1921’de imzalanan antlaşma 11 Şubat 1926’da onaylandı."
    got = find_dates(text, "tr")
    assert [(d["text"], d["value"]) for d in got] == [
        ("16 Mart 1921", "1921-03-16"),
        ("11 Şubat 1926", "1926-02-11"),
    ]
    for d in got:
        assert text[d["start"] : d["end"]] == d["text"]


def test_never_fills_from_today():
    for text, lang in [("Haziranda 3 Mart", "tr"), ("on June 3", "en"), ("2 Aralıkta", "tr")]:
        for d in find_dates(text, lang):
            assert d["value"].startswith("--"), d


def test_language_outside_the_three_uses_all_grammars():
    got = find_dates("17 dekabr 1925 and 3 Mart 1921", "und")
    assert [d["value"] for d in got] == ["1925-12-17", "1921-03-03"]


def test_text_without_digits_is_skipped_cheaply():
    assert find_dates("Mart ayında ilkbahar geldi, spring came in May.", "tr") == []
    assert find_dates("", "tr") == []


_ALPHABET = st.sampled_from(
    list("0123456789 .,-–/'’()abcçdeğıiİkmnoöprsştuüvyzəMKŞEAN|:")
    + ["Mart ", "1921", " yılında", "-ci ildə", "Teşrin-i Evvel ", "ve ", "s. ", "1930'lar"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join), st.sampled_from(["tr", "az", "en", "und"]))
def test_spans_are_well_formed_on_any_text(text, lang):
    got = find_dates(text, lang)
    last_end = -1
    for d in got:
        assert 0 <= d["start"] < d["end"] <= len(text)
        assert text[d["start"] : d["end"]] == d["text"]
        assert d["start"] >= last_end  # ordered, never overlapping
        last_end = d["end"]
        assert isinstance(d["value"], str) and d["value"]
        if "calendar" in d:
            assert d["calendar"] in ("rumi", "hijri") and d["original"]
