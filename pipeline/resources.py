"""Where language data and the shared gold live, and how data files are read.

Language knowledge is data under ``models/`` so that a linguist can extend it without reading
Python. Every stage reads it through these helpers, which also cache, so a word list is parsed
once per process and not once per document.
"""

from __future__ import annotations

import csv
import json
import os
from functools import cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def models_dir() -> Path:
    """``$SCANPIPE_MODELS`` or the ``models/`` folder beside the package."""
    env = os.environ.get("SCANPIPE_MODELS")
    return Path(env) if env else REPO_ROOT / "models"


def shared_dir() -> Path | None:
    """The shared seeds and gold (``$SCANPIPE_SHARED`` or ``../shared``), if present."""
    env = os.environ.get("SCANPIPE_SHARED")
    for cand in ([Path(env)] if env else []) + [REPO_ROOT.parent / "shared"]:
        if (cand / "gold").is_dir() or (cand / "seeds").is_dir():
            return cand
    return None


def model_path(*parts: str) -> Path:
    return models_dir().joinpath(*parts)


@cache
def read_list(*parts: str) -> tuple[str, ...]:
    """A word list: one entry a line, ``#`` starts a comment, blank lines ignored."""
    out = []
    with open(model_path(*parts), encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip() if not line.lstrip().startswith("\\#") else line
            if line:
                out.append(line)
    return tuple(out)


@cache
def read_tsv(*parts: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated file; ``#`` lines are comments."""
    rows = []
    with open(model_path(*parts), encoding="utf-8", newline="") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if not row or not row[0].strip() or row[0].lstrip().startswith("#"):
                continue
            rows.append(tuple(c.strip() for c in row))
    return tuple(rows)


@cache
def read_json(*parts: str):
    with open(model_path(*parts), encoding="utf-8") as f:
        return json.load(f)
