"""English entity grammar: gazetteer hits plus capitalised name sequences typed by their cues.

A run of capitalised words ("Bank of England", "Derek Wyatt") is a name candidate once a
sentence-initial common word is dropped (a word that also appears lower-cased in the article is
an ordinary word). Its type comes from, in order: a person title before it (Mr, President), an
organization or place head word in it (Party, Committee / Street, Centre), a known given name
first, an acronym (ORG), a place preposition before a single word (in Gateshead).
"""

from __future__ import annotations

import re

from pipelines.extract.entities.lexicon import Lexicon, lexicon
from pipelines.extract.entities.normalize import Folded

Candidate = tuple[int, int, str, str, int]
PATTERN_RANK = 2
_TOKEN = re.compile(r"[^\W_][\w&'’.-]*[^\W_]|[^\W_]")
_CONNECT = frozenset(
    {"of", "de", "la", "du", "von", "van", "der", "den", "al", "bin", "da", "del", "di", "&"}
)
_PLACE_PREP = frozenset({"in", "near", "across", "outside", "inside", "throughout", "around"})
_AT = frozenset({"at", "of", "with", "from", "by"})
# A number inside a name only after these words (BBC Radio 1, BBC 6 Music, Channel 4).
_NUMBERED = frozenset({"Radio", "Channel", "BBC", "Formula", "Apollo", "Windows", "Xbox", "PlayStation"})


def _is_cap(word: str) -> bool:
    return word[:1].isupper() or (word[:1].isdigit() and any(c.isupper() for c in word))


def _clean(word: str) -> str:
    for suffix in ("'s", "’s", "'", "’", "."):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)]
    return word


def gazetteer_hits(s: str, lex: Lexicon) -> list[tuple[int, int, str, str]]:
    hits = []
    n = len(s)
    for end_index, (length, entry) in lex.automaton.iter(s):
        start, end = end_index - length + 1, end_index + 1
        if (start > 0 and (s[start - 1].isalnum())) or (end < n and s[end].isalnum()):
            continue
        hits.append((start, end, entry.type, entry.canonical))
    return hits


def find_english(folded: Folded, lex: Lexicon | None = None, strict: bool = False) -> list[Candidate]:
    """Candidate mentions; overlaps are settled by the caller. ``strict`` (Latin names inside Arabic
    text, where capitals carry no sentence context) keeps only known names, titles, heads and
    given names."""
    lex = lex or lexicon("en")
    s = folded.text
    w = lex.words
    out: list[Candidate] = [(a, b, t, c, 3) for a, b, t, c in gazetteer_hits(s, lex)]
    gaz = {(a, b): t for a, b, t, _ in gazetteer_hits(s, lex)}
    lower_words = set(re.findall(r"\b[a-z][a-z'-]+\b", s))
    toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(s)]
    n = len(toks)
    i = 0
    while i < n:
        if not _is_cap(toks[i][2]):
            i += 1
            continue
        # Grow a run of capitalised words joined by spaces (and "of", "de", "&" between them).
        j = i + 1
        while j < n:
            gap = s[toks[j - 1][1] : toks[j][0]]
            if gap.strip() or "\n" in gap:
                break
            word = toks[j][2]
            prev = toks[j - 1][2]
            if _is_cap(word) and not prev.endswith((".", "'s", "’s")):
                if (
                    _clean(word) in w["person_titles"]
                    and _clean(word) not in w["name_titles"]
                    and _clean(word) not in w["org_suffixes"]
                ):
                    break  # "Transport Minister Ana Silva", "Radio 5 presenter Sam Lowe"
                j += 1
                continue
            if word.isdigit() and len(word) <= 2 and prev in _NUMBERED:
                j += 1
                continue
            if (
                word in _CONNECT
                and j + 1 < n
                and _is_cap(toks[j + 1][2])
                and not s[toks[j][1] : toks[j + 1][0]].strip()
            ):
                j += 2
                continue
            if word == "and" and j + 1 < n and _is_cap(toks[j + 1][2]):
                # "Finance and Economy Ministry": join only when the right side ends in a head word.
                k = j + 1
                while k + 1 < n and _is_cap(toks[k + 1][2]) and not s[toks[k][1] : toks[k + 1][0]].strip():
                    k += 1
                if _clean(toks[k][2]) in w["org_suffixes"] or _clean(toks[k][2]) in w["loc_suffixes"]:
                    j = k + 1
                    continue
            break
        run = toks[i:j]
        i = j
        # Drop leading words that do not open a name (sentence starters, titles, calendar words).
        title = None
        the = False
        while run:
            first = _clean(run[0][2])
            start = run[0][0]
            sentence_start = (
                start == 0
                or s[start - 1] == "\n"
                or s[max(0, start - 2) : start] == "  "
                or s[max(0, start - 3) : start].strip()[-1:] in (".", "!", "?", '"', "“", "'", ":", "")
            )
            if first in w["name_titles"] and len(run) > 1 and _clean(run[1][2]) not in w["person_titles"]:
                break
            if first == "The" and not sentence_start and len(run) > 1:
                the = True
                break
            if (
                len(run) > 2
                and _clean(run[1][2]) in lex.given
                and first not in lex.given
                and first.lower()
                in (lower_words | {"singer", "rapper", "analyst", "economist", "chairman", "boss"})
            ) or (
                first in w["person_titles"]
                or first in w["not_names"]
                or (sentence_start and first.lower() in lower_words)
                or first.lower() in _CONNECT
            ):
                if first in w["person_titles"]:
                    title = first
                run = run[1:]
                continue
            break
        while run and (
            run[-1][2].lower() in _CONNECT
            or (
                _clean(run[-1][2]) in w["not_names"]
                and _clean(run[-1][2]) not in w["org_suffixes"]
                and _clean(run[-1][2]) not in w["loc_suffixes"]
            )
        ):
            run = run[:-1]
        if not run or (the and len(run) < 2):
            continue
        words = [_clean(t[2]) for t in run]
        start = run[0][0]
        end = run[-1][0] + len(words[-1])
        if (start, end) in gaz and not title:
            continue
        if the and (run[1][0], end) in gaz:
            continue
        if the:
            etype: str | None = "ORG"  # a mid-sentence "The X" is a title of a band, paper or firm
        else:
            etype = _classify(words, title, s, start, lex, gaz, lower_words, strict)
        if etype:
            out.append((start, end, etype, "", 4 if title else PATTERN_RANK))
    return out


def _classify(
    words: list[str],
    title: str | None,
    s: str,
    start: int,
    lex: Lexicon,
    gaz: dict[tuple[int, int], str],
    lower_words: set[str],
    strict: bool = False,
) -> str | None:
    w = lex.words
    if title or words[0] in w["name_titles"]:
        return "PER"
    if words[-1] in w["org_suffixes"] or (words[0] in w["org_prefixes"] and "of" in words):
        return "ORG"
    if (words[-1] in w["loc_suffixes"] and len(words) > 1) or (
        words[0] in w["loc_prefixes"] and len(words) > 1
    ):
        return "LOC"
    if all(x in w["nationalities"] for x in words):
        return None
    first_gaz = gaz.get((start, start + len(words[0])))
    if first_gaz == "ORG" and len(words) > 1:
        return "ORG"  # BBC Radio Sheffield, BBC One
    if len(words) >= 2 and words[0] in lex.given and len(words) <= 4:
        return "PER"
    if len(words) == 1 and words[0].isupper() and 2 <= len(words[0]) <= 6 and words[0].isalpha():
        return "ORG"
    if strict:
        return None
    before = s[max(0, start - 12) : start].split()
    prev = before[-1].lower() if before else ""
    if len(words) == 1:
        return "LOC" if prev in _PLACE_PREP else None
    if any(x.lower() in lower_words for x in words) or prev == "the":
        return None
    if prev in _AT:
        return "ORG"  # an analyst at Global Insight
    if 2 <= len(words) <= 3 and all(x[:1].isupper() and x[1:].islower() for x in words):
        return "PER"
    return None
