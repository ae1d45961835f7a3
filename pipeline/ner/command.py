"""``python -m pipeline train``: train the statistical entity model.

Example::

    python -m pipeline train --gold ../shared/gold/sentences_dev.jsonl \\
        --silver more_sentences.txt --output models/trained/ner --lang tr --iterations 30
"""

from __future__ import annotations

import argparse
import sys

from pipeline import resources

NAME = "train"
HELP = "train the spaCy entity model from gold JSONL (and rule-made silver data)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--gold", required=True, nargs="+", help="gold JSONL file(s) (format of shared/gold)"
    )
    parser.add_argument(
        "--silver",
        nargs="*",
        default=[],
        help="unlabelled text for silver data: .jsonl with 'text' (and 'lang') or plain text, "
        "one sentence a line; the rule layer annotates it",
    )
    parser.add_argument(
        "--output",
        default=None,
        help="model directory (default: <models>/trained/ner, which `tag` then uses)",
    )
    parser.add_argument("--lang", default="tr", help="language of the model (tr, az, en)")
    parser.add_argument("--iterations", type=int, default=20, help="passes over the data")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dropout", type=float, default=0.2)


def run(args: argparse.Namespace) -> int:
    from pipeline.ner.stat import read_records, silver_from_rules, train

    output = args.output or str(resources.model_path("trained", "ner"))
    gold = [r for p in args.gold for r in read_records(p, args.lang)]
    silver_in = [r for p in args.silver for r in read_records(p, args.lang)]
    silver = silver_from_rules(silver_in) if silver_in else []
    print(f"training on {len(gold)} gold and {len(silver)} silver sentences", file=sys.stderr)
    stats = train(
        gold,
        silver,
        output,
        lang=args.lang,
        iterations=args.iterations,
        seed=args.seed,
        dropout=args.dropout,
        log=lambda m: print(m, file=sys.stderr),
    )
    print(
        f"saved {output} ({stats['seconds']} s; {stats['unaligned_spans_skipped']} gold spans "
        "did not align with tokens and were skipped)",
        file=sys.stderr,
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pipeline train", description=HELP)
    configure(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
