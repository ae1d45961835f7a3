"""The stages, each a function ``Document -> Document``, registered by name.

Like spaCy components: a stage does one job on one document and knows nothing of files,
batches or workers (that is the engine's job). The string-level work lives in the stage
packages (``pipeline.repair`` ...); these functions only move their answers into the model.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from pipeline.document import Document, Sentence, build_block

Stage = Callable[[Document], Document]
STAGES: dict[str, Stage] = {}
DEFAULT_PIPELINE = ("repair", "pages", "dedup", "layout", "langid", "segment", "tag")


def stage(name: str) -> Callable[[Stage], Stage]:
    def register(fn: Stage) -> Stage:
        STAGES[name] = fn
        return fn

    return register


@stage("repair")
def repair(doc: Document) -> Document:
    from pipeline.repair import repair_text

    result = repair_text(doc.text.text)
    if result.edits:
        doc.text = doc.text.apply(result.edits)
    doc.repairs = dict(sorted(result.counts.items()))
    return doc


@stage("pages")
def pages(doc: Document) -> Document:
    from pipeline.layout import find_pages

    doc.pages = list(find_pages(doc.text.text))
    return doc


@stage("dedup")
def dedup(doc: Document) -> Document:
    from pipeline.dedup import find_repeats

    text = doc.text
    for r in find_repeats(text.text, doc.pages):
        doc.skip.append((r.start, r.end))
        doc.duplicates.append(
            {
                "raw_span": list(text.raw_span(r.start, r.end)),
                "kept_raw_span": list(text.raw_span(r.kept_start, r.kept_end)),
                "page": doc.page_of(r.start),
                "kept_page": doc.page_of(r.kept_start),
                "score": round(float(r.score), 4),
            }
        )
    return doc


@stage("layout")
def layout(doc: Document) -> Document:
    from pipeline.layout import plan_layout

    plan = plan_layout(doc.text.text, doc.pages, doc.skip)
    doc.blocks = []
    for bp in plan.blocks:
        block = build_block(doc.text, bp)
        if block.text.text:
            # page numbers are 1-based and taken from where the block starts
            block.page = doc.page_of(bp.pieces[0][0]) if bp.pieces else 1
            doc.blocks.append(block)
    doc.layout_counts = dict(sorted(plan.counts.items()))
    return doc


@stage("langid")
def langid(doc: Document) -> Document:
    from pipeline.langid import identify_document

    prose = [b for b in doc.blocks if b.kind != "table"]
    for block, (lang, conf) in zip(prose, identify_document([b.text.text for b in prose])):
        if block.lang in (None, "und"):
            block.lang, block.lang_conf = lang, conf
        else:
            block.lang_conf = max(conf, block.lang_conf)
    return doc


@stage("segment")
def segment(doc: Document) -> Document:
    from pipeline.langid import identify_sentences_blocks
    from pipeline.segment import split_sentences

    done = []
    for block in doc.blocks:
        if block.kind == "table":
            continue
        text = block.text
        spans = (
            [(0, len(text.text))]
            if block.kind == "heading"
            else split_sentences(text.text, block.lang)
        )
        if not block.marks:  # (most blocks): no references to hand out
            block.sentences = [Sentence(t, footnote_refs=[]) for t in text.slices(spans)]
            done.append(block)
            continue
        block.sentences = []
        marks = sorted(block.marks)
        for (a, b), sent_text in zip(spans, text.slices(spans), strict=True):
            # a mark glued to the end of a sentence (``etmişti.1``) stands at its end offset
            refs = [
                {"note": note, "offset": pos - a, "mark": mark}
                for pos, note, mark in marks
                if a <= pos <= b
            ]
            marks = [m for m in marks if m[0] > b]
            block.sentences.append(Sentence(sent_text, footnote_refs=refs))
        done.append(block)
    # Languages of all sentences of the document in one batch (cheaper than per block).
    langs = identify_sentences_blocks(
        [([s.text.text for s in block.sentences], block.lang) for block in done]
    )
    for block, block_langs in zip(done, langs, strict=True):
        for s, (lang, conf) in zip(block.sentences, block_langs):
            s.lang, s.lang_conf = lang, conf
    return doc


@stage("tag")
def tag(doc: Document) -> Document:
    """Entities and dates, when those stages are installed (their own issues)."""
    from pipeline.tag import tagger_for_documents

    tagger = tagger_for_documents()
    if tagger is None:
        return doc
    sents = [s for b in doc.blocks for s in b.sentences]
    for s, (ents, dates) in zip(sents, tagger((s.text.text, s.lang) for s in sents)):
        s.entities, s.dates = ents, dates
    return doc


def language_counts(doc: Document) -> dict[str, int]:
    return dict(sorted(Counter(s.lang for b in doc.blocks for s in b.sentences).items()))
