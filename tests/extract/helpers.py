"""Helpers for claim fixtures: find a claim by its cue and compare spans as the text's words."""

from __future__ import annotations

from pipelines.extract.model import Claim


def span(text: str, sub: str, nth: int = 0) -> tuple[int, int]:
    """The (start, end) of the ``nth`` occurrence of ``sub`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return start, start + len(sub)


def claim_at(claims: list[Claim], text: str, cue: str, nth: int = 0) -> Claim:
    """The claim whose cue is the ``nth`` occurrence of ``cue``."""
    want = span(text, cue, nth)
    found = [c for c in claims if c.cue == want]
    assert found, f"no claim at cue {cue!r}; cues: {[text[c.cue[0] : c.cue[1]] for c in claims]}"
    return found[0]


def words(text: str, s: tuple[int, int] | None) -> str | None:
    return text[s[0] : s[1]] if s else None
