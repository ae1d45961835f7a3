"""The command line: ``python -m pipeline`` or ``scanpipe``.

``run`` drives the whole pipeline; every stage that can be used alone also has its own command
(``repair``, ``langid``, ``segment``, ``tag``...), defined next to the stage in a
``command.py`` module and discovered here, so a stage and its command change together.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from pathlib import Path

# Stage commands, in the order --help lists them: (module, required?)
COMMAND_MODULES = (
    "pipeline.repair.command",
    "pipeline.layout.command",
    "pipeline.langid.command",
    "pipeline.segment.command",
    "pipeline.tag.command",
    "pipeline.dedup.command",
    "pipeline.evaluate.command",
    "pipeline.ner.command",
    "pipeline.ner.models_command",
)


def _command_modules():
    for name in COMMAND_MODULES:
        if importlib.util.find_spec(name.rsplit(".", 1)[0]) and importlib.util.find_spec(name):
            yield importlib.import_module(name)


def _configure_run(p: argparse.ArgumentParser) -> None:
    from pipeline.engine import RunConfig

    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders (.txt, .pdf)")
    p.add_argument("-o", "--output", default="output", metavar="DIR", help="output folder")
    p.add_argument("-w", "--workers", type=int, default=1, metavar="N", help="worker processes")
    p.add_argument(
        "--recycle-after",
        type=int,
        default=RunConfig.recycle_after,
        metavar="N",
        help="replace a worker process by a fresh one after N documents, so its memory stays "
        "the same however large the batch (default: %(default)s; one worker and a batch no "
        "larger than N run in-process)",
    )
    p.add_argument(
        "--max-worker-memory",
        type=int,
        default=RunConfig.max_worker_mb,
        metavar="MB",
        help="replace a worker process sooner when its resident memory passes MB after a "
        "document (default: %(default)s; 0: no limit)",
    )
    p.add_argument(
        "--stages",
        default=None,
        help="comma-separated stages to run (default: all, in order: "
        "repair,pages,dedup,layout,langid,segment,tag)",
    )
    p.add_argument(
        "--engine",
        choices=["local", "dask"],
        default="local",
        help="local processes, or a Dask cluster (dask.distributed)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: the scheduler (tcp://host:8786); none starts a LocalCluster "
        "with --workers workers",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="re-process every file (by default a file whose output is already there for the "
        "same content and pipeline version is skipped, so an interrupted run resumes)",
    )
    p.add_argument(
        "--keep-duplicates",
        action="store_true",
        help="write the sentences of a document that repeats one already processed (by default "
        "only its document record, with duplicate_of, is written)",
    )
    p.add_argument(
        "--no-corpus-dedup",
        action="store_true",
        help="do not compare documents with each other and with earlier runs "
        "(the index is DIR/corpus_index.sqlite)",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar")


def _run(args: argparse.Namespace) -> int:
    from pipeline.engine import RunConfig, run_batch
    from pipeline.ingest import discover
    from pipeline.stages import DEFAULT_PIPELINE, STAGES

    stages = tuple(args.stages.split(",")) if args.stages else DEFAULT_PIPELINE
    unknown = [s for s in stages if s not in STAGES]
    if unknown:
        print(f"run: unknown stage(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    missing = [i for i in args.inputs if not Path(i).exists()]
    if missing:
        print(f"run: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    sources = discover(args.inputs)
    config = RunConfig(
        out_dir=Path(args.output),
        stages=stages,
        workers=max(1, args.workers),
        recycle_after=max(1, args.recycle_after),
        max_worker_mb=max(0, args.max_worker_memory),
        force=args.force,
        corpus_dedup=not args.no_corpus_dedup,
        keep_duplicates=args.keep_duplicates,
    )
    progress = sys.stderr.isatty() and not args.no_progress
    total = run_batch(
        sources, config, progress=progress, engine=args.engine, scheduler=args.scheduler
    )
    for doc_id, msg in total.failed:
        print(f"error: {doc_id}: {msg}", file=sys.stderr)
    print(
        f"{total.documents} documents, {total.pages} pages, {total.sentences} sentences, "
        f"{total.errors} errors, {total.duplicates} duplicates of earlier documents, "
        f"{total.unchanged} unchanged (skipped), "
        f"{total.seconds:.1f} s -> {config.out_dir}",
        file=sys.stderr,
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description=(
            "Turn the text layer of scanned Turkish, Azerbaijani and English texts into clean, "
            "annotated JSONL: repair -> dedup -> layout -> langid -> segment -> tag -> write."
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    p = sub.add_parser(
        "run",
        help="the whole pipeline over files and folders; JSONL under DIR",
        description="Run every stage over the inputs and write one JSONL file per document "
        "(document record first, then its sentences and tables) under DIR.",
    )
    _configure_run(p)
    p.set_defaults(func=_run)
    for mod in _command_modules():
        p = sub.add_parser(mod.NAME, help=mod.HELP, description=mod.HELP)
        mod.configure(p)
        p.set_defaults(func=mod.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:  # e.g. piped into head
        return 0
    except KeyboardInterrupt:
        return 130
