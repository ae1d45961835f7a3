"""The pipeline a user would glue together from the usual tools, for comparison:
ftfy -> lingua (tr/az/en) -> spaCy sentencizer -> dateparser ``search_dates``.

    python bench/peer.py FILE_OR_DIR... -o OUT
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


class PeerPipeline:
    def __init__(self) -> None:
        import ftfy
        import spacy
        from lingua import Language, LanguageDetectorBuilder

        self.ftfy = ftfy
        self.detector = LanguageDetectorBuilder.from_languages(
            Language.TURKISH, Language.AZERBAIJANI, Language.ENGLISH
        ).build()
        self.codes = {"TURKISH": "tr", "AZERBAIJANI": "az", "ENGLISH": "en"}
        self.nlp = spacy.blank("xx")
        self.nlp.add_pipe("sentencizer")
        from dateparser.search import search_dates

        self.search_dates = search_dates

    def process(self, text: str):
        text = self.ftfy.fix_text(text)
        for para in text.split("\n\n"):
            para = " ".join(para.split())
            if not para:
                continue
            lang = self.detector.detect_language_of(para)
            code = self.codes[lang.name] if lang else "en"
            for sent in self.nlp(para).sents:
                found = self.search_dates(sent.text, languages=[code]) or []
                yield {
                    "lang": code,
                    "text": sent.text,
                    "dates": [[s, d.isoformat()] for s, d in found],
                }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("inputs", nargs="+", type=Path)
    ap.add_argument("-o", "--output", type=Path, required=True)
    args = ap.parse_args()
    peer = PeerPipeline()
    args.output.mkdir(parents=True, exist_ok=True)
    files = [f for p in args.inputs for f in (sorted(p.rglob("*.txt")) if p.is_dir() else [p])]
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace")
        with open(args.output / f"{f.stem}.jsonl", "w", encoding="utf-8") as out:
            for rec in peer.process(text):
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{len(files)} files", file=sys.stderr)


if __name__ == "__main__":
    main()
