"""Scorer for sentence segmentation: boundary precision, recall and F1.

Gold: the sentences of ``sentences_dev.jsonl`` joined, per document and in id order, into
paragraphs of five (a single space between sentences); the boundaries are the offsets where the
2nd..5th sentence starts. Also the hand-written test texts under ``tests/data/segment_*.txt``
(one paragraph a line... see ``load_text_cases``). Peers on the same paragraphs, in the same run:
spaCy's rule-based sentencizer (`spacy.blank(lang)` + `sentencizer`) and pysbd (English rules).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from pipeline.resources import REPO_ROOT

GROUP = 5
TEST_TEXTS = {"tr": "segment_tr.txt", "az": "segment_az.txt", "en": "segment_en.txt"}


def gold_paragraphs(shared_dir: Path, group: int = GROUP) -> list[tuple[str, str, set[int]]]:
    """(text, lang, boundary offsets) per paragraph of `group` consecutive gold sentences.

    The paragraph's language is the majority language of its sentences.
    """
    path = Path(shared_dir) / "gold" / "sentences_dev.jsonl"
    with open(path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    by_doc: dict[str, list[dict]] = {}
    for r in rows:
        by_doc.setdefault(r["doc"], []).append(r)
    out = []
    for doc in sorted(by_doc):
        sents = sorted(by_doc[doc], key=lambda r: r["id"])
        for i in range(0, len(sents), group):
            chunk = sents[i : i + group]
            out.append(_join([r["text"] for r in chunk], [r["lang"] for r in chunk]))
    return out


def _join(sents: list[str], langs: list[str]) -> tuple[str, str, set[int]]:
    text, bounds = "", set()
    for s in sents:
        if text:
            text += " "
            bounds.add(len(text))
        text += s
    lang = max(set(langs), key=langs.count)
    return text, lang, bounds


def load_text_cases(path: Path, lang: str) -> list[tuple[str, str, set[int]]]:
    """A test text: one sentence a line, paragraphs separated by a blank line, `#` comments."""
    paras: list[list[str]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if not line.strip():
            if paras[-1]:
                paras.append([])
            continue
        paras[-1].append(line.strip())
    return [_join(p, [lang] * len(p)) for p in paras if p]


def _starts(spans: list[tuple[int, int]]) -> set[int]:
    return {a for a, _ in spans[1:]}


def _prf(cases, splitter: Callable[[str, str], list[tuple[int, int]]]) -> dict:
    tp = fp = fn = 0
    chars = 0
    misses: list[dict] = []
    t0 = time.perf_counter()
    for text, lang, gold in cases:
        pred = _starts(splitter(text, lang))
        chars += len(text)
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn += len(gold - pred)
        for off in sorted((pred - gold) | (gold - pred)):
            if len(misses) < 40:
                kind = "false_split" if off in pred else "missed"
                misses.append({"kind": kind, "context": text[max(0, off - 40) : off + 25]})
    dt = time.perf_counter() - t0
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {
        "p": p,
        "r": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "boundaries": tp + fn,
        "chars_per_s": chars / dt if dt else 0.0,
        "errors": misses,
    }


def _ours(text: str, lang: str) -> list[tuple[int, int]]:
    from pipeline.segment import split_sentences

    return split_sentences(text, lang)


def _spacy_splitter() -> Callable[[str, str], list[tuple[int, int]]]:
    import spacy

    nlps: dict[str, object] = {}

    def split(text: str, lang: str) -> list[tuple[int, int]]:
        if lang not in nlps:
            try:
                nlp = spacy.blank(lang)
            except Exception:
                nlp = spacy.blank("xx")
            nlp.add_pipe("sentencizer")
            nlps[lang] = nlp
        doc = nlps[lang](text)
        return [(s.start_char, s.end_char) for s in doc.sents]

    return split


def _pysbd_splitter() -> Callable[[str, str], list[tuple[int, int]]]:
    import pysbd

    seg = pysbd.Segmenter(language="en", clean=False, char_span=True)

    def split(text: str, lang: str) -> list[tuple[int, int]]:
        out = []
        for s in seg.segment(text):
            a = s.start
            while a < len(text) and text[a].isspace():
                a += 1
            out.append((a, s.end))
        return out

    return split


def evaluate(shared_dir: Path, data_dir: Path | None = None, peers: bool = True) -> dict:
    data_dir = data_dir or REPO_ROOT / "tests" / "data"
    sets: dict[str, list] = {"gold": gold_paragraphs(shared_dir)}
    for lang, name in TEST_TEXTS.items():
        p = data_dir / name
        if p.exists():
            sets[f"text_{lang}"] = load_text_cases(p, lang)
    systems: dict[str, Callable] = {"ours": _ours}
    if peers:
        # Peers are optional (pysbd is a dev dependency): a missing one is left out.
        for name, make in (("spacy_sentencizer", _spacy_splitter), ("pysbd_en", _pysbd_splitter)):
            try:
                systems[name] = make()
            except ImportError:
                pass
    return {name: {k: _prf(cases, fn) for k, cases in sets.items()} for name, fn in systems.items()}


def render(metrics: dict) -> str:
    lines = [
        "segmentation: boundary P/R/F1",
        f"{'system':<18} {'set':<8} {'bounds':>6} {'P':>6} {'R':>6} {'F1':>6}",
    ]
    for system, res in metrics.items():
        for k, m in res.items():
            lines.append(
                f"{system:<18} {k:<8} {m['boundaries']:>6} {m['p']:>6.3f} {m['r']:>6.3f} "
                f"{m['f1']:>6.3f}"
            )
    return "\n".join(lines)
