"""Ingest: every common encoding decoded right, Turkish code pages preferred when the bytes
are ambiguous, PDFs read page by page, and unreadable files turned into clear errors."""

from __future__ import annotations

import codecs

import pytest

from pipeline.ingest import Source, discover, read_document
from pipeline.ingest.decode import NotText, decode_bytes
from tests.pdfgen import make_pdf

TR = "Ağaç gölgesinde ışık, şeker ve İstanbul'un çiçekleri; Ğ Ş İ ı ş ğ.\n"
AZ = "Azərbaycan dili: şəhər, qəzet, xəbər, ağac, İlham.\n"
EN = "The quick brown fox jumps over the lazy dog. Café déjà vu.\n"


@pytest.mark.parametrize(
    "text,encoding,expected",
    [
        (TR, "utf-8", "utf-8"),
        (AZ, "utf-8", "utf-8"),
        (TR, "cp1254", None),
        (TR, "iso-8859-9", None),
        (EN, "cp1252", None),
        (EN, "latin-1", None),
        ("Fiyatı “yüksek” – öyle mi?\n" + TR, "cp1254", "cp1254"),
        ("Price “high” – or not? naïve Š\n", "cp1252", None),
    ],
)
def test_single_and_multi_byte_encodings(text, encoding, expected):
    d = decode_bytes(text.encode(encoding))
    assert d.text == text
    if expected:
        assert d.encoding == expected


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-32"])
def test_unicode_with_and_without_bom(codec):
    data = (TR + AZ).encode(codec)
    assert decode_bytes(data).text == TR + AZ


def test_ambiguous_bytes_prefer_turkish_code_page():
    # 0xFD 0xFE 0xF0 are ı ş ğ in Latin-5 but ý þ ð in Latin-1.
    data = "kışın dağda yaşıyor".encode("iso-8859-9")
    assert decode_bytes(data).text == "kışın dağda yaşıyor"


def test_utf8_bom_is_recorded():
    d = decode_bytes(codecs.BOM_UTF8 + TR.encode())
    assert d.bom and d.text == TR


@pytest.mark.parametrize(
    "data,reason",
    [
        (b"", "empty"),
        (b"   \n\n", "whitespace"),
        (bytes(range(256)) * 20, "binary"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "binary"),
    ],
)
def test_not_text_is_a_clear_error(data, reason):
    with pytest.raises(NotText, match=reason):
        decode_bytes(data)


def test_pdf_pages_become_form_feed_separated(tmp_path):
    pdf = tmp_path / "two.pdf"
    pdf.write_bytes(make_pdf([["First page line one.", "Line two."], ["Second page."]]))
    doc = read_document(Source(pdf, "two"))
    assert doc.status == "ok", doc.error
    assert doc.encoding == "pdf"
    pages = doc.raw.split("\f")
    assert len(pages) == 2
    assert "First page line one." in pages[0] and "Second page." in pages[1]


def test_corrupt_pdf_is_an_error_record(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\n this is not really a pdf \n%%EOF")
    doc = read_document(Source(bad, "bad"))
    assert doc.status == "error"
    assert doc.error["stage"] == "ingest"
    assert "PDF" in doc.error["message"]


def test_discover_gives_stable_relative_ids(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("bir")
    (tmp_path / "b.txt").write_text("iki")
    (tmp_path / ".hidden").write_text("no")
    ids = [s.doc_id for s in discover([tmp_path])]
    assert ids == ["a/x.txt", "b.txt"]
