"""Write: a document becomes JSONL records, written atomically.

Records follow the contract in DESIGN.md and ``schema/records.schema.json``. Output is
deterministic (no timestamps, no absolute paths, stable ids), so two runs over the same input
give byte-identical files; it is written to a temporary name and renamed, so a crash never
leaves a half-written file that a later run would take for finished work.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.document import Block, Document, unique_id
from pipeline.textmap import MappedText

SCHEMA_VERSION = "1.0"


def raw_parts(text: MappedText, raw: str) -> list[list[int]]:
    """The raw stretches a clean text came from, when it was interrupted in the input.

    A sentence that runs across a page break, a footnote block or a dropped repeated page has
    one ``raw_span`` covering the interruption too; its parts say exactly which raw text it
    is made of. A joining space that stands for an interruption is left out; stretches
    separated only by white space or a hyphen are one part.
    """
    return _raw_parts(*text.segment_tuples(), text.text, raw)


def _raw_parts(segs: list[tuple], sh: int, clean: str, raw: str) -> list[list[int]]:
    """``raw_parts`` over the map's stored segment tuples ``(cs, ce, rs, re, exact)``, whose
    clean offsets are shifted by ``sh`` (a slice shares its parent's segments).

    Called for every sentence (most have several segments: one per line and per joining
    space), so it reads the map's plain tuples rather than ``MappedText.segments``, which
    builds a named tuple per segment; the common case (the next segment starts where the last
    part ends) only compares offsets, and text is sliced only for replacements and gaps. The
    part being built is kept in two locals, not in the output list, until it is finished.
    """
    ranges: list[list[int]] = []
    start = end = -1  # the part being built (none yet)
    for cs, ce, rs, re_, exact in segs:
        if re_ <= rs:
            continue
        if rs <= end:  # touches or overlaps the part (the common case): at most extends it
            if re_ > end and (exact or clean[cs - sh : ce - sh].strip() or not raw[rs:re_].strip()):
                end = re_
            continue
        if not exact and not clean[cs - sh : ce - sh].strip() and raw[rs:re_].strip():
            continue  # a joining space standing for an interruption
        if start >= 0:
            if not raw[end:rs].replace("-", "").strip():
                end = re_
                continue
            ranges.append([start, end])
        start, end = rs, re_
    if start >= 0:
        ranges.append([start, end])
    return ranges


def records(doc: Document) -> Iterator[dict[str, Any]]:
    """The document record first, then sentences and tables in reading order."""
    body, footnotes, stats = _body(doc, as_json=False)
    yield _document_record(doc, stats, footnotes)
    yield from body


def lines(doc: Document) -> Iterator[str]:
    """``dumps(rec) for rec in records(doc)``, the same strings, made faster.

    Encoding a sentence's dict (ten fixed keys and their values, each encoded and joined by
    the JSON encoder) cost as much as building it. Here most sentences go straight to their
    JSON line: the fixed keys and the per-document and per-block values are encoded once, and
    a sentence fills in its own values (``_sentence_line``). A sentence whose values are not
    of the plain types that template assumes is built as a dict and encoded by ``dumps`` as
    before.
    """
    body, footnotes, stats = _body(doc, as_json=_C_ENCODE is not None)
    yield dumps(_document_record(doc, stats, footnotes))
    for item in body:
        yield item if type(item) is str else dumps(item)


class _Stats:
    """What the document record counts over the body (so the body may be JSON lines)."""

    __slots__ = ("langs", "kinds", "sentences", "tables")

    def __init__(self) -> None:
        self.langs: list[str] = []  # one per sentence, counted at the end (in C)
        self.kinds: Counter[str] = Counter()
        self.sentences = 0
        self.tables = 0


def _body(
    doc: Document, as_json: bool
) -> tuple[list[dict[str, Any] | str], list[dict[str, Any]], _Stats]:
    """The body records (tables, sentences) in reading order, the footnotes and the counts.

    With ``as_json`` a sentence is, where ``_sentence_line`` can make it, its JSON line
    rather than its dict; footnote references are linked either way.
    """
    seen: set[str] = set()
    body: list[dict[str, Any] | str] = []
    footnotes: list[dict[str, Any]] = []
    note_blocks: list[tuple[Block, str]] = []
    with_refs: list[dict[str, Any]] = []  # records whose references _link_footnotes fills in
    pending: list[tuple[int, list[dict[str, Any]]]] = []  # lines waiting for their references
    stats = _Stats()
    langs = stats.langs
    doc_id, raw = doc.doc_id, doc.raw
    head = f'{{"type":"sentence","schema":{_enc(SCHEMA_VERSION)},"doc_id":{_enc(doc_id)},"id":'
    for block in doc.blocks if doc.status == "ok" and not doc.duplicate_of else []:
        if block.kind == "table":
            span = block.text.raw_span(0, len(block.text))
            body.append(
                {
                    "type": "table",
                    "schema": SCHEMA_VERSION,
                    "doc_id": doc.doc_id,
                    "id": unique_id(f"{doc.doc_id}:{span[0]}-{span[1]}", seen),
                    "page": block.page,
                    "kind": "table",
                    "rows": block.rows or [],
                    "raw_span": list(span),
                }
            )
            stats.tables += 1
            continue
        first_id = None
        kind, page = block.kind, block.page
        note = block.note_id if kind == "footnote" else None
        if block.sentences:  # (a Counter keeps a key added with 0)
            stats.kinds[kind] += len(block.sentences)
            stats.sentences += len(block.sentences)
        # the part of a sentence's line between its id and its language, the same for the block
        mid = None
        if as_json and type(page) is int and type(kind) is str:
            mid = f',"page":{page},"kind":{_enc(kind)},"lang":'
            note_json = "" if note is None else f',"note":{_encode_any(note)}'
        for s in block.sentences:
            t = s.text
            segs, sh = t.segment_tuples()
            span = t.raw_span(0, len(t.text))
            sid = unique_id(f"{doc_id}:{span[0]}-{span[1]}", seen)
            first_id = first_id or sid
            langs.append(s.lang)
            parts = None
            if len(segs) > 1:  # one segment is at most one part, and one part is not written
                parts = _raw_parts(segs, sh, t.text, raw)
                if len(parts) < 2:
                    parts = None
            if mid is not None:
                line = _sentence_line(head, sid, mid, s, span, parts, note_json)
                if line is not None:
                    if s.footnote_refs:  # the line is finished once the references are linked
                        refs = [dict(r) for r in s.footnote_refs]
                        with_refs.append({"footnote_refs": refs})
                        pending.append((len(body), refs))
                    body.append(line)
                    continue
            rec: dict[str, Any] = {
                "type": "sentence",
                "schema": SCHEMA_VERSION,
                "doc_id": doc_id,
                "id": sid,
                "page": page,
                "kind": kind,
                "lang": s.lang,
                "lang_conf": round(s.lang_conf, 3),
                "text": t.text,
                "raw_span": list(span),
            }
            if parts is not None:
                rec["raw_parts"] = parts
            if note is not None:
                rec["note"] = note
            if s.footnote_refs:
                rec["footnote_refs"] = [dict(r) for r in s.footnote_refs]
                with_refs.append(rec)
            if s.entities is not None:
                rec["entities"] = s.entities
            if s.dates is not None:
                rec["dates"] = s.dates
            body.append(rec)
        if block.kind == "footnote" and first_id:
            note_blocks.append((block, first_id))
            footnotes.append({"note": block.note_id, "id": first_id, "page": block.page})
    _link_footnotes(with_refs, note_blocks)
    for i, refs in pending:
        before, after = body[i].split(_REFS_SLOT, 1)  # type: ignore[union-attr]
        body[i] = f"{before}{_encode_any(refs)}{after}"
    return body, footnotes, stats


def _sentence_line(
    head: str,
    sid: str,
    mid: str,
    s: Any,
    span: tuple[int, int],
    parts: list[list[int]] | None,
    note_json: str,
) -> str | None:
    """The sentence's JSON line, as ``dumps`` of its record would write it, or None when a
    value is not of the type this template assumes (then the record is built as a dict).

    ``json`` writes a str with ``encode_basestring``, an int with ``int.__repr__`` and a float
    with ``float.__repr__`` (finite ones; nan and infinities differ), so exactly those types
    are written here; lists (parts, entities, dates) go through the same C encoder.
    """
    lang, conf = s.lang, round(s.lang_conf, 3)
    a, b = span
    if (
        type(lang) is not str
        or type(conf) is not float
        or not -_INF < conf < _INF
        or type(a) is not int
        or type(b) is not int
    ):
        return None
    tail = "" if parts is None else f',"raw_parts":{_encode_any(parts)}'
    tail += note_json
    if s.footnote_refs:
        tail += f',"footnote_refs":{_REFS_SLOT}'
    if s.entities is not None:
        tail += f',"entities":{_encode_any(s.entities)}'
    if s.dates is not None:
        tail += f',"dates":{_encode_any(s.dates)}'
    return (
        f"{head}{_enc(sid)}{mid}{_enc(lang)},"
        f'"lang_conf":{float.__repr__(conf)},"text":{_enc(s.text.text)},'
        f'"raw_span":[{a},{b}]{tail}}}'
    )


def _link_footnotes(body: list[dict[str, Any]], notes: list[tuple[Block, str]]) -> None:
    """Point every reference mark at its note: a numbered mark at the note with that number,
    a starred mark at the first not yet claimed note with the same stars."""
    claimed: set[str] = set()
    for rec in body:
        for ref in rec.get("footnote_refs", ()):
            cands = [fid for b, fid in notes if b.note_id == ref["note"]]
            if not ref["note"].isdigit():
                cands = [c for c in cands if c not in claimed]
            if cands:
                ref["target"] = cands[0]
                claimed.add(cands[0])


def document_record(
    doc: Document,
    body: list[dict[str, Any]] | None = None,
    footnotes: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    stats = _Stats()
    for r in body or []:
        if r["type"] == "sentence":
            stats.langs.append(r["lang"])
            stats.kinds[r["kind"]] += 1
            stats.sentences += 1
        elif r["type"] == "table":
            stats.tables += 1
    return _document_record(doc, stats, footnotes)


def _document_record(
    doc: Document, stats: _Stats, footnotes: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "type": "document",
        "schema": SCHEMA_VERSION,
        "doc_id": doc.doc_id,
        "source": doc.source,
        "sha256": doc.sha256,
        "status": doc.status,
        "pipeline": doc.pipeline,
    }
    if doc.status == "error":
        rec["error"] = doc.error
        return rec
    rec.update(
        {
            "encoding": doc.encoding,
            "chars": len(doc.raw),
            "pages": len(doc.pages),
            "languages": dict(sorted(Counter(stats.langs).items())),
            "repairs": doc.repairs,
            "layout": doc.layout_counts,
            "duplicates": doc.duplicates,
            "footnotes": footnotes or [],
            "counts": {
                "sentences": stats.sentences,
                "tables": stats.tables,
                "kinds": dict(sorted(stats.kinds.items())),
            },
            "stages": doc.stages_run,
        }
    )
    if doc.duplicate_of:
        rec["duplicate_of"] = doc.duplicate_of
    return rec


# One encoder for every record: ``json.dumps`` with options builds a new encoder per call, and
# ``JSONEncoder.encode`` a new C encoder per call; the C encoder is built once here (without
# cycle checks: records are trees), and the output is the same as ``json.dumps``'s.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_C_ENCODE = (
    json.encoder.c_make_encoder(
        None, _ENCODER.default, json.encoder.encode_basestring, None, ":", ",", False, False, True
    )
    if json.encoder.c_make_encoder is not None
    else None
)


_enc = json.encoder.encode_basestring  # what the encoder writes a str with
# where a sentence line's footnote references go once linked: a NUL never occurs in the rest of
# a JSON line (the encoder escapes it in strings)
_REFS_SLOT = "\x00"

_INF = float("inf")


def _encode_any(value: Any) -> str:
    """``dumps`` of any JSON value (a list, a str...); an empty list without the encoder."""
    if type(value) is list and not value:
        return "[]"
    if _C_ENCODE is None:
        return _ENCODER.encode(value)
    return "".join(_C_ENCODE(value, 0))


def dumps(rec: dict[str, Any]) -> str:
    if _C_ENCODE is None:
        return _ENCODER.encode(rec)
    return "".join(_C_ENCODE(rec, 0))


def output_path(out_dir: Path, doc_id: str) -> Path:
    return out_dir / f"{doc_id}.jsonl"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_document(doc: Document, out_dir: Path) -> Path:
    """Write the document's records to ``out_dir/<doc_id>.jsonl`` atomically."""
    path = output_path(out_dir, doc.doc_id)
    _write_lines(path, lines(doc))
    return path


def mark_duplicate(path: Path, duplicate_of: str, keep: bool = False) -> None:
    """Rewrite a written document as a repeat of an earlier one: the document record says
    which, and its sentences go (unless kept on request), so a corpus holds each text once."""
    with open(path, encoding="utf-8") as f:
        first = json.loads(f.readline())
        rest = f.read().splitlines() if keep else []
    first["duplicate_of"] = duplicate_of
    first["sentences_written"] = keep
    _write_lines(path, [dumps(first), *rest])


def _write_lines(path: Path, lines) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            for line in lines:
                f.write(line)
                f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
