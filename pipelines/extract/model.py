"""What the extractor finds in one article: plain records whose spans index the stored text.

Every span is a half-open ``(start, end)`` pair of code-point offsets into the article text
exactly as stored, so an analyst can always recover the words behind a figure. The
definitions follow ``../shared/spec/claims.md``; these records are turned into table rows
(``pipelines.extract.rows``) and into scorer predictions (``pipelines.extract.predictions``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

Span = tuple[int, int]

SPEAKER_TYPES = ("person", "organization", "media", "anonymous", "document")
STANCES = ("assert", "deny")
QUOTE_KINDS = ("direct", "indirect")
ENTITY_TYPES = ("PER", "ORG", "LOC")
INCIDENT_TYPES = ("attack", "clash", "arrest", "accident", "disaster")


@dataclass(slots=True)
class Claim:
    """An attributed statement: a cue, the source it names, and what the source said."""

    cue: Span
    speaker: Span | None
    speaker_type: str
    source_count: int | None = None
    via: Span | None = None
    stance: str = "assert"
    quote: str = "indirect"
    content: Span | None = None
    # Index (in the article's claim list) of the claim this one continues ("وأضاف") or nests in.
    continues: int | None = None
    parent: int | None = None

    @property
    def named(self) -> bool:
        return self.speaker_type != "anonymous"


@dataclass(slots=True)
class EntityMention:
    """One mention of a person, organization or place, with the canonical entity it resolves to."""

    span: Span
    type: str
    canonical: str  # the canonical name (a stable entity id is derived from it and the type)


@dataclass(slots=True)
class Incident:
    """A violent, security or harmful happening, once per article with all its mentions."""

    type: str
    trigger: Span
    mentions: list[Span] = field(default_factory=list)
    date: date | None = None
    place: Span | None = None
    killed: int | None = None
    injured: int | None = None
    arrested: int | None = None
    perpetrator: Span | None = None


@dataclass(slots=True)
class Extraction:
    """Everything extracted from one article."""

    claims: list[Claim] = field(default_factory=list)
    entities: list[EntityMention] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
