"""``ChunkTokenizer`` (the rule layer's tokenizer) gives exactly spaCy's tokens.

The rule layer no longer builds a spaCy ``Doc`` per sentence; these tests hold its plain
Python tokenizer to the spaCy tokenizer of ``make_tokenizer`` on text written for the tests
and on random strings made of the characters the affix rules care about.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.ner.tokenizer import ChunkTokenizer, blank, split_chunk


@pytest.fixture(scope="module")
def spacy_tokenizer():
    return blank("xx").tokenizer


def spacy_tokens(tok, text: str) -> tuple[list[str], list[int], list[bool]]:
    doc = tok(text)
    return [t.text for t in doc], [t.idx for t in doc], [bool(t.whitespace_) for t in doc]


SENTENCES = [
    "Heyet Moskova’ya, sonra Ankara'ya döndü.",
    "  Baş boşluklu  ve  çift boşluklu\tmetin \n\n yeni satır ",
    "E.H.Carr'ın kitabı (Yazıcı,1987:145) ve Dr.Tevfik Bey5 geldi...",
    "V.İ. Lenin, III. Ordu; Brest-Litovsk – 1918/1919 “Sovyet” «Rusya»",
    "Russia’s envoy ''met'' the Treaty of Kars* † … delegates.",
    "Paşa 'nın sözleri: 12-13 Mart’ta 5.000 asker [1] {2} !? ",
    "",
    " ",
    "\u00a0kesintisiz\u2009ince boşluk\u3000",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_same_tokens_as_spacy(spacy_tokenizer, text):
    assert ChunkTokenizer()(text) == spacy_tokens(spacy_tokenizer, text)


ALPHABET = " \t\n\u00a0.,;:()[]'’`-–/…*\"”“«»0123456789aAçÇİıIiəƏxYzbLö"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=24))
def test_same_tokens_as_spacy_on_random_text(spacy_tokenizer, text):
    assert ChunkTokenizer()(text) == spacy_tokens(spacy_tokenizer, text)


def test_chunk_split_offsets_cover_the_chunk():
    for chunk in ["Moskova’ya,", "(Yazıcı,1987:145).", "yurdu.", "Bakıda", "SSCB."]:
        parts = split_chunk(chunk)
        assert "".join(chunk[a : a + k] for a, k in parts) == chunk
        assert all(k > 0 for _, k in parts)


def test_rules_add_no_words_to_the_vocabulary():
    from pipeline.ner import EntityTagger

    tagger = EntityTagger(model=False)
    tagger.tag("Qorxmazoğlu Zəfərbəyli Moskvaya getdi.", "az")  # warm up the matchers
    vocab = tagger.rules.vocab
    before = len(vocab)
    texts = [
        "Xəyalqurucu Nizamlıoğlu Paşa Tiflisdən Zəngəzura yola düşdü.",
        "Yeniçizgili Karaormanlı Bey Ardahan’a vardı.",
    ]
    for text in texts:
        assert tagger.tag(text, "tr")
    assert len(vocab) == before  # no new lexemes
    for word in " ".join(texts).split():
        assert word not in vocab.strings


def test_bounded_caches_give_the_same_entities():
    """Caches emptied when full (tiny bounds here) change nothing but speed."""
    from pipeline.ner import EntityTagger

    texts = [
        "Kâzım Karabekir Paşa Kars’a girdi, sonra Gümrü Antlaşması imzalandı.",
        "Heyet Moskova’ya, sonra Ankara'ya döndü; Dr. Rıza Nur da oradaydı.",
        "Türkiye Büyük Millet Meclisi Hükümeti ile Sovyet Rusya görüştü.",
    ] * 2
    tagger = EntityTagger(model=False)
    expected = [tagger.tag(t, "tr") for t in texts]
    rules = tagger.rules
    sizes = rules._token_cache.size, rules._chunk_cache.size
    try:
        rules._token_cache.size = rules._chunk_cache.size = 3
        rules._token_cache.clear()
        rules._chunk_cache.clear()
        assert [tagger.tag(t, "tr") for t in texts] == expected
        assert len(rules._token_cache) <= 3 and len(rules._chunk_cache) <= 3
    finally:
        rules._token_cache.size, rules._chunk_cache.size = sizes


def test_strip_cuts_equals_strip_suffix():
    from pipeline.ner.text import strip_cuts, strip_suffix, suffix_cuts

    suffixes = frozenset({"a", "da", "nda", "ler", "lerinde", "i", "si"})
    bases = {"kars", "komiser", "komiserlikleri", "ordu", "ab"}
    for word in ["karsda", "komiserliklerinde", "ordusi", "ordu", "abda", "x", "kars", "abc"]:
        cuts = suffix_cuts(word, suffixes, 7)
        assert strip_cuts(word, bases, cuts) == strip_suffix(word, bases, suffixes, 7)


def test_white_space_other_than_space_is_unprintable():
    """``EntityRules._rows`` relies on it to spot texts of single-space-separated words."""
    import sys

    spaces = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() and c != " "]
    assert spaces and not any(c.isprintable() for c in spaces)


@pytest.mark.parametrize(
    "text", ["Ali\u2009Bey geldi.", "Ali  Bey", " Ali Bey", "Ali Bey ", "Ali\nBey", "A\u00adli Bey"]
)
def test_rules_on_texts_with_unusual_spacing(text):
    from pipeline.ner import EntityTagger

    rules = EntityTagger(model=False).rules
    texts, _, ws = ChunkTokenizer()(text)
    rows = rules._rows(text)
    assert [r[0] for r in rows] == texts and [r[1] for r in rows] == ws
