"""The document model: document -> pages -> blocks -> sentences.

Every piece of text in the model is a :class:`MappedText`, so whatever a stage does to it, a
sentence can still say where in the decoded input it came from. Stages fill the model in
order; the writer turns it into records.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

import regex

from pipeline.textmap import Edit, MappedText, shift_offset


def unique_id(name: str, seen: set[str]) -> str:
    """``name``, or ``name~2``, ``name~3``... the first not in ``seen`` (which records it):
    ids stay readable and stable for a given input order (documents, records)."""
    uid, k = name, 1
    while uid in seen:
        k += 1
        uid = f"{name}~{k}"
    seen.add(uid)
    return uid


@dataclass
class Sentence:
    text: MappedText
    lang: str = "und"
    lang_conf: float = 0.0
    entities: list[dict[str, Any]] | None = None
    dates: list[dict[str, Any]] | None = None
    footnote_refs: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Block:
    kind: str
    page: int
    text: MappedText
    lang: str = "und"
    lang_conf: float = 0.0
    note_id: str | None = None
    rows: list[list[str]] | None = None
    # footnote marks removed from ``text``: (offset in text, note id, the mark as written)
    marks: list[tuple[int, str, str]] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class Document:
    doc_id: str
    source: str
    sha256: str = ""
    raw: str = ""
    encoding: str | None = None
    # text after repair, mapped to ``raw``
    text: MappedText | None = None
    pages: list[tuple[int, int]] = field(default_factory=list)  # ranges of ``text.text``
    blocks: list[Block] = field(default_factory=list)
    repairs: dict[str, int] = field(default_factory=dict)
    layout_counts: dict[str, int] = field(default_factory=dict)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    skip: list[tuple[int, int]] = field(default_factory=list)  # ranges of ``text.text``
    duplicate_of: str | None = None
    status: str = "ok"
    error: dict[str, str] | None = None
    stages_run: list[str] = field(default_factory=list)
    pipeline: str = ""  # version and stages that made the output (see RunConfig.fingerprint)

    def fail(self, stage: str, message: str) -> None:
        self.status = "error"
        self.error = {"stage": stage, "message": message}

    def page_of(self, pos: int) -> int:
        """1-based page number of an offset in ``text``."""
        for i, (a, b) in enumerate(self.pages):
            if a <= pos < b:
                return i + 1
        return len(self.pages) or 1


_SPACES = regex.compile(r"[ \t\u00a0]{2,}|[ \t\u00a0]*[\r\n\f\v]+[ \t\u00a0]*|[\t\u00a0]")


def build_block(text: MappedText, plan) -> Block:
    """Turn a layout ``BlockPlan`` into a block of clean, mapped text.

    Pieces are joined with their separators, footnote marks are deleted (and remembered at the
    offset where they stood), line breaks and runs of spaces become one space. Every step goes
    through the map, so nothing here computes raw offsets by hand. Most blocks need no edit
    and no trimming: those steps are skipped then, not run to no effect.
    """
    seps = plan.seps
    pieces = plan.pieces
    tt = text.text
    joined = text.join_ranges(pieces, seps)
    edits: list[Edit] = []
    notes: list[tuple[int, str, str]] = []
    if plan.marks:
        tn = len(tt)
        ns = len(seps)
        # where each piece starts in ``joined`` (an empty or clipped piece has no text)
        starts: list[int] = []
        n = 0
        ascending = True  # pieces in text order without overlap (as layout makes them)
        prev_b = 0
        for k, (a, b) in enumerate(pieces):
            starts.append(n)
            if a < prev_b or b < a:
                ascending = False
            prev_b = b
            if a < 0:
                a = 0
            if b > tn:
                b = tn
            if b > a:
                n += b - a
            if k < ns:
                n += len(seps[k])
        firsts = [a for a, _ in pieces] if ascending else []
        for ms, me, note in plan.marks:
            # the first piece that holds the mark: with ascending pieces, the only candidate
            # is the last one starting at or before it (a piece before it ends before the
            # mark does)
            if ascending and ms < me:
                k = bisect.bisect_right(firsts, ms) - 1
                found = [k] if k >= 0 and me <= pieces[k][1] else []
            else:
                found = [k for k, (a, b) in enumerate(pieces) if a <= ms and me <= b][:1]
            for k in found:
                st, a = starts[k], pieces[k][0]
                edits.append(Edit(st + ms - a, st + me - a, "", "footnote_mark"))
                notes.append((st + ms - a, note, tt[ms:me]))
    jt = joined.text
    # _SPACES needs two blanks in a row or a tab, no-break space or line break, and those
    # are all unprintable: most blocks are refused by two scans in C, without the pattern
    if "  " in jt or not jt.isprintable():
        taken = sorted((e.start, e.end) for e in edits)
        for m in _SPACES.finditer(jt):
            if m.group(0) != " " and not any(a < m.end() and m.start() < b for a, b in taken):
                edits.append(Edit(m.start(), m.end(), " ", "whitespace"))
    marks: list[tuple[int, str, str]] = []
    if edits:
        edits.sort(key=lambda e: e.start)
        joined = joined.apply(edits)
        jt = joined.text
        marks = [(shift_offset(pos, edits), note, mark) for pos, note, mark in sorted(notes)]
    if jt and not jt[0].isspace() and not jt[-1].isspace():
        lead, body = 0, joined  # nothing to trim (pieces are line contents, so: usually)
    else:
        lead = len(jt) - len(jt.lstrip())
        body = joined.slice(lead, len(jt.rstrip()))
    if marks:
        marks = [(max(0, min(len(body.text), p - lead)), note, mk) for p, note, mk in marks]
    return Block(
        kind=plan.kind,
        page=plan.page,
        text=body,
        lang=plan.lang or "und",
        note_id=plan.note_id,
        rows=plan.rows,
        marks=marks,
    )
