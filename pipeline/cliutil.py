"""Small helpers shared by the stage commands."""

from __future__ import annotations

import sys
from pathlib import Path


def read_input(name: str | None) -> str:
    """The text of FILE, or of standard input for ``-`` (decoded like any ingested file)."""
    if name in (None, "-"):
        data = sys.stdin.buffer.read()
    else:
        data = Path(name).read_bytes()
    from pipeline.ingest.decode import NotText, decode_bytes

    try:
        return decode_bytes(data).text
    except NotText as e:
        if not data.strip():
            return ""
        raise SystemExit(f"error: {name or 'stdin'}: {e}") from e
