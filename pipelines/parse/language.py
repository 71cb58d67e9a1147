"""Language identification with lingua, restricted to the languages isnad reads.

A detector over a few languages is fast and far more accurate on short news text than one
over all 75; it is built once per process.
"""

from __future__ import annotations

from functools import cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

_LANGUAGES = {Language.ARABIC: "ar", Language.ENGLISH: "en", Language.FRENCH: "fr", Language.PERSIAN: "fa",
              Language.URDU: "ur", Language.TURKISH: "tr"}


@cache
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*_LANGUAGES).with_preloaded_language_models().build()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when the text has no letters to judge by."""
    sample = text[:2000]
    if not any(ch.isalpha() for ch in sample):
        return None
    detected = _detector().detect_language_of(sample)
    return _LANGUAGES.get(detected) if detected else None
