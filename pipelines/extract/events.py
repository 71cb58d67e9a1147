"""Incidents: attacks, clashes, arrests, accidents and disasters (spec: "Incident").

Triggers come from ``knowledge/incidents.yaml`` (one compiled pattern per language, run on the
folded copy of the text so hamza and ta marbuta variants meet). Each trigger reads, from its own
sentence, a place (the nearest place entity), a date (أمس، الاثنين الماضي، 22 مارس, resolved against
the publication date; anything that does not name a day stays null) and casualty figures (digits,
Arabic-Indic digits, number words, "ما يقرب من 100", a single named victim = 1, "no injuries" = 0).
Mentions of one type fold into one incident unless they carry a different place, day or toll, which
makes a second incident of that type; words such as "الحادث" only add a mention to the last one.

Only the five spec types are returned: meetings, elections or sports results are not incidents
and this module does not report them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, lru_cache
from typing import Any

import ahocorasick

from pipelines.extract.entities.normalize import Folded, fold_text, fold_word
from pipelines.extract.model import EntityMention, Incident, Span
from pipelines.knowledge import load_yaml
from pipelines.parse.sentences import split_sentences

_AR_L = r"\u0621-\u064a\u0671-\u06d3"


def _alt(words: Any, lang: str) -> str:
    forms = {fold_word(str(w)) if lang == "ar" else str(w).lower() for w in words}
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(forms, key=len, reverse=True) if w)


@dataclass(frozen=True)
class _Lex:
    triggers: ahocorasick.Automaton  # folded trigger -> (length, type or "anaphora")
    generic: frozenset[str]
    figure: dict[str, re.Pattern[str]]
    number_after: dict[str, re.Pattern[str]]
    zero: re.Pattern[str]
    numbers: dict[str, int | None]
    one: frozenset[str]
    two: frozenset[str]
    dates: re.Pattern[str]
    months: dict[str, int]
    weekdays: dict[str, int]
    relative: dict[str, int]
    last_words: frozenset[str]


@cache
def _lex(lang: str) -> _Lex:
    d = load_yaml("incidents.yaml")[lang]
    fold = (lambda w: fold_word(str(w))) if lang == "ar" else (lambda w: str(w).lower())
    if lang == "ar":
        pre, post = rf"(?<![{_AR_L}])(?:[وفبل]|وب|ول|فب|فل)?(?:ال)?", rf"(?![{_AR_L}])"
    else:
        pre, post = r"\b", r"\b"
    automaton = ahocorasick.Automaton()
    for etype, words in [*d["triggers"].items(), ("anaphora", d["anaphora"])]:
        for word in words:
            key = fold(word)
            if key not in automaton:
                automaton.add_word(key, (len(key), etype))
    automaton.make_automaton()
    numbers = {fold(k): v for k, v in d["numbers"].items()}
    num = rf"(?:(?:\d+(?:[.,]\d+)?|{_alt(numbers, lang)})(?:\s+(?:الف|thousand))?)"
    approx = rf"(?:(?:{_alt(d['approx'], lang)})\s+)?"
    one = frozenset(fold(w) for w in d["one_person"])
    two = frozenset(fold(w) for w in d["two_persons"])
    figure, after = {}, {}
    for kind, cues in d["figures"].items():
        cue = _alt(cues, lang)
        # cue [up to two words] [approx] NUMBER | cue ONE-PERSON-NOUN
        figure[kind] = re.compile(
            rf"{pre}(?:{cue}){post}\s+(?:(?:عن|على|of|at least|to)\s+)?{approx}(?P<num>{num}){post}"
            rf"|{pre}(?:{cue}){post}\s+(?:(?:عن|على)\s+)?(?P<noun>[^\s،,.]+(?:\s+اثنين)?)",
            re.IGNORECASE,
        )
        figure[kind + "_self"] = (
            re.compile(rf"{pre}(?:{cue})(?:ه|ها)(?![{_AR_L}])") if lang == "ar" else re.compile(r"(?!x)x")
        )
        gap = "{0,1}" if lang == "ar" else "{0,2}"  # "N قتيلا" / "three people were killed"
        after[kind] = re.compile(
            rf"{pre}{approx}(?P<num>{num})\s+(?:[^\s،,.]+\s+){gap}(?:{cue}){post}", re.IGNORECASE
        )
    months = {fold(k): v for k, v in d["months"].items()}
    weekdays = {fold(k): v for k, v in d["weekdays"].items()}
    relative = {fold(k): v for k, v in d["relative_days"].items()}
    m_alt, w_alt, r_alt = _alt(months, lang), _alt(weekdays, lang), _alt(relative, lang)
    last = _alt(d["last_words"], lang)
    dates = re.compile(
        rf"(?P<dm>(?P<d1>\d{{1,2}})\s*(?:من\s+)?(?P<m1>{m_alt}){post}(?:\s+(?:عام\s+|من\s+عام\s+)?(?P<y1>\d{{4}}))?)"
        rf"|(?P<md>{pre}(?P<m2>{m_alt})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y2>\d{{4}}))?)"
        rf"|(?P<wd>{pre}(?:{last})?\s*(?P<w>{w_alt}){post}(?:\s+(?P<last>{last}))?)"
        rf"|(?P<rel>{pre}(?P<r>{r_alt}){post})"
        rf"|(?P<year>(?<!\d)(?P<y3>1[89]\d\d|20\d\d)(?!\d))",
        re.IGNORECASE,
    )
    return _Lex(
        triggers=automaton,
        generic=frozenset(fold(w) for w in d["generic_before"]),
        figure=figure,
        number_after=after,
        zero=re.compile(
            rf"{pre}(?:{_alt(d['zero_negators'], lang)}){post}\s+(?:\S+\s+){{0,4}}?"
            rf"(?:[وب]?(?:ال)?)(?:{_alt(d['zero_nouns'], lang)}){post}",
            re.IGNORECASE,
        ),
        numbers=numbers,
        one=one,
        two=two,
        dates=dates,
        months=months,
        weekdays=weekdays,
        relative=relative,
        last_words=frozenset(fold(w) for w in d["last_words"]),
    )


_THOUSAND = re.compile(r"\s+(?:الف|thousand)$")


def parse_number(token: str, lang: str = "ar") -> int | None:
    """A figure written in digits (Arabic-Indic too) or words ("ثلاثون ألف" = 30000); None for
    "dozens" or unknown words."""
    t = " ".join(fold_word(token).lower().replace(",", "").split())
    scale = 1
    if _THOUSAND.search(t):
        t, scale = _THOUSAND.sub("", t), 1000
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        return int(float(t) * scale)
    value = _lex("ar" if lang == "ar" else "en").numbers.get(t)
    return value * scale if value is not None else None


def resolve_date(m: re.Match[str], published: date | None, lex: _Lex, anniversary: bool) -> date | None:
    """The day a date expression names, against the publication date; None when it names no day."""
    try:
        if m.group("dm") or m.group("md"):
            day = int(m.group("d1") or m.group("d2"))
            month = lex.months[(m.group("m1") or m.group("m2")).lower()]
            year_s = m.group("y1") or m.group("y2")
            if year_s:
                return date(int(year_s), month, day)
            if published is None:
                return None
            guess = date(published.year, month, day)
            return guess if guess <= published else date(published.year - 1, month, day)
        if published is None:
            return None
        if m.group("wd"):
            target = lex.weekdays[m.group("w").lower()]
            back = (published.weekday() - target) % 7
            explicit_last = bool(m.group("last")) or any(
                w in m.group("wd").lower().split() for w in lex.last_words
            )
            if back == 0 and explicit_last:
                back = 7
            return published - timedelta(days=back)
        if m.group("rel"):
            return published + timedelta(days=lex.relative[re.sub(r"\s+", " ", m.group("r").lower())])
        if m.group("year") and anniversary:
            year = int(m.group("y3"))
            if year < published.year:
                return published.replace(year=year)
    except (ValueError, KeyError):
        return None
    return None


@dataclass
class _Mention:
    type: str
    span: Span  # folded offsets
    sentence: Span
    place: Span | None = None  # stored offsets
    day: date | None = None
    figures: dict[str, int | None] = field(default_factory=dict)


@lru_cache(maxsize=4)
def _places(text: str, lang: str) -> tuple[EntityMention, ...]:
    from pipelines.extract.entities import find_entities

    return tuple(m for m in find_entities(text, lang) if m.type == "LOC")


def _figures(s: str, sent: Span, lex: _Lex, lang: str, etype: str) -> dict[str, int | None]:
    """The figures an incident of ``etype`` can carry (an arrest: arrested; others: killed, injured)
    written in one sentence."""
    kinds = ("arrested",) if etype == "arrest" else ("killed", "injured")
    chunk = s[sent[0] : sent[1]]
    out: dict[str, int | None] = {}
    for kind in kinds:
        pattern = lex.figure[kind]
        for m in pattern.finditer(chunk):
            if m.group("num"):
                value = parse_number(m.group("num"), lang)
            else:
                noun = (m.group("noun") or "").lower()
                first = noun.split()[0] if noun else ""
                bare = first[2:] if first.startswith("ال") and lang == "ar" else first
                value = (
                    2
                    if noun in lex.two or first in lex.two
                    else 1
                    if first in lex.one or bare in lex.one
                    else None
                )
            if value is not None:
                out[kind] = value
                break
        if kind not in out:
            am = lex.number_after[kind].search(chunk)
            if am:
                value = parse_number(am.group("num"), lang)
                if value is not None:
                    out[kind] = value
        if kind not in out and lex.figure[kind + "_self"].search(chunk):
            out[kind] = 1  # مصرعه، إصابته: one person
    return out


def find_incidents(text: str, lang: str, published: date | None = None) -> list[Incident]:
    """The incidents an article reports, each once with all its mentions, in text order."""
    if not text or not text.strip():
        return []
    lang = "ar" if lang == "ar" else "en"
    lex = _lex(lang)
    folded = fold_text(text)
    s = folded.text if lang == "ar" else folded.text.lower()
    hits = _trigger_hits(s, lex, lang)
    if not any(h[2] != "anaphora" for h in hits):
        return []  # most articles report no incident: stop before the costlier steps
    sentences = split_sentences(s)
    places = _places(text, lang)
    # "On this day" pages: a line per past year ("1943 - ...") dates each event on this day that year.
    anniversary = (
        bool(re.search(r"مثل\s+هذا\s+اليوم|on this day", s))
        or len(re.findall(r"(?m)^\s*(?:1[5-9]|20)\d\d\s*[-–]", s)) >= 3
    )
    lead: list[date | None] = []  # computed on first need
    mentions: list[_Mention | tuple[str, Span]] = []
    figures_cache: dict[tuple[Span, str], dict[str, int | None]] = {}
    si = 0
    for hit_start, hit_end, etype, clitic_start in hits:
        while si < len(sentences) - 1 and sentences[si][1] <= hit_start:
            si += 1
        sent = sentences[si] if sentences else (0, len(s))
        if etype == "anaphora":
            mentions.append(("anaphora", (hit_start, hit_end)))
            continue
        before = s[max(sent[0], clitic_start - 25) : clitic_start].split()[-2:]
        if any(w in lex.generic or w[1:] in lex.generic for w in before):
            continue
        mention = _Mention(etype, (hit_start, hit_end), sent)
        start = folded.start(hit_start)
        mention.place = _nearest_place(places, start, folded, sent)
        mention.day = _nearest_date(s, sent, hit_start, published, lex, anniversary)
        if mention.day is None and not anniversary:
            if not lead:
                lead.append(_lead_date(s, sentences, published, lex))
            mention.day = lead[0]
        key = (sent, "arrest" if etype == "arrest" else "harm")
        if key not in figures_cache:
            figures_cache[key] = _figures(s, sent, lex, lang, etype)
        mention.figures = figures_cache[key]
        mentions.append(mention)
    incidents: list[list[_Mention]] = []
    last: list[_Mention] | None = None
    extra: dict[int, list[Span]] = {}
    for item in mentions:
        if isinstance(item, tuple):
            if last is not None:
                extra.setdefault(id(last), []).append(item[1])
            continue
        target = _compatible(incidents, item, text)
        if target is None:
            target = []
            incidents.append(target)
        target.append(item)
        last = target
    out = []
    for group in incidents:
        inc = _incident(group, extra.get(id(group), []), folded, text)
        if inc.type != "arrest" and (inc.killed is None or inc.injured is None):
            spans = [g.sentence for g in group] + [
                next((x for x in sentences if x[0] <= a < x[1]), (a, a)) for a, _ in extra.get(id(group), [])
            ]
            if any(lex.zero.search(s, a, b) for a, b in spans):
                # "لم يسفر عن وقوع إصابات": nobody was hurt, and nobody killed unless the text says so.
                inc.injured = 0 if inc.injured is None else inc.injured
                inc.killed = 0 if inc.killed is None else inc.killed
        out.append(inc)
    return sorted(out, key=lambda i: i.trigger)


@cache
def _countries() -> frozenset[str]:
    from babel import Locale

    names = {n for lang in ("ar", "en") for n in Locale(lang).territories.values()}
    return frozenset(fold_word(n) for n in names) | {"المملكه العربيه السعوديه", "المملكه"}


_OPEN_FIRE = re.compile(r"(?<!\w)[وف]?((?:فتح|اطلق)(?:وا|ت)?)\s+(?:[^\s.]+\s+){1,2}النار(?!\w)")
_CLITICS = frozenset(
    {"", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل", "ال", "وال", "بال", "فال", "لل", "ولل", "كال"}
)


def _trigger_hits(s: str, lex: _Lex, lang: str) -> list[tuple[int, int, str, int]]:
    """Whole-word trigger matches (Arabic clitics allowed in front), longest first where they overlap:
    (start, end, type, start of the written word)."""
    hits = []
    n = len(s)
    for end_index, (length, etype) in lex.triggers.iter(s):
        start, end = end_index - length + 1, end_index + 1
        if end < n and s[end].isalnum():
            continue
        word_start = start
        while word_start > 0 and s[word_start - 1].isalnum():
            word_start -= 1
        if word_start != start and (lang != "ar" or s[word_start:start] not in _CLITICS):
            continue
        hits.append((start, end, etype, word_start))
    if lang == "ar":
        # "فتحوا أمس، النار": the verb and its object apart, which a word list cannot hold.
        for m in _OPEN_FIRE.finditer(s):
            hits.append((m.start(1), m.end(), "attack", m.start()))
    hits.sort(key=lambda h: (h[0], -h[1]))
    out: list[tuple[int, int, str, int]] = []
    for hit in hits:
        if out and hit[0] < out[-1][1]:
            continue
        out.append(hit)
    return out


def _nearest_place(places: tuple[EntityMention, ...], start: int, folded: Folded, sent: Span) -> Span | None:
    """The most specific place in the trigger's sentence: a city, district or site before a country;
    among equals the nearest one after the trigger, else the nearest before it."""
    lo, hi = folded.start(sent[0]), folded.end(sent[1])
    inside = [p for p in places if lo <= p.span[0] and p.span[1] <= hi]
    if not inside:
        return None
    countries = _countries()

    def rank(p: EntityMention) -> tuple[int, int]:
        country = fold_word(p.canonical) in countries
        distance = p.span[0] - start if p.span[0] >= start else 10_000 + start - p.span[0]
        return (1 if country else 0, distance)

    return min(inside, key=rank).span


def _lead_date(s: str, sentences: list[Span], published: date | None, lex: _Lex) -> date | None:
    """The day the lead (first two sentences) gives: news states when in its first lines."""
    for sent in sentences[:2]:
        for m in lex.dates.finditer(s, sent[0], sent[1]):
            if m.group("year"):
                continue
            day = resolve_date(m, published, lex, False)
            if day is not None:
                return day
    return None


def _nearest_date(
    s: str, sent: Span, at: int, published: date | None, lex: _Lex, anniversary: bool
) -> date | None:
    best: tuple[int, date] | None = None
    for m in lex.dates.finditer(s, sent[0], sent[1]):
        day = resolve_date(m, published, lex, anniversary)
        if day is not None:
            rank = 0 if m.group("dm") or m.group("md") or m.group("year") else 1 if m.group("wd") else 2
            dist = rank * 10_000 + abs(m.start() - at)
            if best is None or dist < best[0]:
                best = (dist, day)
    return best[1] if best else None


def _compatible(incidents: list[list[_Mention]], m: _Mention, text: str) -> list[_Mention] | None:
    """The incident of the same type this mention continues, or None when it reports a new one."""
    for group in reversed(incidents):
        if group[0].type != m.type:
            continue
        if any(g.sentence == m.sentence for g in group):
            return group
        days = {g.day for g in group if g.day}
        killed = {g.figures.get("killed") for g in group if g.figures.get("killed") is not None}
        if m.day and days and m.day not in days:
            continue
        if m.figures.get("killed") is not None and killed and m.figures["killed"] not in killed:
            continue
        return group
    return None


def _incident(group: list[_Mention], extra: list[Span], folded: Folded, text: str) -> Incident:
    def orig(span: Span) -> Span:
        return folded.start(span[0]), folded.end(span[1])

    first = group[0]
    inc = Incident(
        type=first.type,
        trigger=orig(first.span),
        mentions=sorted({orig(g.span) for g in group} | {orig(x) for x in extra}),
    )
    inc.place = next((g.place for g in group if g.place), None)
    inc.date = next((g.day for g in group if g.day), None)
    for kind in ("killed", "injured", "arrested"):
        value = next((g.figures[kind] for g in group if g.figures.get(kind) is not None), None)
        setattr(inc, kind, value)
    return inc
