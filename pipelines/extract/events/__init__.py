"""Incidents an article reports (spec: "Incident"): ``find_incidents`` and its parts.

``lexicon`` compiles ``knowledge/incidents.yaml``; ``dates`` reads when, ``figures`` how many were
killed, injured or arrested, ``places`` where; ``incidents`` finds the triggers, gives each the
dates, figures and places that stand by it and folds mentions into incidents.
"""

from __future__ import annotations

from pipelines.extract.events.dates import resolve_date
from pipelines.extract.events.figures import parse_number
from pipelines.extract.events.incidents import find_incidents

__all__ = ["find_incidents", "parse_number", "resolve_date"]
