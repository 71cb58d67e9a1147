"""Entities: people, organizations and places in an article, resolved to canonical entities.

``find_entities`` returns every mention with its span into the stored text and the canonical
name of the entity it names; ``entity_id(canonical, type)`` turns that name into a stable id and
``canonical_key`` is the folding behind it; ``resolve_span`` says which entity a span (a claim's
speaker) names. Language grammars live in ``arabic`` and ``english``; merging and same-article
folding (a surname later in the article, aliases) in ``resolve``.
"""

from __future__ import annotations

from functools import lru_cache

from pipelines.extract.entities.normalize import canonical_key, entity_id, fold_text
from pipelines.extract.entities.resolve import resolve_mentions, resolve_span
from pipelines.extract.model import EntityMention

__all__ = ["canonical_key", "entity_id", "find_entities", "resolve_span"]


def find_entities(text: str, lang: str) -> list[EntityMention]:
    """Mentions of people, organizations and places in ``text`` (``lang`` "ar" or "en"), in text order."""
    if not text or not text.strip():
        return []
    # The incident stage asks for the same article's places: one computation serves both.
    return [EntityMention(m.span, m.type, m.canonical) for m in _cached(text, lang)]


@lru_cache(maxsize=8)
def _cached(text: str, lang: str) -> tuple[EntityMention, ...]:
    return tuple(_find(text, lang))


def _find(text: str, lang: str) -> list[EntityMention]:
    folded = fold_text(text)
    if lang == "ar":
        from pipelines.extract.entities.arabic import find_arabic

        candidates = find_arabic(folded)
    else:
        from pipelines.extract.entities.english import find_english

        candidates = find_english(folded)
    return resolve_mentions(text, folded, candidates, "ar" if lang == "ar" else "en")
