"""``tag --lang L [FILE|-]``: one text a line in, one JSON object a line out."""

from __future__ import annotations

import argparse
import json
import sys

from pipeline.cliutil import read_input

NAME = "tag"
HELP = "tag entities and dates: one text per input line, one JSON object per output line"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", required=True, choices=["tr", "az", "en"], help="language of the text")
    p.add_argument("file", nargs="?", default="-", help="input file, or - for stdin")


def run(args: argparse.Namespace) -> int:
    from pipeline.tag import tagger_for_documents

    tagger = tagger_for_documents()
    if tagger is None:
        print("tag: neither the entity nor the date tagger is installed", file=sys.stderr)
        return 2
    lines = read_input(args.file).splitlines()
    for line, (ents, dates) in zip(lines, tagger((ln, args.lang) for ln in lines)):
        rec: dict = {"text": line}
        if ents is not None:
            rec["entities"] = ents
        if dates is not None:
            rec["dates"] = dates
        sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return 0
