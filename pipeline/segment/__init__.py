"""Segment (first version): split after . ! ? before an upper-case letter."""

from __future__ import annotations

import regex

_END = regex.compile(r"(?<=[.!?…])\s+(?=[\p{Lu}\"“])")


def split_sentences(text: str, lang: str) -> list[tuple[int, int]]:
    out, a = [], 0
    for m in _END.finditer(text):
        out.append((a, m.start()))
        a = m.end()
    out.append((a, len(text.rstrip())))
    return [(s, e) for s, e in out if e > s]
