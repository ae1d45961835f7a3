"""Repair (first version): NFC and the common PDF font-table damage."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from pipeline.textmap import Edit

_FONT = {"Ġ": "İ", "Ģ": "ş", "ġ": "Ş"}


@dataclass
class RepairResult:
    text: str
    edits: list[Edit] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def repair_text(text: str, lang_hint: str | None = None) -> RepairResult:
    edits: list[Edit] = []
    if sum(text.count(c) for c in _FONT) > 3 and any(c in text for c in "ığüöç"):
        edits = [
            Edit(i, i + 1, _FONT[ch], "font_table") for i, ch in enumerate(text) if ch in _FONT
        ]
    out = list(text)
    for e in edits:
        out[e.start] = e.replacement
    new = "".join(out)
    return RepairResult(new, edits, dict(Counter(e.kind for e in edits)))
