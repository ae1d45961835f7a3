"""Ingest: files and folders in, decoded documents out.

Nothing is lost: the decoded text is kept whole as ``Document.raw`` and every later offset
maps back into it. A file that cannot be read becomes a document with ``status: "error"``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.document import Document, unique_id
from pipeline.ingest.decode import NotText, decode_bytes
from pipeline.ingest.pdf import pdf_text
from pipeline.textmap import MappedText

PDF_SUFFIXES = {".pdf"}


@dataclass(frozen=True)
class Source:
    """A file to process and the id its records will carry."""

    path: Path
    doc_id: str


def discover(inputs: Iterable[str | Path]) -> list[Source]:
    """Files under the inputs, sorted, with ids relative to the folder given (stable across
    runs and machines, unlike absolute paths)."""
    out: list[Source] = []
    seen: set[str] = set()
    for inp in inputs:
        p = Path(inp)
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith("."))
            for f in files:
                rel = f.relative_to(p).as_posix()
                out.append(Source(f, unique_id(rel, seen)))
        else:
            out.append(Source(p, unique_id(p.name, seen)))
    return out


def read_document(src: Source) -> Document:
    """Decode one file. Errors are recorded on the document, never raised."""
    doc = Document(doc_id=src.doc_id, source=str(src.path))
    try:
        data = src.path.read_bytes()
    except OSError as e:
        doc.fail("ingest", f"cannot read file: {e.strerror or e}")
        return doc
    doc.sha256 = hashlib.sha256(data).hexdigest()
    try:
        if src.path.suffix.lower() in PDF_SUFFIXES or data.startswith(b"%PDF-"):
            doc.raw, doc.encoding = pdf_text(data), "pdf"
        else:
            d = decode_bytes(data)
            doc.raw, doc.encoding = d.text, d.encoding
    except NotText as e:
        doc.fail("ingest", str(e))
        return doc
    doc.text = MappedText(doc.raw)
    return doc


def read_text(text: str, doc_id: str = "stdin") -> Document:
    """A document from text already in memory (stage commands, tests)."""
    doc = Document(doc_id=doc_id, source=doc_id, raw=text, encoding="utf-8")
    doc.sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    doc.text = MappedText(text)
    return doc


def iter_documents(sources: Iterable[Source]) -> Iterator[Document]:
    for s in sources:
        yield read_document(s)
