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
    part ends) only compares offsets, and text is sliced only for replacements and gaps.
    """
    ranges: list[list[int]] = []
    end = -1  # end of the last part
    for cs, ce, rs, re_, exact in segs:
        if re_ <= rs:
            continue
        if not exact and not clean[cs - sh : ce - sh].strip() and raw[rs:re_].strip():
            continue
        if ranges:
            if rs <= end:
                if re_ > end:
                    end = ranges[-1][1] = re_
                continue
            if not raw[end:rs].replace("-", "").strip():
                end = ranges[-1][1] = re_
                continue
        ranges.append([rs, re_])
        end = re_
    return ranges


def records(doc: Document) -> Iterator[dict[str, Any]]:
    """The document record first, then sentences and tables in reading order."""
    seen: set[str] = set()
    body: list[dict[str, Any]] = []
    footnotes: list[dict[str, Any]] = []
    note_blocks: list[tuple[Block, str]] = []
    doc_id, raw = doc.doc_id, doc.raw
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
            continue
        first_id = None
        kind, page = block.kind, block.page
        note = block.note_id if kind == "footnote" else None
        for s in block.sentences:
            t = s.text
            segs, sh = t.segment_tuples()
            span = t.raw_span(0, len(t.text))
            sid = unique_id(f"{doc_id}:{span[0]}-{span[1]}", seen)
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
            if len(segs) > 1:  # one segment is at most one part, and one part is not written
                parts = _raw_parts(segs, sh, t.text, raw)
                if len(parts) > 1:
                    rec["raw_parts"] = parts
            if note is not None:
                rec["note"] = note
            if s.footnote_refs:
                rec["footnote_refs"] = [dict(r) for r in s.footnote_refs]
            if s.entities is not None:
                rec["entities"] = s.entities
            if s.dates is not None:
                rec["dates"] = s.dates
            first_id = first_id or sid
            body.append(rec)
        if block.kind == "footnote" and first_id:
            note_blocks.append((block, first_id))
            footnotes.append({"note": block.note_id, "id": first_id, "page": block.page})
    _link_footnotes(body, note_blocks)
    yield document_record(doc, body, footnotes)
    yield from body


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
    body = body or []
    sentences = [r for r in body if r["type"] == "sentence"]
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
            "languages": dict(sorted(Counter(r["lang"] for r in sentences).items())),
            "repairs": doc.repairs,
            "layout": doc.layout_counts,
            "duplicates": doc.duplicates,
            "footnotes": footnotes or [],
            "counts": {
                "sentences": len(sentences),
                "tables": sum(1 for r in body if r["type"] == "table"),
                "kinds": dict(sorted(Counter(r["kind"] for r in sentences).items())),
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
    _write_lines(path, (dumps(rec) for rec in records(doc)))
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
