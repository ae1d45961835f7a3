"""Normalisation shared by within-document and cross-document deduplication.

Both detectors compare *content*, not layout: a repeated page re-extracted with different line
breaks, a different hyphenation, doubled spaces, NFD instead of NFC or upper/lower case
differences is still the same text. So text is reduced to its lowercase letters and digits with
everything else (spaces, punctuation, line breaks, combining marks) removed. Removing spaces and
punctuation is what makes re-wrapped copies identical strings; OCR noise (a wrong letter, a lost
comma) is left for the shingle comparison to absorb.
"""

from __future__ import annotations

import re
import unicodedata

# \W in Python's re is "not alphanumeric and not underscore" with Unicode semantics, so this keeps
# letters of every script and digits, and drops combining marks (the dot that ``"İ".lower()``
# leaves behind), punctuation, symbols and whitespace.
_NON_ALNUM = re.compile(r"[\W_]+")
_NON_ALNUM_KEEP_NL = re.compile(r"[^\w\n]+|_+")


def normalize_line(line: str) -> str:
    """Lowercase letters and digits of ``line``, nothing else.

    NFKC first only when needed (the check is a fast C call), so decomposed input (``s`` +
    combining cedilla) and compatibility forms (ligatures, full-width digits) compare equal to
    their composed forms.
    """
    if not line.isascii() and not unicodedata.is_normalized("NFKC", line):
        line = unicodedata.normalize("NFKC", line)
    return _NON_ALNUM.sub("", line.lower())


def normalize_lines(text: str) -> list[str]:
    """``normalize_line`` of every line of ``text`` (same lines as ``split_lines``), fast.

    One pass of ``lower`` and of the regex over the whole text instead of one call per line: the
    per-call overhead dominated the stage's run time on long documents.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii() and not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    if not text:
        return []
    parts = _NON_ALNUM_KEEP_NL.sub("", text.lower()).split("\n")
    if text.endswith("\n"):
        parts.pop()
    return parts


def split_lines(text: str) -> list[tuple[int, int]]:
    """Character ranges of the lines of ``text``, each including its line terminator.

    Only ``\\n``, ``\\r\\n`` and ``\\r`` end a line (``str.splitlines`` would also split on form
    feeds and Unicode separators inside a line, which would shift line numbers against what
    editors and the gold show). The ranges cover the whole text.
    """
    out: list[tuple[int, int]] = []
    pos = 0
    if "\r" not in text:
        for part in text.split("\n"):
            end = pos + len(part) + 1
            out.append((pos, min(end, len(text))))
            pos = end
        if text.endswith("\n") or not text:
            out.pop()
        return out
    n = len(text)
    for m in re.finditer(r"\r\n|\r|\n", text):
        out.append((pos, m.end()))
        pos = m.end()
    if pos < n:
        out.append((pos, n))
    return out
