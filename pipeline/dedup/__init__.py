"""Dedup (first version): nothing is dropped yet."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Repeat:
    start: int
    end: int
    kept_start: int
    kept_end: int
    score: float


def find_repeats(text, pages) -> list[Repeat]:
    return []
