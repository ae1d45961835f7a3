"""The document fast paths of the entity tagger agree with the plain per-sentence paths.

``EntityRules.tag_texts`` tags a document's sentences from columns built once for the whole
document and skips the rule families a sentence cannot use (``K_*`` bits);
``EntityTagger.tag_document`` finds lone surnames in one scan of the document. Each is
compared here with the simple version it replaces, on sentences written for these tests and
on random ones.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.ner import EntityTagger
from pipeline.ner.rules import CITATION_NAME, CITATION_PAREN, TRANSPOSE_BLOCK, _transpose
from pipeline.ner.tokenizer import ChunkTokenizer, blank

SENTENCES = [
    "Kâzım Karabekir Paşa Kars’a girdi, sonra Gümrü Antlaşması imzalandı.",
    "Heyet Moskova’ya, sonra Ankara'ya döndü; Dr. Rıza Nur da oradaydı.",
    "Türkiye Büyük Millet Meclisi Hükümeti ile Sovyet Rusya görüştü.",
    "bu cümlede büyük harf yok.",
    "",
    "Ankara",
    "Gürün",
    "Bu görüşü A.B. Tarasov ve K.L.Mironov paylaşır (Tarasov, 1990: 12).",
    "Heyet L o z a n ve Türk iye üzerinden geçti.",
    "Ali  Bey geldi.",
    " Ali Bey geldi.",
    "Ali Bey geldi. ",
    "Ali\nBey geldi.",
    "Ali\u2009Bey ve Gürün geldi.",
    "Kurmay Albay Hüsnü Bey ile Doktor Cevat Efendi Sivas’a gitti.",
    "Əlimərdan bəy Topçubaşov Bakıya qayıtdı.",
    "Treaty of Brest-Litovsk was signed by the Soviet government.",
    "Sonra Gürün, Kâmuran Gürün ile Paris'te buluştu; Gürün'ün raporu (Gürün 1983) çıktı.",
    "III. Ordu ile Doğu Cephesi Komutanlığı harekete geçti.",
    "Petrov Kafkasya'da kaldı, Ivanovich de Tiflis'e gitti.",
    "Sonra Zirkovo'da kaldılar.",  # a heuristic from the apostrophe suffix alone
    "Bunu Zerdali diyordu, Zerdali'ye göre de öyleydi.",  # ... from the next word
    "Bunu Kemalov söyledi.",  # ... from the word's own ending
    "sonra 1921 Anayasası kabul edildi; bunu von Papen de okudu.",  # lower-case key starts
    "sonra 1921 Anayasası kabul edildi.",
    "heyet L o z a n üzerinden geçti.",  # a letter-spaced name, alone in its sentence
    "Heyet Kars'tan döndü, Zirkovo'ya gitti.",  # a locative suffix; one that is not
]

PIECES = [
    "Ali",
    "Bey",
    "Paşa",
    "Kâzım",
    "Karabekir",
    "Gürün",
    "Kâmuran",
    "Ankara",
    "Moskova’ya",
    "Kars'ta",
    "Antlaşması",
    "Kongresi",
    "Komiserliği",
    "Sovyet",
    "Rusya",
    "ve",
    "ile",
    "heyet",
    "geldi",
    "Dr.",
    "A.B.",
    "III.",
    "Ordu",
    "Türk",
    "iye",
    "L",
    "o",
    "z",
    "a",
    "n",
    "Petrov",
    "of",
    "the",
    "Treaty",
    "(",
    ")",
    ",",
    ".",
    "1920",
    "'",
    "-",
    "’da",
    "'ye",
    "göre",
    "diyordu",
    "Zirkovo",
    "Kemalov",
    "1921",
    "Anayasası",
    "von",
    "Papen",
    "'tan",
    "’ya",
]


@pytest.fixture(scope="module")
def tagger() -> EntityTagger:
    return EntityTagger(model=False)


def test_tag_texts_equals_tagging_each_sentence(tagger):
    rules = tagger.rules
    assert rules.tag_texts(SENTENCES) == [rules(t) for t in SENTENCES]


def test_tag_texts_on_a_document_of_several_transpose_blocks(tagger):
    """A document long enough that its token rows are transposed in several blocks (the
    short lists above fit in one)."""
    rules = tagger.rules
    texts = SENTENCES * 40
    tokens = sum(len(rules.tokenizer(t)[0]) for t in texts)
    assert tokens > 3 * TRANSPOSE_BLOCK
    assert rules.tag_texts(texts) == [rules(t) for t in texts]


def _unskipped(rules, text: str) -> list[dict]:
    """The rules on one sentence with every rule family run (no ``K_*`` skip)."""
    if not any(map(str.isupper, text)):
        return []
    feats = rules._features(text)
    feats["text"] = text
    return rules._entities(feats, -1)


def _surname_pass_per_sentence(tagger, items, results):
    """The document surname pass as it was written first: one search per sentence."""
    surnames = tagger._surnames(results)
    if not surnames:
        return results
    words = re.compile(r"(?<![\w.])[" + re.escape("".join({s[0] for s in surnames})) + r"]\w*")
    for (text, _), ents in zip(items, results, strict=True):
        found = [m for m in words.finditer(text) if m.group() in surnames]
        blocked = [m.span() for m in CITATION_PAREN.finditer(text)]
        blocked += [(m.start(), m.end()) for m in CITATION_NAME.finditer(text)]
        for m in found:
            a, b = m.span()
            if any(e["start"] < b and a < e["end"] for e in ents):
                continue
            if any(x <= a and b <= y for x, y in blocked):
                continue
            ents.append(
                {"start": a, "end": b, "label": "PER", "text": text[a:b], "norm": text[a:b]}
            )
            ents[-1]["source"] = "document"
        ents.sort(key=lambda e: e["start"])
    return results


def test_skipping_rule_families_changes_nothing(tagger):
    rules = tagger.rules
    for text in SENTENCES:
        assert rules(text) == _unskipped(rules, text), text


def test_document_surname_scan_equals_per_sentence(tagger):
    items = [(t, "tr") for t in SENTENCES]
    expected = _surname_pass_per_sentence(tagger, items, list(tagger.tag_many(items)))
    assert tagger.tag_document(items) == expected


sentence = st.lists(st.sampled_from(PIECES), min_size=0, max_size=14).flatmap(
    lambda words: st.lists(
        st.sampled_from([" ", " ", " ", "", "  ", "\n"]), min_size=len(words), max_size=len(words)
    ).map(lambda seps: "".join(w + s for w, s in zip(words, seps, strict=True)).rstrip(" \n"))
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(sentence, min_size=1, max_size=6))
def test_fast_paths_agree_on_random_documents(tagger, texts):
    rules = tagger.rules
    assert rules.tag_texts(texts) == [rules(t) for t in texts]
    assert [rules(t) for t in texts] == [_unskipped(rules, t) for t in texts]
    items = [(t, "tr") for t in texts]
    expected = _surname_pass_per_sentence(tagger, items, list(tagger.tag_many(items)))
    assert tagger.tag_document(items) == expected


def _class_bits(rules, text: str, covered: set[int], plain: bool) -> list[int]:
    feats = rules._features(text)
    if not plain:  # every token through the general rule
        feats["classes"] = tuple(c and (*c[:-1], None) for c in feats["classes"])
    rules._set_token_classes(feats, covered)
    return feats["flags"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sentence.filter(lambda t: t.strip() == t and t))
def test_plain_class_bits_equal_the_general_rule(tagger, text):
    rules = tagger.rules
    for t in [text, *SENTENCES[:3]]:
        n = len(rules._features(t)["texts"])
        for covered in (set(), set(range(0, n, 2)), set(range(n))):
            assert _class_bits(rules, t, covered, True) == _class_bits(rules, t, covered, False)


# numbers glued to words and marks: the shapes ``split_chunk`` answers without the regexes
number_chunk = st.builds(
    lambda a, sep, b, end: a + sep + b + end,
    st.text(alphabet="0123456789٣", min_size=1, max_size=5),
    st.sampled_from(["", "'", "’", "`", "-", "–", "/", ".", ","]),
    st.text(alphabet="abcÇİıə", max_size=11)
    | st.text(alphabet="0123456789", max_size=4)
    | st.text(alphabet="abcÇİıə0123456789.'", max_size=11),
    st.sampled_from(["", ",", ".", ")", "'"]),
)


@settings(max_examples=400, deadline=None)
@given(number_chunk)
def test_number_chunks_split_as_spacy(text):
    doc = _spacy_tokenizer()(text)
    assert ChunkTokenizer()(text)[0] == [t.text for t in doc]


@lru_cache(maxsize=1)
def _spacy_tokenizer():
    return blank("xx").tokenizer


def _whole_sentence_matches(rules, feats) -> list[tuple[int, int, int]]:
    """The full Matcher on the whole sentence, every class bit and word kept (no runs, no
    cache), without one-token matches."""
    import numpy
    from spacy.attrs import TAG
    from spacy.tokens import Doc

    from pipeline.ner.rules import _placeholder

    doc = Doc(rules.vocab, words=[_placeholder(t) for t in feats["texts"]])
    tags = [rules.vocab.strings.add(f"F{f}") if f else 0 for f in feats["flags"]]
    doc.from_array([TAG], numpy.array(tags, dtype="uint64").reshape(-1, 1))
    return sorted(m for m in rules.matcher(doc) if m[2] - m[1] >= 2)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sentence.filter(lambda t: t.strip() == t and t))
def test_run_matches_equal_whole_sentence_matches(tagger, text):
    rules = tagger.rules
    for t in [text, *SENTENCES]:
        if not t.strip() or t != t.strip():
            continue
        feats = rules._features(t)
        rules._set_token_classes(feats, set())
        # ``_match`` leaves out one-token runs (a one-token match yields no name)
        found = sorted(m for m in rules._match(feats) if m[2] - m[1] >= 2)
        assert found == _whole_sentence_matches(rules, feats), t


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=4),
    st.lists(st.integers(), min_size=1, max_size=20),
    st.integers(min_value=1, max_value=4 * TRANSPOSE_BLOCK),
)
def test_blocked_transpose_equals_zip(width, values, count):
    """Rows of every count around the block size (1 row to several blocks, a partial last
    block) give the columns ``zip(*rows)`` gives, as tuples (gazetteer keys are slices)."""
    for n in {count, 1, TRANSPOSE_BLOCK, TRANSPOSE_BLOCK + 1, 2 * TRANSPOSE_BLOCK + 3}:
        # distinct rows, so that a row dropped, repeated or moved changes the columns
        part = [tuple((k, values[k % len(values)] + c) for c in range(width)) for k in range(n)]
        cols = _transpose(part)
        assert cols == tuple(zip(*part))
        assert all(type(c) is tuple for c in cols)
