"""Predictions in the scorer's format (``../shared/spec/claims.md``, "Files").

The same ``Extraction`` that becomes warehouse rows is written here as one JSON object per
article, so ``../shared/eval/score.py`` scores exactly what the pipeline loads.
"""

from __future__ import annotations

from typing import Any

from pipelines.extract.model import Extraction, Span


def _text(text: str, span: Span | None) -> str | None:
    return text[span[0] : span[1]] if span else None


def to_prediction(doc_id: str, text: str, extraction: Extraction) -> dict[str, Any]:
    """One prediction line for ``doc_id``."""
    return {
        "doc_id": doc_id,
        "claims": [
            {
                "cue": list(c.cue),
                "speaker": list(c.speaker) if c.speaker else None,
                "speaker_text": _text(text, c.speaker),
                "speaker_type": c.speaker_type,
                "named": c.named,
                "source_count": c.source_count,
                "via": _text(text, c.via),
                "stance": c.stance,
                "quote": c.quote,
                "content": _text(text, c.content),
            }
            for c in extraction.claims
        ],
        "entities": [
            {"text": text[e.span[0] : e.span[1]], "span": list(e.span), "type": e.type, "canonical": e.canonical}
            for e in extraction.entities
        ],
        "incidents": [
            {
                "type": i.type,
                "trigger": list(i.trigger),
                "mentions": [list(m) for m in i.mentions],
                "date": i.date.isoformat() if i.date else None,
                "place": _text(text, i.place),
                "killed": i.killed,
                "injured": i.injured,
                "arrested": i.arrested,
                "perpetrator": _text(text, i.perpetrator),
            }
            for i in extraction.incidents
        ],
    }
