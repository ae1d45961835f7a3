"""Sentence segmentation: hard cases, span properties, test texts, gold F1, the command."""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.evaluate.segment import load_text_cases
from pipeline.segment import split_sentences

DATA = Path(__file__).parent / "data"


def sents(text: str, lang: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, lang)]


@pytest.mark.parametrize(
    "text,lang,expected",
    [
        # ordinals: Roman and Arabic numerals with a period are not sentence ends
        ("III. Ordu geri çekildi. Sonra kış geldi.", "tr", 2),
        ("XIX. yüzyıl sona erdi.", "tr", 1),
        ("Kuruluşun 90. yıl töreni yapıldı.", "tr", 1),
        ("Bu kararı 18. Madde düzenler.", "tr", 1),
        ("II. Dünya müharibəsi başladı.", "az", 1),
        # a year after a month ends the sentence
        ("Görüşme Ekim 1933. Sovyet heyeti geldi.", "tr", 2),
        # abbreviations and honorifics
        ("Bkz. Kurat, a.g.e., s. 42. Bu görüş yaygındır.", "tr", 2),
        ("Prof. Dr. Ali Demir katıldı.", "tr", 1),
        ("Silah, cephane vb. Sonra tren kalktı.", "tr", 2),
        ("(Çvr. Galip Yılmaz) yayımlandı.", "tr", 1),
        ("Mr. Smith met Dr. Jones, e.g. in Paris.", "en", 1),
        ("Arms, food, etc. The train left.", "en", 2),
        # initials
        ("V.İ. Lenin yazdı.", "tr", 1),
        ("E.H.Carr ve S.M.Budiyenni geldi.", "tr", 1),
        ("M. V. Frunze geldi.", "tr", 1),
        # citations
        ("Böyle oldu (Kurat,1990:232-233). Sonra değişti.", "tr", 2),
        ("Bkz. c.I, s. 12 ve c. II, s. 14.", "tr", 1),
        # quotations, '' as quotes, ellipsis
        ('Şöyle dedi: "Endişe yoktur." Bakan sustu.', "tr", 2),
        ("Vekil ''barış şarttır.'' Sonra oturdu.", "tr", 2),
        ("Tartışma sürdü… Ertesi gün bitti.", "tr", 2),
        ("Ne değişiklik!.. Kimse beklemiyordu.", "tr", 2),
        ("Metinde (…) Ankara geçer.", "tr", 1),
        # footnote marks glued to words
        ("Teklif etmişti.1 Sonra gitti.", "tr", 2),
        ("Dengeyi oluşturmaktaydı3. Bu nedenle izlendi.", "tr", 2),
        ("Destek verilmiş41 Türkiye katıldı.", "tr", 1),
        # numbered list items
        ("1. Türkiye'nin sınırı çizilecektir.", "tr", 1),
        ("1. The border shall be drawn anew.", "en", 1),
        # numbers
        ("Raporda 33.275 tüfek sayıldı. Sonra 1.500 kılıç geldi.", "tr", 2),
        # a period glued between two sentences
        ("Toplantı bitti.Herkes dağıldı.", "tr", 2),
        ("Dr.Tevfik geldi.", "tr", 1),
    ],
)
def test_hard_cases(text: str, lang: str, expected: int) -> None:
    got = sents(text, lang)
    assert len(got) == expected, got


def test_footnote_digit_stays_with_its_sentence() -> None:
    assert sents("Teklif etmişti.1 Sonra gitti.", "tr") == ["Teklif etmişti.1", "Sonra gitti."]


def test_quote_closes_sentence() -> None:
    assert sents('Dedi ki: "Yoktur." Bakan sustu.', "tr") == ['Dedi ki: "Yoktur."', "Bakan sustu."]


def test_paragraph_break_is_hard_boundary() -> None:
    text = "Bu bir cümledir ve\n\nBu başka bir paragraftır"
    assert sents(text, "tr") == ["Bu bir cümledir ve", "Bu başka bir paragraftır"]


def test_offsets_point_into_text() -> None:
    text = "  Birinci cümle.   İkinci cümle!  Üçüncü?  "
    spans = split_sentences(text, "tr")
    assert [text[a:b] for a, b in spans] == ["Birinci cümle.", "İkinci cümle!", "Üçüncü?"]
    assert spans[0][0] == 2


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("abcçğıişöüəqx ABÇDEİÖŞÜƏ.!?…'\"”“()0123456789\n,:")),
        max_size=200,
    ),
    st.sampled_from(["tr", "az", "en", "und"]),
)
def test_span_properties(text: str, lang: str) -> None:
    spans = split_sentences(text, lang)
    prev_end = 0
    for a, b in spans:
        assert prev_end <= a < b <= len(text)
        assert not text[a].isspace() and not text[b - 1].isspace()
        prev_end = b
    # every non-space character is inside a sentence
    covered = set()
    for a, b in spans:
        covered.update(range(a, b))
    assert all(text[i].isspace() or i in covered for i in range(len(text)))


@pytest.mark.parametrize("lang", ["tr", "az", "en"])
def test_own_test_texts(lang: str) -> None:
    cases = load_text_cases(DATA / f"segment_{lang}.txt", lang)
    assert len(cases) >= 4
    for text, case_lang, gold in cases:
        spans = split_sentences(text, case_lang)
        assert {a for a, _ in spans[1:]} == gold, [text[a:b] for a, b in spans]


def test_gold_boundary_f1(shared) -> None:
    from pipeline.evaluate.segment import evaluate

    m = evaluate(shared, peers=False)["ours"]
    assert m["gold"]["f1"] >= 0.98


def test_segment_command(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    from pipeline.segment import command

    data = "Birinci cümle. Dr. Ali geldi.\n\nÜçüncü cümle.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode("utf-8"))))
    parser = argparse.ArgumentParser()
    command.configure(parser)
    assert command.run(parser.parse_args(["--lang", "tr", "-"])) == 0
    assert capsys.readouterr().out == "Birinci cümle.\nDr. Ali geldi.\n\nÜçüncü cümle.\n"


@pytest.mark.parametrize(
    "text,lang,expected",
    [
        ("See No. 5 for details. No. The answer was clear.", "en", 3),
        ("He said no. Then he left.", "en", 2),
        ("They met at 5 p.m. The talks lasted an hour.", "en", 2),
        ("Belge No. 12 arşivdedir.", "tr", 1),
        ("T.C. Dışişleri Bakanlığı açıkladı.", "tr", 1),
        ("Prof.Dr. Ahmet Yılmaz konuştu.", "tr", 1),
        ("Bu durum 1. Dünya Savaşı'na kadar sürdü.", "tr", 1),
        ("Yarışta 3. oldu. Sonra emekli oldu.", "tr", 2),
        ("Toplam 12. Sonra sayım bitti.", "tr", 2),
        ("Bunu sordu (neden?) Sonra sustu.", "tr", 1),
    ],
)
def test_more_cases(text: str, lang: str, expected: int) -> None:
    got = sents(text, lang)
    assert len(got) == expected, got


def test_long_tokens_stay_linear() -> None:
    """Candidates look at a bounded window: a 70,000-character token is not quadratic."""
    import time

    text = "abc.Def" * 10_000 + ". Son."
    t0 = time.process_time()
    spans = split_sentences(text, "tr")
    assert time.process_time() - t0 < 5.0
    assert spans[-1] == (len(text) - 4, len(text))


@pytest.mark.parametrize(
    "text,lang,expected",
    [
        ("İlkeler şunlardı: 1. Türkiye bağımsızdır. 2. Sınırlar değişmez.", "tr", 2),
        ("Bkz. Kurat, 1990: 232. Bu eser önemlidir.", "tr", 2),
        ("2.3. Moskova görüşmeleri başladı.", "tr", 1),
    ],
)
def test_lists_and_sections(text: str, lang: str, expected: int) -> None:
    got = sents(text, lang)
    assert len(got) == expected, got


def test_detached_opening_quote() -> None:
    assert len(sents('Rapor gönderildi. " Yeni bir dönem başlıyordu" diye yazdı.', "tr")) == 2


@pytest.mark.parametrize(
    "text,lang,expected",
    [
        ("Eser (Der. Ali Kaya) yayımlandı.", "tr", 1),
        ("Hoca hep böyle der. Sonra susar.", "tr", 2),
        ("Bana bak. Sonra konuşuruz.", "tr", 2),
        ("Ara sıra buraya gelir. Kasım ayında ise gitmez.", "tr", 2),
    ],
)
def test_abbreviations_that_are_words(text: str, lang: str, expected: int) -> None:
    got = sents(text, lang)
    assert len(got) == expected, got


def test_bracketed_number_after_abbreviation_continues() -> None:
    assert len(sents("Smith et al. (2001) found the treaty. It was lost.", "en")) == 2
    assert len(sents("Smith et al. The treaty was lost.", "en")) == 2


def test_author_year_citation_after_a_sentence_stays_with_it():
    text = "Bunu “hiç beklemiyorduk” demiştir.” (Aksoy,1987:45-46) Yazar daha sonra geri döndü."
    spans = split_sentences(text, "tr")
    assert [text[a:b] for a, b in spans] == [
        "Bunu “hiç beklemiyorduk” demiştir.” (Aksoy,1987:45-46)",
        "Yazar daha sonra geri döndü.",
    ]
    en = "He said so in 1920. (Smith, 1988) Later he changed his mind."
    assert [en[a:b] for a, b in split_sentences(en, "en")][0] == "He said so in 1920. (Smith, 1988)"


def test_period_glued_after_a_citation_is_a_boundary():
    text = "Amaç buydu (Demir,2004:83).Sonraki yıllarda durum değişti."
    assert [text[a:b] for a, b in split_sentences(text, "tr")] == [
        "Amaç buydu (Demir,2004:83).",
        "Sonraki yıllarda durum değişti.",
    ]
