"""Repair: undo the character damage of Turkish/Azerbaijani text layers, never touch clean text.

Contract (docs/ARCHITECTURE.md): ``repair_text(text, lang_hint=None) -> RepairResult`` whose
``edits`` are non-overlapping, fine-grained (a character, a mojibake run) edits against the
input, so ``MappedText(text).apply(result.edits).text == result.text`` and every later offset
maps back precisely.

Kinds of repair (the names counted in ``RepairResult.counts``):
- ``mojibake_utf8``: UTF-8 read as cp1252 / Latin-1 / cp1254, also twice (``mojibake``);
- ``font_table``: PDF font-table glyphs (Ġ ġ Ģ ģ Ī ī), mapping decided per document;
- ``latin5_as_latin1``: Latin-5/cp1254 read as Latin-1/cp1252 (Ý ý Þ þ Ð ð), per document;
- ``nfc``, ``dotted_i``, ``schwa``, ``ligature``, ``soft_hyphen``, ``zero_width`` (``uni``).

Clean text is the common case, so one precompiled scan decides whether anything could need
fixing; only then do the (slower) detectors run.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.repair.glyphs import glyph_table, repair_glyphs
from pipeline.repair.mojibake import repair_mojibake, suspect_pattern
from pipeline.repair.uni import repair_unicode, suspect_chars
from pipeline.textmap import Edit

__all__ = ["RepairResult", "repair_text", "explain", "needs_repair"]


@dataclass
class RepairResult:
    """The repaired text, the edits (against the input) that produce it, and counts per kind."""

    text: str
    edits: list[Edit] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


@lru_cache(maxsize=1)
def _suspect() -> re.Pattern:
    # The standard library's re scans these character classes about 3x faster than regex.
    singles = "".join(glyph_table()) + suspect_chars() + "".join(chr(c) for c in range(0x80, 0xA0))
    return re.compile("[" + re.escape(singles) + "]|" + suspect_pattern())


def needs_repair(text: str) -> bool:
    """Cheap test: could any repair apply? (False means the text is returned untouched.)"""
    if text.isascii():
        return False
    return _suspect().search(text) is not None or not unicodedata.is_normalized("NFC", text)


def _merge(groups: list[list[Edit]]) -> list[Edit]:
    """Edits of earlier groups win; a later edit overlapping one already taken is dropped."""
    taken: list[Edit] = []
    starts: list[int] = []
    for group in groups:
        for e in sorted(group, key=lambda e: (e.start, e.end)):
            k = bisect.bisect_right(starts, e.start)
            prev = taken[k - 1] if k else None
            nxt = taken[k] if k < len(taken) else None
            if prev is not None and (prev.end > e.start or prev.start == e.start):
                continue
            if nxt is not None and nxt.start < max(e.end, e.start + 1):
                continue
            taken.insert(k, e)
            starts.insert(k, e.start)
    return taken


def _apply(text: str, edits: list[Edit]) -> str:
    out, pos = [], 0
    for e in edits:
        out.append(text[pos : e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def repair_text(text: str, lang_hint: str | None = None) -> RepairResult:
    """Repair ``text``; ``lang_hint`` (tr/az/en) only gates language-specific repairs."""
    if not needs_repair(text):
        return RepairResult(text)
    moji = repair_mojibake(text)
    blocked = [(e.start, e.end) for e in moji]
    glyph = repair_glyphs(text, lang_hint, blocked)
    uni = repair_unicode(text, lang_hint)
    edits = [e for e in _merge([moji, glyph, uni]) if text[e.start : e.end] != e.replacement]
    counts = Counter(e.kind for e in edits)
    return RepairResult(_apply(text, edits), edits, dict(sorted(counts.items())))


def explain(text: str, result: RepairResult, examples: int = 3) -> list[dict]:
    """Per kind: count and a few before -> after examples at word level (``ĠLĠġKĠ -> İLİŞKİ``)."""
    by_kind: dict[str, list[Edit]] = {}
    for e in result.edits:
        by_kind.setdefault(e.kind, []).append(e)
    out = []
    for kind, eds in sorted(by_kind.items()):
        # One example per distinct substitution first (Ġ->İ, Ģ->ş, ġ->Ş), then more.
        firsts: dict[tuple[str, str], Edit] = {}
        for e in eds:
            firsts.setdefault((text[e.start : e.end], e.replacement), e)
        ordered = list(firsts.values()) + eds
        shown: list[str] = []
        for e in ordered:
            a, b = _word_span(text, e.start, e.end)
            inside = [x for x in result.edits if x.start >= a and x.end <= b]
            before = text[a:b]
            after = _apply(text[a:b], [Edit(x.start - a, x.end - a, x.replacement) for x in inside])
            if before.isprintable() and after.isprintable():
                pair = f"{before} -> {after}"
            else:
                pair = f"{before!r} -> {after!r}"
            if pair not in shown:
                shown.append(pair)
            if len(shown) >= examples:
                break
        out.append({"kind": kind, "count": len(eds), "examples": shown})
    return out


def _word_span(text: str, start: int, end: int) -> tuple[int, int]:
    a = start
    while a > 0 and not text[a - 1].isspace() and start - a < 40:
        a -= 1
    b = end
    while b < len(text) and not text[b].isspace() and b - end < 40:
        b += 1
    return a, b
