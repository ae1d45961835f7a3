"""Named entities (PER, LOC, ORG, EVENT, LAW) for historical Turkish, Azerbaijani and English.

``EntityTagger`` runs the rule layer (``pipeline.ner.rules``) and, when a trained spaCy model is
present (``models/trained/ner`` or a path given), the statistical layer too. Merge policy: rule
entities always stand; a model entity is added only where it overlaps no rule entity and looks
like a name (see ``pipeline.ner.tagger.merge``). ``EntityTagger.tag_document`` tags the
sentences of one document together and also finds surnames used alone after a full mention.

Each entity: ``{start, end, label, text, norm}`` with offsets into the text given;
``norm`` is the base form (an unapostrophised suffix removed, GUIDELINES: ``Türkiyəyə`` ->
``Türkiyə``), ``canonical`` (when a gazetteer knows the name) groups spellings across
languages (``Moskva``/``Moskova``/``Moscow`` -> ``Moskova``), ``source`` says which rule or
``model`` found it.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.ner.tagger import EntityTagger

__all__ = ["EntityTagger", "tag_entities"]


def tag_entities(text: str, lang: str, models_dir: str | Path | None = None) -> list[dict]:
    """One-off convenience; keep an ``EntityTagger`` for many texts (it loads lists once)."""
    return EntityTagger(models_dir).tag(text, lang)
