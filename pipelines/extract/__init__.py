"""Extract: claims, entity mentions and incidents from one article's stored text.

``extract_article`` is the single entry point the pipeline and ``isnad extract`` share, so the
scored predictions and the warehouse rows come from the same code.
"""

from __future__ import annotations

from datetime import date

from pipelines.extract.claims import find_claims
from pipelines.extract.entities import find_entities
from pipelines.extract.events import find_incidents
from pipelines.extract.model import Extraction


def extract_article(text: str, lang: str, published: date | None = None, publisher: str | None = None) -> Extraction:
    """Claims, entities and incidents of one article; ``lang`` is ``"ar"`` or ``"en"``; ``publisher``
    (the outlet's id or name) tells the outlet's own interviews from relays through another outlet."""
    return Extraction(
        claims=find_claims(text, lang, publisher),
        entities=find_entities(text, lang),
        incidents=find_incidents(text, lang, published),
    )
