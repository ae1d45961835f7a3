"""The text layer of a PDF, page by page.

Pages are joined with a form feed so that the decoded text is one string (every ``raw_span``
points into it) and page boundaries stay certain evidence for the layout stage.
"""

from __future__ import annotations

import io
import logging

from pipeline.ingest.decode import NotText


def pdf_text(data: bytes) -> str:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as e:  # pragma: no cover - pypdf is a hard dependency
        raise NotText("pypdf is not installed; cannot read PDF") from e
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception as e:
                raise NotText("encrypted PDF; cannot read its text layer") from e
        pages = [(page.extract_text() or "") for page in reader.pages]
    except NotText:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as e:
        raise NotText(f"unreadable PDF: {e}") from e
    if not any(p.strip() for p in pages):
        raise NotText(f"PDF has no text layer ({len(pages)} pages, scanned images only?)")
    return "\f".join(p.rstrip("\n") for p in pages)
