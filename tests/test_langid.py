"""Language identification: own sentences, context rules, `und`, no download, gold accuracy."""

from __future__ import annotations

import argparse
import io
import socket
import sys

import pytest

from pipeline.langid import (
    identify,
    identify_document,
    identify_sentences,
    orthographic_scores,
)

# Sentences written for these tests.
TR = [
    "Heyet, görüşmelerin ardından Ankara'ya dönerek hükümete ayrıntılı bir rapor sundu.",
    "Bu antlaşma iki ülke arasındaki ticaretin gelişmesine önemli katkı sağlamıştır.",
    "Gazeteler, konferansın sonuçlarını günlerce tartışmaya devam ediyordu.",
]
AZ = [
    "Nümayəndə heyəti danışıqlardan sonra Bakıya qayıdaraq hökumətə ətraflı hesabat təqdim etdi.",
    "Bu müqavilə iki ölkə arasında ticarətin inkişafına mühüm töhfə vermişdir.",
    "Qəzetlər konfransın nəticələrini günlərlə müzakirə etməyə davam edirdi.",
]
EN = [
    "After the talks the delegation returned to Ankara and submitted a detailed report.",
    "This treaty made an important contribution to the growth of trade between the two countries.",
    "The newspapers went on discussing the results of the conference for days.",
]


@pytest.mark.parametrize(
    "text,lang", [(t, "tr") for t in TR] + [(t, "az") for t in AZ] + [(t, "en") for t in EN]
)
def test_identify_own_sentences(text: str, lang: str) -> None:
    got, conf = identify(text)
    assert got == lang
    assert 0.5 < conf <= 1.0


@pytest.mark.parametrize(
    "text,lang",
    [
        ("ve bu konuda", "tr"),
        ("və bu barədə", "az"),
        ("bağlanmıştır", "tr"),
        ("bağlanmışdır", "az"),
        ("of the border", "en"),
        ("1925-ci ildə", "az"),
        ("1925'te imzalandı", "tr"),
    ],
)
def test_identify_short_orthographic_cues(text: str, lang: str) -> None:
    assert identify(text)[0] == lang


@pytest.mark.parametrize("text", ["", "   ", "12.345 - 67", "(Kurat,1990:232-233)", "[2].", "…"])
def test_und_without_evidence(text: str) -> None:
    assert identify(text) == ("und", 1.0)


def test_proper_nouns_do_not_flip_english() -> None:
    text = "The visit of Şükrü Saraçoğlu and İsmet Paşa to Moscow was short."
    assert identify(text)[0] == "en"


def test_quotation_does_not_flip_turkish() -> None:
    text = 'Yazar, "The Struggle for Power in the East" adlı kitabında bu görüşü savunur.'
    assert identify(text)[0] == "tr"


def test_mostly_quoted_sentence_keeps_the_quote_language() -> None:
    assert identify('"The treaty is of no use to us at all," he said.')[0] == "en"


def test_orthographic_scores_count_words() -> None:
    scores, n = orthographic_scores("ve ile için")
    assert n == 3
    assert scores["tr"] > scores["az"] and scores["tr"] > scores["en"]


def test_identify_sentences_inherit_block_language() -> None:
    sents = ["Ankara.", "Bu doğru.", "(Kurat,1990:232)", "This sentence is English, though."]
    got = identify_sentences(sents, "tr")
    assert [g[0] for g in got] == ["tr", "tr", "und", "en"]
    got_az = identify_sentences(["Ankara.", "Bu doğrudur."], "az")
    assert [g[0] for g in got_az] == ["az", "az"]


def test_identify_document_short_blocks_lean_to_document() -> None:
    blocks = TR + ["Kars", "Sonuç"] + EN[:1]
    got = identify_document(blocks)
    assert [g[0] for g in got[:3]] == ["tr"] * 3
    assert got[3][0] == "tr" and got[4][0] == "tr"
    assert got[5][0] == "en"
    assert len(got) == len(blocks)


def test_lingua_builds_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.langid as langid

    def no_network(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(langid, "_detector", None)
    probs = langid.lingua_probs("Bu müqavilə imzalandı və qüvvəyə mindi.")
    assert max(probs, key=probs.get) == "az"


def test_langid_command(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    from pipeline.langid import command

    data = "\n".join([TR[0], AZ[0], "", EN[0]]) + "\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode("utf-8"))))
    parser = argparse.ArgumentParser()
    command.configure(parser)
    assert command.run(parser.parse_args(["-"])) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"tr\t{TR[0]}", f"az\t{AZ[0]}", "und\t", f"en\t{EN[0]}"]


def test_gold_accuracy(shared) -> None:
    from pipeline.evaluate.langid import evaluate

    m = evaluate(shared, with_lingua=False)["ours"]
    assert m["sentences"]["accuracy"] >= 0.998
    assert m["fragments"]["accuracy"] >= 0.985


def test_quotation_in_turkish_frame_does_not_flip() -> None:
    text = "Lenin bu konuda “The national question is of great importance” demişti."
    assert identify(text)[0] == "tr"
    assert identify_sentences([text], "tr")[0][0] == "tr"


def test_english_frame_is_english() -> None:
    assert identify('"Bu antlaşma bizim için bir zaferdir," he said to the press.')[0] == "en"
