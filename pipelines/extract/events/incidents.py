"""Incidents: attacks, clashes, arrests, accidents and disasters (spec: "Incident").

Triggers come from ``knowledge/incidents.yaml`` (one automaton per language, run on the folded
copy of the text). In each sentence that holds triggers, every date, figure and place goes to the
trigger it stands nearest to (a comma between them counts as distance), so a sentence that names
an arrest and the bombing it followed ("اعتقلت 12 شخصا على صلة بهجوم في 9 فبراير") gives the day
to the bombing. Mentions of one type then fold into one incident unless they carry a different day
(or a day outside a vague time such as "منذ أيام"), a different death toll or arrest count, or
say they are another one ("هجوم آخر", "بعد أربعة أيام على هجوم"). Words such as "الحادث" add a
mention, and what their sentence says, to the last incident.

The incident's date is the first day one of its mentions gives; when none does, the day the lead
(first two sentences) gives in a sentence of its own, unless the incident is told as an earlier
one or with a vague time. Its place is the most specific one its
mentions give (a site before a district, town, region or country). Only the five spec types are
returned: meetings, elections or sports results are not incidents.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from pipelines.extract.entities.normalize import fold_text
from pipelines.extract.events.dates import DateExpr, Range, duration_days, in_range, overlaps, sentence_dates
from pipelines.extract.events.figures import Figure, combine, sentence_figures
from pipelines.extract.events.lexicon import KINDS, Lex, lexicon
from pipelines.extract.events.places import Place, article_places, stored_span
from pipelines.extract.model import EntityMention, Incident, Span
from pipelines.parse.sentences import split_sentences

_CLAUSE = re.compile(r"[،,;؛:]")
_CLAUSE_COST = 40  # a comma between a trigger and a figure weighs like 40 characters
_PLACE_REACH = 150  # a place further than this from every trigger is said of something else
_TIE = 12  # coordinated triggers ("اشتباكات وقصف") share what stands after them
_ANNIVERSARY = re.compile(r"مثل\s+هذا\s+اليوم|on this day")
_YEAR_LINE = re.compile(r"(?m)^\s*(?:1[5-9]|20)\d\d\s*[-–]")


@dataclass
class _Mention:
    type: str  # an incident type, or "anaphora"
    span: Span  # folded offsets
    word_start: int
    sentence: int
    day: tuple[int, date] | None = None  # (distance, day)
    range: tuple[int, Range] | None = None
    place: tuple[int, int, Place] | None = None  # (rank, weak place, distance, place)
    figures: dict[str, list[Figure]] = field(default_factory=dict)
    new: bool = False  # says it is another happening than the ones before
    family: str | None = None  # the kind of act its word names (bombing, bombardment, ...)

    def figure(self, kind: str) -> int | None:
        return combine(self.figures[kind], self.span[0]) if self.figures.get(kind) else None


@dataclass
class _Group:
    type: str
    members: list[_Mention] = field(default_factory=list)  # in text order, anaphora included

    def days(self) -> set[date]:
        return {m.day[1] for m in self.members if m.day}

    def ranges(self) -> list[Range]:
        return [m.range[1] for m in self.members if m.range]

    def values(self, kind: str) -> set[int]:
        return {v for m in self.members if (v := m.figure(kind)) is not None}


@lru_cache(maxsize=4)
def _entities(text: str, lang: str) -> tuple[EntityMention, ...]:
    from pipelines.extract.entities import find_entities

    return tuple(m for m in find_entities(text, lang) if m.type == "LOC")


def find_incidents(text: str, lang: str, published: date | None = None) -> list[Incident]:
    """The incidents an article reports, each once with all its mentions, in text order."""
    if not text or not text.strip():
        return []
    lang = "ar" if lang == "ar" else "en"
    lex = lexicon(lang)
    folded = fold_text(text)
    s = folded.text if lang == "ar" else folded.text.lower()
    hits = _trigger_hits(s, lex, lang)
    if not any(h[2] != "anaphora" for h in hits):
        return []  # most articles report no incident: stop before the costlier steps
    sentences = split_sentences(s) or [(0, len(s))]
    # "On this day" pages: a line per past year ("1943 - ...") dates each event on this day that year.
    anniversary = bool(_ANNIVERSARY.search(s)) or len(_YEAR_LINE.findall(s)) >= 3
    items: list[_Mention] = []
    si = 0
    sporting: dict[int, bool] = {}  # sentence index -> it is about a game
    for start, end, etype, word_start in hits:
        while si < len(sentences) - 1 and sentences[si][1] <= start:
            si += 1
        sent = sentences[si]
        if etype != "anaphora":
            before = s[max(sent[0], word_start - 25) : word_start].split()[-2:]
            if any(w in lex.generic or w[1:] in lex.generic for w in before):
                continue
        if etype in ("clash", "attack"):
            if si not in sporting:
                sporting[si] = lex.sport.search(s, sent[0], sent[1]) is not None
            if sporting[si]:
                continue
        word = " ".join(s[start:end].split())
        family = lex.families.get(word) or ("shooting" if word.endswith(("النار", "fire")) else None)
        items.append(_Mention(etype, (start, end), word_start, si, family=family))
    if not any(m.type != "anaphora" for m in items):
        return []
    where = [sentences[k] for k in sorted({m.sentence for m in items})]
    places = article_places(text, folded, s, lang, _entities(text, lang), where)
    free_days = _read_sentences(s, sentences, items, places, published, lex, anniversary)
    lead_day = next((d for k, d in free_days if k < 2), None)
    if lead_day:
        for m in items:
            if m.sentence < 2 and m.type != "anaphora" and not (m.day or m.range or m.new):
                m.day = (10_000, lead_day)  # the lead states when
    groups = _group(items)
    out = []
    for group in groups:
        mentions = [m for m in group.members if m.type != "anaphora"]
        inc = Incident(
            type=group.type,
            trigger=(folded.start(mentions[0].span[0]), folded.end(mentions[0].span[1])),
            mentions=sorted({(folded.start(m.span[0]), folded.end(m.span[1])) for m in group.members}),
        )
        inc.date = next((m.day[1] for m in group.members if m.day), None)
        if inc.date is None and not group.ranges() and not any(m.new for m in mentions):
            inc.date = lead_day  # the news of the day, unless told as an earlier or vaguely dated one
        # The most specific place; among equals, the one given with the day or the toll.
        best = min(
            (
                (m.place[0] + 2 * m.place[2].weak, not (m.day or m.figures), i, m.place[2])
                for i, m in enumerate(group.members)
                if m.place
            ),
            key=lambda x: x[:3],
            default=None,
        )
        inc.place = stored_span(text, folded, best[3]) if best else None
        kinds = ("arrested",) if group.type == "arrest" else ("killed", "injured")
        for kind in kinds:
            setattr(inc, kind, next((v for m in group.members if (v := m.figure(kind)) is not None), None))
        if group.type != "arrest" and (inc.killed is None or inc.injured is None):
            spans = [sentences[i] for i in sorted({m.sentence for m in group.members})]
            if any(lex.zero.search(s, a, b) for a, b in spans):
                # "لم يسفر عن وقوع إصابات": nobody was hurt, and nobody killed unless the text says so.
                inc.injured = 0 if inc.injured is None else inc.injured
                inc.killed = 0 if inc.killed is None else inc.killed
        out.append(inc)
    return sorted(out, key=lambda i: i.trigger)


def _distance(s: str, span: Span, start: int, end: int) -> int:
    """How far an expression at ``start:end`` stands from a trigger: characters, and commas between."""
    if end <= span[0]:
        gap = s[end : span[0]]
    elif start >= span[1]:
        gap = s[span[1] : start]
    else:
        return 0
    return len(gap) + _CLAUSE_COST * len(_CLAUSE.findall(gap))


def _nearest(s: str, mentions: list[_Mention], start: int, end: int) -> tuple[int, _Mention] | None:
    best: tuple[int, _Mention] | None = None
    for m in mentions:
        d = _distance(s, m.span, start, end)
        if best is None or d < best[0]:
            best = (d, m)
    return best


def _read_sentences(
    s: str,
    sentences: list[Span],
    items: list[_Mention],
    places: list[Place],
    published: date | None,
    lex: Lex,
    anniversary: bool,
) -> list[tuple[int, date]]:
    """Give each mention the dates, figures and places of its sentence that stand nearest to it;
    mark mentions that name another happening. Returns the days of sentences without triggers
    (sentence index, day), which the lead may lend to its incident."""
    by_sentence: dict[int, list[_Mention]] = {}
    for m in items:
        by_sentence.setdefault(m.sentence, []).append(m)
    free: list[tuple[int, date]] = []
    for k in range(min(2, len(sentences))):
        if k not in by_sentence:
            free += [(k, d.day) for d in sentence_dates(s, sentences[k], published, lex, anniversary, []) if d.day]
    pi = 0
    for k, group in by_sentence.items():
        sent = sentences[k]
        starts = [m.word_start for m in group if m.type != "anaphora"]
        for d in sentence_dates(s, sent, published, lex, anniversary, starts):
            _give_date(s, group, d)
        for f in sentence_figures(s, sent, lex):
            able = [m for m in group if (m.type == "arrest") == (f.kind == "arrested") or m.type == "anaphora"]
            near = _nearest(s, able, f.at, f.at + 1)
            if near:
                near[1].figures.setdefault(f.kind, []).append(f)
        while pi < len(places) and places[pi].start < sent[0]:
            pi += 1
        # "الحادث" refers back: where its sentence is set need not be where the incident was.
        triggers = [m for m in group if m.type != "anaphora"]
        j = pi
        while j < len(places) and places[j].start < sent[1]:
            p = places[j]
            for dist, m in _nearby(s, triggers, p.start, p.end):
                if dist > _PLACE_REACH or (p.start < m.span[1] and m.span[0] < p.end):
                    continue  # too far to be said of it, or the trigger itself ("سيول")
                if m.place is None or (p.rank + 2 * p.weak, dist) < (m.place[0] + 2 * m.place[2].weak, m.place[1]):
                    m.place = (p.rank, dist, p)
            j += 1
        for m in group:
            if m.type != "anaphora":
                _another(s, sent, m, lex, published)
    return free


def _nearby(s: str, mentions: list[_Mention], start: int, end: int) -> list[tuple[int, _Mention]]:
    """The mention nearest an expression and those about as near ("اشتباكات وقصف في X": both)."""
    scored = [(_distance(s, m.span, start, end), m) for m in mentions]
    if not scored:
        return []
    best = min(d for d, _ in scored)
    return [(d, m) for d, m in scored if d <= best + _TIE]


def _give_date(s: str, group: list[_Mention], d: DateExpr) -> None:
    for dist, m in _nearby(s, [m for m in group if m.type != "anaphora"] or group, d.start, d.end):
        # the nearest time said of it counts, a day or a stretch ("أمس" / "خلال اليومين الماضيين")
        held = min((x[0] for x in (m.day, m.range) if x), default=None)
        if held is None or dist < held:
            m.day = (dist, d.day) if d.day else None
            m.range = (dist, d.range) if d.range else None


def _another(s: str, sent: Span, m: _Mention, lex: Lex, published: date | None) -> None:
    """Mark a trigger the text says is another happening: "هجوم آخر", "هجوم انتحاري ثان", for an
    arrest "اعتقل ... إرهابيان آخران" (the others arrested), and "بعد أربعة أيام على هجوم" (an
    earlier one, which also tells roughly when: four days before publication)."""
    after = lex.after_duration.search(s, max(sent[0], m.word_start - 60), m.word_start)
    if after:
        m.new = True
        if published and m.day is None and m.range is None:
            days = duration_days(after.group("approx") or "", after.group("n"), after.group("u"), lex)
            if days:
                hi, lo = math.ceil(days[1]), math.floor(days[0])
                m.range = (0, (published - timedelta(days=hi), published - timedelta(days=lo)))
        return
    stretch = s[m.span[1] : sent[1]]
    stretch = _CLAUSE.split(stretch, maxsplit=1)[0]
    cue = lex.figure_cue.search(stretch)
    if cue:
        stretch = stretch[: cue.start()]
    words = stretch.split()[: 6 if m.type == "arrest" else 2]
    m.new = any(lex.another.fullmatch(w) for w in words)


def _group(items: list[_Mention]) -> list[_Group]:
    groups: list[_Group] = []
    last: _Group | None = None
    for k, m in enumerate(items):
        if m.type == "anaphora":
            if last is not None:
                last.members.append(m)
            continue
        target = None if m.new else _compatible(groups, m)
        if target is None and not m.new:
            # "اشتعلت النيران في هيكل الطائرة فور أن تحطمت": a later trigger of the sentence may know the incident
            for other in items[k + 1 :]:
                if other.sentence != m.sentence:
                    break
                if other.type == m.type and not other.new:
                    target = _compatible(groups, other)
                    if target is not None and not _conflict(target, m):
                        break
                    target = None
        if target is None:
            target = _Group(m.type)
            groups.append(target)
        target.members.append(m)
        last = target
    return groups


def _conflict(group: _Group, m: _Mention) -> bool:
    """Whether the mention says something the incident cannot be: another day, a day outside its
    vague time, another death toll or number arrested (not a running total)."""
    days, ranges = group.days(), group.ranges()
    if m.day and days and m.day[1] not in days:
        return True
    if m.day and ranges and not any(in_range(m.day[1], r) for r in ranges):
        return True
    if m.range and days and not any(in_range(d, m.range[1]) for d in days):
        return True
    if m.range and ranges and not any(overlaps(m.range[1], r) for r in ranges):
        return True
    for kind in ("killed", "arrested"):
        value = m.figure(kind)
        if value is None or any(f.total for f in m.figures.get(kind, ())):
            continue  # "ارتفع عدد الموقوفين إلى 590": the same campaign, counted again
        seen = group.values(kind)
        if seen and value not in seen:
            return True
    return False


def _elsewhere(group: _Group, m: _Mention) -> bool:
    """Whether the mention's place is another of the same kind than the incident's (another site,
    another town): sharing no word with any. A district and a town may be one inside the other."""
    if m.place is None or m.place[0] > 2:
        return False
    kind = (m.place[0], m.place[2].headed)
    mine = set(m.place[2].key.split())
    theirs = [set(g.place[2].key.split()) for g in group.members if g.place and (g.place[0], g.place[2].headed) == kind]
    return bool(theirs) and not any(mine & t for t in theirs)


def _compatible(groups: list[_Group], m: _Mention) -> _Group | None:
    """The incident of the same type this mention continues, or None for a new one. Among those it
    does not contradict: the one named in the same sentence, else the one with a mention of the same
    kind of act, else (a general word) the one most said about, else the latest if not elsewhere."""
    able = [g for g in reversed(groups) if g.type == m.type and not _conflict(g, m)]
    for group in able:
        if any(g.sentence == m.sentence for g in group.members if g.type != "anaphora"):
            return group
    able = [g for g in able if not _elsewhere(g, m)]
    if not able:
        return None
    if m.family is None:
        return max(able, key=lambda g: sum(x.type != "anaphora" for x in g.members))
    for group in able:
        if any(g.family == m.family for g in group.members):
            return group
    # a kind of act joins an incident told only in general words, never one of another kind
    return next((g for g in able if not any(x.family for x in g.members)), None)


_OPEN_FIRE = re.compile(r"(?<!\w)[وف]?((?:فتح|اطلق)(?:وا|ت)?)\s+(?:[^\s.]+\s+){1,2}النار(?!\w)")
_CLITICS = frozenset(
    {"", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل", "ال", "وال", "بال", "فال", "لل", "ولل", "كال"}
)


def _trigger_hits(s: str, lex: Lex, lang: str) -> list[tuple[int, int, str, int]]:
    """Whole-word trigger matches (Arabic clitics allowed in front), longest first where they overlap:
    (start, end, type, start of the written word)."""
    hits = []
    n = len(s)
    for end_index, (length, etype) in lex.triggers.iter(s):
        start, end = end_index - length + 1, end_index + 1
        if lang == "ar" and end < n and s[end] == "ا" and (end + 1 == n or not s[end + 1].isalnum()):
            end += 1  # the accusative "انفجارا", "قصفا"
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


__all__ = ["KINDS", "find_incidents"]
