"""`langid [FILE|-]`: the language of every input line, as `LANG<TAB>line`.

Lines are identified with the whole input as context (`identify_document`), so a short line
between Turkish lines leans Turkish; an empty line gets `und`.
"""

from __future__ import annotations

import argparse
import sys

from pipeline.cliutil import read_input

NAME = "langid"
HELP = "identify the language (tr, az, en, und) of each input line: LANG<TAB>line"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "input", nargs="?", default="-", help="text file (any common encoding); '-' = stdin"
    )
    parser.add_argument(
        "--no-context",
        action="store_true",
        help="identify each line on its own, without the rest of the input as context",
    )
    parser.add_argument(
        "--confidence",
        action="store_true",
        help="also print the confidence: LANG<TAB>CONF<TAB>line",
    )


def run(args: argparse.Namespace) -> int:
    from pipeline.langid import identify, identify_document

    lines = read_input(args.input).splitlines()
    if args.no_context:
        results = [identify(line) for line in lines]
    else:
        results = identify_document(lines)
    out = sys.stdout
    for line, (lang, conf) in zip(lines, results, strict=True):
        if args.confidence:
            out.write(f"{lang}\t{conf:.3f}\t{line}\n")
        else:
            out.write(f"{lang}\t{line}\n")
    out.flush()
    return 0
