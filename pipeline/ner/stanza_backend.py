"""Stanza as an optional backend for users who have its Turkish and English NER models.

Nothing here imports stanza (or torch) at module level: the converter works on any object
shaped like ``stanza.models.common.doc.Document`` so that it can be used and tested without
the package. ``StanzaTagger`` imports stanza only when it is constructed, and never downloads
(fetch models with ``python -m pipeline models download``).
"""

from __future__ import annotations

from pathlib import Path

from pipeline import resources

# Stanza's label sets: OntoNotes-style (English), Starlang (Turkish: PERSON, LOCATION,
# ORGANIZATION), CoNLL (PER, LOC, ORG, MISC). Labels we do not tag (dates, NORP, money...) drop.
TYPE_MAP = {
    "PER": "PER",
    "PERSON": "PER",
    "LOC": "LOC",
    "LOCATION": "LOC",
    "GPE": "LOC",
    "FAC": "LOC",
    "ORG": "ORG",
    "ORGANIZATION": "ORG",
    "EVENT": "EVENT",
    "LAW": "LAW",
}


def stanza_model_dir() -> Path:
    return resources.model_path("stanza")


def entities_from_stanza(doc, text: str | None = None) -> list[dict]:
    """Entity dicts (our format) from a stanza ``Document``; offsets into ``doc.text``."""
    ents = list(getattr(doc, "ents", None) or [])
    if not ents and hasattr(doc, "build_ents"):
        ents = list(doc.build_ents() or [])
    source_text = text if text is not None else getattr(doc, "text", None)
    out = []
    for e in ents:
        label = TYPE_MAP.get(str(e.type).upper())
        if label is None:
            continue
        start, end = int(e.start_char), int(e.end_char)
        surface = source_text[start:end] if source_text else e.text
        out.append(
            {
                "start": start,
                "end": end,
                "label": label,
                "text": surface,
                "norm": surface,
                "source": "stanza",
            }
        )
    out.sort(key=lambda x: x["start"])
    return out


class StanzaTagger:
    """``tag(text, lang)`` with a local stanza pipeline (tokenize + ner)."""

    def __init__(self, model_dir: str | Path | None = None):
        try:
            import stanza  # noqa: F401
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise RuntimeError(
                "stanza is not installed; install the optional extra: "
                "pip install 'scanpipe[stanza]' (torch==2.13.0, stanza)"
            ) from exc
        self.model_dir = Path(model_dir) if model_dir else stanza_model_dir()
        self._pipes: dict = {}

    def _pipe(self, lang: str):
        if lang not in self._pipes:
            import stanza

            self._pipes[lang] = stanza.Pipeline(
                lang,
                dir=str(self.model_dir),
                processors="tokenize,ner",
                download_method=None,
                verbose=False,
            )
        return self._pipes[lang]

    def tag(self, text: str, lang: str) -> list[dict]:
        return entities_from_stanza(self._pipe(lang)(text), text)
