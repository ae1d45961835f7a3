"""Deduplication: repeated stretches inside a document, repeated documents across a corpus.

``find_repeats`` (within a document) and ``CorpusIndex`` (across documents, persistent in
SQLite) are the stage contract of docs/ARCHITECTURE.md.
"""

from pipeline.dedup.index import DEFAULT_INDEX_PARAMS, CorpusIndex, IndexParams
from pipeline.dedup.repeats import DEFAULT_PARAMS, Repeat, RepeatParams, find_repeats

__all__ = [
    "CorpusIndex",
    "DEFAULT_INDEX_PARAMS",
    "IndexParams",
    "DEFAULT_PARAMS",
    "Repeat",
    "RepeatParams",
    "find_repeats",
]
