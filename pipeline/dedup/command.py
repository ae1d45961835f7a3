"""``pipeline dedup FILE_OR_DIR...``: report duplicates without writing the full output.

For each file: the stretches that repeat earlier material in the same file (1-based line
ranges, the kept copy, the similarity); across the files: which file repeats an earlier one
(in the order given, directories expanded in sorted order). With ``--index PATH`` the files
are also checked against an existing corpus index (and added to it with ``--add``). Files are
read as UTF-8, falling back to cp1254 (Turkish Windows) for legacy text; the real ingest stage
is the engine's.
"""

from __future__ import annotations

import argparse
import bisect
import json
import sys
from pathlib import Path

from pipeline.dedup.index import CorpusIndex
from pipeline.dedup.normalize import split_lines
from pipeline.dedup.repeats import find_repeats

NAME = "dedup"
HELP = "report repeated pages/blocks within files and duplicate files across them"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "inputs", nargs="*", default=["-"], help="files or directories ('-' or none: stdin)"
    )
    parser.add_argument("--index", type=Path, help="check against this corpus index (SQLite)")
    parser.add_argument(
        "--add", action="store_true", help="also add the files to --index (default: read only)"
    )
    parser.add_argument("--glob", default="*.txt", help="file pattern inside directories")
    parser.add_argument("--json", action="store_true", help="one JSON object per file")


def _read(path: str) -> str:
    data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1254", errors="replace")


def _expand(inputs: list[str], pattern: str) -> list[str]:
    out: list[str] = []
    for item in inputs:
        p = Path(item)
        if item != "-" and p.is_dir():
            out.extend(str(f) for f in sorted(p.rglob(pattern)) if f.is_file())
        else:
            out.append(item)
    return out


def report(path: str, text: str) -> dict:
    """Within-file repeats of ``text`` as 1-based inclusive line ranges."""
    starts = [a for a, _ in split_lines(text)]

    def line(offset: int) -> int:
        return bisect.bisect_right(starts, offset)

    reps = []
    for r in find_repeats(text, [(0, len(text))]):
        reps.append(
            {
                "lines": [line(r.start), line(r.end - 1)],
                "kept_lines": [line(r.kept_start), line(r.kept_end - 1)],
                "span": [r.start, r.end],
                "kept_span": [r.kept_start, r.kept_end],
                "score": r.score,
            }
        )
    return {"file": path, "chars": len(text), "repeats": reps}


def run(args: argparse.Namespace) -> int:
    files = _expand(list(args.inputs) or ["-"], args.glob)
    if not files:
        print("dedup: no input files", file=sys.stderr)
        return 1
    batch = CorpusIndex(":memory:")
    index = CorpusIndex(args.index) if args.index else None
    n_rep = n_dup = 0
    try:
        for path in files:
            try:
                text = _read(path)
            except OSError as exc:
                print(f"dedup: {path}: {exc}", file=sys.stderr)
                return 1
            rec = report(path, text)
            fp = batch.fingerprint(text)
            rec["duplicate_of"] = batch.check_and_add(path, fp)
            if index is not None and rec["duplicate_of"] is None:
                rec["duplicate_of"] = (
                    index.check_and_add(path, fp) if args.add else index.check(path, fp)
                )
            elif index is not None and args.add:
                index.add(path, fp)
            n_rep += len(rec["repeats"])
            n_dup += rec["duplicate_of"] is not None
            if args.json:
                print(json.dumps(rec, ensure_ascii=False))
            else:
                _print_text(rec)
    finally:
        batch.close()
        if index is not None:
            index.close()
    if not args.json:
        print(f"{len(files)} file(s): {n_rep} repeated stretch(es), {n_dup} duplicate file(s)")
    return 0


def _print_text(rec: dict) -> None:
    head = rec["file"]
    if rec["duplicate_of"]:
        head += f"  DUPLICATE OF {rec['duplicate_of']}"
    print(head)
    for r in rec["repeats"]:
        a, b = r["lines"]
        ka, kb = r["kept_lines"]
        print(f"  lines {a}-{b} repeat lines {ka}-{kb} (similarity {r['score']:.3f})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=f"pipeline {NAME}", description=HELP)
    configure(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
