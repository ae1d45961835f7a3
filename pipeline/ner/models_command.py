"""``python -m pipeline models download``: fetch Stanza's tr and en models into models/stanza.

The only command that touches the network, and only when asked. It says clearly what is
missing: stanza not installed, or no network.
"""

from __future__ import annotations

import argparse
import sys

NAME = "models"
HELP = "manage optional third-party models (download Stanza's Turkish/English NER)"


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="models_action", required=True)
    dl = sub.add_parser("download", help="download Stanza tokenize+ner models")
    dl.add_argument("--lang", nargs="+", default=["tr", "en"], help="languages (default tr en)")
    dl.add_argument("--dir", default=None, help="target directory (default models/stanza)")


def run(args: argparse.Namespace) -> int:
    from pipeline.ner.stanza_backend import stanza_model_dir

    if args.models_action != "download":  # pragma: no cover - argparse enforces the choice
        return 2
    target = args.dir or str(stanza_model_dir())
    try:
        import stanza
    except ImportError:
        print(
            "stanza is not installed, so there is nothing to download with. Install the "
            "optional extra first: pip install 'scanpipe[stanza]' (torch==2.13.0 CPU, stanza). "
            "The rule-based and spaCy entity taggers work without it.",
            file=sys.stderr,
        )
        return 2
    for lang in args.lang:
        try:
            stanza.download(lang, model_dir=target, processors="tokenize,ner", verbose=False)
        except Exception as exc:  # network errors come in many types
            print(
                f"could not download the Stanza '{lang}' models into {target}: {exc}\n"
                "Is there a network connection? Models can also be copied into that folder "
                "by hand from a machine that has one.",
                file=sys.stderr,
            )
            return 3
        print(f"stanza {lang}: models in {target}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pipeline models", description=HELP)
    configure(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
