"""Extraction records to table rows with deterministic ids (the columns ``pipelines.schemas`` defines).

Ids hash the article id and the span that anchors a row, so re-extracting an article gives the
same ids and a reload replaces rows instead of adding new ones.
"""

from __future__ import annotations

import json
from typing import Any

from pipelines.extract.entities import canonical_key, entity_id, resolve_span
from pipelines.extract.model import EntityMention, Extraction, Span
from pipelines.parse.urls import stable_id

# Which entity types can stand for a speaker of each kind (a state stands for its government).
_ENTITY_TYPES_OF = {"person": {"PER"}, "organization": {"ORG", "LOC"}, "media": {"ORG"}}


def _span_text(text: str, span: Span | None) -> str | None:
    return text[span[0] : span[1]] if span else None


def _start(span: Span | None) -> int | None:
    return span[0] if span else None


def _end(span: Span | None) -> int | None:
    return span[1] if span else None


def article_rows(article: dict[str, Any], extraction: Extraction) -> dict[str, list[dict[str, Any]]]:
    """Rows for claims, entity_mentions, entities and event_mentions of one article."""
    text: str = article["text"]
    base = {"article_id": article["article_id"], "logical_date": article["logical_date"],
            "source_id": article["source_id"], "run_id": article["run_id"]}
    mentions, entities = [], {}
    for m in extraction.entities:
        eid = entity_id(m.canonical, m.type)
        entities[eid] = {"entity_id": eid, "type": m.type, "canonical_name": m.canonical}
        mentions.append({**base, "mention_id": stable_id(article["article_id"], "mention", *m.span),
                         "start": m.span[0], "end": m.span[1], "text": text[m.span[0] : m.span[1]],
                         "type": m.type, "entity_id": eid})
    claim_ids = [stable_id(article["article_id"], "claim", *c.cue) for c in extraction.claims]
    claims = []
    for c, cid in zip(extraction.claims, claim_ids, strict=True):
        speaker_text = _span_text(text, c.speaker)
        claims.append({
            **base, "claim_id": cid, "cue_start": c.cue[0], "cue_end": c.cue[1], "cue_text": text[c.cue[0] : c.cue[1]],
            "speaker_start": _start(c.speaker), "speaker_end": _end(c.speaker), "speaker_text": speaker_text,
            "speaker_key": canonical_key(speaker_text, article["language"]) or None if speaker_text else None,
            "speaker_entity_id": _speaker_entity(text, c.speaker, c.speaker_type, extraction.entities),
            "speaker_type": c.speaker_type, "named": c.named, "source_count": c.source_count,
            "via_start": _start(c.via), "via_end": _end(c.via), "via_text": _span_text(text, c.via),
            "stance": c.stance, "quote": c.quote,
            "content_start": _start(c.content), "content_end": _end(c.content),
            "continues_claim_id": claim_ids[c.continues] if c.continues is not None else None,
            "parent_claim_id": claim_ids[c.parent] if c.parent is not None else None,
        })
    events = []
    for i in extraction.incidents:
        events.append({
            **base, "event_id": stable_id(article["article_id"], "event", i.type, *i.trigger), "type": i.type,
            "trigger_start": i.trigger[0], "trigger_end": i.trigger[1],
            "trigger_text": text[i.trigger[0] : i.trigger[1]],
            "mention_count": max(1, len(i.mentions)), "mention_spans": json.dumps([list(s) for s in i.mentions]),
            "event_date": i.date, "place_start": _start(i.place), "place_end": _end(i.place),
            "place_text": _span_text(text, i.place), "killed": i.killed, "injured": i.injured, "arrested": i.arrested,
            "perpetrator_start": _start(i.perpetrator), "perpetrator_end": _end(i.perpetrator),
            "perpetrator_text": _span_text(text, i.perpetrator),
        })
    return {"claims": claims, "entity_mentions": mentions, "entities": list(entities.values()),
            "event_mentions": events}


def _speaker_entity(text: str, speaker: Span | None, speaker_type: str, mentions: list[EntityMention]) -> str | None:
    """The canonical entity a speaker names ("Kremlin spokesman Peskov" and "Peskov" give one id).

    Anonymous and document speakers are not entities, and the entity must be of the speaker's
    kind: "المتحدث باسم وزارة الصحة" is a person, not the ministry it names.
    """
    if speaker is None or speaker_type not in _ENTITY_TYPES_OF:
        return None
    mention = resolve_span(text, speaker, mentions)
    if mention is None or mention.type not in _ENTITY_TYPES_OF[speaker_type]:
        return None
    return entity_id(mention.canonical, mention.type)
