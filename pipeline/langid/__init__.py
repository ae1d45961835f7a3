"""Langid (first version): lingua restricted to tr/az/en."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(
        Language.TURKISH, Language.AZERBAIJANI, Language.ENGLISH
    ).build()


_CODES = {"TURKISH": "tr", "AZERBAIJANI": "az", "ENGLISH": "en"}


def identify(text: str) -> tuple[str, float]:
    if not any(c.isalpha() for c in text):
        return "und", 0.0
    lang = _detector().detect_language_of(text)
    return (_CODES[lang.name], 1.0) if lang else ("und", 0.0)


def identify_document(blocks):
    return [identify(b) for b in blocks]


def identify_sentences(sentences, block_lang):
    return [identify(s) if len(s) > 40 else (block_lang, 0.5) for s in sentences]
