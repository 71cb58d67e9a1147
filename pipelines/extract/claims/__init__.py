"""Claims: attributed statements, found at their reporting cue (spec: "Claim").

``find_claims(text, lang)`` returns the claims of one article in text order. Arabic and English
each have their grammar module (``arabic``, ``english``); the knowledge they use lives in
``pipelines/knowledge/claims_ar.yaml`` and ``claims_en.yaml``, and the article-level rules
(continuations, coreferent sources, tied relays, nesting) in ``common``.
"""

from __future__ import annotations

from pipelines.extract.model import Claim


def find_claims(text: str, lang: str, publisher: str | None = None) -> list[Claim]:
    """Claims of one article, in text order. ``publisher`` is the outlet id or name of the
    article's own outlet when known, so that its own interviews ("قال لـ«عكاظ»") carry no via."""
    if not text or not text.strip():
        return []
    if lang == "ar":
        from pipelines.extract.claims.arabic import find_claims_ar

        return find_claims_ar(text, publisher)
    from pipelines.extract.claims.english import find_claims_en

    return find_claims_en(text, publisher)


__all__ = ["Claim", "find_claims"]
