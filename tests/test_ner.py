"""Rule layer of the entity tagger, on sentences written for these tests."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.ner import EntityTagger


@pytest.fixture(scope="module")
def tagger() -> EntityTagger:
    return EntityTagger(model=False)


def spans(tagger: EntityTagger, text: str, lang: str = "tr") -> list[tuple[str, str]]:
    return [(e["label"], e["text"]) for e in tagger.tag(text, lang)]


def test_offsets_point_into_the_text(tagger):
    text = "Enver Paşa’nın emriyle III. Ordu, 1918’de Batum’a ve Tiflis’e yürüdü."
    ents = tagger.tag(text, "tr")
    assert ents
    for e in ents:
        assert text[e["start"] : e["end"]] == e["text"]
        assert set(e) >= {"start", "end", "label", "text", "norm"}


def test_turkish_apostrophe_suffix_stays_outside(tagger):
    got = spans(tagger, "Heyet Moskova’ya ve sonra Ankara'ya döndü.")
    assert ("LOC", "Moskova") in got and ("LOC", "Ankara") in got


def test_unapostrophised_suffix_inside_with_norm(tagger):
    ents = tagger.tag("Nümayəndə heyəti Moskvaya, sonra Türkiyəyə qayıtdı.", "az")
    by_text = {e["text"]: e for e in ents}
    assert by_text["Moskvaya"]["norm"] == "Moskva"
    assert by_text["Türkiyəyə"]["norm"] == "Türkiyə"
    assert by_text["Moskvaya"]["canonical"] == by_text.get("Moskvaya")["canonical"]


def test_variants_share_a_canonical_name(tagger):
    a = tagger.tag("Heyet Moskova’da kaldı.", "tr")[0]
    b = tagger.tag("Heyət Moskvada qaldı.", "az")[0]
    c = tagger.tag("The delegation stayed in Moscow.", "en")[0]
    assert a["canonical"] == b["canonical"] == c["canonical"]


def test_english_possessive_outside(tagger):
    assert ("LOC", "Russia") in spans(tagger, "Russia’s demands grew.", "en")


def test_honorific_inside_title_outside(tagger):
    got = spans(tagger, "Kurmay Albay Hüsnü Bey ile Doktor Cevat Efendi Sivas’a gitti.")
    assert ("PER", "Hüsnü Bey") in got
    assert ("PER", "Cevat Efendi") in got


def test_honorific_with_unapostrophised_suffix(tagger):
    ents = tagger.tag("Bu haber Nuri Paşadan geldi.", "tr")
    per = [e for e in ents if e["label"] == "PER"]
    assert per and per[0]["text"] == "Nuri Paşadan" and per[0]["norm"] == "Nuri Paşa"


def test_surname_in_parentheses_is_one_span(tagger):
    got = spans(tagger, "Mehmet Arif Bey (Sönmez) raporu yazdı.")
    assert ("PER", "Mehmet Arif Bey (Sönmez)") in got


def test_leading_title_and_rank_outside(tagger):
    got = spans(tagger, "General Kolesnikov ile Albay Petrenko geldi.")
    assert ("PER", "Kolesnikov") in got and ("PER", "Petrenko") in got


def test_initials(tagger):
    got = spans(tagger, "Bu görüşü A.B. Tarasov ve K.L.Mironov paylaşır.")
    assert ("PER", "A.B. Tarasov") in got and ("PER", "K.L.Mironov") in got


def test_organisation_heads_generalise(tagger):
    got = spans(tagger, "Erzurum Müdafaa Heyeti değil, Trabzon Muhafaza Cemiyeti toplandı.")
    assert ("ORG", "Trabzon Muhafaza Cemiyeti") in got
    got = spans(tagger, "Naxçıvan İnqilab Komitəsi qərar verdi.", "az")
    assert ("ORG", "Naxçıvan İnqilab Komitəsi") in got
    got = spans(tagger, "Then the Transcaucasian Relief Committee met.", "en")
    assert ("ORG", "Transcaucasian Relief Committee") in got
    assert ("ORG", "VII. Kolordu") in spans(tagger, "VII. Kolordu geri çekildi.")


def test_treaty_and_event_heads_generalise(tagger):
    got = spans(tagger, "Ticaret ve Seyrüsefer Antlaşması imzalandı.")
    assert ("LAW", "Ticaret ve Seyrüsefer Antlaşması") in got
    got = spans(tagger, "Bu, Gence Kongresi ve Şuşa Savaşı sonrasıydı.")
    assert ("EVENT", "Gence Kongresi") in got and ("EVENT", "Şuşa Savaşı") in got
    got = spans(tagger, "Zəngəzur müharibəsi başladı.", "az")
    assert ("EVENT", "Zəngəzur müharibəsi") in got
    got = spans(tagger, "The Treaty of Riga ended that war.", "en")
    assert ("LAW", "Treaty of Riga") in got


def test_inflected_head_keeps_suffix_and_norm(tagger):
    ents = tagger.tag("Kars Müqaviləsinə əsasən sərhəd çəkildi.", "az")
    law = [e for e in ents if e["label"] == "LAW"][0]
    assert law["text"] == "Kars Müqaviləsinə" and law["norm"] == "Kars Müqaviləsi"


def test_not_tagged_nationalities_and_citations(tagger):
    assert spans(tagger, "Türk ve Rus subayları ile Sovyet temsilcileri konuştu.") == []
    got = spans(tagger, "Bu iddia reddedildi (Ankara,1990:12-14; Lenin, 1920).")
    assert got == []


def test_regime_adjective_joins_the_place(tagger):
    assert ("LOC", "Bolşevik Rusya") in spans(tagger, "Bolşevik Rusya yardım etti.")
    assert ("LOC", "Soviet Armenia") in spans(tagger, "Soviet Armenia signed.", "en")


def test_case_sensitive_multiword_gazetteer(tagger):
    # lower-case "devletlerine" is not part of the alliance's name
    got = spans(tagger, "İtilaf devletlerine karşı savaştılar.")
    assert got == [("ORG", "İtilaf")]


def test_tag_many_streams_in_order(tagger):
    items = [("Ankara’da kaldı.", "tr"), ("", "tr"), ("Bakıda qaldı.", "az")] * 50
    out = list(tagger.tag_many(iter(items)))
    assert len(out) == len(items)
    assert out[0][0]["text"] == "Ankara" and out[1] == [] and out[2][0]["norm"] == "Bakı"


def test_double_spaces_and_line_breaks_keep_offsets(tagger):
    text = "Dışişleri Vekili  Tevfik\nRüştü  Bey Ankara’ya döndü."
    ents = tagger.tag(text, "tr")
    per = [e for e in ents if e["label"] == "PER"][0]
    assert per["text"] == "Tevfik\nRüştü  Bey" == text[per["start"] : per["end"]]
    assert per["norm"] == "Tevfik Rüştü Bey"
    assert ("LOC", "Ankara") in [(e["label"], e["text"]) for e in ents]


def test_document_mode_remembers_surnames(tagger):
    doc = [
        ("Tarihçi Orhan Kutlusoy bu konuyu inceledi.", "tr"),
        ("Kutlusoy’a göre görüşmeler uzun sürdü; Kutlusoy bunu da yazdı.", "tr"),
        ("Bu görüş eleştirildi (Kutlusoy,1980:12).", "tr"),
    ]
    out = tagger.tag_document(doc)
    assert ("PER", "Orhan Kutlusoy") in [(e["label"], e["text"]) for e in out[0]]
    assert [e["text"] for e in out[1] if e["label"] == "PER"] == ["Kutlusoy", "Kutlusoy"]
    assert out[2] == []  # a citation stays untagged
    # sentence by sentence, only the mention with "’a göre" is found
    alone = [e["text"] for e in tagger.tag(doc[1][0], "tr") if e["label"] == "PER"]
    assert alone == ["Kutlusoy"]


def test_azerbaijani_inner_honorific_and_patronymic(tagger):
    got = spans(tagger, "Həsən bəy Ağayev və Rəsul Məmməd oğlu Qasımov Gəncəyə gəldilər.", "az")
    assert ("PER", "Həsən bəy Ağayev") in got
    assert ("PER", "Rəsul Məmməd oğlu Qasımov") in got


def test_letter_spaced_names_keep_surface_with_norm(tagger):
    text = "Heyet önce B a t u m ' a, sonra Erzu rum 'a vardı."
    ents = tagger.tag(text, "tr")
    got = {(e["label"], e["text"], e["norm"]) for e in ents}
    assert ("LOC", "B a t u m", "Batum") in got
    assert ("LOC", "Erzu rum", "Erzurum") in got
    assert all(text[e["start"] : e["end"]] == e["text"] for e in ents)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "Gümrü Antlaşması’ndan sonra Ahmet Muhtar Bey Tiflis’e gitti ve Kars Konferansı’na "
            "Sovyet Rusya adına Ganetski katıldı.",
            "tr",
            [
                ("LAW", "Gümrü Antlaşması"),
                ("PER", "Ahmet Muhtar Bey"),
                ("LOC", "Tiflis"),
                ("EVENT", "Kars Konferansı"),
                ("LOC", "Sovyet Rusya"),
                ("PER", "Ganetski"),
            ],
        ),
        (
            "Bu sırada Halk İştirakiyun Fırkası kuruldu; Refet Paşa Ankara'ya döndü.",
            "tr",
            [("ORG", "Halk İştirakiyun Fırkası"), ("PER", "Refet Paşa"), ("LOC", "Ankara")],
        ),
        (
            "Londra Konferansı'nın ardından İnönü Muharebeleri başladı.",
            "tr",
            [("EVENT", "Londra Konferansı"), ("EVENT", "İnönü Muharebeleri")],
        ),
        (
            "Nəriman Nərimanov Bakıda Azərbaycan İnqilab Komitəsinin sədri idi.",
            "az",
            [
                ("PER", "Nəriman Nərimanov"),
                ("LOC", "Bakıda"),
                ("ORG", "Azərbaycan İnqilab Komitəsinin"),
            ],
        ),
        (
            "Gizli Belgelerle Erzurum Kongresi adlı kitapta Sovyet Rusya ve Osmanlı Devleti "
            "karşılaştırılır.",
            "tr",
            [("EVENT", "Erzurum Kongresi"), ("LOC", "Sovyet Rusya"), ("LOC", "Osmanlı Devleti")],
        ),
    ],
)
def test_whole_sentences_written_for_the_tests(tagger, text, lang, expected):
    assert spans(tagger, text, lang) == expected


PIECES = [
    "Enver Paşa’nın",
    "Moskova’ya",
    "Türkiyəyə",
    "III. Ordu",
    "Kars Konferansı",
    "V.İ. Lenin",
    "(Kurat,1990:12)",
    "ve",
    "bir",
    "L o z a n",
    "Dostluk ve Kardeşlik Antlaşması",
    "Russia’s",
    "''",
    "-",
    "\n",
    "  ",
    "Bey5",
]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12), st.sampled_from(["tr", "az"]))
def test_offsets_hold_on_random_text(tagger, pieces, lang):
    text = " ".join(pieces)
    ents = tagger.tag(text, lang)
    last_end = -1
    for e in ents:
        assert text[e["start"] : e["end"]] == e["text"]
        assert e["start"] >= last_end  # sorted, no overlap
        assert e["text"] == e["text"].strip() and e["text"]
        last_end = e["end"]


def test_quantified_head_phrase_is_not_a_name(tagger):
    assert spans(tagger, "Ermenistan Cumhuriyeti kuruldu.") == [("LOC", "Ermenistan Cumhuriyeti")]
    assert spans(tagger, "Bu dönemde üç Baltık Cumhuriyeti vardı.") == []


def test_government_named_after_its_seat_is_an_institution(tagger):
    got = spans(tagger, "Ankara hükümeti ile Türkiye hükümeti ve Sovyet hükümeti konuştu.")
    assert got == [("ORG", "Ankara hükümeti"), ("LOC", "Türkiye")]
