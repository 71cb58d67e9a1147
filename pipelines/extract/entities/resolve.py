"""From candidate spans to resolved mentions: overlaps settled, aliases and surnames folded.

Within one article a person named in full ("المتحدث باسم الكرملين ديمتري بيسكوف") and later by
the surname alone ("بيسكوف", "Mr Blair") is one entity; so are the forms that share a
``canonical_key`` or that the gazetteer lists under one canonical name (داعش، تنظيم الدولة).
``resolve_span`` answers, for any span such as a claim's speaker, which entity it names.
"""

from __future__ import annotations

import re

from pipelines.extract.entities.normalize import Folded, canonical_key, fold_word
from pipelines.extract.model import EntityMention, Span

Candidate = tuple[int, int, str, str, int]
_TRIM = " \t\n\"'«»“”‘’()[]،,.:;-–—ـ"
_NO_QUOTES = str.maketrans("", "", "\"«»“”‘’")
_SURNAME_SKIP = frozenset({"بن", "ابن", "بنت", "ال", "ابو", "عبد", "jr", "sr"})


def _select(candidates: list[Candidate]) -> list[Candidate]:
    """Keep the longest candidate where several overlap (ties: the better-ranked source)."""
    if not candidates:
        return []
    occupied = bytearray(max(c[1] for c in candidates) + 1)
    chosen: list[Candidate] = []
    for cand in sorted(candidates, key=lambda c: (-(c[1] - c[0]), -c[4], c[0])):
        if occupied.find(1, cand[0], cand[1]) >= 0:
            continue
        chosen.append(cand)
        occupied[cand[0] : cand[1]] = b"\x01" * (cand[1] - cand[0])
    return sorted(chosen)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _surname(name: str, lang: str) -> str | None:
    words = name.split()
    if len(words) < 2:
        return None
    last = words[-1]
    if last.lower() in _SURNAME_SKIP or len(last) < 3 or (lang == "en" and not last[:1].isupper()):
        return None
    return last


def resolve_mentions(
    text: str, folded: Folded, candidates: list[Candidate], lang: str
) -> list[EntityMention]:
    """Mentions in stored offsets, each with the canonical name of its entity."""
    s = folded.text
    mentions: list[EntityMention] = []
    for fs, fe, etype, canonical, _rank in _select(candidates):
        start, end = _trim(text, folded.start(fs), folded.end(fe))
        if end <= start:
            continue
        surface = " ".join(text[start:end].translate(_NO_QUOTES).split())
        mentions.append(EntityMention(span=(start, end), type=etype, canonical=canonical or surface))
    # Same-article surname folding: the last word of a full personal name, standing alone later.
    people: dict[str, str] = {}
    for m in mentions:
        if m.type == "PER":
            sur = _surname(m.canonical, lang)
            if sur:
                people.setdefault(fold_word(sur), m.canonical)
    if people:
        taken = [m.span for m in mentions]
        for sur, full in people.items():
            at = s.find(sur)
            while at >= 0:
                fs, fe = at, at + len(sur)
                at = s.find(sur, fe)
                word_start = fs
                while word_start > 0 and s[word_start - 1].isalnum():
                    word_start -= 1
                prefix = s[word_start:fs]
                if fe < len(s) and s[fe].isalnum() and not (lang == "en" and s[fe : fe + 2] in ("'s", "’s")):
                    continue
                if prefix and (lang == "en" or len(prefix) > 2 or any(c not in "وفبل" for c in prefix)):
                    continue
                start, end = folded.start(fs), folded.end(fe)
                if any(start < e and end > b for b, e in taken):
                    continue
                taken.append((start, end))
                mentions.append(EntityMention(span=(start, end), type="PER", canonical=full))
    # A bare surname found on its own (Mr Blair -> "Blair") takes the full name seen in the article.
    for m in mentions:
        if m.type == "PER" and " " not in m.canonical and fold_word(m.canonical) in people:
            m.canonical = people[fold_word(m.canonical)]
    # Aliases: forms whose keys meet share the longest canonical name seen for that key.
    best: dict[tuple[str, str], str] = {}
    for m in mentions:
        key = (canonical_key(m.canonical, lang), m.type)
        if len(m.canonical) > len(best.get(key, "")):
            best[key] = m.canonical
    for m in mentions:
        m.canonical = best[(canonical_key(m.canonical, lang), m.type)]
    return sorted(mentions, key=lambda m: m.span)


def resolve_span(text: str, span: Span, mentions: list[EntityMention]) -> EntityMention | None:
    """The entity a span names: a mention inside it or around it (the longest such), else a person
    whose surname is the span's last word; None when the span names no known entity."""
    start, end = span
    overlapping = [m for m in mentions if m.span[0] < end and m.span[1] > start]
    if overlapping:
        # Prefer a person or the mention covering most of the span ("المتحدث باسم الكرملين ديمتري بيسكوف").
        return max(overlapping, key=lambda m: (m.type == "PER", min(end, m.span[1]) - max(start, m.span[0])))
    words = re.findall(r"[\w\u0600-\u06ff]+", text[start:end])
    if not words:
        return None
    last = fold_word(words[-1]).lower()
    for m in mentions:
        if m.type == "PER":
            parts = fold_word(m.canonical).lower().split()
            if len(parts) > 1 and parts[-1] == last:
                return m
    return None
