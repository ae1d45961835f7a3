"""Tag: entities and dates over sentences.

The two taggers live in their own packages (``pipeline.ner``, ``pipeline.dates``); this
module combines them for the ``tag`` stage and command. A tagger that is not part of the
installation is left out, and so are its keys in the records: an empty list would read as
"looked and found nothing".
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any

Result = tuple[list[dict[str, Any]] | None, list[dict[str, Any]] | None]


def _available(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


@lru_cache(maxsize=1)
def _entity_tagger():
    if not _available("pipeline.ner"):
        return None
    return importlib.import_module("pipeline.ner").EntityTagger()


def _date_finder():
    if not _available("pipeline.dates"):
        return None
    return importlib.import_module("pipeline.dates").find_dates


def tagger_for_documents() -> Callable[[Iterable[tuple[str, str]]], Iterator[Result]] | None:
    """A function from the ``(text, lang)`` sentences of one document to their
    ``(entities, dates)``, or None if neither tagger is installed."""
    ents = _entity_tagger()
    dates = _date_finder()
    if ents is None and dates is None:
        return None

    def run(items: Iterable[tuple[str, str]]) -> Iterator[Result]:
        items = list(items)
        # the items are one document's sentences: the tagger uses the document as context
        ent_lists = ents.tag_document(items) if ents is not None else iter(lambda: None, 0)
        for (text, lang), e in zip(items, ent_lists):
            yield e, (dates(text, lang) if dates is not None else None)

    return run
