"""The name lists an entity finder needs, loaded once per language and compiled.

Sources, all data: CLDR territory names and time-zone cities through babel, the curated
``knowledge/gazetteer.tsv`` (canonical names with their aliases), GeoNames cities
(``knowledge/places_geonames.tsv``), given names (``knowledge/given_names.tsv``) and the grammar
words of ``knowledge/entities.yaml``. Every gazetteer name of a language goes into one
Aho-Corasick automaton over the folded text, so matching costs one pass whatever the list size.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import ahocorasick
from babel import Locale

from pipelines.extract.entities.normalize import fold_word
from pipelines.knowledge import load_tsv, load_yaml

# Source ranks: a curated entry beats CLDR, which beats GeoNames.
CURATED, CLDR, GEONAMES = 3, 2, 1
_PERSIAN_LETTERS = set("پچژگکیۀہےڈٹںھ")


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer name: its type, the canonical name it resolves to, and where it came from."""

    type: str
    canonical: str
    rank: int
    # Characters to skip at the start of a match (the "ل" of a "لل" form, see ``_arabic_keys``).
    skip: int = 0


@dataclass(frozen=True, slots=True)
class Lexicon:
    automaton: ahocorasick.Automaton
    given: frozenset[str]
    words: dict[str, frozenset[str]]
    ambiguous_outlets: frozenset[str]


def _arabic_keys(name: str) -> list[tuple[str, int]]:
    """Folded keys for an Arabic name: itself and, for "ال…", the form after a "ل" clitic (للعراق)."""
    key = fold_word(name)
    keys = [(key, 0)]
    if key.startswith("ال") and len(key) > 3:
        keys.append(("ل" + key[2:], 1))
    return keys


@cache
def lexicon(lang: str) -> Lexicon:
    """Compiled name lists of ``lang`` ("ar" or "en")."""
    grammar = load_yaml("entities.yaml")
    words = {k: frozenset(fold_word(w) if lang == "ar" else w for w in v) for k, v in grammar[lang].items()}
    not_names = words["not_names"]
    if lang == "ar":  # a state's bodies open organization names like any other head
        single = {h for h in words["state_heads"] if " " not in h}
        words["org_heads"] = words["org_heads"] | single
        words["weak_org_heads"] = words["weak_org_heads"] | single
    entries: dict[str, Entry] = {}

    def add(name: str, etype: str, canonical: str, rank: int) -> None:
        keys = _arabic_keys(name) if lang == "ar" else [(name.strip(), 0)]
        if lang == "ar":  # final ى/ي are written either way in names (مصطفى، مصطفي)
            keys += [(k[:-1] + {"ى": "ي", "ي": "ى"}[k[-1]], skip) for k, skip in keys if k[-1] in "ىي"]
        for key, skip in keys:
            if len(key) < 2:
                continue
            old = entries.get(key)
            if old is None or old.rank < rank:
                entries[key] = Entry(etype, canonical, rank, skip)

    locale = Locale(lang)
    for code, name in locale.territories.items():
        if code.isalpha() and len(code) == 2 and code not in ("ZZ", "EU", "EZ", "UN", "QO"):
            add(name, "LOC", name, CLDR)
    for zone, names in locale.time_zones.items():
        city = names.get("city") if lang == "ar" else zone.rsplit("/", 1)[-1].replace("_", " ")
        if city and city not in not_names and "/" in zone:
            add(city, "LOC", city, CLDR)
    given_words = {fold_word(n) for n, glang in load_tsv("given_names.tsv") if glang == lang}
    given_words |= {fold_word(n) for n in grammar[lang].get("given_extra", ())}
    for name, glang, _cc, pop in load_tsv("places_geonames.tsv"):
        if (
            glang != lang
            or name in not_names
            or fold_word(name) in not_names
            or fold_word(name) in given_words
        ):
            continue
        if lang == "ar" and (set(name) & _PERSIAN_LETTERS or "ى" in name[:-1] or len(name) < 3):
            continue
        if lang == "en" and (name in words["not_names"] or (int(pop) < 100_000 and " " not in name)):
            continue
        add(name, "LOC", name, GEONAMES)
    given_list = [
        fold_word(n) if lang == "ar" else n for n, glang in load_tsv("given_names.tsv") if glang == lang
    ]
    # "عبد الله" is written both ways; the spaced form is found through the "عبد" joint.
    given = (
        frozenset(n.replace(" ", "") for n in given_list)
        | words.get("foreign_given", frozenset())
        | frozenset(n.replace(" ", "") for n in words.get("given_extra", ()))
    )
    if lang == "ar":
        given |= frozenset(n[:-1] + "ي" for n in given if n.endswith("ى"))
        # A role or title word is never read as a given name (Faker lists "رئيس" and "قائد").
        given -= words["role_heads"] | words["stop"]
    for name, etype, canonical, glang in load_tsv("gazetteer.tsv"):
        if glang == lang:
            add(name, etype, canonical or name, CURATED)
    automaton = ahocorasick.Automaton()
    for key, entry in entries.items():
        automaton.add_word(key, (len(key), entry))
    automaton.make_automaton()
    outlets = grammar["ambiguous_outlets"][lang] or []
    return Lexicon(automaton, given, words, frozenset(fold_word(o) for o in outlets))
