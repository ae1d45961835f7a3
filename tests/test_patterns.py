"""has_top_level_bar: what the layout and langid data-pattern shortcuts rely on."""

from __future__ import annotations

import re

import pytest

from pipeline.patterns import has_top_level_bar


@pytest.mark.parametrize(
    "pattern, expected",
    [
        (r"\bA|B", True),
        (r"\b(?:A|B)", False),
        (r"[|]x", False),
        (r"\|x", False),
        (r"[]|]x", False),  # ']' opening a class is a literal
        (r"[^]|]x", False),
        (r"(a)|b", True),
        (r"a(b|c)d", False),
        (r"\d-ci|nci", True),
    ],
)
def test_top_level_bar(pattern: str, expected: bool) -> None:
    re.compile(pattern)  # every case is a valid pattern
    assert has_top_level_bar(pattern) is expected
