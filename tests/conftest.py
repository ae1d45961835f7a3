"""Shared fixtures: the seeds and gold live outside the repo and are read, never copied."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.resources import shared_dir


@pytest.fixture(scope="session")
def shared() -> Path:
    d = shared_dir()
    if d is None:
        pytest.skip("../shared (seeds and gold) is not present beside the repo")
    return d


@pytest.fixture(scope="session")
def seeds(shared: Path) -> dict[str, Path]:
    d = shared / "seeds"
    if not d.is_dir():
        pytest.skip("../shared/seeds is not present")
    return {p.name[:3]: p for p in sorted(d.glob("*.txt"))}
