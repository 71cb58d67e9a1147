"""When an incident happened: date expressions of a sentence, resolved against the publication date.

A day counts only when the text names one (أمس، الاثنين الماضي، 22 مارس، قبل ثلاثة أيام). Times
that name no day (الأسبوع الماضي، منذ أيام، في يناير) leave the date null but give a range of
days, which keeps the incident apart from one dated outside it. A date that a report cue governs
("قال المتحدث اليوم إن ...", "وفي 7 فبراير، أعلنت الشرطة أنها ...") is the day of the statement,
not of the happening, and is left out.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, timedelta

from pipelines.extract.events.lexicon import Lex

Range = tuple[date, date]
_DIGIT = re.compile(r"\d")
# Between two days that make one stretch: "الجمعة والسبت", "من 2 أغسطس (آب) وحتى يوم أمس".
_JOIN = re.compile(r"\s*(?:\([^()]{0,20}\)\s*)?(?:و|and|-|–|و?حتى|و?الى|to|until|through)?\s*(?:يوم\s*)?")


@dataclass(frozen=True, slots=True)
class DateExpr:
    start: int  # folded offsets
    end: int
    day: date | None
    range: Range | None


def resolve_date(m: re.Match[str], published: date | None, lex: Lex, anniversary: bool) -> date | None:
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
        if m.groupdict().get("ago"):
            from pipelines.extract.events.figures import parse_number

            n = parse_number(m.group("n_ago"), lex.lang)
            return published - timedelta(days=n) if n is not None and 0 < n < 32 else None
        if m.group("year") and anniversary:
            year = int(m.group("y3"))
            if year < published.year:
                return published.replace(year=year)
    except (ValueError, KeyError):
        return None
    return None


def duration_days(approx: str, n: str | None, unit: str, lex: Lex) -> tuple[float, float] | None:
    """The fewest and most days a duration ("أربعة أيام", "أقل من شهر", "أيام") stands for."""
    from pipelines.extract.events.figures import parse_number

    per = lex.durations.get(" ".join(unit.lower().split()))
    if per is None:
        return None
    count = parse_number(n, lex.lang) if n else None
    if isinstance(per, list):
        if count is None:
            return per[1], per[2]
        days = count * per[0]
    else:
        days = per * (count or 1)
    if lex.at_most.match(approx):
        return 0, days
    if lex.at_least.match(approx):
        return days, 3 * days + 1
    slack = max(1, days // 7)
    return max(0, days - slack), days + slack


def _month_range(year: int, month: int) -> Range:
    first = date(year, month, 1)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def resolve_range(m: re.Match[str], published: date | None, lex: Lex) -> Range | None:
    """The days a time that names no day may stand for ("last week", "in January"); None if unknown."""
    if published is None:
        return None
    try:
        if m.group("vague"):
            value = lex.vague.get(_key(m.group("vague"), lex))
            if isinstance(value, list):
                return published + timedelta(days=value[0]), published + timedelta(days=value[1])
            if value == "@last_month":
                prev = published.replace(day=1) - timedelta(days=1)
                return _month_range(prev.year, prev.month)
            if value == "@this_month":
                return published.replace(day=1), published
            if value == "@last_year":
                return date(published.year - 1, 1, 1), date(published.year - 1, 12, 31)
            return None
        if m.group("within"):
            days = duration_days("", m.group("wn"), m.group("wu"), lex)
            return (published - timedelta(days=math.ceil(days[1])), published) if days else None
        if m.group("mo"):
            month = lex.months[m.group("m3").lower()]
            year = int(m.group("y4")) if m.group("y4") else published.year
            if not m.group("y4") and month > published.month:
                year -= 1
            return _month_range(year, month)
    except (ValueError, KeyError):
        return None
    return None


def _key(phrase: str, lex: Lex) -> str:
    """The vague-time key a matched phrase stands for (its clitics and spacing removed)."""
    text = re.sub(r"\s+", " ", phrase.lower()).strip()
    if text in lex.vague:
        return text
    for k in lex.vague:  # "والأسبوع الماضي": a clitic in front
        if text.endswith(k):
            return k
    return text


def sentence_dates(
    s: str, sent: tuple[int, int], published: date | None, lex: Lex, anniversary: bool, hits: list[int]
) -> list[DateExpr]:
    """The dates of one sentence (folded text ``s``), report dates left out. ``hits`` are the start
    offsets of the trigger words in the sentence: a report cue only governs a date when no trigger
    stands between them."""
    out: list[DateExpr] = []
    if not _DIGIT.search(s, sent[0], sent[1]) and not any(
        "date" in v for _, v in lex.cues.iter(s, sent[0], sent[1])
    ):
        return out  # no digit and no date word: nothing to read
    for m in lex.dates.finditer(s, sent[0], sent[1]):
        if m.group("year") and not anniversary:
            continue
        if m.group("mo") and s[max(0, m.start() - 2) : m.start()].strip() == "(":
            continue  # "31 يوليو (تموز)": the month glossed in another calendar's name
        day = resolve_date(m, published, lex, anniversary)
        rng = None if day else resolve_range(m, published, lex)
        if day is None and rng is None:
            continue
        if _reported(s, sent, m.start(), m.end(), lex, hits):
            continue
        gap = s[out[-1].end : m.start()] if out else ""
        joined = bool(_JOIN.fullmatch(gap)) and (bool(gap.strip()) or s[m.start() : m.start() + 1] == "و")
        previous = out[-1].day if out else None
        if previous and day and joined:
            # "الجمعة والسبت": two days, so no one day
            first = out.pop()
            out.append(DateExpr(first.start, m.end(), None, (min(previous, day), max(previous, day))))
            continue
        out.append(DateExpr(m.start(), m.end(), day, rng))
    return out


def _reported(s: str, sent: tuple[int, int], start: int, end: int, lex: Lex, hits: list[int]) -> bool:
    """Whether a report cue governs the date at ``start:end``: one of the eight words before it, with
    no trigger in between, or a report verb opening the clause right after it, before any trigger."""
    window_start = max(sent[0], start - 90)
    words = s[window_start:start].split()
    lo = start - len(" ".join(words[-8:])) - 1 if words else start
    for cue in lex.report_before.finditer(s, max(window_start, lo), start):
        if not any(cue.end() <= h < start for h in hits):
            return True
    after = lex.report_after.match(s[end : min(sent[1], end + 40)])
    return after is not None and not any(end <= h < end + after.end() for h in hits)


def in_range(day: date, rng: Range) -> bool:
    return rng[0] <= day <= rng[1]


def overlaps(a: Range, b: Range) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]
