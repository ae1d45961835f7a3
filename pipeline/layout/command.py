"""``python -m pipeline layout [FILE|-]``: the blocks layout finds, one JSON object a line.

For looking at what layout does to a text layer without running the whole pipeline: each
block is printed with its kind, page, language (abstracts), note id (footnotes), rows
(tables), its text as the builder would make it (pieces joined, marks removed, spaces
collapsed) and its reference marks; a last line gives the counts (dropped headers, page
numbers...).
"""

from __future__ import annotations

import argparse
import json
import sys

from pipeline.cliutil import read_input
from pipeline.document import build_block
from pipeline.textmap import MappedText

NAME = "layout"
HELP = "show the blocks of a text (body, footnotes, headings, abstracts, tables) as JSON lines"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", nargs="?", default="-", help="text file (default: stdin)")
    parser.add_argument(
        "--kind",
        action="append",
        help="only blocks of this kind (repeatable): body, footnote, heading, abstract, ...",
    )


def block_text(text: str, block) -> str:
    """The block's clean text, built exactly as the pipeline builds it (marks removed, pieces
    joined, spaces collapsed)."""
    return build_block(MappedText(text), block).text.text


def run(args: argparse.Namespace) -> int:
    from pipeline.layout import find_pages, plan_layout

    text = read_input(args.input)
    pages = find_pages(text)
    plan = plan_layout(text, pages, [])
    out = sys.stdout
    for blk in plan.blocks:
        if args.kind and blk.kind not in args.kind:
            continue
        rec = {"kind": blk.kind, "page": blk.page, "text": block_text(text, blk)}
        if blk.lang:
            rec["lang"] = blk.lang
        if blk.note_id:
            rec["note_id"] = blk.note_id
        if blk.rows:
            rec["rows"] = blk.rows
        if blk.marks:
            rec["marks"] = [{"start": s, "end": e, "note": n} for s, e, n in blk.marks]
        rec["span"] = [blk.pieces[0][0], blk.pieces[-1][1]] if blk.pieces else None
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    out.write(json.dumps({"pages": len(pages), "counts": plan.counts}, ensure_ascii=False) + "\n")
    return 0
