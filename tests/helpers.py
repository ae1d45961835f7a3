"""Test helpers: reading output, and the "same text modulo cleaning" comparison."""

from __future__ import annotations

import bisect
import json
import unicodedata
from functools import lru_cache
from pathlib import Path

from pipeline.repair import repair_text
from pipeline.textmap import MappedText


def read_records(out_dir: Path) -> dict[str, list[dict]]:
    return {
        p.relative_to(out_dir).as_posix()[: -len(".jsonl")]: [
            json.loads(line) for line in p.read_text(encoding="utf-8").splitlines()
        ]
        for p in sorted(out_dir.rglob("*.jsonl"))
    }


def skeleton(text: str) -> str:
    """Letters and digits only, case-folded: what survives whitespace, line joining and
    hyphenation changes."""
    return "".join(c for c in unicodedata.normalize("NFC", text).casefold() if c.isalnum())


@lru_cache(maxsize=8)
def _repair_edits(raw: str) -> list:
    return sorted(repair_text(raw).edits, key=lambda e: e.start)


def repaired_slice(raw: str, a: int, b: int) -> str:
    """The raw stretch ``[a, b)`` with the document's repairs applied (repair decisions are
    per document, so they are taken on the whole text, then cut)."""
    edits = _repair_edits(raw)
    lo = bisect.bisect_left([e.start for e in edits], a)
    inside = [e for e in edits[lo:] if e.end <= b and e.start < b]
    shifted = [type(e)(e.start - a, e.end - a, e.replacement, e.kind) for e in inside]
    return MappedText(raw[a:b]).apply(shifted).text


def assert_span_matches(raw: str, rec: dict) -> None:
    a, b = rec["raw_span"]
    assert 0 <= a <= b <= len(raw), rec["raw_span"]
    parts = rec.get("raw_parts") or [[a, b]]
    assert parts[0][0] == a and parts[-1][1] == b
    src = skeleton("".join(repaired_slice(raw, pa, pb) for pa, pb in parts))
    got = skeleton(rec["text"])
    if rec.get("footnote_refs"):
        # marks are taken out of the clean text but stay inside raw_span
        src = "".join(c for c in src if not c.isdigit())
        got = "".join(c for c in got if not c.isdigit())
    assert got == src, f"{rec['id']}: {rec['text'][:80]!r} vs raw {raw[a:b][:80]!r}"
