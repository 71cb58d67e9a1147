"""Incidents: attacks, clashes, arrests, accidents and disasters (spec: "Incident").

This first version finds trigger words from ``knowledge/incidents.yaml`` with one compiled
pattern per language, merges mentions of the same type into one incident per article, and
reads a casualty figure written in digits right after a killed/injured/arrested word.
The date is never guessed: it stays null until a resolver can tie it to the text.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from pipelines.extract.model import Incident
from pipelines.knowledge import load_yaml

_ARABIC_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
_FIGURES = {
    "killed": re.compile(
        r"(?:مقتل|قتل|وفاة|killing|killed)\s+(\d+|[٠-٩]+)|(\d+|[٠-٩]+)\s+(?:قتيلا|قتلى|people killed|dead)"
    ),
    "injured": re.compile(r"(?:إصابة|جرح|injuring|injured)\s+(\d+|[٠-٩]+)|(\d+|[٠-٩]+)\s+(?:جريحا|مصابا|injured)"),
    "arrested": re.compile(r"(?:اعتقال|القبض على|توقيف|arrested)\s+(\d+|[٠-٩]+)"),
}


@cache
def _triggers(lang: str) -> re.Pattern[str]:
    groups = []
    for etype, words in load_yaml("incidents.yaml")[lang].items():
        alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        groups.append(f"(?P<{etype}>{alternation})")
    if lang == "ar":
        return re.compile(r"(?<![\u0600-\u06ff])(?:[وفب]?(?:ال)?)(?:" + "|".join(groups) + r")(?![\u0600-\u06ff])")
    return re.compile(r"\b(?:" + "|".join(groups) + r")\b", re.IGNORECASE)


def find_incidents(text: str, lang: str, published: date | None = None) -> list[Incident]:
    """One incident per type per article, with every trigger as a mention."""
    by_type: dict[str, Incident] = {}
    for m in _triggers("ar" if lang == "ar" else "en").finditer(text):
        etype = m.lastgroup or ""
        span = m.span(etype)
        incident = by_type.get(etype)
        if incident is None:
            by_type[etype] = incident = Incident(type=etype, trigger=span)
        incident.mentions.append(span)
    for incident in by_type.values():
        window = text[incident.trigger[0] : incident.trigger[0] + 200]
        for field, pattern in _FIGURES.items():
            fm = pattern.search(window)
            if fm:
                figure = next(g for g in fm.groups() if g)
                setattr(incident, field, int(figure.translate(_ARABIC_INDIC)))
    return sorted(by_type.values(), key=lambda i: i.trigger)
