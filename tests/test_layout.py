"""Synthetic text layers for the layout tests, written for these tests (no seed text).

Each builder returns a text that imitates one extraction style: pages opened by a single
leading space, a separator of spaces above the notes, a page number and a journal line in the
margin, numbered notes after a blank line, notes marked with stars, form feeds, run-in
headings, abstracts in three languages and a ``|`` table.
"""

from __future__ import annotations

import re

SEP = " " * 40


def joined(text: str, block, drop_marks: bool = True) -> str:
    """The block's text as the builder makes it: pieces joined by seps, marks removed,
    runs of white space collapsed."""
    marks = sorted(block.marks) if drop_marks else []
    parts = []
    for k, (a, b) in enumerate(block.pieces):
        seg = []
        pos = a
        for s, e, _ in marks:
            if a <= s < b:
                seg.append(text[pos:s])
                pos = e
        seg.append(text[pos:b])
        parts.append("".join(seg))
        if k < len(block.seps):
            parts.append(block.seps[k])
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def turkish_separator_doc() -> str:
    """Two pages; notes under a separator; a sentence runs from page 1 over the notes, a page
    number and a margin journal line into page 2."""
    return "\n".join(
        [
            "GİRİŞ",
            "",
            "Bu makalede kurgusal bir kasabanın ticaret yolları incelenmektedir. Kasaba",
            "halkı yüzyıllar boyunca kervanlarla yaşamıştır ve mütareke dönemi bu yaşamı",
            "derinden etkilemiştir.1 Yeni yollar açıldıkça pazarlar da büyümüştür.",
            "",
            "İkinci bölümde mütare-",
            "ke sonrasındaki gelişmeler ile Brest-",
            "Litovsk görüşmelerinin yankıları ele alınmaktadır. Kasabanın tüccarları",
            "bu dönemde uzak limanlara",
            "",
            SEP,
            "1 Bu bilgi kasaba arşivindeki defterlerden alınmıştır, bkz. Yılmaz, 1990, s.12.",
            "",
            "",
            "27",
            "",
            "Kurgu Tarihi Dergisi, 3(2)",
            "",
            "",
            "kadar giden kervanlar göndermişlerdir. Bu kervanlar Brest-Litovsk yoluyla",
            "kuzeye de ulaşmıştır.2",
            "",
            SEP,
            "2 Kervan defterleri için bkz. Demir, Ankara, 1985, s.40-42.",
            "",
        ]
    )


def english_blank_notes_doc() -> str:
    """Form-feed pages, a running header on every page, notes after a blank line."""
    header = "Journal of Invented Studies 12(3)"
    p1 = "\n".join(
        [
            header,
            "",
            "1. Introduction",
            "",
            "The river town traded salt and wool along the valley for two centuries,",
            "and its merchants kept careful ledgers of every caravan that left the",
            "gates.1 The ledgers survive in a single archive. Their clerks wrote",
            "in a small hand that later readers found hard to",
            "",
            "1 Town Archive, Ledger Series A, London, 1901, p. 14.",
            "7",
        ]
    )
    p2 = "\n".join(
        [
            header,
            "",
            "follow, and many entries were copied twice.2 The second copy often",
            "differs from the first in small ways. The non-",
            "aggression pact of the guilds is recorded in both.",
            "",
            "Table 1. Caravans per decade",
            "Decade | Caravans | Goods |",
            "---|---|---|",
            "1800s | 41 | salt |",
            "1810s | 37 | wool |",
            "",
            "2 On the copies see Smith, Paris, 1950, pp. 3-9.",
            "8",
        ]
    )
    p3 = "\n".join(
        [
            header,
            "",
            "The ledgers end abruptly when the valley road was closed.3 Nothing",
            "later was written in them.",
            "",
            "3 Ibid. p. 20.",
        ]
    )
    return p1 + "\n\f" + p2 + "\n\f" + p3 + "\n"


def azerbaijani_doc() -> str:
    """An abstract with a run-in label, keywords, run-in headings, an English abstract."""
    return "\n".join(
        [
            "Xülasə. Məqalədə uydurma bir şəhərin ticarət əlaqələri araşdırılır. Şəhər",
            "çay boyunca yerləşirdi və tacirləri uzaq bazarlara gedirdi.",
            "",
            "Açar sözlər: ticarət, şəhər, karvan,",
            "çay yolu.",
            "",
            "Giriş",
            "",
            "Çay ticarəti və karvan yolları. Şəhərin tacirləri hər il yazda yola çıxırdılar.",
            "Onlar duz və yun aparırdılar. Bu ticarət uzun müddət davam etmişdir.",
            "Bazar qaydaları. Şəhərdə bazar həftədə iki dəfə qurulurdu və qaydalar sərt idi.",
            "",
            "Nəticə",
            "",
            "Şəhərin ticarəti çay yolunun bağlanması ilə sona çatmışdır.",
            " Abstract. The article studies the trade of an invented river town. Its",
            "merchants travelled far along the river roads.",
            "",
        ]
    )


def starred_doc() -> str:
    """Notes marked with stars, restarting on each page, after a blank line."""
    return "\n".join(
        [
            "Köprünün yapımı uzun sürmüştür (*). Ustalar taşları uzak ocaklardan",
            "getirmişlerdir (**). Köprü sonunda açılmıştır.",
            "",
            "(*) Belediye kayıtları, İzmir, 1930, s.5.",
            "(**) Usta listesi için bkz. Kaya, Ankara, 1940, s.8.",
            " Açılış töreninde şehrin bütün esnafı bulunmuştur (*).",
            "",
            "(*) Gazete haberi, Ankara, 1931, s.2.",
            "",
        ]
    )


# ----------------------------------------------------------------------------- tests
import textwrap  # noqa: E402
from itertools import pairwise  # noqa: E402

import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from pipeline.layout import BlockPlan, LayoutPlan, find_pages, plan_layout  # noqa: E402
from pipeline.layout.headings import heading_style, run_in_heading  # noqa: E402
from pipeline.layout.join import DocWords, keep_hyphen  # noqa: E402

DOCS = [turkish_separator_doc, english_blank_notes_doc, azerbaijani_doc, starred_doc]


def _plan(text: str, skip=()) -> LayoutPlan:
    return plan_layout(text, find_pages(text), list(skip))


def _kinds(plan: LayoutPlan, kind: str) -> list[BlockPlan]:
    return [b for b in plan.blocks if b.kind == kind]


def _line_of(text: str, needle: str) -> tuple[int, int]:
    a = text.index(needle)
    return text.rfind("\n", 0, a) + 1, text.index("\n", a)


@pytest.mark.parametrize("make", DOCS)
def test_pages_cover_the_text(make):
    text = make()
    pages = find_pages(text)
    assert pages[0][0] == 0 and pages[-1][1] == len(text)
    for (a, b), (c, _d) in pairwise(pages):
        assert b == c and a < b


@pytest.mark.parametrize("make", DOCS)
def test_provenance_of_pieces_and_marks(make):
    """Pieces are ranges of the input, in order inside a block, never shared by two blocks;
    marks lie inside a piece; note ids are unique."""
    text = make()
    plan = _plan(text)
    seen: list[tuple[int, int]] = []
    for blk in plan.blocks:
        assert len(blk.seps) == max(0, len(blk.pieces) - 1)
        for (_a, b), (c, _d) in pairwise(blk.pieces):
            assert b <= c
        for a, b in blk.pieces:
            assert 0 <= a <= b <= len(text)
            assert text[a:b] == text[a:b].strip()
            seen.append((a, b))
        for s, e, _ in blk.marks:
            assert any(a <= s < e <= b for a, b in blk.pieces)
    seen.sort()
    for (_a, b), (c, _d) in pairwise(seen):
        assert b <= c, "two blocks share text"
    ids = [b.note_id for b in plan.blocks if b.kind == "footnote" and b.note_id]
    assert len(ids) == len(set(ids))


def test_sentence_rejoined_across_notes_number_and_header():
    text = turkish_separator_doc()
    plan = _plan(text)
    bodies = [joined(text, b) for b in _kinds(plan, "body")]
    assert any(
        "tüccarları bu dönemde uzak limanlara kadar giden kervanlar göndermişlerdir." in b
        for b in bodies
    )
    assert plan.counts["page_number"] == 1
    assert plan.counts["running_header"] == 1
    for b in bodies:
        assert "Dergisi" not in b and "27" not in b and "arşivindeki" not in b


def test_hyphenation_from_document_evidence():
    text = turkish_separator_doc()
    plan = _plan(text)
    body = " ".join(joined(text, b) for b in _kinds(plan, "body"))
    assert "mütareke sonrasındaki" in body  # "mütareke" occurs elsewhere: undo the break
    assert "Brest-Litovsk görüşmelerinin" in body  # occurs hyphenated elsewhere: keep
    assert plan.counts["dehyphenated"] == 1 and plan.counts["hyphen_kept"] == 1


def test_keep_hyphen_rules():
    doc = DocWords.of("kervan yolu karşı devrimci mütarekeden Türk-Rus ilişkileri")
    assert not keep_hyphen("mütare", "ke", doc)  # joined word is a prefix of a document word
    assert keep_hyphen("Türk", "Rus", doc)  # hyphenated form occurs
    assert keep_hyphen("Brest", "Litovsk", doc)  # capital second part
    assert keep_hyphen("non", "aggression", doc)  # prefix written with a hyphen (data)
    assert keep_hyphen("karşı", "devrimci", doc)  # both parts are words of the document
    assert not keep_hyphen("gelişmele", "rin", doc)  # default: the typesetter's hyphen


def test_footnotes_and_marks_linked():
    text = turkish_separator_doc()
    plan = _plan(text)
    notes = {b.note_id: joined(text, b) for b in _kinds(plan, "footnote")}
    assert set(notes) == {"1", "2"}
    assert notes["1"].startswith("Bu bilgi kasaba")  # the number is the id, not the text
    marks = [(text[s:e], n) for b in plan.blocks for s, e, n in b.marks]
    assert marks == [("1", "1"), ("2", "2")]
    body = " ".join(joined(text, b) for b in _kinds(plan, "body"))
    assert "etkilemiştir. Yeni" in body and "ulaşmıştır." in body


def test_form_feed_pages_blank_style_notes_table_caption():
    text = english_blank_notes_doc()
    pages = find_pages(text)
    assert len(pages) == 3
    plan = _plan(text)
    assert plan.counts["running_header"] == 3
    assert plan.counts["page_number"] == 2  # a bare number at a page's edge, no blank needed
    notes = _kinds(plan, "footnote")
    assert [n.note_id for n in notes] == ["1", "2", "3"]
    assert [n.page for n in notes] == [0, 1, 2]
    body = " ".join(joined(text, b) for b in _kinds(plan, "body"))
    assert "found hard to follow, and many entries were copied twice." in body
    assert "non-aggression pact" in body
    assert "Journal" not in body and "Ledger Series" not in body
    (table,) = _kinds(plan, "table")
    assert table.rows == [
        ["Decade", "Caravans", "Goods"],
        ["1800s", "41", "salt"],
        ["1810s", "37", "wool"],
    ]
    (cap,) = _kinds(plan, "caption")
    assert joined(text, cap) == "Table 1. Caravans per decade"
    heads = [joined(text, h) for h in _kinds(plan, "heading")]
    assert heads == ["1. Introduction"]


def test_abstracts_keywords_and_run_in_headings():
    text = azerbaijani_doc()
    plan = _plan(text)
    abstracts = [(b.lang, joined(text, b)) for b in _kinds(plan, "abstract")]
    assert abstracts[0][0] == "az" and abstracts[0][1].startswith("Məqalədə")
    assert abstracts[1] == ("az", "Açar sözlər: ticarət, şəhər, karvan, çay yolu.")
    assert abstracts[-1][0] == "en" and abstracts[-1][1].startswith("The article")
    heads = [joined(text, h) for h in _kinds(plan, "heading")]
    assert heads == [
        "Xülasə",
        "Giriş",
        "Çay ticarəti və karvan yolları.",
        "Bazar qaydaları.",
        "Nəticə",
        "Abstract",
    ]
    bodies = [joined(text, b) for b in _kinds(plan, "body")]
    assert bodies[0].startswith("Şəhərin tacirləri")
    assert not any("karvan yolları." in b for b in bodies)


def test_starred_notes_link_to_the_next_note_with_that_label():
    text = starred_doc()
    plan = _plan(text)
    notes = _kinds(plan, "footnote")
    assert [n.note_id for n in notes] == ["*", "**", "*#2"]
    marks = [n for b in _kinds(plan, "body") for _, _, n in b.marks]
    assert marks == ["*", "**", "*#2"]
    body = joined(text, _kinds(plan, "body")[0])
    assert "sürmüştür. Ustalar" in body and "bulunmuştur." in body
    assert "Belediye" not in body


def test_skipped_repeat_is_absent_and_the_sentence_rejoins():
    """Dedup dropped a repeated stretch in the middle of a sentence: layout joins across it."""
    text = "\n".join(
        [
            "Kervanlar her yıl baharda yola çıkar ve",
            "Bu satır tekrar eden bir sayfadan gelmiştir.",
            "Bu satır da aynı tekrardan gelmiştir.",
            "güzün geri dönerdi. Tüccarlar kazançlarını paylaşırdı.",
            "",
        ]
    )
    a, _ = _line_of(text, "Bu satır tekrar")
    _, b = _line_of(text, "Bu satır da")
    plan = _plan(text, [(a, b + 1)])
    (body,) = _kinds(plan, "body")
    assert joined(text, body) == (
        "Kervanlar her yıl baharda yola çıkar ve güzün geri dönerdi. "
        "Tüccarlar kazançlarını paylaşırdı."
    )


def test_abstract_without_a_following_heading_ends():
    paras = []
    for k in range(12):
        sentence = f"The merchants of valley {k} kept ledgers of every caravan they sent out. "
        paras.append("\n".join(textwrap.wrap((sentence * 6).strip(), 70)))
    text = "Abstract\n" + "\n\n".join(paras) + "\n"
    plan = _plan(text)
    kinds = [b.kind for b in plan.blocks]
    assert kinds[0] == "heading" and "abstract" in kinds
    assert kinds[-1] == "body", kinds  # the abstract did not swallow the whole document


def test_caption_needs_a_delimiter():
    text = "Table 1 shows the caravans of the first decade and their goods.\n"
    (blk,) = _plan(text).blocks
    assert blk.kind == "body"


def test_heading_shapes():
    assert heading_style("GİRİŞ") == "caps"
    assert heading_style("2.1. Kervan Yollarının İlk Dönemi") == "title"
    assert heading_style("The Trade of the River Towns") == "title"
    assert heading_style("kervanlar her yıl yola çıkardı") is None
    assert heading_style("Ali Veli, Ayşe Fatma ve Hasan Hüseyin") is None  # names in a sentence
    assert heading_style("Bu yol kapandı.") is None
    assert heading_style("2.1. Ekonomik gelişmeler ve sonuçları") == "title"  # numbered
    # an ordinal, not a number: at most a "plain" line, a heading only when set apart
    assert heading_style("I. Dünya Savaşı devam ederken") == "plain"
    assert run_in_heading("Bazar qaydaları. Şəhərdə bazar qurulurdu.") == len("Bazar qaydaları")
    assert run_in_heading("Bu dönem kapandı. Sonra yeni yollar açıldı.") is None  # a verb
    assert run_in_heading("Kanunun XII. Maddesi bunu söyler.") is None  # an ordinal
    assert run_in_heading("Kervanlar, atlar ve develer. Hepsi yola çıktı.") is None  # commas


def test_blank_after_every_line_does_not_split_sentences():
    lines = [
        "Kasabanın tüccarları uzak limanlara kadar giden kervanlar",
        "göndermiş ve bu kervanlar kuzeydeki pazarlara da ulaşmıştı.",
        "Bazı kervanlar yolda kaybolmuştur.",
        "Yeni bir bölüm burada başlar ve uzun bir cümle ile devam",
        "eder ki okuyucu bunu tek bir paragraf olarak görsün diye yazılmıştır.",
    ]
    text = "\n\n".join(lines) + "\n"
    plan = _plan(text)
    bodies = [joined(text, b) for b in _kinds(plan, "body")]
    assert any("kervanlar göndermiş ve bu kervanlar" in b for b in bodies)
    assert any("devam eder ki okuyucu" in b for b in bodies)


_ALPHABET = st.sampled_from(list("abcçdeəfgğhıijklmnoöprsştuüvyzABCÇİÖŞÜ  .,-|*()0123456789\n\f"))


@settings(max_examples=60, deadline=None)
@given(st.lists(_ALPHABET, min_size=0, max_size=400).map("".join))
def test_random_text_plans_stay_inside_the_input(text):
    pages = find_pages(text)
    assert pages[0][0] == 0 and pages[-1][1] == len(text)
    plan = plan_layout(text, pages, [])
    spans = sorted(p for b in plan.blocks for p in b.pieces)
    for a, b in spans:
        assert 0 <= a <= b <= len(text)
    for (_a, b), (c, _d) in pairwise(spans):
        assert b <= c
    for blk in plan.blocks:
        assert 0 <= blk.page < len(pages)


def test_repeated_body_lines_are_not_taken_for_headers():
    """Only a repeated line set apart (or at a page edge) is a running header."""
    line = "the caravan left at dawn and returned at dusk"
    text = "\n".join(f"On day {k} {line} with {k} camels." for k in range(4))
    text += "\n" + "\n".join(["Repeated clause here without an end"] * 3) + "\nDone.\n"
    plan = _plan(text)
    assert "running_header" not in plan.counts
    body = " ".join(joined(text, b) for b in plan.blocks)
    assert body.count("Repeated clause here") == 3


def test_frequent_single_spaces_are_indentation_not_pages():
    lines = []
    for k in range(40):
        lead = " " if k % 3 == 0 else ""
        lines.append(f"{lead}Line {k} of a layer that indents with one space now and then")
    text = "\n".join(lines) + "\n"
    assert len(find_pages(text)) == 1


def test_single_space_page_starts_are_found():
    body = [
        f"Satır {k} kervanların yolculuğunu anlatan uzun bir metnin parçasıdır ve"
        for k in range(30)
    ]
    body[10] = " " + body[10]
    body[20] = " " + body[20]
    text = "\n".join(body) + "\n"
    pages = find_pages(text)
    starts = [text.count("\n", 0, a) for a, _ in pages]
    assert starts == [0, 10, 20]


def test_layout_command_prints_blocks(tmp_path, capsys):
    import argparse

    from pipeline.layout import command

    path = tmp_path / "doc.txt"
    path.write_text(turkish_separator_doc(), encoding="utf-8")
    parser = argparse.ArgumentParser()
    command.configure(parser)
    assert command.run(parser.parse_args([str(path), "--kind", "footnote"])) == 0
    lines = capsys.readouterr().out.strip().split("\n")
    import json

    recs = [json.loads(x) for x in lines]
    assert [r.get("note_id") for r in recs[:-1]] == ["1", "2"]
    assert recs[-1]["counts"]["page_number"] == 1


def test_running_title_with_page_number_at_page_top():
    text = (
        "Kervanlar her yıl baharda yola çıkar ve güzün dönerdi. Yolculuk uzun sürerdi ve\n"
        "tüccarlar yolda birçok\n"
        "\f Kervan Yolları Üzerine                                         7\n"
        "hana uğrardı. Hanların sahipleri kervancılardan vergi alırdı ve bu vergi kasabanın\n"
        "gelirini oluştururdu.\n"
    )
    plan = _plan(text)
    assert plan.counts["running_header"] == 1
    assert [b.kind for b in plan.blocks] == ["body"]
    assert "birçok hana uğrardı" in joined(text, plan.blocks[0])
    assert "Üzerine" not in joined(text, plan.blocks[0])


def test_superscript_marks_and_notes_numbered_per_page():
    pages = []
    for p in range(1, 5):
        head = "A. Writer" if p % 2 == 0 else "Studies in Caravan Trade"
        pages.append(
            "\n".join(
                [
                    head,
                    "",
                    f"The caravans of season {p} crossed the passes in early spring with salt",
                    "and copper for the coastal markets.¹ Merchants kept accounts of each",
                    "journey, and the accounts show how prices rose and fell.",
                    "",
                    f"¹ Valley Archive, Box {p}, London, 1920, p. {p * 3}.",
                    "",
                    str(p),
                ]
            )
        )
    text = "\n\f".join(pages) + "\n"
    plan = _plan(text)
    assert plan.counts["page_number"] == 4 and plan.counts["running_header"] == 4
    notes = _kinds(plan, "footnote")
    assert [n.note_id for n in notes] == ["1", "1#2", "1#3", "1#4"]
    assert [n.page for n in notes] == [0, 1, 2, 3]
    marks = [n for b in _kinds(plan, "body") for _, _, n in b.marks]
    assert marks == ["1", "1#2", "1#3", "1#4"]
    assert all("Valley Archive" not in joined(text, b) for b in _kinds(plan, "body"))


def test_author_star_note_and_numbered_note_on_a_title_page():
    text = (
        "KERVAN TİCARETİ ÜZERİNE BİR DENEME\n\n"
        "Ahmet YILMAZ*\n\n"
        "Giriş\n"
        "Kasabanın tarihi eski çağlara kadar uzanır. İlk kervanlar bu dönemde yola\n"
        "çıkmıştır.1 Kervanların yolları dağlardan geçiyordu.\n\n"
        "* Dr., Kurgu Üniversitesi, Tarih Bölümü.\n"
        "1 Kasaba Arşivi, Defter 3, İstanbul, 1901, s. 4.\n"
    )
    plan = _plan(text)
    notes = {b.note_id: joined(text, b) for b in _kinds(plan, "footnote")}
    assert notes == {
        "*": "Dr., Kurgu Üniversitesi, Tarih Bölümü.",
        "1": "Kasaba Arşivi, Defter 3, İstanbul, 1901, s. 4.",
    }
    heads = [joined(text, h) for h in _kinds(plan, "heading")]
    assert heads == ["KERVAN TİCARETİ ÜZERİNE BİR DENEME", "Ahmet YILMAZ", "Giriş"]
    (body,) = _kinds(plan, "body")
    assert [n for _, _, n in body.marks] == ["1"]


def test_crlf_text_gives_the_same_blocks():
    lf = turkish_separator_doc()
    crlf = lf.replace("\n", "\r\n")
    a = [(b.kind, joined(lf, b)) for b in _plan(lf).blocks]
    b = [(b.kind, joined(crlf, b)) for b in _plan(crlf).blocks]
    assert a == b


def test_run_of_spaces_without_notes_below_is_not_a_separator():
    text = "\n".join(
        [
            "Kervanlar her yıl baharda yola çıkar ve güzün geri dönerdi. Tüccarlar",
            "kazançlarını paylaşırdı.",
            " " * 40,
            "Kasabanın hanları kervancılarla dolardı ve hancılar iyi kazanırdı. Bu",
            "düzen yüzyıllarca sürmüştür.",
            "",
            SEP,
            "1 Kasaba defterleri, İzmir, 1910, s. 3.",
        ]
    )
    plan = _plan(text)
    bodies = [joined(text, b) for b in _kinds(plan, "body")]
    assert any("Kasabanın hanları" in b for b in bodies)
    assert [b.note_id for b in _kinds(plan, "footnote")] == ["1"]


def test_form_feed_inside_a_line_ends_it():
    text = "Kervanlar yola çıktı ve dağları aştı.\n\n12\fBaşlık Satırı\n\nHanlar doldu ve taştı.\n"
    pages = find_pages(text)
    assert len(pages) == 2
    plan = _plan(text)
    assert plan.counts["page_number"] == 1
    for blk in plan.blocks:
        for a, b in blk.pieces:
            assert "\f" not in text[a:b]


def test_scorers_skip_without_gold(tmp_path):
    from pipeline.evaluate import blocks, footnotes

    for mod in (blocks, footnotes):
        m = mod.evaluate(tmp_path)
        assert "skipped" in m and "skipped" in mod.render(m)


def test_sentence_case_heading_set_apart_by_blank_lines():
    text = "\n".join(
        [
            "The valley towns traded with the coast for two centuries and kept records",
            "of every caravan that passed their gates. The records were written by the",
            "clerks of each town in ledgers that were kept in the town hall for many",
            "generations after the trade had ended.",
            "",
            "Trade routes and markets",
            "",
            "The caravans crossed the passes in spring and returned in autumn with salt",
            "and copper for the valley markets. Each caravan paid a toll at the bridge",
            "and another at the market gate, and both tolls were written down in the",
            "ledgers of the town.",
            "",
        ]
    )
    plan = _plan(text)
    assert [b.kind for b in plan.blocks] == ["body", "heading", "body"]
    assert joined(text, plan.blocks[1]) == "Trade routes and markets"


def test_dotted_note_numbers_need_a_zone_or_a_citation():
    notes_text = "\n".join(
        [
            "The caravans paid a toll at the bridge.1 The toll was written down by the",
            "clerk of the bridge, who kept a separate ledger for it.2",
            "",
            "1. Bridge Ledger, London, 1905, p. 7.",
            "2. See also Town Records, Paris, 1911, pp. 2-4.",
        ]
    )
    plan = _plan(notes_text)
    assert [b.note_id for b in _kinds(plan, "footnote")] == ["1", "2"]
    list_text = "\n".join(
        [
            "The town council listed its duties in the charter of the valley.1 They were",
            "these:",
            "",
            "1. Keeping the bridge in repair",
            "2. Collecting the tolls of the caravans",
        ]
    )
    plan = _plan(list_text)
    assert not _kinds(plan, "footnote")
