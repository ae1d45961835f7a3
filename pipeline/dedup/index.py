"""Cross-document duplicates: a persistent MinHash/LSH index in SQLite.

A batch run over new scans must not re-add a document an earlier run already holds, even when
the new copy has another file name, another encoding, or was rescanned with OCR noise. Each
document is reduced to the set of character k-grams of its letter stream (see ``normalize``:
case, spacing, punctuation and line breaks do not matter), summarised by a datasketch MinHash
signature, and indexed by LSH bands. Bands live in an indexed SQLite table, so a lookup is a
handful of B-tree probes whose cost grows with log(corpus), not with the corpus. Candidates
from the bands are verified by the estimated Jaccard similarity of the full signatures.

Durability and concurrency come from SQLite itself: WAL journal (readers never block the
writer, a crash loses at most the transaction in flight and never corrupts the index), a busy
timeout (several worker processes simply queue for the write lock) and ``check_and_add`` as one
``BEGIN IMMEDIATE`` transaction (two workers cannot both decide that the same new text is
original).
"""

from __future__ import annotations

import hashlib
import sqlite3
import struct
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from pipeline.dedup.normalize import letter_codes, window_hashes

SCHEMA_VERSION = "2"  # 2: numpy polynomial shingle hashes
# datasketch's permutation scheme whose signatures the index stores. The arithmetic is done
# here in numpy (see _affine32_minima); importing datasketch itself pulls in scipy, which cost
# every worker ~57 MB and 1.2 s for nothing. tests/test_dedup_index.py checks that the
# signatures equal datasketch's.
SCHEME = "affine32"


@dataclass(frozen=True, slots=True)
class IndexParams:
    """Signature and LSH shape; stored in the index and checked when it is reopened."""

    # 6 letters per k-gram: measured on the benchmark corpus, rescans with 1-5% noise keep a
    # Jaccard >= 0.53 with their original while distinct documents stay <= 0.11 (5-grams share
    # too many suffixes, 7-grams lose too many to noise)
    shingle: int = 6
    num_perm: int = 126
    bands: int = 42  # 42 bands x 3 rows: a pair at Jaccard 0.45 is a candidate with p = 0.98,
    # a pair at 0.1 with p = 0.04, so lookups touch few documents however large the corpus
    threshold: float = 0.3  # estimated Jaccard needed to call two documents the same
    min_chars: int = 40  # texts with fewer letters are never declared duplicates
    seed: int = 1


DEFAULT_INDEX_PARAMS = IndexParams()


def band_query(bands: int) -> str:
    """The candidate lookup: one primary-key probe per band, united (no table scan)."""
    return " UNION ".join(["SELECT seq FROM bands WHERE band = ? AND key = ?"] * bands)


def _shingle_hashes(codes: np.ndarray, k: int) -> np.ndarray:
    """32-bit hashes of the character k-grams of a letter stream given as code points.

    Hashing every k-gram in Python (datasketch's default SHA-1 per item) dominated the cost of a
    document; a polynomial hash over the code points in numpy gives the same set semantics. The
    hashes are the items MinHash permutes, so they must never change for an existing index:
    the scheme is recorded in the index's meta table. Repeated k-grams are *not* removed: a
    minimum does not change when an item occurs twice, and ``np.unique`` cost more than the
    permutations it saved.
    """
    if len(codes) < k:
        return np.zeros(0, dtype=np.uint64)
    h = window_hashes(codes, k, 1_000_003)
    with np.errstate(over="ignore"):
        h ^= h >> np.uint64(29)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(32)
    return h & np.uint64(0xFFFFFFFF)


_CHUNK = 8192  # distinct k-grams per block of the permutation matrix (num_perm x 8192 uint32)


def _affine32_minima(hashes: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``min over h of (a * fmix32(h) + b) mod 2**32`` per permutation: datasketch's affine32.

    The same arithmetic as ``MinHash.update_batch`` with the ``affine32`` scheme (MurmurHash3's
    32-bit finaliser, then one affine map per permutation, uint32 wrap-around), but fed from a
    numpy array in blocks: ``update_batch`` calls the hash function once per item in Python and
    builds the whole items x permutations matrix, which made it the slowest step of a worker.
    ``tests/test_dedup_index.py`` checks that both give the same signature.
    """
    hv = hashes.astype(np.uint32)
    hv ^= hv >> np.uint32(16)
    hv *= np.uint32(0x85EBCA6B)
    hv ^= hv >> np.uint32(13)
    hv *= np.uint32(0xC2B2AE35)
    hv ^= hv >> np.uint32(16)
    hv.sort()  # distinct items only: a sort is cheap next to num_perm products per item
    if len(hv) > 1:
        hv = hv[np.concatenate(([True], hv[1:] != hv[:-1]))]
    a = a.astype(np.uint32)[:, None]
    b = b.astype(np.uint32)[:, None]
    out = np.full(a.shape[0], 0xFFFFFFFF, dtype=np.uint32)
    buf = np.empty((a.shape[0], min(_CHUNK, len(hv))), dtype=np.uint32)  # reused: no allocation
    for c in range(0, len(hv), _CHUNK):
        x = hv[None, c : c + _CHUNK]
        block = buf[:, : x.shape[1]]
        np.multiply(a, x, out=block)
        block += b
        np.minimum(out, block.min(axis=1), out=out)
    return out


@cache
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The affine32 permutations datasketch 2.x draws for ``seed`` (``MinHash.permutations``):
    odd multipliers ``a`` and offsets ``b``, from one RandomState, in that order."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def _signed64(b: bytes) -> int:
    return struct.unpack("<q", b)[0]


class Fingerprint:
    """What the index stores about one text: exact digest, MinHash signature, band keys."""

    __slots__ = ("digest", "hashvalues", "band_keys", "n_chars")

    def __init__(self, text: str, params: IndexParams) -> None:
        codes = letter_codes(text)  # the letter stream: lines joined without separators
        self.n_chars = len(codes)
        stream = codes.tobytes().decode("utf-32-le")
        self.digest = hashlib.sha1(stream.encode("utf-8")).hexdigest()
        hashes = _shingle_hashes(codes, params.shingle)
        # the MinHash signature: an empty one is all 0xFFFFFFFF, as datasketch initialises it
        self.hashvalues = np.full(params.num_perm, 0xFFFFFFFF, dtype=np.uint32)
        if len(hashes):
            a, b = _permutations(params.num_perm, params.seed)
            self.hashvalues = _affine32_minima(hashes, a, b)
        rows = params.num_perm // params.bands
        hv = self.hashvalues.astype(np.uint64)
        self.band_keys = [
            _signed64(
                hashlib.blake2b(
                    hv[b * rows : (b + 1) * rows].tobytes(), digest_size=8, person=b"lsh%05d" % b
                ).digest()
            )
            for b in range(params.bands)
        ]

    @property
    def signature(self) -> bytes:
        return self.hashvalues.astype(np.uint64).tobytes()


class CorpusIndex:
    """Persistent cross-document near-duplicate index (SQLite, WAL, MinHash LSH).

    ``check(doc_id, text)`` returns the id of an earlier document this text duplicates (or
    None); ``add(doc_id, text)`` records it; ``check_and_add`` does both atomically. Answers are
    deterministic for a given order of additions: among several earlier near-duplicates the most
    similar wins, ties going to the one added first.
    """

    def __init__(
        self,
        path: str | Path,
        params: IndexParams = DEFAULT_INDEX_PARAMS,
        timeout: float = 60.0,
    ) -> None:
        self.path = str(path)
        self.params = params
        self.last_candidates = 0  # documents the last lookup verified (for benchmarks)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        self._db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        if self.path != ":memory:":
            self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = NORMAL")
        self._init_schema()

    # -- schema ------------------------------------------------------------------------------
    def _init_schema(self) -> None:
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            db.execute(
                "CREATE TABLE IF NOT EXISTS docs ("
                " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                " doc_id TEXT NOT NULL UNIQUE,"
                " digest TEXT NOT NULL,"
                " n_chars INTEGER NOT NULL,"
                " sig BLOB NOT NULL)"
            )
            db.execute("CREATE INDEX IF NOT EXISTS docs_digest ON docs(digest)")
            db.execute(
                "CREATE TABLE IF NOT EXISTS bands ("
                " band INTEGER NOT NULL, key INTEGER NOT NULL, seq INTEGER NOT NULL,"
                " PRIMARY KEY (band, key, seq)) WITHOUT ROWID"
            )
            db.execute("CREATE INDEX IF NOT EXISTS bands_seq ON bands(seq)")
            want = {
                "schema": SCHEMA_VERSION,
                "shingle": str(self.params.shingle),
                "num_perm": str(self.params.num_perm),
                "bands": str(self.params.bands),
                "seed": str(self.params.seed),
                "scheme": SCHEME,
            }
            have = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if not have:
                db.executemany("INSERT INTO meta VALUES (?, ?)", sorted(want.items()))
            elif have != want:
                raise ValueError(
                    f"index {self.path} was built with {have}, not {want}: use another path"
                )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    # -- public API --------------------------------------------------------------------------
    def fingerprint(self, text: str) -> Fingerprint:
        return Fingerprint(text, self.params)

    def check(self, doc_id: str, text: str | Fingerprint) -> str | None:
        """The doc_id of an earlier document that ``text`` duplicates, or None."""
        fp = text if isinstance(text, Fingerprint) else self.fingerprint(text)
        return self._lookup(doc_id, fp)

    def add(self, doc_id: str, text: str | Fingerprint) -> None:
        """Record ``doc_id`` (replacing an earlier entry under the same id)."""
        fp = text if isinstance(text, Fingerprint) else self.fingerprint(text)
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            self._insert(doc_id, fp)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def check_and_add(self, doc_id: str, text: str | Fingerprint) -> str | None:
        """``check`` then ``add`` in one write transaction, safe across worker processes."""
        fp = text if isinstance(text, Fingerprint) else self.fingerprint(text)
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            found = self._lookup(doc_id, fp)
            self._insert(doc_id, fp)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return found

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM docs").fetchone()[0]

    def __contains__(self, doc_id: object) -> bool:
        row = self._db.execute("SELECT 1 FROM docs WHERE doc_id = ?", (doc_id,)).fetchone()
        return row is not None

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> CorpusIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals ---------------------------------------------------------------------------
    def _lookup(self, doc_id: str, fp: Fingerprint) -> str | None:
        self.last_candidates = 0
        if fp.n_chars < self.params.min_chars:
            return None
        db = self._db
        # A document already in the index (a re-run) is compared only with documents added
        # before it, so re-running a batch never turns an original into a copy of its copy.
        own = db.execute("SELECT seq FROM docs WHERE doc_id = ?", (doc_id,)).fetchone()
        before = own[0] if own else 2**62
        row = db.execute(
            "SELECT doc_id FROM docs WHERE digest = ? AND doc_id != ? AND seq < ?"
            " ORDER BY seq LIMIT 1",
            (fp.digest, doc_id, before),
        ).fetchone()
        if row is not None:
            return row[0]
        # one statement, one index probe per band (a UNION of point lookups on the primary key)
        params = [v for band, key in enumerate(fp.band_keys) for v in (band, key)]
        seqs = {seq for (seq,) in db.execute(band_query(len(fp.band_keys)), params)}
        self.last_candidates = len(seqs)
        if not seqs:
            return None
        mine = fp.hashvalues.astype(np.uint64)
        rows = db.execute(
            f"SELECT seq, doc_id, sig FROM docs WHERE seq IN ({','.join('?' * len(seqs))})"
            " ORDER BY seq",
            sorted(seqs),
        ).fetchall()
        rows = [r for r in rows if r[1] != doc_id and r[0] < before]
        if not rows:
            return None
        # all candidates' signatures compared at once (one numpy operation, not one per row)
        sigs = np.frombuffer(b"".join(r[2] for r in rows), dtype=np.uint64).reshape(len(rows), -1)
        jac = np.count_nonzero(sigs == mine, axis=1) / len(mine)
        best = int(np.argmax(jac))  # first maximum: ties go to the earliest document (seq order)
        if jac[best] < self.params.threshold:
            return None
        return rows[best][1]

    def _insert(self, doc_id: str, fp: Fingerprint) -> None:
        db = self._db
        old = db.execute("SELECT seq, digest FROM docs WHERE doc_id = ?", (doc_id,)).fetchone()
        if old is not None and old[1] == fp.digest:
            return  # unchanged: keep its place in the order of additions
        if old is not None:
            # changed content under the same id keeps the id's place in the order
            seq = old[0]
            db.execute("DELETE FROM bands WHERE seq = ?", (seq,))
            db.execute(
                "UPDATE docs SET digest = ?, n_chars = ?, sig = ? WHERE seq = ?",
                (fp.digest, fp.n_chars, fp.signature, seq),
            )
        else:
            cur = db.execute(
                "INSERT INTO docs (doc_id, digest, n_chars, sig) VALUES (?, ?, ?, ?)",
                (doc_id, fp.digest, fp.n_chars, fp.signature),
            )
            seq = cur.lastrowid
        db.executemany(
            "INSERT OR IGNORE INTO bands (band, key, seq) VALUES (?, ?, ?)",
            [(b, key, seq) for b, key in enumerate(fp.band_keys)],
        )
