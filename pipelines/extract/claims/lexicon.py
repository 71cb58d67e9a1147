"""The claim extractor's knowledge, compiled once per process from ``pipelines/knowledge``.

Arabic verbs are listed once per lemma (past, present, participle); the inflected third-person
forms with their clitics are generated here and compiled, with the prepositional cues, into
trie-shaped regular expressions. Word lists become one dictionary from folded word to tags,
and multi-word entries a dictionary from first word to the phrases it opens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from babel import Locale

from pipelines.extract.claims.regex import trie_pattern
from pipelines.extract.claims.text import fold
from pipelines.knowledge import load_yaml

AR_LETTERS = "\u0621-\u064a\u0671-\u06d3"
AR_WORD = rf"[{AR_LETTERS}0-9A-Za-z]"


@dataclass(frozen=True, slots=True)
class CueForm:
    """What a matched cue form says about its clause."""

    lemma: str
    kind: str  # say, announce, call, deny, continue, finding, relay, feeling, prep
    strict: bool  # the bare form doubles as a noun or preposition: needs a report frame
    tense: str  # past, pres, part, prep
    gender: str  # m, f or "" (unknown)
    number: str  # s, d, p
    obj: bool  # carries an object pronoun (ذكرته): its content came before it
    conj: str  # the clitic conjunction in front (و/ف) or ""

    @property
    def stance(self) -> str:
        return "deny" if self.kind == "deny" else "assert"


# Tags of single words (YAML key -> tag).
_AR_WORD_LISTS = {
    "complementizers": "comp",
    "negations": "neg",
    "stop_words": "stop",
    "statement_nouns": "statement",
    "own_channels": "own",
    "titles": "title",
    "roles_one": "role1",
    "roles_many": "rolen",
    "anonymous_heads": "anon",
    "ordinals": "ord",
    "singular_sources": "single",
    "dual_sources": "dual",
    "org_heads": "org",
    "org_names": "orgname",
    "capitals": "state",
    "states_extra": "state",
    "media_heads": "media",
    "media_names": "medianame",
    "doc_heads": "doc",
    "preposition_non_sources": "nonsource",
    "scripture_speakers": "scripture",
    "function_words": "func",
    "months": "month",
    "feminine_plurals": "fpl",
    "figurative_heads": "fig",
    "given_names": "given",
    "honorific_pronouns": "hon",
    "speech_nouns": "speech",
    "act_objects": "act",
    "content_nouns": "content",
    "adjectives": "adj",
    "impersonal": "impersonal",
}


@dataclass(frozen=True)
class ArabicLexicon:
    cue_re: re.Pattern[str]
    forms: dict[str, CueForm]
    words: dict[str, frozenset[str]]
    phrases: dict[str, tuple[tuple[tuple[str, ...], str], ...]]
    numbers: dict[str, int]
    outlets: dict[str, frozenset[str]]
    anonymity_re: re.Pattern[str]
    scripture_re: re.Pattern[str]


def _past_forms(p: str) -> list[tuple[str, str, str, bool]]:
    """(form, gender, number, object pronoun) of a past 3rd-person verb."""
    if p.endswith("ى"):  # نفى، رأى، أوصى
        s = p[:-1]
        return [
            (p, "m", "s", False),
            (s + "ت", "f", "s", False),
            (s + "وا", "m", "p", False),
            (s + "يا", "m", "d", False),
            (s + "تا", "f", "d", False),
            (s + "اه", "m", "s", True),
            (s + "اها", "m", "s", True),
            (s + "ته", "f", "s", True),
            (s + "تها", "f", "s", True),
        ]
    if p.endswith("ا") and len(p) == 3:  # دعا
        s = p[:-1]
        return [
            (p, "m", "s", False),
            (s + "ت", "f", "s", False),
            (s + "وا", "m", "p", False),
            (s + "وا", "m", "d", False),
            (p + "ه", "m", "s", True),
            (s + "ته", "f", "s", True),
        ]
    return [
        (p, "m", "s", False),
        (p + "ت", "f", "s", False),
        (p + "وا", "m", "p", False),
        (p + "ا", "m", "d", False),
        (p + "تا", "f", "d", False),
        (p + "ه", "m", "s", True),
        (p + "ها", "m", "s", True),
        (p + "ته", "f", "s", True),
        (p + "تها", "f", "s", True),
        (p + "وه", "m", "p", True),
    ]


def _present_forms(r: str) -> list[tuple[str, str, str]]:
    """(form, gender, number) of a present 3rd-person verb given its "ي" form."""
    t = "ت" + r[1:]
    if r[-1] in "يوى":  # ينفي، يدعو، يرى
        return [(r, "m", "s"), (t, "f", "s"), (r[:-1] + "ون", "m", "p")]
    return [(r, "m", "s"), (t, "f", "s"), (r + "ون", "m", "p"), (r + "ان", "m", "d"), (t + "ان", "f", "d")]


def _participle_forms(a: str) -> list[tuple[str, str, str]]:
    s = a[:-1] if a.endswith("ا") else a
    return [
        (a, "m", "s"),
        (s + "ه", "f", "s"),
        (s + "ين", "m", "p"),
        (s + "تين", "f", "d"),
        (s + "ات", "f", "p"),
    ]


@cache
def arabic() -> ArabicLexicon:
    data = load_yaml("claims_ar.yaml")
    words: dict[str, set[str]] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}

    def add(entry: str, tag: str) -> None:
        parts = fold(entry).split()
        if not parts:
            return
        if len(parts) == 1:
            words.setdefault(parts[0], set()).add(tag)
        else:
            phrases.setdefault(parts[0], []).append((tuple(parts), tag))

    for key, tag in _AR_WORD_LISTS.items():
        for entry in data.get(key, []):
            add(str(entry), tag)
    for name in Locale("ar").territories.values():
        add(name, "state")
    numbers = {fold(k): int(v) for k, v in data["numbers"].items()}
    for k in numbers:
        words.setdefault(k, set()).add("num")

    # Cue verbs: every third-person form with the clitics و/ف (and the future س).
    forms: dict[str, CueForm] = {}
    never = words.keys() & {"هنا", "ما", "لا"}  # folded forms that collide with particles
    verbs = dict(data["verbs"])
    verbs["light"] = [line + " | -" for line in data["light_verbs"]]
    for kind, entries in verbs.items():
        for line in entries:
            cells = [c.strip() for c in line.split("|")]
            past, pres, part = (fold(c) if c != "-" else "" for c in cells[:3])
            strict = "strict" in cells[3:]
            generated: list[tuple[str, CueForm]] = []
            if past:
                for f, g, n, obj in _past_forms(past):
                    generated.append((f, CueForm(past, kind, strict, "past", g, n, obj, "")))
            if pres:
                # first-person forms (أؤكد، نؤكد) are the quoted speaker's own verbs: words that end a
                # name, never cues
                for first in ("ا" + pres[1:], "ن" + pres[1:]):
                    words.setdefault(first, set()).add("verb")
                for f, g, n in _present_forms(pres):
                    generated.append((f, CueForm(past, kind, strict, "pres", g, n, False, "")))
                    generated.append(("س" + f, CueForm(past, kind, strict, "pres", g, n, False, "")))
            if part:
                for f, g, n in _participle_forms(part):
                    generated.append((f, CueForm(past, kind, strict, "part", g, n, False, "")))
            for f, info in generated:
                if f in never:
                    continue
                for conj in ("", "و", "ف"):
                    forms.setdefault(conj + f, replace(info, conj=conj))
    preps = []
    for entry in data["prepositions"]:
        parts = fold(entry).split()
        if parts[-1] == "ل":  # "وفقا ل": the ل is written joined to the source
            body = r"\s+".join(re.escape(p) for p in parts[:-1]) + r"\s*ل(?=\S)"
        else:
            body = r"\s+".join(re.escape(p) for p in parts) + rf"(?!{AR_WORD})"
        preps.append(body)
    prep_body = "|".join(sorted(preps, key=len, reverse=True))
    # One pass finds every cue: a verb form (named group "verb"), a prepositional attribution
    # ("prep") or "جاء في/فيه" introducing a document's text ("jaa").
    cue_re = re.compile(
        rf"(?<!{AR_WORD})(?:(?P<prep>[وف]?(?:{prep_body}))|(?P<jaa>[وف]?جاء\s+(?:في|فيه|فيها)(?!{AR_WORD}))"
        rf"|(?P<verb>{trie_pattern(forms)})(?!{AR_WORD}))"
    )

    outlets = {k: frozenset(fold(n) for n in v) for k, v in data["outlets"].items()}
    anonymity_re = re.compile("|".join(re.escape(fold(m)) for m in data["anonymity_markers"]))
    scripture = sorted((fold(s) for s in data["scripture_markers"]), key=len, reverse=True)
    scripture_re = re.compile(rf"(?<!{AR_WORD})(?:{'|'.join(re.escape(s) for s in scripture)})(?!{AR_WORD})")
    return ArabicLexicon(
        cue_re=cue_re,
        forms=forms,
        words={k: frozenset(v) for k, v in words.items()},
        phrases={k: tuple(v) for k, v in phrases.items()},
        numbers=numbers,
        outlets=outlets,
        anonymity_re=anonymity_re,
        scripture_re=scripture_re,
    )


@dataclass(frozen=True)
class EnglishLexicon:
    cue_re: re.Pattern[str]
    kinds: dict[str, str]  # cue form (lowercase, single-spaced) -> kind
    noun_forms: frozenset[str]
    prep_re: re.Pattern[str]
    words: dict[str, frozenset[str]]  # lowercase word -> tags
    caps: dict[str, frozenset[str]]  # multi-word or capitalised names -> tags
    numbers: dict[str, int]
    anonymity_re: re.Pattern[str]
    self_outlets: frozenset[str]
    speech_objects: frozenset[str]
    months: frozenset[str]
    needs_frame: frozenset[str]
    passive_by: frozenset[str]
    act_objects: frozenset[str]
    media_phrases: tuple[str, ...]  # multi-word outlet names


_EN_WORD_LISTS = {
    "adverbs": "adv",
    "roles_one": "role1",
    "roles_many": "rolen",
    "anonymous_heads": "anon",
    "ordinals": "ord",
    "org_heads": "org",
    "media_heads": "media",
    "doc_heads": "doc",
    "figurative_heads": "fig",
    "np_words": "npw",
}


@cache
def english() -> EnglishLexicon:
    data = load_yaml("claims_en.yaml")
    kinds: dict[str, str] = {}
    for kind, forms in data["verbs"].items():
        for f in forms:
            kinds.setdefault(" ".join(str(f).split()), "part" if kind == "participle" else kind)
    for f in data["belief"]:
        kinds[f] = "belief"
    for f in data["finding"]:
        kinds[f] = "finding"
    for f in data["feeling"]:
        kinds[f] = "feeling"
    body = trie_pattern(kinds).replace(r"\ ", r"\s+")
    cue_re = re.compile(rf"(?<![\w'’-])(?:{body})(?![\w'’-])")
    preps = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in data["prepositions"])
    prep_re = re.compile(rf"(?<![\w-])(?:{preps})(?![\w-])", re.IGNORECASE)
    words: dict[str, set[str]] = {}
    caps: dict[str, set[str]] = {}
    for key, tag in _EN_WORD_LISTS.items():
        for w in data[key]:
            w = str(w)
            if " " in w:
                caps.setdefault(w.lower(), set()).add(tag)
            else:
                words.setdefault(w.lower(), set()).add(tag)
    for w in data["titles"]:
        caps.setdefault(str(w), set()).add("title")
    for key, tag in (("org_names", "orgname"), ("media_names", "medianame")):
        for w in data[key]:
            caps.setdefault(str(w), set()).add(tag)
    for name in Locale("en").territories.values():
        caps.setdefault(name, set()).add("state")
    numbers = {str(k): int(v) for k, v in data["numbers"].items()}
    anonymity_re = re.compile("|".join(re.escape(m) for m in data["anonymity_markers"]), re.IGNORECASE)
    return EnglishLexicon(
        cue_re=cue_re,
        kinds=kinds,
        noun_forms=frozenset(data["noun_forms"]),
        prep_re=prep_re,
        words={k: frozenset(v) for k, v in words.items()},
        caps={k: frozenset(v) for k, v in caps.items()},
        numbers=numbers,
        anonymity_re=anonymity_re,
        self_outlets=frozenset(data["self_outlets"]),
        speech_objects=frozenset(data["speech_objects"]),
        months=frozenset(data["months"]),
        needs_frame=frozenset(data["needs_frame"]),
        passive_by=frozenset(data["passive_by"]),
        act_objects=frozenset(data["act_objects"]),
        media_phrases=tuple(str(n) for n in data["media_names"] if " " in str(n)),
    )
