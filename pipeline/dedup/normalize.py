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
from functools import cache

import numpy as np

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


@cache
def _bmp_alnum() -> np.ndarray:
    """``chr(c).isalnum()`` for every code point of the Basic Multilingual Plane.

    ``\\w`` in ``re`` is exactly ``isalnum()`` or ``_``, so a lookup in this table filters the
    letters and digits of a whole text in one numpy step: the regex ``sub`` over the text was the
    largest single cost of the dedup stage. Built once per process (65536 calls, a few ms).
    """
    return np.fromiter(map(str.isalnum, map(chr, range(0x10000))), dtype=bool, count=0x10000)


def _keep_mask(codes: np.ndarray) -> np.ndarray:
    """Code points to keep: letters and digits (``isalnum``) and line feeds."""
    table = _bmp_alnum()
    keep = table[np.minimum(codes, 0xFFFF)]
    astral = np.flatnonzero(codes > 0xFFFF)
    if len(astral):  # rare (historic scripts, emoji): looked up one by one
        keep[astral] = [chr(c).isalnum() for c in codes[astral].tolist()]
    keep |= codes == 10
    return keep


# The last text normalised, its codes and (once asked for) its letter stream. The dedup stage
# and the engine's corpus fingerprint normalise the same document text one after the other (the
# text without dropped repeats is the very same str object when nothing was dropped, most
# documents): the second call then costs nothing. Only the identical object counts, so this
# is no cache of text contents; the arrays are read-only because they are handed out twice.
_last: tuple[str, np.ndarray, np.ndarray | None] | None = None


def normalized_codes(text: str) -> np.ndarray:
    """Code points of ``normalize_lines(text)`` joined by ``\\n`` (uint32, read-only), without
    strings.

    Callers that hash the letter stream (k-grams, shingles) use this directly and skip decoding
    back to ``str``. Line feeds are kept as separators; a trailing one ends the last line.
    """
    global _last
    last = _last
    if last is not None and last[0] is text:
        return last[1]
    codes = _normalized_codes(text)
    codes.flags.writeable = False
    _last = (text, codes, None)
    return codes


def letter_codes(text: str) -> np.ndarray:
    """``normalized_codes(text)`` without its line feeds: the letters of all lines in one stream
    (uint32, read-only), what both detectors hash."""
    global _last
    last = _last
    if last is not None and last[0] is text and last[2] is not None:
        return last[2]
    codes = normalized_codes(text)
    letters = codes[codes != 10]
    letters.flags.writeable = False
    _last = (text, codes, letters)
    return letters


def _normalized_codes(text: str) -> np.ndarray:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _nfkc(text)
    codes = np.frombuffer(text.lower().encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return codes[_keep_mask(codes)]


def window_hashes(codes: np.ndarray, k: int, prime: int) -> np.ndarray:
    """``sum(codes[i + j] * prime ** (k - 1 - j) for j < k)`` mod 2**64 for every window of
    ``k`` consecutive codes: ``len(codes) - k + 1`` uint64 values (``1 <= k <= len(codes)``).

    Horner's rule over the window costs two passes over the text per letter of the window.
    The hashes of windows of length ``a + b`` are made from those of lengths ``a`` and ``b``
    (``H[i] * prime**b + H'[i + a]``), so doubling the length builds a window of 8 in three
    steps of two passes. Integer arithmetic wraps modulo 2**64 either way: the very same numbers.
    """
    cur = codes.astype(np.uint64)  # hashes of the windows of length ``size``
    size = 1
    acc: np.ndarray | None = None  # hashes of the first ``acc_size`` codes of each window
    acc_size = 0
    with np.errstate(over="ignore"):
        while True:
            if k & 1:
                if acc is None:
                    acc, acc_size = cur, size  # (``cur`` is replaced, never changed)
                else:
                    acc = acc[: len(acc) - size]
                    acc *= np.uint64(pow(prime, size, 1 << 64))
                    acc += cur[acc_size : acc_size + len(acc)]
                    acc_size += size
            k >>= 1
            if not k:
                assert acc is not None
                return acc
            nxt = cur[: len(cur) - size] * np.uint64(pow(prime, size, 1 << 64))
            nxt += cur[size:]
            cur, size = nxt, 2 * size


def _nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, normalising only the lines that need it.

    One ellipsis or ligature made the whole text go through NFKC, the largest cost of
    normalising a long document. A line feed is a stable boundary (it never decomposes,
    reorders or composes with a neighbour), so NFKC of the text is NFKC of each line, and a line
    without any character of ``_nfkc_unsafe`` is already NFKC.
    """
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text
    unsafe = _nfkc_unsafe()
    out: list[str] = []
    pos = 0
    m = unsafe.search(text)
    while m is not None:
        a = text.rfind("\n", 0, m.start()) + 1
        b = text.find("\n", m.start())
        b = len(text) if b < 0 else b
        out.append(text[pos:a])
        out.append(unicodedata.normalize("NFKC", text[a:b]))
        pos = b
        m = unsafe.search(text, b)
    out.append(text[pos:])
    return "".join(out)


@cache
def _nfkc_unsafe() -> re.Pattern:
    """Characters without which a string is certainly NFKC, and every one beyond the BMP.

    The Unicode quick check says a string is normalised when all its characters have the
    NFKC_Quick_Check property Yes and canonical combining class 0. Characters outside that
    are those NFKC changes on their own (property No), the second characters of canonical
    compositions and the Hangul vowel and final jamo (property Maybe: they may compose with
    what precedes them), and the combining marks. Built once per process from the BMP (the
    compositions beyond it are made of characters beyond it, which are all listed).
    """
    second: set[int] = set(range(0x1161, 0x1176)) | set(range(0x11A8, 0x11C3))
    for cp in range(0x10000):
        d = unicodedata.decomposition(chr(cp))
        if d and not d.startswith("<") and len(d.split()) == 2:
            second.add(int(d.split()[1], 16))
    unsafe = [
        cp
        for cp in range(0x10000)
        if cp in second
        or unicodedata.combining(chr(cp))
        or unicodedata.normalize("NFKC", chr(cp)) != chr(cp)
    ]
    ranges = []
    start = prev = unsafe[0]
    for cp in unsafe[1:] + [-1]:
        if cp != prev + 1:
            ranges.append(
                re.escape(chr(start)) + ("-" + re.escape(chr(prev)) if prev > start else "")
            )
            start = cp
        prev = cp
    return re.compile("[" + "".join(ranges) + "\U00010000-\U0010ffff]")


def normalize_lines(text: str) -> list[str]:
    """``normalize_line`` of every line of ``text`` (same lines as ``split_lines``), fast.

    One pass of ``lower`` and one vectorised filter over the whole text instead of one call per
    line (or one regex ``sub``): the per-call overhead dominated the stage on long documents.
    """
    if not text:
        return []
    codes = normalized_codes(text)
    parts = codes.tobytes().decode("utf-32-le", "surrogatepass").split("\n")
    if text.endswith(("\n", "\r")):  # a final line break ends the last line, opens none
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
        if not text:
            return out
        # line feeds located in numpy: a Python loop over the lines cost as much as detection
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        ends = np.flatnonzero(codes == 10) + 1
        if not text.endswith("\n"):
            ends = np.append(ends, len(text))
        starts = np.concatenate(([0], ends[:-1]))
        return list(zip(starts.tolist(), ends.tolist()))
    n = len(text)
    for m in re.finditer(r"\r\n|\r|\n", text):
        out.append((pos, m.end()))
        pos = m.end()
    if pos < n:
        out.append((pos, n))
    return out
