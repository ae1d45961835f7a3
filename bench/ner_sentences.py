"""Time the entity tagger alone on the sentences the pipeline makes, and dump its output.

    python bench/ner_sentences.py CORPUS --docs 40 --cache /tmp/sents.pkl --dump out.json

The sentences (``(text, lang)`` per document, as the ``tag`` stage passes them) are made once
by running the stages before ``tag`` and cached in ``--cache``; then ``tag_document`` is timed
per document (CPU time; ``--passes 3`` repeats it, later passes with warm caches).
``--dump`` writes every entity, so that two versions of the tagger can be compared for
identical output.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def sentences(paths: list[str], docs: int | None) -> list[list[tuple[str, str]]]:
    from pipeline.ingest import discover, read_document
    from pipeline.stages import DEFAULT_PIPELINE, STAGES

    out = []
    for src in discover(paths)[:docs]:
        doc = read_document(src)
        for name in DEFAULT_PIPELINE:
            if name == "tag":
                break
            doc = STAGES[name](doc)
        out.append([(s.text.text, s.lang) for b in doc.blocks for s in b.sentences])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--docs", type=int, default=None)
    ap.add_argument("--cache", type=Path, default=None, help="pickle of the sentences")
    ap.add_argument("--dump", type=Path, default=None, help="write all entities as JSON")
    ap.add_argument("--passes", type=int, default=1, help="time N passes (later ones: caches warm)")
    args = ap.parse_args()
    if args.cache and args.cache.exists():
        docs = pickle.loads(args.cache.read_bytes())
    else:
        docs = sentences(args.inputs, args.docs)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(docs))
    from pipeline.ner import EntityTagger

    t = time.process_time()
    tagger = EntityTagger()
    tagger.tag("Ankara", "tr")  # build the rules: start-up is reported separately
    startup = time.process_time() - t
    mb = sum(len(s.encode("utf-8")) for items in docs for s, _ in items) / 1e6
    n = sum(len(items) for items in docs)
    for k in range(max(1, args.passes)):
        t = time.process_time()
        results = [tagger.tag_document(items) for items in docs]
        spent = time.process_time() - t
        label = f"pass {k + 1}: " if args.passes > 1 else ""
        print(
            f"{label}{n} sentences, {mb:.2f} MB: {spent:.2f} s CPU, {mb / spent:.2f} MB/s, "
            f"{n / spent:.0f} sentences/s; start-up {startup:.2f} s"
        )
    if args.dump:
        args.dump.write_text(json.dumps(results, ensure_ascii=False, indent=0))


if __name__ == "__main__":
    main()
