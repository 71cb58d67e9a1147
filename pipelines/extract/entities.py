"""Entities: people, organizations and places, matched by one automaton over all known names.

Names come from data, not code: the Arabic and English names of countries and territories in
CLDR (through babel) and the curated ``knowledge/gazetteer.tsv``. All names of a language go into
one Aho-Corasick automaton, so matching costs one pass over the text however long the lists.
"""

from __future__ import annotations

from functools import cache

import ahocorasick
from babel import Locale

from pipelines.extract.model import EntityMention
from pipelines.knowledge import load_tsv

_AR_LETTER_PREFIXES = ("وال", "بال", "لل", "ال", "و", "ب", "ل")


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


@cache
def _automaton(lang: str) -> ahocorasick.Automaton:
    names: dict[str, tuple[str, str]] = {}
    for code, name in Locale(lang).territories.items():
        if code.isalpha() and len(code) == 2:  # countries, not regions like "001"
            names[name] = ("LOC", name)
    for name, etype, canonical, name_lang in load_tsv("gazetteer.tsv"):
        if name_lang == lang:
            names[name] = (etype, canonical or name)
    auto = ahocorasick.Automaton()
    for name, (etype, canonical) in names.items():
        key = name.lower() if lang == "en" else name
        auto.add_word(key, (len(key), etype, canonical))
    auto.make_automaton()
    return auto


def find_entities(text: str, lang: str) -> list[EntityMention]:
    """Longest, non-overlapping gazetteer matches that sit on word boundaries."""
    lang = "ar" if lang == "ar" else "en"
    haystack = text.lower() if lang == "en" else text
    found: list[EntityMention] = []
    taken_until = -1
    candidates = []
    for end_index, (length, etype, canonical) in _automaton(lang).iter(haystack):
        start, end = end_index - length + 1, end_index + 1
        if end < len(text) and _is_word_char(text[end]):
            continue
        if start > 0 and _is_word_char(text[start - 1]) and not _arabic_prefix_ok(text, start, lang):
            continue
        candidates.append((start, -end, etype, canonical))
    for start, neg_end, etype, canonical in sorted(candidates):
        if start < taken_until:
            continue
        found.append(EntityMention(span=(start, -neg_end), type=etype, canonical=canonical))
        taken_until = -neg_end
    return found


def _arabic_prefix_ok(text: str, start: int, lang: str) -> bool:
    """Arabic clitics (و، ب، ل، ال) may precede a name inside the same written word."""
    if lang != "ar":
        return False
    word_start = start
    while word_start > 0 and _is_word_char(text[word_start - 1]):
        word_start -= 1
    return text[word_start:start] in _AR_LETTER_PREFIXES
