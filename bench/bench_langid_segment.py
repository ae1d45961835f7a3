"""Side-by-side benchmark of the langid and segment stages, in one run.

    PYTHONPATH=. python bench/bench_langid_segment.py [--shared ../shared] [--json out.json]

1. langid accuracy on the gold sentences and on their 15-40 character fragments: ours
   (`identify`, no context) vs lingua restricted to tr/az/en, same items.
2. Segmentation boundary P/R/F1 on the gold sentences joined into paragraphs of five and on our
   own tr/az/en test texts: ours vs spaCy's sentencizer (`spacy.blank(lang)`) vs pysbd (en).
3. Throughput (characters/second) of both stages over the seed texts as the pipeline calls them:
   paragraphs -> `identify_document`, `split_sentences`, `identify_sentences`; and of lingua and
   the spaCy sentencizer on the same paragraphs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def seed_paragraphs(shared: Path, max_lines: int = 8) -> list[str]:
    """Paragraph-sized blocks of the seeds, as layout hands them on.

    The seeds do not mark paragraphs reliably (002 has a blank line after every line), so the
    non-blank lines of each file are joined with spaces in runs of `max_lines` (about 600-900
    characters, a typical paragraph).
    """
    paras: list[str] = []
    for p in sorted((shared / "seeds").glob("*.txt")):
        lines = [" ".join(ln.split()) for ln in p.read_text(encoding="utf-8").splitlines()]
        lines = [ln for ln in lines if ln]
        for i in range(0, len(lines), max_lines):
            paras.append(" ".join(lines[i : i + max_lines]))
    return paras


def best_of(fn, repeat: int = 3) -> float:
    """Fastest of `repeat` runs, in CPU seconds of this process.

    The machine is shared with other jobs: CPU time and the minimum over runs are the signal;
    wall-clock time mostly measures the neighbours.
    """
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def throughput(shared: Path) -> dict:
    import spacy

    from pipeline.langid import identify, identify_document, identify_sentences, lingua_probs
    from pipeline.segment import split_sentences

    paras = seed_paragraphs(shared)
    n = sum(len(p) for p in paras)
    identify("Isınma: bu metin yalnızca modeli yükler.")
    lingua_probs("warm up")
    t0 = time.process_time()
    langs = identify_document(paras)
    cold = time.process_time() - t0
    t_doc = best_of(lambda: identify_document(paras))
    t_seg = best_of(
        lambda: [split_sentences(p, lang) for p, (lang, _) in zip(paras, langs, strict=True)]
    )
    spans = [split_sentences(p, lang) for p, (lang, _) in zip(paras, langs, strict=True)]
    sents = [[p[a:b] for a, b in sp] for p, sp in zip(paras, spans, strict=True)]
    t_sent = best_of(
        lambda: [identify_sentences(s, lang) for s, (lang, _) in zip(sents, langs, strict=True)]
    )
    t_lingua = best_of(lambda: [lingua_probs(p) for p in paras], repeat=2)
    nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    t_spacy = best_of(lambda: list(nlp.pipe(paras)), repeat=2)
    return {
        "chars": n,
        "paragraphs": len(paras),
        "sentences": sum(len(s) for s in sents),
        "langid_document_cold_cps": n / cold,
        "langid_document_cps": n / t_doc,
        "langid_sentences_cps": n / t_sent,
        "langid_total_cps": n / (t_doc + t_sent),
        "segment_cps": n / t_seg,
        "lingua_cps": n / t_lingua,
        "spacy_sentencizer_cps": n / t_spacy,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--json", type=Path, default=None, help="also write all metrics here")
    args = ap.parse_args()

    from pipeline.evaluate import langid as ev_langid
    from pipeline.evaluate import segment as ev_segment

    lid = ev_langid.evaluate(args.shared, with_lingua=True)
    seg = ev_segment.evaluate(args.shared, peers=True)
    thr = throughput(args.shared)

    print(ev_langid.render(lid))
    print()
    print(ev_segment.render(seg))
    print()
    print(
        f"throughput over the seeds ({thr['chars']:,} chars, {thr['paragraphs']} paragraphs, "
        f"{thr['sentences']} sentences), characters/second:"
    )
    for k in (
        "langid_document_cold_cps",
        "langid_document_cps",
        "langid_sentences_cps",
        "langid_total_cps",
        "segment_cps",
        "lingua_cps",
        "spacy_sentencizer_cps",
    ):
        print(f"  {k:<26} {thr[k]:>12,.0f}")
    if args.json:
        args.json.write_text(
            json.dumps({"langid": lid, "segment": seg, "throughput": thr}, indent=1),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
