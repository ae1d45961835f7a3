"""CorpusIndex: near-duplicates found, distinct documents not; persistent, atomic, concurrent."""

from __future__ import annotations

import multiprocessing as mp
import os
import random
import sqlite3
import textwrap
import unicodedata
from pathlib import Path

import pytest

from pipeline.dedup import CorpusIndex, IndexParams
from pipeline.dedup.index import band_query

WORDS = (
    "arşiv belge mektup heyet meclis kongre antlaşma sınır demiryolu liman vapur telgraf "
    "komisyon elçilik rapor toplantı karar görüşme yardım tüfek cephane altın ruble buğday "
    "committee treaty border railway harbour report meeting delegate envoy telegram grain "
    "komitə müqavilə sərhəd hesabat iclas nümayəndə teleqram taxıl kənd çay şəhər"
).split()


def document(seed: int, n_words: int = 400) -> str:
    rng = random.Random(seed)
    words = [rng.choice(WORDS) + ("." if rng.random() < 0.08 else "") for _ in range(n_words)]
    return "\n".join(textwrap.wrap(" ".join(words), 66)) + "\n"


def rescan(text: str, rate: float, seed: int) -> str:
    rng = random.Random(seed)
    out = []
    for ch in text:
        if ch.isalpha() and rng.random() < rate:
            out.append(rng.choice(["", ch + ch, "e", "l", "ı"]))
        else:
            out.append(ch)
    return "\n".join(textwrap.wrap(" ".join("".join(out).split()), 58)) + "\n"


def test_duplicates_found_distinct_documents_not(tmp_path: Path):
    idx = CorpusIndex(tmp_path / "index.sqlite")
    for i in range(30):
        assert idx.check_and_add(f"doc{i}", document(i)) is None
    base = document(7)
    assert idx.check("copy.txt", base) == "doc7"  # exact, other name
    nfd = unicodedata.normalize("NFD", base).replace("\n", "\r\n").upper()
    assert idx.check("nfd.txt", nfd) == "doc7"  # other encoding form, case, line ends
    assert idx.check("scan.txt", rescan(base, 0.03, 1)) == "doc7"  # rescanned with noise
    assert idx.check("scan5.txt", rescan(base, 0.05, 2)) == "doc7"
    assert idx.check("new.txt", document(999)) is None  # same vocabulary, other text
    assert idx.check("doc7", base) is None  # a document is not a duplicate of itself
    assert idx.check("tiny", "short") is None
    assert len(idx) == 30 and "doc7" in idx
    idx.close()


def test_persistent_across_runs_and_replaces_same_id(tmp_path: Path):
    path = tmp_path / "out" / "index.sqlite"
    with CorpusIndex(path) as idx:
        idx.add("a", document(1))
        idx.add("b", document(2))
    with CorpusIndex(path) as idx:  # a later batch run sees the earlier one
        assert idx.check("c", rescan(document(1), 0.02, 3)) == "a"
        idx.add("a", document(3))  # same id again: replaced, not duplicated
        assert len(idx) == 2
        assert idx.check("c", document(1)) is None
        assert idx.check("c", document(3)) == "a"
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_parameters_are_checked_on_reopen(tmp_path: Path):
    path = tmp_path / "index.sqlite"
    CorpusIndex(path).close()
    with pytest.raises(ValueError):
        CorpusIndex(path, IndexParams(shingle=5))


def test_deterministic_for_the_same_order(tmp_path: Path):
    docs = [(f"d{i}", document(i % 7 if i % 3 == 0 else 100 + i)) for i in range(25)]

    def answers(path: Path) -> list[str | None]:
        with CorpusIndex(path) as idx:
            return [idx.check_and_add(d, t) for d, t in docs]

    first = answers(tmp_path / "a.sqlite")
    assert first == answers(tmp_path / "b.sqlite")
    assert first[0] is None and first[21] == "d0"  # 21 % 7 == 0: the same text as d0


def _worker(path: str, worker: int, out: mp.Queue) -> None:
    idx = CorpusIndex(path)
    found = []
    for i in range(8):
        # every worker also offers the same shared text: exactly one may win it
        text = document(5000) if i == 4 else document(1000 * worker + i)
        found.append((f"w{worker}-{i}", idx.check_and_add(f"w{worker}-{i}", text)))
    idx.close()
    out.put(found)


def test_concurrent_workers(tmp_path: Path):
    path = str(tmp_path / "index.sqlite")  # not created yet: the workers race to create it
    ctx = mp.get_context("fork")
    out: mp.Queue = ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(path, w, out)) for w in range(3)]
    for p in procs:
        p.start()
    results = [r for _ in procs for r in out.get(timeout=120)]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    with CorpusIndex(path) as idx:
        assert len(idx) == 24
    shared = [found for doc_id, found in results if doc_id.endswith("-4")]
    assert shared.count(None) == 1  # check_and_add is atomic: one original, two duplicates
    assert all(found is None for doc_id, found in results if not doc_id.endswith("-4"))


def _crash_mid_transaction(path: str) -> None:
    idx = CorpusIndex(path)
    idx._db.execute("BEGIN IMMEDIATE")
    idx._insert("half", idx.fingerprint(document(77)))
    os._exit(1)  # killed before COMMIT


def test_crash_leaves_a_consistent_index(tmp_path: Path):
    path = str(tmp_path / "index.sqlite")
    with CorpusIndex(path) as idx:
        idx.add("kept", document(76))
    ctx = mp.get_context("fork")
    p = ctx.Process(target=_crash_mid_transaction, args=(path,))
    p.start()
    p.join(timeout=60)
    assert p.exitcode == 1
    with CorpusIndex(path) as idx:
        assert "half" not in idx and "kept" in idx
        assert idx.check("again", document(76)) == "kept"
        assert idx.check_and_add("half", document(77)) is None  # the write lock was released


def test_lookups_are_index_probes_not_scans(tmp_path: Path):
    idx = CorpusIndex(tmp_path / "index.sqlite")
    for i in range(5):
        idx.add(f"d{i}", document(i))
    n = idx.params.bands
    plan = idx._db.execute("EXPLAIN QUERY PLAN " + band_query(n), [0] * (2 * n)).fetchall()
    details = [row[-1] for row in plan]
    assert sum("USING PRIMARY KEY" in d for d in details) == n
    assert not any(d.startswith("SCAN") for d in details)
    idx.close()


def test_fast_signature_equals_datasketch_update_batch() -> None:
    """The numpy affine32 path must give datasketch's own signature (indexes store them)."""
    import numpy as np

    datasketch = pytest.importorskip("datasketch", reason="datasketch (dev extra) is the reference")
    from pipeline.dedup.index import DEFAULT_INDEX_PARAMS, SCHEME, Fingerprint, _shingle_hashes
    from pipeline.dedup.normalize import normalized_codes

    p = DEFAULT_INDEX_PARAMS
    empty = Fingerprint("", p)
    ref_empty = datasketch.MinHash(num_perm=p.num_perm, seed=p.seed, scheme=SCHEME)
    assert empty.hashvalues.dtype == ref_empty.hashvalues.dtype
    assert np.array_equal(empty.hashvalues, ref_empty.hashvalues)
    # long enough for several blocks of distinct k-grams, with repeated k-grams in it
    text = "".join(document(s, 2500) for s in range(3)) + document(0, 2500)
    codes = normalized_codes(text)
    hashes = _shingle_hashes(codes[codes != 10], p.shingle)
    ref = datasketch.MinHash(num_perm=p.num_perm, seed=p.seed, hashfunc=int, scheme=SCHEME)
    ref.update_batch(np.unique(hashes).tolist())
    fp = Fingerprint(text, p)
    assert np.array_equal(fp.hashvalues, ref.hashvalues)
    assert fp.n_chars == len("".join(normalize_lines_ref(text)))


def normalize_lines_ref(text: str) -> list[str]:
    """Line-by-line normalisation, the reference the vectorised one must equal."""
    from pipeline.dedup.normalize import normalize_line, split_lines

    return [normalize_line(text[a:b]) for a, b in split_lines(text)]
