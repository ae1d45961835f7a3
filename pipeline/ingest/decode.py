"""Bytes to text: find the encoding a file was written in.

The archives we read are Turkish, Azerbaijani and English, written in UTF-8, UTF-16 or one of
the single-byte code pages of the region (cp1254 / ISO-8859-9 for Turkish, cp1252 / Latin-1
for Western text). Generic detectors guess Western code pages for short Turkish files because
the bytes are ambiguous; here the ambiguity is settled in favour of the Turkish code pages,
whose letters (ı ş ğ İ Ş Ğ) sit exactly where Icelandic ones (ý þ ð Ý Þ Ð) sit in Latin-1.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass


class NotText(ValueError):
    """The bytes are not a text document (empty, binary, undecodable)."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    bom: bool = False


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Bytes whose letter differs between Latin-5 (Turkish) and Latin-1: Ğ İ Ş ğ ı ş.
_TURKISH_BYTES = frozenset(b"\xd0\xdd\xde\xf0\xfd\xfe")
_C1 = frozenset(range(0x80, 0xA0))


# Control characters that do not occur in text: C0 except tab, newline, vertical tab, form
# feed and carriage return; DEL and C1. One compiled scan counts them in C (a Python loop over
# every character was the slowest part of reading a file).
_BAD_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    return len(_BAD_CONTROLS.findall(text)) / len(text)


def _utf16_guess(data: bytes) -> str | None:
    """UTF-16 without a BOM: most text is ASCII, so every other byte is NUL."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    even_nul = sample[0::2].count(0) / (len(sample) / 2)
    odd_nul = sample[1::2].count(0) / (len(sample) / 2)
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _single_byte(data: bytes) -> str:
    high = set(data) - set(range(0x80))
    uses_c1 = bool(high & _C1)
    turkish = bool(high & _TURKISH_BYTES)
    if turkish:
        # Turkish letters: cp1254 unless its C1 range would give undefined characters.
        try:
            data.decode("cp1254")
            return "cp1254" if uses_c1 else "iso-8859-9"
        except UnicodeDecodeError:
            return "iso-8859-9"
    for enc in ("cp1254", "cp1252"):
        try:
            data.decode(enc)
            return enc
        except UnicodeDecodeError:
            continue
    return "latin-1"


def decode_bytes(data: bytes) -> Decoded:
    """Decode ``data`` or raise :class:`NotText` with a one-line reason."""
    if not data.strip():
        raise NotText("empty file" if not data else "file holds only whitespace")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(enc)
            except UnicodeDecodeError as e:
                raise NotText(f"{enc} byte-order mark but undecodable bytes at {e.start}") from e
            return _checked(Decoded(text, enc, bom=True))
    enc16 = _utf16_guess(data)
    if enc16:
        try:
            return _checked(Decoded(data.decode(enc16), enc16))
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise NotText("binary data (NUL bytes), not a text file")
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError:
        pass
    enc = _single_byte(data)
    return _checked(Decoded(data.decode(enc), enc))


def _checked(d: Decoded) -> Decoded:
    if not d.text.strip():
        raise NotText("no text after decoding")
    ratio = _control_ratio(d.text[:65536])
    if ratio > 0.01:
        raise NotText(f"binary data ({ratio:.0%} control characters as {d.encoding}), not text")
    return d
