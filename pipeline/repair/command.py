"""``python -m pipeline repair [FILE|-] [--explain]``: repaired text on stdout.

With ``--explain`` the repairs are listed on stderr (kind, count, a few examples such as
``ĠLĠġKĠ -> İLİŞKİ``), in the spirit of ftfy's ``fix_and_explain``, so a user can see what was
changed before trusting it on a batch.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

NAME = "repair"
HELP = "repair damaged text (font tables, wrong code pages, mojibake, Unicode) to stdout"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Undo the character damage of Turkish/Azerbaijani/English text layers: PDF font-table "
        "glyphs (Ġ Ģ ġ...) decided per document, Latin-5/cp1254 read as Latin-1/cp1252, UTF-8 "
        "read as cp1252/Latin-1/cp1254 (also twice), NFC, i + combining dot, Cyrillic schwa in "
        "Azerbaijani, ligatures, soft hyphens and zero-width characters. Clean text comes out "
        "byte for byte the same."
    )
    parser.add_argument("file", nargs="?", default="-", help="input file (UTF-8); '-' for stdin")
    parser.add_argument(
        "--explain", action="store_true", help="list the repairs (kind, count, examples) on stderr"
    )
    parser.add_argument(
        "--json", action="store_true", help="with --explain: the report as one JSON object"
    )
    parser.add_argument("--lang", default=None, help="language hint: tr, az or en")


def _read(name: str) -> str:
    data = sys.stdin.buffer.read() if name in ("-", "") else Path(name).read_bytes()
    return data.decode("utf-8", errors="replace")


def run(args: argparse.Namespace) -> int:
    from pipeline.repair import explain, repair_text

    text = _read(args.file)
    result = repair_text(text, args.lang)
    sys.stdout.write(result.text)
    sys.stdout.flush()
    if args.explain:
        report = explain(text, result)
        if args.json:
            print(
                json.dumps({"counts": result.counts, "repairs": report}, ensure_ascii=False),
                file=sys.stderr,
            )
        elif not report:
            print("repair: nothing to repair", file=sys.stderr)
        else:
            for item in report:
                print(f"{item['kind']}\t{item['count']}", file=sys.stderr)
                for ex in item["examples"]:
                    print(f"    {ex}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command on its own (before the project CLI wires it in)."""
    parser = argparse.ArgumentParser(prog="repair")
    configure(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
