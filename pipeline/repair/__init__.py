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

__all__ = ["RepairResult", "compose", "explain", "needs_repair", "repair_text"]


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
    nonempty = [g for g in groups if g]
    if not nonempty:
        return []
    # The first group (a damaged document's thousands of glyph edits) in sorted order: every
    # edit lands at the end, so only the last one taken can overlap it.
    taken: list[Edit] = []
    for e in sorted(nonempty[0], key=lambda e: (e.start, e.end)):
        if taken and (taken[-1].end > e.start or taken[-1].start == e.start):
            continue
        taken.append(e)
    if len(nonempty) == 1:
        return taken
    # Later groups (a few edits each) are placed among them by bisection.
    starts = [e.start for e in taken]
    for group in nonempty[1:]:
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
    """Repair ``text``; ``lang_hint`` (tr/az/en) only gates language-specific repairs.

    Two layers: byte-level mojibake is undone first; the character-level repairs (font tables,
    Latin-5, Unicode) then look at that intermediate text, so a word whose mojibake was just
    decoded counts as evidence, and Latin-5 damage hidden under a UTF-8 misread (``Ã\x9d`` ->
    ``Ý`` -> ``İ``) is undone too. The two layers are composed into edits against the input.
    """
    if not needs_repair(text):
        return RepairResult(text)
    moji = _merge([repair_mojibake(text)])
    mid = _apply(text, moji) if moji else text
    second = _merge([repair_glyphs(mid, lang_hint), repair_unicode(mid, lang_hint)])
    edits = compose(text, moji, mid, second) if moji else second
    edits = [e for e in edits if text[e.start : e.end] != e.replacement]
    counts = Counter(e.kind for e in edits)
    return RepairResult(_apply(text, edits), edits, dict(sorted(counts.items())))


def compose(text: str, first: list[Edit], mid: str, second: list[Edit]) -> list[Edit]:
    """Edits against ``text`` equivalent to applying ``first`` (giving ``mid``), then ``second``.

    A second-layer edit outside every first-layer replacement is shifted back to input offsets;
    edits that overlap across the layers are fused into one edit (kind of the first layer), so
    the result stays as fine-grained as its parts.
    """
    # First-layer edits in mid coordinates: (mid start, mid end, edit).
    spans: list[tuple[int, int, Edit]] = []
    delta = 0
    for e in first:
        ms = e.start + delta
        spans.append((ms, ms + len(e.replacement), e))
        delta += len(e.replacement) - (e.end - e.start)
    items = [(a, b, 0, e) for a, b, e in spans] + [(e.start, e.end, 1, e) for e in second]
    items.sort(key=lambda t: (t[0], t[1]))
    clusters: list[list[tuple[int, int, int, Edit]]] = []
    for it in items:
        if clusters:
            last = clusters[-1]
            end = max(x[1] for x in last)
            if it[0] < end:
                last.append(it)
                continue
        clusters.append([it])
    starts_mid = [a for a, _, _ in spans]
    cum = [0]  # cum[k]: length change made by the first k first-layer edits
    for _, _, e in spans:
        cum.append(cum[-1] + len(e.replacement) - (e.end - e.start))

    def to_input(x: int, at_end: bool) -> int:
        """Input offset of mid offset ``x`` (a boundary, never inside a replacement).

        At a deletion (an empty replacement) a start is placed after the deleted text and an
        end before it, so a neighbouring edit does not swallow it."""
        k = bisect.bisect_left(starts_mid, x)  # first-layer edits wholly before x
        if not at_end:
            while k < len(spans) and spans[k][0] == spans[k][1] == x:
                k += 1
        return x - cum[k]

    out: list[Edit] = []
    for cl in clusters:
        if len(cl) == 1:
            a, b, layer, e = cl[0]
            if layer == 0:
                out.append(e)
            else:
                out.append(Edit(to_input(a, False), to_input(b, True), e.replacement, e.kind))
            continue
        a = min(x[0] for x in cl)
        b = max(x[1] for x in cl)
        firsts = [x[3] for x in cl if x[2] == 0]
        seconds = sorted((x[3] for x in cl if x[2] == 1), key=lambda e: e.start)
        # The cluster's ends lie outside every first-layer replacement (it contains each one
        # it overlaps), so they map back to input offsets.
        ia, ib = to_input(a, False), to_input(b, True)
        piece = mid[a:b]
        local = [Edit(e.start - a, e.end - a, e.replacement, e.kind) for e in seconds]
        out.append(Edit(ia, ib, _apply(piece, local), (firsts or seconds)[0].kind))
    return out


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
