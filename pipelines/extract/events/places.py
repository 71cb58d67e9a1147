"""Where an incident happened: the places of an article, each ranked by how specific it is.

Places are the entity finder's LOC mentions plus names opened by a place head the finder may not
know ("مجمع المكاتب الحكومية بحي النسيم", "طريق X", "منطقة X"), a bare name the article has
already given with a head ("مدينة X" ... "في X"), and a name followed by its country in brackets
("في X (أوكرانيا)"). A compass phrase in front belongs to the place ("جنوب شرق موسكو"). Not where
it happened: the dateline ("رويترز - تل أبيب:"), an origin, destination or party ("من سوريا", "إلى
المملكة", "مع أنقرة", "نقل لمستشفى ..."), or a count ("13 محافظة").
Ranks (knowledge/incidents_places.yaml): 0 a site, 1 a district, 2 a town, 3 a region, 4 a country.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

from pipelines.extract.entities.normalize import _MARKS, Folded, canonical_key, fold_word
from pipelines.extract.events.lexicon import AR_LETTERS, alt
from pipelines.extract.model import EntityMention, Span
from pipelines.knowledge import load_yaml

COUNTRY, TOWN = 4, 2
_PUNCT_EDGE = "«»\"'“”()[]"
_NAME_END = re.compile(r"[،,.:؛!?؟)]$")
_DIGIT = re.compile(r"\d")
_PRONOUNS = ("هم", "هما", "هن", "كم", "نا")


@dataclass(frozen=True, slots=True)
class Place:
    start: int  # folded offsets
    end: int
    rank: int
    key: str  # canonical key of the place
    headed: bool = False  # opened by a head word ("محافظة X") rather than a bare gazetteer name
    weak: bool = False  # after "من": where only when nothing else is given


@dataclass(frozen=True)
class _PlaceLex:
    heads: dict[str, int]
    region_heads: frozenset[str]
    head_re: re.Pattern[str]
    stop: frozenset[str]
    not_names: frozenset[str]
    directions: re.Pattern[str]  # a compass phrase ending right before a place
    not_where: frozenset[str]
    from_words: frozenset[str]
    from_not_where: frozenset[str]
    where_of: frozenset[str]
    paren: re.Pattern[str]


@cache
def _lex(lang: str) -> _PlaceLex:
    d = load_yaml("incidents_places.yaml")[lang]
    f = (lambda w: fold_word(str(w))) if lang == "ar" else (lambda w: str(w).lower())
    heads = {f(w): int(rank) for rank, words in d["heads"].items() for w in words}
    region = frozenset(f(w) for w in d["district_or_region"])
    all_heads = [*heads, *region]
    if lang == "ar" and all_heads:
        clitics = "(?:[وفبل]|وب|ول|فب|فل|لل)?"
        head_re = re.compile(
            rf"(?<![{AR_LETTERS}_#]){clitics}(?P<h>(?:ال)?(?P<head>{alt(all_heads, lang)}))(?![{AR_LETTERS}_])"
        )
        directions = re.compile(rf"(?<![{AR_LETTERS}])[وبف]?(?:ال)?(?:{alt(d['directions'], lang)})\s+$")
        paren = re.compile(
            rf"(?<![{AR_LETTERS}])(?:في|ب)\s*(?P<name>[{AR_LETTERS}]+(?:\s+[{AR_LETTERS}]+)?)\s*\((?P<inner>[^()\n]{{1,40}})\)"
        )
    else:
        head_re = re.compile(r"(?!x)x")
        directions = re.compile(rf"\b(?:{alt(d['directions'], lang)})(?:\s+of)?\s+$", re.IGNORECASE)
        paren = re.compile(r"(?!x)x")
    return _PlaceLex(
        heads=heads,
        region_heads=region,
        head_re=head_re,
        stop=frozenset(f(w) for w in d["stop"]) | frozenset(f(w) for w in d["directions"]),
        not_names=frozenset(f(w) for w in d["not_names"]),
        directions=directions,
        not_where=frozenset(f(w) for w in d["not_where"]),
        from_words=frozenset(f(w) for w in d["from_words"]),
        from_not_where=frozenset(f(w) for w in d["from_not_where"]),
        where_of=frozenset(f(w) for w in d["where_of"]),
        paren=paren,
    )


@cache
def _countries() -> frozenset[str]:
    from babel import Locale

    names = {n for lang in ("ar", "en") for n in Locale(lang).territories.values()}
    return frozenset(fold_word(n) for n in names) | {"المملكه العربيه السعوديه", "المملكه"}


def _known(name: str, lang: str) -> bool:
    """Whether the gazetteer knows ``name`` (folded) as a place."""
    from pipelines.extract.entities.lexicon import lexicon

    entry = lexicon(lang).automaton.get(name, None)
    return entry is not None and entry[1].type == "LOC"


def _to_folded(marks: list[int], k: int) -> int:
    """The folded offset of stored offset ``k``, given the stored offsets of the marks folding drops."""
    return k - bisect_left(marks, k)


def _dateline_end(s: str) -> int:
    """End of a dateline ("رويترز - تل أبيب:", "عين اليوم – صنعاء" on its own line), or 0."""
    head = s[:80]
    for sep in (":", "\n"):
        k = head.find(sep)
        if k > 0 and len(head[:k].split()) <= 6 and (sep == ":" or re.search(r"[-–—]", head[:k])):
            return k
    return 0


def _agrees(head: str, word: str) -> bool:
    """Whether ``word`` reads as an adjective of relation agreeing with the head: "مستشفى إسرائيلي",
    "منطقة سكنية" (a feminine head takes "ية"), unlike the name in "منطقة ليجي"."""
    if word.startswith("ال"):
        return False
    return word.endswith("يه") if head.endswith("ه") else word.endswith("ي")


def _nisba(word: str) -> bool:
    """An adjective of relation ("تركية", "الحدودي"): "بلدة تركية" names no town called تركية."""
    return word.endswith(("يه", "ي"))


def _words_before(s: str, at: int, n: int) -> list[str]:
    return s[max(0, at - 40) : at].split()[-n:]


def _where(s: str, start: int, lex: _PlaceLex, lang: str) -> int | None:
    """How much less a place starting at ``start`` tells where something happened: None when it
    cannot be where (see module doc), 2 after "من" ("طرد ... من عدن" is where, "النار من سوريا" is
    not, so it counts only when nothing else is given), else 0."""
    word_start = start
    while word_start > 0 and s[word_start - 1].isalnum():
        word_start -= 1
    prefix = s[word_start:start]
    before = _words_before(s, word_start, 2)
    if lang == "ar" and prefix in ("ل", "ول", "فل", "لل", "ولل"):
        # "نقلت لمستشفى ...": a destination, unless it is where a place belongs ("التابعة لمحافظة")
        belongs = bool(before) and fold_word(before[-1]).lstrip("و").removeprefix("ال") in ("تابع", "تابعه")
        return 0 if belongs else None
    if before:
        last = before[-1].strip(_PUNCT_EDGE)
        if _DIGIT.search(last):
            return None  # "13 محافظة": a count, not a place
        bare = last[1:] if lang == "ar" and last.startswith("و") and len(last) > 2 else last
        if bare in lex.not_where or last in lex.not_where:
            prev = before[0].removeprefix("و") if len(before) == 2 else ""
            if prev in lex.where_of or prev.removeprefix("ب").removeprefix("ال") in lex.where_of:
                return 0
            return 2 if bare in lex.from_words and prev not in lex.from_not_where else None
    return 0


def _extend(s: str, start: int, lex: _PlaceLex) -> int:
    """The start of a compass phrase right before a place ("جنوب شرق موسكو"), else ``start``."""
    m = lex.directions.search(s, max(0, start - 30), start)
    if not m:
        return start
    k = m.start()
    while k < start and not s[k].isalnum():
        k += 1
    if s[k] in "وبف" and s[k + 1 : k + 2] != " " and not s[k:].startswith(("وسط", "فوق")):
        k += 1  # the clitic is not part of the place
    return k


def _site(s: str, m: re.Match[str], lex: _PlaceLex, lang: str) -> tuple[int, int] | None:
    """The name a place head opens: up to three name words, on through "بحي"/"بمدينة" chains; None
    when no name follows: a common word ("سوق شعبي"), a word with a pronoun ("طريق عودتهم"), an
    adjective of relation the gazetteer does not know ("مستشفى إسرائيلي")."""
    if m.group("h").startswith("ال"):
        return None  # "المدينة"، "الطريق": the one already named, or no place at all
    end = m.end()
    pos = m.end()
    count = 0
    first = True
    chain_end = 0  # where a dangling "بمديرية" would start
    for w in re.finditer(r"\S+", s[pos : pos + 120]):
        raw = w.group()
        word = raw.strip(_PUNCT_EDGE)
        if not word or raw.startswith("(") or _DIGIT.search(word) or "_" in word:
            break
        clean = _NAME_END.sub("", word)
        if not clean:
            break
        head_chain = clean[:1] == "ب" and (clean[1:] in lex.heads or clean[1:] in lex.region_heads)
        if head_chain and not first:
            count = 0  # "مجمع المكاتب الحكومية بحي النسيم"
            chain_end = end
        elif (
            clean in lex.stop
            or clean in lex.not_names
            or (not first and clean.startswith("و"))
            or clean.startswith("لل")
            or (clean.startswith(("و", "ف")) and clean[1:] in lex.stop)
            or clean.endswith(_PRONOUNS)
            or (first and _agrees(m.group("head"), clean) and not _known(clean, lang))
        ):
            break
        else:
            chain_end = 0
        count += 1
        first = False
        end = pos + w.start() + len(raw.rstrip(_PUNCT_EDGE + "،,.:؛!?؟"))
        if count >= 3 or _NAME_END.search(word) or raw != raw.rstrip(_PUNCT_EDGE):
            break
        if count == 1 and not head_chain and _known(clean, lang):
            break  # "بمحافظة حجة": a known place name is the whole name
    if chain_end:
        end = chain_end
    return (m.start("h"), end) if end > m.end() else None


def article_places(
    text: str, folded: Folded, s: str, lang: str, entities: tuple[EntityMention, ...], where: list[Span]
) -> list[Place]:
    """The places of an article that can be where an incident happened, in text order; only those
    inside the (folded) sentence spans ``where`` are kept, the sentences that name incidents."""
    lex = _lex(lang)
    dateline = _dateline_end(s)
    countries = _countries()
    spans: dict[int, Place] = {}
    seen: list[tuple[int, int]] = []  # every place found, kept or not: a bare name inside is no new one
    starts = [a for a, _ in where]

    def inside(k: int) -> bool:
        i = bisect_left(starts, k + 1) - 1
        return i >= 0 and k < where[i][1]

    def add(start: int, end: int, rank: int, key: str, headed: bool = True) -> None:
        seen.append((start, end))
        if start < dateline or not inside(start):
            return
        penalty = _where(s, start, lex, lang)
        if penalty is None:
            return
        new_start = _extend(s, start, lex)
        if new_start != start:
            rank = min(rank, 3)
        old = spans.get(new_start)
        # one place per start: the more specific, and among equals the longer ("مسجد قيادة قوة الطوارئ")
        if old is None or (rank, -end) < (old.rank, -old.end):
            spans[new_start] = Place(new_start, end, rank, key, headed, bool(penalty))

    def head_rank(head: str, name: str) -> int:
        if head in lex.heads:
            return lex.heads[head]
        return 3 if _known(name, lang) or _known(name.split()[0], lang) else 1  # منطقة عسير / منطقة X

    bare_names: dict[str, int] = {}
    marks = [m.start() for m in _MARKS.finditer(text)] if len(folded.text) != len(text) else []
    for e in entities:
        start, end = _to_folded(marks, e.span[0]), _to_folded(marks, e.span[1])
        words = s[start:end].split()
        first = words[0].removeprefix("ال") if words else ""
        if not inside(start) and not (first in lex.heads or first in lex.region_heads):
            continue  # neither where an incident is told nor a name to look for there
        if len(words) == 1 and (first in lex.heads or first in lex.region_heads):
            continue  # "مدينة" alone names no place
        if fold_word(e.canonical) in countries:
            rank = COUNTRY
        elif len(words) > 1 and (first in lex.heads or first in lex.region_heads):
            if words[1] in lex.stop:
                continue  # "منطقة جنوب شرقي تركيا": no name after the head
            rank = head_rank(first, " ".join(words[1:]))
            if 1 <= rank <= TOWN and not _nisba(words[-1]):
                bare_names.setdefault(" ".join(words[1:]), rank)
        else:
            rank = TOWN
        add(start, end, rank, canonical_key(e.canonical), headed=rank != TOWN or len(words) > 1)
    for a, b in where:
        for m in lex.head_re.finditer(s, a, b):
            site = _site(s, m, lex, lang)
            if site:
                name = s[m.end() : site[1]].strip()
                rank = head_rank(m.group("head"), name)
                add(site[0], site[1], rank, canonical_key(s[site[0] : site[1]]))
                if 1 <= rank <= TOWN and " " not in name and len(name) > 2 and not _nisba(name):
                    bare_names.setdefault(name, rank)
        if "(" not in s[a:b]:
            continue
        for m in lex.paren.finditer(s, a, b):
            # "في لفوف (أوكرانيا)", "في X (ولاية Y، جنوب)": a place named with where it lies
            inner = re.split(r"[،,]", m.group("inner"))[0].strip()
            first = inner.split()[0].removeprefix("ال") if inner else ""
            placed = first in lex.heads or first in lex.region_heads or lex.directions.search(inner + " ")
            if (placed or _known(inner, lang)) and not any(w in lex.stop for w in m.group("name").split()):
                add(m.start("name"), m.end("name"), TOWN, canonical_key(m.group("name")))
    if bare_names and lang == "ar":
        # "مدينة كيليس" ... "في كيليس": the article has said what the bare name is
        for a, b in where:
            for name, rank in bare_names.items():
                k = s.find(name, a, b)
                while k >= 0:
                    end = k + len(name)
                    lead = k - 1 if k > a and s[k - 1] in "وبفل" else k
                    whole = (lead == a or not s[lead - 1].isalpha()) and (end >= len(s) or not s[end].isalpha())
                    if whole and not any(x <= k < y for x, y in seen):
                        add(k, end, rank, canonical_key(name), headed=False)
                    k = s.find(name, end, b)
    return sorted(spans.values(), key=lambda p: (p.start, p.end))


def stored_span(text: str, folded: Folded, place: Place) -> Span:
    """The place's span in the stored text, with the marks on its last letter ("الفِرْدَوْسِ")."""
    end = folded.end(place.end)
    while end < len(text) and _MARKS.match(text, end):
        end += 1
    return folded.start(place.start), end
