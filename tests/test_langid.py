"""Language identification: own sentences, context rules, `und`, no download, gold accuracy."""

from __future__ import annotations

import argparse
import io
import socket
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# --- the token table: rows shared between tokens must be what each token scores on its own

_TOKEN_ALPHABET = "aAeıIİiəqxwşğçöüsthknʼ'’‘-.,;:!?()\"1 7“”«»…–§/"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_TOKEN_ALPHABET, min_size=1, max_size=14))
def test_token_rows_equal_token_scores(token: str) -> None:
    """A token's row (shared with other tokens of the same word, or composed of its word and
    its apostrophe suffix) is exactly ``_token_scores`` of the token, first-word fix too."""
    from pipeline.langid import _TABLE, _token_scores

    for tok in token.split() or ["x"]:
        k = _TABLE.of_token.get(tok)
        k = _TABLE.token_row(tok) if k is None else k
        assert _TABLE.rows[k] == _token_scores(tok)
        full, base = _token_scores(tok, first=True), _token_scores(tok)
        assert _TABLE.fix(k) == (full[0] - base[0], full[1] - base[1], full[2] - base[2])


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_TOKEN_ALPHABET.replace(" ", ""), min_size=1, max_size=14))
def test_token_row_fast_path_equals_core_match(token: str) -> None:
    """The str.strip/isalpha reading of a new token gives the row the `_CORE` match gives."""
    from pipeline.langid import _CORE, _TABLE

    k = _TABLE.of_token.get(token)
    k = _TABLE.token_row(token) if k is None else k
    m = _CORE.fullmatch(token)
    if m is None:
        key = token
    elif m.group("w") is None:
        key = ""
    elif m.group("s") is None:
        key = m.group("w")
    else:
        key = token[m.start("w") : m.end("s")]
    assert _TABLE.keys[k] == key


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=_TOKEN_ALPHABET.replace(" ", ""), min_size=1, max_size=10)))
def test_resolve_equals_token_row_one_by_one(tokens: list[str]) -> None:
    """The batch of new tokens gives each token the row `token_row` gives it."""
    from pipeline.langid import _Table

    one, batch = _Table(), _Table()
    for tok in ["savaş", "Ankara", "de"] + tokens:  # some known words first
        if tok not in one.of_token:
            one.token_row(tok)
    batch.resolve(["savaş", "Ankara", "de"])
    batch.resolve(tokens)
    assert one.of_token.keys() == batch.of_token.keys()
    for tok, k in one.of_token.items():
        assert one.keys[k] == batch.keys[batch.of_token[tok]]
        assert one.rows[k] == batch.rows[batch.of_token[tok]]


def test_non_letters_are_not_letters() -> None:
    """What `token_row` strips from a token's ends is never a letter to `regex`."""
    import regex

    from pipeline.langid import _NON_LETTERS

    assert not regex.search(r"\p{L}", _NON_LETTERS)


def test_token_table_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Many distinct tokens never grow the table past its cap (plus one batch), and answers
    do not depend on what the table still remembers."""
    import pipeline.langid as lid

    monkeypatch.setattr(lid, "_TOKEN_CACHE_MAX", 50)
    lid._TABLE.clear()
    texts = [f"Kelime{i}, kelime{i}'de ve söz{i}." for i in range(200)]
    first = lid.identify_sentences_blocks([(texts, "tr")])
    assert len(lid._TABLE.of_token) <= 50 + 4 * 200  # the cap plus one batch at most
    lid.identify_sentences_blocks([(texts[:10], "tr")])  # forces a clear on entry
    assert len(lid._TABLE.of_token) <= 50
    assert lid.identify_sentences_blocks([(texts, "tr")]) == first
    lid._TABLE.clear()


def test_patterns_need_a_leading_digit() -> None:
    from pipeline.langid import _needs_leading_digit

    assert _needs_leading_digit(r"\d-(?:c[iıuü]|[iıuü]nc[iıuü])\b")
    assert not _needs_leading_digit(r"\d?nci")
    assert not _needs_leading_digit(r"\d-ci|nci")
    assert not _needs_leading_digit(r"\d[)]x|y")
    assert not _needs_leading_digit(r"x\d")


def _word_scores_by_name(word: str) -> tuple[float, float, float]:
    """The plain form of `_word_scores` (sums in a dict by language name), kept to check that
    the indexed form adds the same terms in the same order."""
    from pipeline.langid import _data, _tr_lower

    d = _data()
    s = {"tr": 0.0, "az": 0.0, "en": 0.0}
    lw, le, ll = _tr_lower(word), word.lower(), word.replace("İ", "i").lower()
    for ch in dict.fromkeys(ll):  # first-occurrence order, as the indexed form
        for lang, w in d.letters.get(ch, ()):
            s[lang] += w * min(ll.count(ch), 3)
    for pair, lang, w in d.pairs:
        if pair in le:
            s[lang] += w
    if "qu" in le:
        s["az"] -= 1.2 * le.count("qu")
        s["en"] += 0.8
    hit = False
    for form in (lw,) if lw == le else (lw, le):
        for lang, w in d.words.get(form, {}).items():
            hit = True
            s[lang] += w
    if not hit and len(lw) >= 4:
        seen: set[str] = set()
        forms = ((lw, None),) if lw == le else ((lw, False), (le, True))
        for k in d.suffix_lengths:
            if len(lw) <= k + 1:
                continue
            for form, which in forms:
                for lang, w in d.suffixes.get(form[-k:], ()):
                    if lang in seen or (which is not None and (lang == "en") != which):
                        continue
                    s[lang] += w
                    seen.add(lang)
    return (s["tr"], s["az"], s["en"])


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aAeıIİiəƏqQuUxwşŞğçöüsthknlrmdyzbcpvfgj", min_size=1, max_size=14))
def test_word_scores_equal_plain_form(word: str) -> None:
    from pipeline.langid import _word_scores

    assert _word_scores(word) == _word_scores_by_name(word)


_SENTENCE_ALPHABET = "aAeəƏıIİiqxwşğçöüsthkn ''’\"“”«»()-.,;:12 9"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=_SENTENCE_ALPHABET, max_size=40), max_size=6))
def test_scores_many_equals_per_text_scores(texts: list[str]) -> None:
    """The batch (numpy columns, common case of `_finish3` inlined) adds the same terms in
    the same order as the per-text functions, so the scores are equal to the last bit."""
    from pipeline.langid import _finish3, _prepare, _score_words, _scores_many

    texts = texts + ["Bu 1925-ci ildə oldu.", 'O "Vatan" dedi.', "The 3'üncü test of qəzet.", ""]
    prepared = [_prepare(t) for t in texts]
    assert _scores_many(prepared) == [
        _finish3(t, q, _score_words(t, 1.0, True)) for t, q in prepared
    ]


def test_identify_sentences_blocks_equals_decide_per_sentence() -> None:
    """The inlined per-sentence decision gives what `_ranked3`/`_confidence3`/`_decide` give."""
    from pipeline.langid import (
        DECIDE_MARGIN,
        LANGS,
        _confidence3,
        _decide,
        _finish3,
        _prepare,
        _ranked3,
        _score_words,
        identify_sentences_blocks,
    )

    blocks = [
        (["Bu kitap çok güzeldir.", "The war ended in 1918.", "Onlar gəldilər.", "12."], "tr"),
        (["Biz bu məsələni müzakirə etdik.", "Ankara", "(Kaya, 1990: 12)"], "az"),
        (["He said that the treaty was signed.", "Türkiye ve Rusya anlaştı."], "en"),
        (["Sovyet Rusya ile ilişkiler.", "and so on"], "und"),
    ]
    got = identify_sentences_blocks(blocks)
    for (sentences, block_lang), answers in zip(blocks, got, strict=True):
        for s, answer in zip(sentences, answers, strict=True):
            t, q = _prepare(s)
            tr, az, en, n = _finish3(t, q, _score_words(t, 1.0, True))
            if n == 0:
                assert answer == ("und", 1.0)
                continue
            scores = {"tr": tr, "az": az, "en": en}
            if block_lang in LANGS:
                scores[block_lang] += 3.0 if n >= 8 else 5.0
                best, gap = _ranked3(scores["tr"], scores["az"], scores["en"])
                if best == block_lang and gap >= DECIDE_MARGIN - 1.0:
                    top = scores[best]
                    expect = (best, _confidence3(scores["tr"], scores["az"], scores["en"], top))
                    assert answer == expect
                    continue
            assert answer == _decide(s, precomputed=(scores, n))


def test_every_citation_has_a_digit() -> None:
    """`_prepare` runs the citation pass only on text with a digit: every alternative of
    `_CITATION` requires one, so text without a digit never matches."""
    from pipeline.langid import _CITATION

    no_digit = ["(Kaya, a.g.e.)", "[bkz.]", "(Ali Veli)", "[ ]", "(Kurat,)", "(İnönü, s. xx)"]
    assert not any(_CITATION.search(t) for t in no_digit)
    assert _CITATION.search("(Kurat, 1990: 232-233)") and _CITATION.search("[2, 3]")
    for alternative in _CITATION.pattern.split("|"):
        assert r"\d" in alternative


def test_scores_many_sums_token_by_token_in_short_and_long_texts() -> None:
    """Sums equal to the last bit also where a pairwise sum would differ (three tokens whose
    English evidence is 1.5, 0.4 and 0.3: (1.5 + 0.4) + 0.3 != 1.5 + (0.4 + 0.3)), and in
    texts longer than the column loop takes (whole blocks)."""
    from pipeline.langid import _COLUMN_LOOP_MAX, _finish3, _prepare, _score_words, _scores_many

    long_text = " ".join(["a xç eç"] * (_COLUMN_LOOP_MAX // 3 + 5))
    assert len(long_text.split()) > _COLUMN_LOOP_MAX
    texts = ["a xç eç", long_text, "Bir gün yola çıktı.", "", "The end of it"]
    prepared = [_prepare(t) for t in texts]
    assert _scores_many(prepared) == [
        _finish3(t, q, _score_words(t, 1.0, True)) for t, q in prepared
    ]
