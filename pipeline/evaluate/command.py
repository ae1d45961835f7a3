"""``evaluate``: score every stage that has a scorer against the gold files."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import sys
from pathlib import Path

from pipeline.evaluate import SCORERS
from pipeline.resources import shared_dir

NAME = "evaluate"
HELP = "score the stages against gold files (default ../shared) and print P/R/F1"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--gold", type=Path, default=None, help="folder holding gold/ and seeds/")
    p.add_argument("--only", action="append", choices=SCORERS, help="run only these scorers")
    p.add_argument("--json", action="store_true", help="print metrics as JSON")


def run(args: argparse.Namespace) -> int:
    root = args.gold or shared_dir()
    if root is None or not (root / "gold").is_dir():
        print(
            "evaluate: no gold found; pass --gold DIR (a folder with gold/ and seeds/)",
            file=sys.stderr,
        )
        return 2
    results = {}
    for name in args.only or SCORERS:
        mod_name = f"pipeline.evaluate.{name}"
        if importlib.util.find_spec(mod_name) is None:
            continue
        mod = importlib.import_module(mod_name)
        metrics = mod.evaluate(root)
        results[name] = metrics
        if not args.json:
            print(f"== {name}")
            print(mod.render(metrics))
            print()
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
    return 0
