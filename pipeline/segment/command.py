"""`segment --lang L [FILE|-]`: one paragraph per input line in, one sentence per line out.

An empty line separates the sentences of consecutive paragraphs. `--lang auto` identifies the
language of each paragraph first (with the whole input as context).
"""

from __future__ import annotations

import argparse
import sys

from pipeline.cliutil import read_input

NAME = "segment"
HELP = "split text into sentences: one paragraph a line in, one sentence a line out"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "input", nargs="?", default="-", help="text file (any common encoding); '-' = stdin"
    )
    parser.add_argument(
        "--lang",
        default="auto",
        choices=["tr", "az", "en", "und", "auto"],
        help="language rules to use; 'auto' identifies each paragraph's language (default)",
    )


def run(args: argparse.Namespace) -> int:
    from pipeline.segment import split_sentences

    paragraphs = [p for p in read_input(args.input).splitlines() if p.strip()]
    if args.lang == "auto":
        from pipeline.langid import identify_document

        langs = [lang for lang, _ in identify_document(paragraphs)]
    else:
        langs = [args.lang] * len(paragraphs)
    out = sys.stdout
    for i, (para, lang) in enumerate(zip(paragraphs, langs, strict=True)):
        if i:
            out.write("\n")
        for a, b in split_sentences(para, lang):
            out.write(para[a:b] + "\n")
    out.flush()
    return 0
