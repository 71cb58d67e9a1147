"""English entity grammar (placeholder while the Arabic grammar is built)."""

from __future__ import annotations

from pipelines.extract.entities.normalize import Folded

Candidate = tuple[int, int, str, str, int]


def find_english(folded: Folded) -> list[Candidate]:
    return []
