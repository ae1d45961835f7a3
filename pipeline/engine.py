"""The engine: runs the stages over a stream of documents, in-process or in worker processes.

Separate from the stages (which see one document) so the same stages can run here, in a
process pool, or on a cluster. Documents stream: at most a small window of them is in flight,
so memory does not grow with the size of the batch. Each document's output is written by the
process that made it, atomically; the parent only collects one-line summaries.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import json
import multiprocessing as mp
import os
import sqlite3
import sys
import time
import traceback
from collections import deque
from collections.abc import Generator, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import __version__, resources
from pipeline.document import Document
from pipeline.ingest import Source, read_document, read_text
from pipeline.stages import DEFAULT_PIPELINE, STAGES
from pipeline.writer import mark_duplicate, output_path, write_document

INDEX_NAME = "corpus_index.sqlite"


@dataclass(frozen=True)
class RunConfig:
    out_dir: Path
    stages: Sequence[str] = DEFAULT_PIPELINE
    workers: int = 1
    # re-process files whose output is already there for the same bytes and pipeline
    force: bool = False
    # cross-document dedup against the index in out_dir (also from earlier runs)
    corpus_dedup: bool = True
    # write the sentences of a document that repeats an earlier one anyway
    keep_duplicates: bool = False
    # documents a worker process handles before a fresh one replaces it: what a process
    # accumulates per document (allocator fragmentation, anything not capped) then cannot grow
    # with the size of the batch. Batches no longer than this with one worker run in-process.
    recycle_after: int = 1000
    # resident memory (MB) after which a worker is replaced before ``recycle_after`` (as
    # Celery's ``worker_max_memory_per_child``); 0: no limit. A fresh worker starts with cold
    # caches, 3-4 s per replacement (one worker over 50 MB: 120 s in one process, 127 s in 2
    # generations, 138 s in 5), so workers are replaced only when memory asks for it.
    max_worker_mb: int = 450

    @property
    def index_path(self) -> Path:
        return self.out_dir / INDEX_NAME

    @property
    def fingerprint(self) -> str:
        """What the output depends on besides the input bytes: a change re-processes."""
        return f"{__version__}/{','.join(self.stages)}"


@dataclass
class Summary:
    """What the parent learns about one document."""

    doc_id: str
    status: str
    chars: int = 0
    pages: int = 0
    sentences: int = 0
    message: str = ""
    duplicate_of: str | None = None
    unchanged: bool = False
    # MinHash fingerprint of the kept text, for the parent's cross-document check
    fingerprint: Any = None
    # resident memory (MB) of the worker process after this document (0: not measured)
    worker_mb: float = 0.0


@dataclass
class BatchSummary:
    documents: int = 0
    pages: int = 0
    sentences: int = 0
    errors: int = 0
    unchanged: int = 0
    duplicates: int = 0
    chars: int = 0
    seconds: float = 0.0
    failed: list[tuple[str, str]] = field(default_factory=list)

    def add(self, s: Summary) -> None:
        self.documents += 1
        self.pages += s.pages
        self.sentences += s.sentences
        self.chars += s.chars
        self.unchanged += s.unchanged
        self.duplicates += s.duplicate_of is not None
        if s.status == "error":
            self.errors += 1
            self.failed.append((s.doc_id, s.message))


def run_stages(doc: Document, stages: Sequence[str]) -> Document:
    """Run the named stages over one document; the first failure stops it with a record."""
    for name in stages:
        if doc.status != "ok" or doc.duplicate_of:
            break
        try:
            doc = STAGES[name](doc)
            doc.stages_run.append(name)
        except Exception as e:  # a bad document must never stop the batch
            doc.fail(name, f"{type(e).__name__}: {e}".strip())
            doc.blocks = []
            doc.error["trace"] = traceback.format_exc(limit=-3).strip().splitlines()[-1]
    return doc


def _up_to_date(src: Source, config: RunConfig) -> Summary | None:
    """The summary of an earlier run's output for the same bytes and pipeline, if there is
    one: re-running over a folder then only processes new or changed files, and a run that
    was killed resumes where it stopped (outputs are renamed into place only when complete)."""
    if config.force:
        return None
    out = output_path(config.out_dir, src.doc_id)
    try:
        with open(out, encoding="utf-8") as f:
            rec = json.loads(f.readline())
        digest = hashlib.sha256(src.path.read_bytes()).hexdigest()
    except (OSError, ValueError):
        return None
    if rec.get("sha256") != digest or rec.get("pipeline") != config.fingerprint:
        return None
    if config.corpus_dedup and rec.get("status") == "ok" and not _indexed(config, src.doc_id):
        return None  # killed after writing but before the corpus check: do it again
    return Summary(
        doc_id=src.doc_id,
        status=rec.get("status", "ok"),
        chars=rec.get("chars", 0),
        pages=rec.get("pages", 0),
        sentences=rec.get("counts", {}).get("sentences", 0),
        message=(rec.get("error") or {}).get("message", ""),
        duplicate_of=rec.get("duplicate_of"),
        unchanged=True,
    )


def _indexed(config: RunConfig, doc_id: str) -> bool:
    path = config.index_path
    if not path.exists():
        return False
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=60)
    try:
        return con.execute("SELECT 1 FROM docs WHERE doc_id = ?", (doc_id,)).fetchone() is not None
    except sqlite3.Error:
        return False
    finally:
        con.close()


def kept_text(doc: Document) -> str:
    """The document's text without the stretches dedup dropped (what later runs compare)."""
    text = doc.text.text
    parts, pos = [], 0
    for a, b in sorted(doc.skip):
        parts.append(text[pos:a])
        pos = max(pos, b)
    parts.append(text[pos:])
    return "".join(parts)


def process_source(src: Source, config: RunConfig) -> Summary:
    """Everything for one file: read, run the stages, write. Never raises for bad input."""
    done = _up_to_date(src, config)
    if done is not None:
        return done
    try:
        doc = read_document(src)
    except Exception as e:  # e.g. a PDF library failing in a way it does not document
        doc = Document(doc_id=src.doc_id, source=str(src.path))
        doc.fail("ingest", f"{type(e).__name__}: {e}")
    doc = run_stages(doc, config.stages)
    doc.pipeline = config.fingerprint
    write_document(doc, config.out_dir)
    sentences = sum(len(b.sentences) for b in doc.blocks) if doc.status == "ok" else 0
    fingerprint = None
    if config.corpus_dedup and doc.status == "ok":
        from pipeline.dedup.index import DEFAULT_INDEX_PARAMS, Fingerprint

        fingerprint = Fingerprint(kept_text(doc), DEFAULT_INDEX_PARAMS)
    return Summary(
        doc_id=doc.doc_id,
        status=doc.status,
        chars=len(doc.raw),
        pages=len(doc.pages),
        sentences=0 if doc.duplicate_of else sentences,
        message=(doc.error or {}).get("message", ""),
        duplicate_of=doc.duplicate_of,
        fingerprint=fingerprint,
    )


class CorpusCheck:
    """Cross-document dedup, done by the one process that collects the summaries, in input
    order: the answer does not depend on which worker finished first, and only one writer
    ever touches the index (on a cluster: workers compute signatures, this pass compares)."""

    def __init__(self, config: RunConfig) -> None:
        from pipeline.dedup.index import CorpusIndex

        self.config = config
        self.index = CorpusIndex(config.index_path)

    def __call__(self, s: Summary) -> Summary:
        if s.fingerprint is None:
            return s
        dup = self.index.check_and_add(s.doc_id, s.fingerprint)
        s.fingerprint = None
        if dup is not None:
            mark_duplicate(
                output_path(self.config.out_dir, s.doc_id), dup, keep=self.config.keep_duplicates
            )
            s.duplicate_of = dup
            if not self.config.keep_duplicates:
                s.sentences = 0
        return s

    def close(self) -> None:
        self.index.close()


def _process_in_worker(src: Source, config: RunConfig) -> Summary:
    summary = process_source(src, config)
    summary.worker_mb = resident_mb()
    return summary


def resident_mb() -> float:
    """This process's resident memory now, in MB (its peak where /proc is missing; 0.0 where
    neither can be read, which turns the memory limit off)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        pass
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux, bytes on macOS
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def _over_limit(s: Summary, config: RunConfig) -> bool:
    return 0 < config.max_worker_mb < s.worker_mb


def warm_up(stages: Sequence[str]) -> None:
    """Run the stages once over a small sample document (``models/engine/warmup.txt``).

    Stages load their data lazily (tables, gazetteers, compiled patterns, lingua's language
    models: ~250 MB and several seconds). Done once in the parent before it forks, the workers
    start with all of it (shared copy-on-write), so replacing a worker costs a fork, not a
    reload. A sample that fails a stage is harmless: workers then load what is missing."""
    with open(resources.model_path("engine", "warmup.txt"), encoding="utf-8") as f:
        text = "".join(line for line in f if not line.startswith("#"))
    run_stages(read_text(text, doc_id="warm-up"), stages)
    if "langid" in stages:  # lingua is consulted only for close calls; load its models now
        from pipeline.langid import lingua_probs

        lingua_probs(text)


def prepare_process(stages: Sequence[str]) -> None:
    """Warm up, then move everything alive into the collector's permanent generation.

    The stages' data are millions of long-lived objects (gazetteers, word tables, caches);
    left to the cyclic collector, every full collection walks them all, and its cost lands on
    whichever stage happens to allocate. Frozen, they are never scanned again, and forked
    workers do not dirty the shared pages by collecting them (the reason ``gc.freeze`` exists).
    The young generation is also made larger: the stages allocate many short-lived containers,
    and at the default threshold (700) the collector ran ~1,400 times per 40 documents, 11-16 %
    of the CPU time; at 50,000, 12 times and 4 % (``bench/profile_stages.py``; refcounting
    still frees everything that is not a cycle at once).
    """
    gc.set_threshold(50_000, 20, 20)
    warm_up(stages)
    gc.collect()
    gc.freeze()


def _in_process(sources: Iterable[Source], config: RunConfig) -> Iterator[Summary]:
    prepare_process(config.stages)
    for src in sources:
        yield process_source(src, config)


def _in_pool(sources: Iterable[Source], config: RunConfig) -> Iterator[Summary]:
    """Worker processes, replaced by fresh ones every ``recycle_after`` documents each, or
    sooner when one of them passes ``max_worker_mb``.

    Each generation is its own pool over the next ``recycle_after * workers`` sources, forked
    from the warmed-up parent; the sources a generation did not start (it ended early on the
    memory limit) open the next one. A pool per generation rather than ``max_tasks_per_child``:
    Python 3.11-3.13's ProcessPoolExecutor can deadlock replacing a worker that reached its
    limit (cpython#115634), and fork (cheap here: the parent holds the warm data) is not
    allowed with it. A worker that dies still surfaces as BrokenProcessPool, not a hang.
    """
    fork = "fork" in mp.get_all_start_methods()
    ctx = mp.get_context("fork" if fork else "spawn")
    if fork:  # once here; workers inherit it
        prepare_process(config.stages)
    # without fork (macOS, Windows) each fresh worker prepares itself
    init = {} if fork else {"initializer": prepare_process, "initargs": (tuple(config.stages),)}
    size = max(1, config.recycle_after) * config.workers
    it = iter(sources)
    rest: list[Source] = []
    while generation := rest + list(itertools.islice(it, max(0, size - len(rest)))):
        rest = yield from _generation(generation, config, lambda n: _pool(n, ctx, init))


def _pool(workers: int, ctx: Any, init: dict) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, **init)


def _generation(
    sources: list[Source], config: RunConfig, new_pool: Any
) -> Generator[Summary, None, list[Source]]:
    """One pool over ``sources``, in order, at most a small window in flight; returns the
    sources it did not start because a worker passed the memory limit.

    A worker that dies (killed, out of memory, a crash in a C extension) breaks the whole
    pool; then every source in flight is run again alone in a pool of its own, so the one
    that kills its worker gets an error record and the others their normal output.
    """
    window = config.workers * 4
    done = submitted = 0
    try:
        with new_pool(config.workers) as pool:
            pending: deque[Future[Summary]] = deque()
            for src in sources:
                pending.append(pool.submit(_process_in_worker, src, config))
                submitted += 1
                if len(pending) >= window:
                    summary = pending.popleft().result()
                    done += 1
                    yield summary
                    if _over_limit(summary, config):
                        break
            while pending:
                yield pending.popleft().result()
                done += 1
    except BrokenProcessPool:
        for src in sources[done:submitted]:
            yield _alone(src, config, new_pool)
    return sources[submitted:]


def _alone(src: Source, config: RunConfig, new_pool: Any) -> Summary:
    """Process one source in a pool of its own; if its worker dies, record why."""
    try:
        with new_pool(1) as pool:
            return pool.submit(_process_in_worker, src, config).result()
    except BrokenProcessPool:
        doc = Document(doc_id=src.doc_id, source=str(src.path))
        doc.fail("worker", "the worker process died while processing this file")
        doc.pipeline = config.fingerprint
        write_document(doc, config.out_dir)
        return Summary(doc_id=doc.doc_id, status="error", message=doc.error["message"])


def run(sources: Iterable[Source], config: RunConfig) -> Iterator[Summary]:
    """Process sources in order, yielding one summary per document as it finishes."""
    config.out_dir.mkdir(parents=True, exist_ok=True)
    for stale in config.out_dir.rglob(".*.tmp"):  # left by a run that was killed
        stale.unlink(missing_ok=True)
    sources = list(sources)
    if config.workers <= 1 and len(sources) <= config.recycle_after:
        yield from _in_process(sources, config)
    else:
        yield from _in_pool(sources, config)


def run_batch(
    sources: Sequence[Source],
    config: RunConfig,
    progress: bool = False,
    engine: str = "local",
    scheduler: str | None = None,
) -> BatchSummary:
    """Run a batch on the chosen engine and add up the summaries."""
    total = BatchSummary()
    t0 = time.perf_counter()
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(sources), unit="doc", dynamic_ncols=True)
    if engine == "dask":
        from pipeline.dask_engine import run_dask

        stream = run_dask(sources, config, scheduler=scheduler)
    else:
        stream = run(sources, config)
    check = CorpusCheck(config) if config.corpus_dedup else None
    for s in stream:
        if check is not None:
            s = check(s)
        total.add(s)
        if bar is not None:
            bar.update(1)
            bar.set_postfix(sentences=total.sentences, errors=total.errors, refresh=False)
    if bar is not None:
        bar.close()
    if check is not None:
        check.close()
    total.seconds = time.perf_counter() - t0
    return total
