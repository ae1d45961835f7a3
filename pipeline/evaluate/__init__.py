"""Scoring the stages against gold files in the format of ``../shared/gold``.

Each scorer is a module here exposing ``evaluate(shared_dir) -> dict`` (JSON-able metrics)
and ``render(metrics) -> str``; ``python -m pipeline evaluate`` runs them all.
"""

from __future__ import annotations

SCORERS = (
    "langid",
    "segment",
    "blocks",
    "footnotes",
    "dedup",
    "repair",
    "entities",
    "dates",
    "end_to_end",
)


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 (0 when undefined) with the counts they came from."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }
