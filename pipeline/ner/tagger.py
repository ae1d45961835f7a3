"""``EntityTagger``: the public entry point (contract in docs/ARCHITECTURE.md)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from spacy.language import Language

from pipeline import resources
from pipeline.ner.lexicon import load_lexicon
from pipeline.ner.rules import CITATION_NAME, CITATION_PAREN, EntityRules
from pipeline.ner.text import fold
from pipeline.ner.tokenizer import blank


def default_model_path(models_dir: Path) -> Path:
    return models_dir / "trained" / "ner"


class EntityTagger:
    """Tag entities in sentences, streaming.

    ``models_dir``: the folder holding ``trained/ner`` (default
    ``pipeline.resources.models_dir()``, i.e. ``models/`` or ``$SCANPIPE_MODELS``). The word
    lists and gazetteers are always read through ``pipeline.resources`` (so set
    ``$SCANPIPE_MODELS`` to use other lists). ``model``: a trained spaCy NER model directory,
    or ``False`` for rules only; by default ``<models_dir>/trained/ner`` when it exists.
    """

    def __init__(
        self,
        models_dir: str | Path | None = None,
        model: str | Path | bool | None = None,
        batch_size: int = 128,
    ):
        self.models_dir = Path(models_dir) if models_dir else resources.models_dir()
        self.batch_size = batch_size
        self._lex = load_lexicon(str(resources.models_dir()))
        self._rules: EntityRules | None = None
        self._model: Language | None = None
        self.model_path: Path | None = None
        if model is not False:
            path = Path(model) if model not in (None, True) else None
            path = path or default_model_path(self.models_dir)
            if (path / "config.cfg").exists():
                self.model_path = path
            elif model not in (None, True):
                raise FileNotFoundError(f"no trained spaCy model at {path}")

    # -- components -------------------------------------------------------------------------
    @property
    def rules(self) -> EntityRules:
        """The rule layer (built once per process and ``models_dir``: the lists are large).

        The rules are language-independent by design: the lists hold tr, az and en spellings
        together and one tokenizer serves all three; ``lang`` selects the statistical model.
        """
        if self._rules is None:
            self._rules = _shared_rules(str(resources.models_dir()))
        return self._rules

    @property
    def model(self) -> Language | None:
        if self._model is None and self.model_path is not None:
            from pipeline.ner.stat import load_model

            self._model = load_model(self.model_path)
        return self._model

    # -- tagging ----------------------------------------------------------------------------
    def tag(self, text: str, lang: str) -> list[dict]:
        return next(self.tag_many([(text, lang)]))

    def tag_many(self, items: Iterable[tuple[str, str]]) -> Iterator[list[dict]]:
        """Entities for each ``(text, lang)``, in order; texts are processed in batches."""
        batch: list[tuple[str, str]] = []
        for item in items:
            batch.append(item)
            if len(batch) >= self.batch_size:
                yield from self._run(batch)
                batch = []
        if batch:
            yield from self._run(batch)

    def tag_document(self, items: Iterable[tuple[str, str]]) -> list[list[dict]]:
        """Entities for the sentences of ONE document, using the document as context.

        A surname first met in a full name ("Kâmuran Gürün", "E.H.Carr") is a person when it
        later stands alone ("Gürün, ..."). Pass one document at a time: the memory is
        cleared between calls so that results never depend on how a batch was split.
        """
        items = list(items)
        # the whole document at once: the rules batch their per-sentence work over it
        results = self._run(items) if items else []
        surnames = self._surnames(results)
        if not surnames:
            return results
        texts = [text for text, _ in items]
        # a whole word (``\w+``, not after a period: "E.H.Carr") that is a surname, found in
        # one scan of the document's text joined by line breaks (no word crosses one, and one
        # before a word is like the start of a sentence), then sent to its sentence. The first
        # letter comes before the look-behind so that the scan can skip to candidate letters.
        firsts = "".join(sorted({s[0] for s in surnames}))
        words = re.compile("[" + re.escape(firsts) + r"](?<![\w.].)\w*")
        starts = list(accumulate((len(t) + 1 for t in texts), initial=0))
        found: dict[int, list[tuple[int, int]]] = {}
        for m in words.finditer("\n".join(texts)):
            if m.group() in surnames:
                j = bisect_right(starts, m.start()) - 1
                found.setdefault(j, []).append((m.start() - starts[j], m.end() - starts[j]))
        for j, spans in found.items():
            text, ents = texts[j], results[j]
            blocked = [m.span() for m in CITATION_PAREN.finditer(text)]
            blocked += [(m.start(), m.end()) for m in CITATION_NAME.finditer(text)]
            added = False
            for a, b in spans:
                if any(e["start"] < b and a < e["end"] for e in ents):
                    continue
                if any(x <= a and b <= y for x, y in blocked):
                    continue
                ents.append(
                    {
                        "start": a,
                        "end": b,
                        "label": "PER",
                        "text": text[a:b],
                        "norm": text[a:b],
                        "source": "document",
                    }
                )
                added = True
            if added:
                ents.sort(key=lambda e: e["start"])
        return results

    def _surnames(self, results: list[list[dict]]) -> set[str]:
        lex = self._lex
        out = set()
        for ents in results:
            for e in ents:
                if e["label"] != "PER" or e.get("source") == "model":
                    continue
                words = re.split(r"[\s.]+", e["norm"].strip())
                words = [w for w in words if w]
                if len(words) < 2:
                    continue
                last = words[-1]
                f = fold(last)
                if (
                    len(last) >= 3
                    and last[0].isupper()
                    and last.isalpha()
                    and f not in lex.honorifics
                    and f not in lex.first_names
                    and f not in lex.stopwords
                    and f not in lex.nationalities
                ):
                    out.add(last)
        return out

    def _run(self, batch: list[tuple[str, str]]) -> list[list[dict]]:
        rules = self.rules
        condensed = [condense(text) for text, _ in batch]
        results = rules.tag_texts([c for c, _ in condensed])
        if self.model is not None:
            texts = [c for c, _ in condensed]
            for i, doc in enumerate(self.model.pipe(texts, batch_size=self.batch_size)):
                results[i] = merge(results[i], model_entities(doc), self._lex, texts[i])
        return [
            restore(ents, text, cmap)
            for ents, (text, _), (_, cmap) in zip(results, batch, condensed, strict=True)
        ]


_WS = re.compile(r"\s{2,}|[\t\n\r\f\v\u00a0]")
_GAP = re.compile(r"\s{3,}")


def condense(text: str) -> tuple[str, list[int] | None]:
    """Runs of white space as one space (a double space would split name patterns).

    Three or more white-space characters become a line break, which no name crosses.

    Returns the condensed text and, when it differs, the offset in ``text`` of each of its
    characters (plus the end), so that entities map back exactly.
    """
    # every white-space character but " " is unprintable: a quick way to see there is nothing
    # to condense, for most sentences
    if (text.isprintable() and "  " not in text) or not _WS.search(text):
        return text, None
    out: list[str] = []
    cmap: list[int] = []
    last = 0
    for m in _WS.finditer(text):
        out.append(text[last : m.start()])
        cmap.extend(range(last, m.start()))
        # a wide gap (table cell, heading) separates; an ordinary run of spaces does not
        out.append("\n" if _GAP.fullmatch(m.group()) else " ")
        cmap.append(m.start())
        last = m.end()
    out.append(text[last:])
    cmap.extend(range(last, len(text)))
    cmap.append(len(text))
    return "".join(out), cmap


def restore(ents: list[dict], text: str, cmap: list[int] | None) -> list[dict]:
    if cmap is None:
        return ents
    for e in ents:
        e["start"] = cmap[e["start"]]
        e["end"] = cmap[e["end"] - 1] + 1
        e["text"] = text[e["start"] : e["end"]]
    return ents


@lru_cache(maxsize=2)
def _shared_rules(lists_dir: str) -> EntityRules:
    # The rules tokenize in plain Python and give spaCy's Matcher only placeholder words, so
    # this pipeline serves for its vocabulary alone, which no input word enters.
    return EntityRules(blank("xx"), load_lexicon(lists_dir))


def model_entities(doc) -> list[dict]:
    return [
        {
            "start": e.start_char,
            "end": e.end_char,
            "label": e.label_,
            "text": e.text,
            "norm": e.text,
            "source": "model",
        }
        for e in doc.ents
    ]


def merge(rule_ents: list[dict], model_ents: list[dict], lex_or_nat, text: str = "") -> list[dict]:
    """Rule entities stand; a model entity fills a gap only if it looks like a name.

    Accepted: no overlap with a rule entity; starts with a capital letter; no digits, slashes
    or brackets; its first word is not a nationality, function word, title, month or a word
    that opens institution names ("Dışişleri"); not inside a bibliographic citation.
    ``lex_or_nat`` is the ``Lexicon`` (or, for callers that only have it, a set of folded
    nationality words).
    """
    if isinstance(lex_or_nat, set):
        nat, others = lex_or_nat, set()
    else:
        lex = lex_or_nat
        nat = lex.nationalities
        others = lex.stopwords | lex.titles | lex.months | lex.not_person
    blocked = [m.span() for m in CITATION_PAREN.finditer(text)] if text else []
    blocked += [(m.start(), m.end()) for m in CITATION_NAME.finditer(text)] if text else []
    out = list(rule_ents)
    for m in model_ents:
        surface = m["text"]
        first = fold(surface.split()[0]) if surface.split() else ""
        if not surface[:1].isupper() or fold(surface) in nat or first in nat | others:
            continue
        if any(ch.isdigit() or ch in "/()" for ch in surface):
            continue
        if any(x <= m["start"] and m["end"] <= y for x, y in blocked):
            continue
        if any(m["start"] < r["end"] and r["start"] < m["end"] for r in out):
            continue
        out.append(m)
    out.sort(key=lambda e: e["start"])
    return out
