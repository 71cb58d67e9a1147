"""The incident lexicons of one language, loaded once from ``knowledge/incidents*.yaml`` and compiled.

Every pattern runs on the folded copy of the text (hamza and ta marbuta variants meet, diacritics
are gone), so the words are folded the same way here. Arabic words may carry the clitics و، ف، ب،
ل and the article in front; English words are matched lower-cased on word boundaries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import ahocorasick

from pipelines.extract.entities.normalize import fold_word
from pipelines.knowledge import load_yaml

AR_LETTERS = r"\u0621-\u064a\u0671-\u06d3"
KINDS = ("killed", "injured", "arrested")


def fold(word: Any, lang: str) -> str:
    return fold_word(str(word)) if lang == "ar" else str(word).lower().strip()


def alt(words: Any, lang: str) -> str:
    """A regex alternation of ``words`` (folded), longest first, spaces matching any whitespace."""
    forms = {fold(w, lang) for w in words}
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(forms, key=len, reverse=True) if w)


def affixes(lang: str) -> tuple[str, str]:
    """What may stand before and after a lexicon word: Arabic clitics and the article; word edges."""
    if lang == "ar":
        return rf"(?<![{AR_LETTERS}])(?:[وفبل]|وب|ول|فب|فل)?(?:ال)?", rf"(?![{AR_LETTERS}])"
    return r"\b", r"\b"


@dataclass(frozen=True)
class Lex:
    lang: str
    triggers: ahocorasick.Automaton  # folded trigger -> (length, type or "anaphora")
    generic: frozenset[str]
    sport: re.Pattern[str]  # a sentence about a game: its clash and attack words are not fighting
    # Figures: cue then number; cue then victim noun(s); number then cue; cue with a pronoun ("مصرعه").
    cue_num: dict[str, re.Pattern[str]]
    cue_far: dict[str, re.Pattern[str]]  # cue, its subject, number: "أوقفت قوات الأمن التركية 54 شخصا"
    cue_noun: dict[str, re.Pattern[str]]
    num_cue: dict[str, re.Pattern[str]]
    cue_self: dict[str, re.Pattern[str]]
    after_wounds: re.Pattern[str] | None  # "توفي متأثرا بجروحه": wounds that killed
    dual: dict[str, re.Pattern[str]]
    zero: re.Pattern[str]
    subset: re.Pattern[str]  # ends right before a number that is part of one already given
    total: re.Pattern[str]  # ends right before a cue whose number is a running total
    numbers: dict[str, int | None]
    one: frozenset[str]
    two: frozenset[str]
    possessive: tuple[str, ...]
    kin_one: frozenset[str]
    kin_two: frozenset[str]
    # Dates.
    dates: re.Pattern[str]
    months: dict[str, int]
    weekdays: dict[str, int]
    relative: dict[str, int]
    last_words: frozenset[str]
    vague: dict[str, Any]
    report_before: re.Pattern[str]  # a report cue ending a stretch before a date
    report_after: re.Pattern[str]  # a report verb opening the clause after a date
    after_duration: re.Pattern[str]  # "بعد أربعة أيام على" right before a trigger
    durations: dict[str, Any]  # unit -> days, or [days per unit, fewest, most] for a bare plural
    at_most: re.Pattern[str]
    at_least: re.Pattern[str]
    families: dict[str, str]  # folded trigger -> kind of act
    another: re.Pattern[str]  # "آخر" in the words right after a trigger
    figure_cue: re.Pattern[str]  # any casualty cue (stops the "another" look-ahead)
    # Which readers a sentence needs: every word a date or figure pattern starts from, as a substring
    # automaton (value "date" or a figure kind); a sentence with none of them is not read further.
    cues: ahocorasick.Automaton


def _compile_figures(
    d: dict[str, Any], lang: str, num: str, approx: str
) -> tuple[dict[str, re.Pattern[str]], ...]:
    pre, post = affixes(lang)
    cue_num, cue_far, cue_noun, num_cue, cue_self, dual = {}, {}, {}, {}, {}, {}
    all_cues = [w for kind in KINDS for w in d["figures"][kind]]
    gap = "{0,1}" if lang == "ar" else "{0,2}"  # "N قتيلا" / "three people were killed"
    subset = alt(d["subset"], lang)
    link = r"(?:عن|على|of|at\s+least|to)" if lang == "ar" else r"(?:of|at\s+least|to)"
    conj = r"و\s*" if lang == "ar" else r"and\s+"
    people_only = {fold(w, lang) for w in d["people_only"]}
    for kind in KINDS:
        cue = alt([w for w in d["figures"][kind] if fold(w, lang) not in people_only], lang)
        noun_cue = alt(d["figures"][kind], lang)
        others = alt([w for w in all_cues if w not in d["figures"][kind]], lang)
        # cue [link] [approx] N [noun [و M]]: "قتل 30 مسلحا و4 من الجنود" is 34, unless M is
        # another kind's figure ("32 قتيلا و100 جريح").
        cue_num[kind] = re.compile(
            rf"{pre}(?P<cue>{cue}){post}\s+(?:{link}\s+)?{approx}(?P<num>{num}){post}"
            rf"(?:(?:\s+[^\s،,.:؛]+)?\s+{conj}(?P<num2>{num}){post}(?!\s+(?:[وبل]?(?:ال)?)(?:{others}){post}))?",
            re.IGNORECASE,
        )
        if lang == "ar" and kind == "arrested":
            # an arrest verb, its subject, the number: one word, then only words with the article
            cue_far[kind] = re.compile(
                rf"{pre}(?P<cue>{cue}){post}\s+(?!و)[{AR_LETTERS}]{{3,}}(?:\s+ال[{AR_LETTERS}]+){{0,2}}\s+"
                rf"{approx}(?P<num>{num}){post}"
            )
        else:
            cue_far[kind] = re.compile(r"(?!x)x")
        cue_noun[kind] = re.compile(
            rf"{pre}(?P<cue>{noun_cue}){post}\s+(?:{link}\s+)?(?P<noun>[^\s،,.:؛]+(?:\s+[^\s،,.:؛]+){{0,4}})",
            re.IGNORECASE,
        )
        # N [noun] [بينهم M noun] cue: "140 شخصا بينهم 25 أجنبيا اعتقلوا"
        num_cue[kind] = re.compile(
            rf"{pre}{approx}(?P<num>{num})\s+(?:[^\s،,.:؛\-–]+\s+){gap}"
            rf"(?:(?:{subset})\s+{approx}(?:{num})\s+(?:[^\s،,.:؛\-–]+\s+){gap})?(?P<cue>{cue}){post}",
            re.IGNORECASE,
        )
        cue_self[kind] = (
            re.compile(rf"{pre}(?P<cue>{cue})(?:ه|ها)(?![{AR_LETTERS}])") if lang == "ar" else re.compile(r"(?!x)x")
        )
        words = d["dual"][kind]
        dual[kind] = re.compile(rf"{pre}(?P<cue>{alt(words, lang)}){post}") if words else re.compile(r"(?!x)x")
    return cue_num, cue_far, cue_noun, num_cue, cue_self, dual


def _cue_automaton(d: dict[str, Any], lang: str) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    entries: list[tuple[str, str]] = [(w, kind) for kind in KINDS for w in (*d["figures"][kind], *d["dual"][kind])]
    # the last word of a time phrase is the telling one ("الأسبوع الماضي", "خلال أربعة أيام")
    date_words = [*d["months"], *d["weekdays"], *d["relative_days"], *d["vague_times"], *d["duration_units"]]
    entries += [(w, "date") for w in date_words]
    for word, value in entries:
        parts = fold(word, lang).split()
        key = (parts[-1] if value == "date" else parts[0]) if parts else ""
        if key:
            values = automaton.get(key, frozenset())
            automaton.add_word(key, values | {value})
    automaton.make_automaton()
    return automaton


@cache
def lexicon(lang: str) -> Lex:
    """The compiled incident lexicon of ``lang`` ("ar" or "en")."""
    d = load_yaml("incidents.yaml")[lang]
    pre, post = affixes(lang)
    automaton = ahocorasick.Automaton()
    for etype, words in [*d["triggers"].items(), ("anaphora", d["anaphora"])]:
        for word in words:
            key = fold(word, lang)
            if key not in automaton:
                automaton.add_word(key, (len(key), etype))
    automaton.make_automaton()
    numbers = {fold(k, lang): v for k, v in d["numbers"].items()}
    num = rf"(?:(?:\d+(?:[.,]\d+)?(?!\d)|{alt(numbers, lang)})(?:\s+(?:الف|thousand))?)"
    approx = rf"(?:(?:{alt(d['approx'], lang)})\s+)?"
    cue_num, cue_far, cue_noun, num_cue, cue_self, dual = _compile_figures(d, lang, num, approx)
    months = {fold(k, lang): v for k, v in d["months"].items()}
    weekdays = {fold(k, lang): v for k, v in d["weekdays"].items()}
    relative = {fold(k, lang): v for k, v in d["relative_days"].items()}
    m_alt, w_alt, r_alt = alt(months, lang), alt(weekdays, lang), alt(relative, lang)
    # A month alone ("في يناير") is a range of days; not "آب", which is also "father", and in English
    # only after "in", "may" being a verb.
    m_only = alt([m for m in months if len(m) > 2], lang)
    m_pre = "" if lang == "ar" else r"in\s+"
    last = alt(d["last_words"], lang)
    vague = {re.sub(r"\s+", " ", fold(k, lang)): v for k, v in d["vague_times"].items()}
    units = alt(d["duration_units"], lang)
    within = (
        rf"|(?P<within>(?:{alt(d['within'], lang)})\s+(?:ال)?(?:(?P<wn>{num})\s+)?(?P<wu>{units}){post}"
        rf"(?:\s+(?:ال)?(?:{alt(d['last_words'], lang)}|الاخير|الاخيره|الاخيرة){post})?)"
    )
    ago = (
        # "قبل ثلاثة أيام", not "قبل ثلاثة أيام من الزيارة" (days before something else)
        rf"|(?P<ago>(?:{alt(d['days_ago'], lang)})\s+(?P<n_ago>{num})\s+(?:{alt(d['day_units'], lang)}){post}"
        rf"(?!\s+(?:من|على)\s))"
        if d["days_ago"]
        else ""
    )
    # Month before day is English ("March 22"); Arabic writes the day first ("22 مارس"), and
    # "في يناير 30 شخصا" is a month and a count.
    md_on = "" if lang == "en" else "(?!x)x"
    # One leading clitic group for every alternative that takes one: tried once per position.
    dates = re.compile(
        rf"(?P<dm>(?P<d1>\d{{1,2}})\s*(?:من\s+)?(?P<m1>{m_alt}){post}(?:\s+(?:عام\s+|من\s+عام\s+)?(?P<y1>\d{{4}}))?)"
        rf"|(?P<year>(?<!\d)(?P<y3>1[89]\d\d|20\d\d)(?!\d))"
        rf"|{pre}(?:"
        rf"(?P<md>(?P<m2>{m_alt})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?{post}(?:,?\s+(?P<y2>\d{{4}}))?){md_on}"
        rf"|(?P<vague>(?:{alt(vague, lang)}){post})"
        rf"{within}"
        rf"{ago}"
        rf"|(?P<wd>(?:{last})?\s*(?P<w>{w_alt}){post}(?:\s+(?P<last>{last}))?)"
        rf"|(?P<rel>(?P<r>{r_alt}){post})"
        rf"|(?P<mo>{m_pre}(?:شهر\s+)?(?P<m3>{m_only}){post}(?:\s+(?P<y4>\d{{4}}))?)"
        rf")",
        re.IGNORECASE,
    )
    after_words, links = alt(d["after_words"], lang), alt(d["after_links"], lang)
    dur = rf"(?P<approx>(?:{alt(d['approx'], lang)})\s+)?(?:(?P<n>{num})\s+)?(?P<u>{units})"
    if lang == "ar":
        after_duration = re.compile(rf"(?<![{AR_LETTERS}])[وف]?(?:{after_words})\s+{dur}\s+(?:{links})\s*$")
    else:
        after_duration = re.compile(rf"\b{dur}\s+(?:{after_words})\s+(?:the\s+|a\s+)?$", re.IGNORECASE)
    zero = re.compile(
        rf"{pre}(?:{alt(d['zero_negators'], lang)}){post}\s+(?:\S+\s+){{0,4}}?"
        rf"(?:[وب]?(?:ال)?)(?:{alt(d['zero_nouns'], lang)}){post}",
        re.IGNORECASE,
    )
    all_cues = [w for kind in KINDS for w in d["figures"][kind]]
    return Lex(
        lang=lang,
        triggers=automaton,
        generic=frozenset(fold(w, lang) for w in d["generic_before"]),
        sport=re.compile(rf"{pre}(?:{alt(d['sport_context'], lang)}){post}", re.IGNORECASE),
        cue_num=cue_num,
        cue_far=cue_far,
        after_wounds=re.compile(rf"{pre}(?:{alt(d['died_of_wounds'], lang)})\s+$") if d["died_of_wounds"] else None,
        cue_noun=cue_noun,
        num_cue=num_cue,
        cue_self=cue_self,
        dual=dual,
        zero=zero,
        subset=re.compile(rf"{pre}(?:{alt(d['subset'], lang)}){post}\s+(?:{alt(d['approx'], lang)}\s+)?$"),
        total=re.compile(rf"{pre}(?:{alt(d['total'], lang)}){post}\s+(?:\S+\s+)?$"),
        numbers=numbers,
        one=frozenset(fold(w, lang) for w in d["one_person"]),
        two=frozenset(fold(w, lang) for w in d["two_persons"]),
        possessive=tuple(sorted((fold(w, lang) for w in d["possessive"]), key=len, reverse=True)),
        kin_one=frozenset(fold(w, lang) for w in d["kin_one"]),
        kin_two=frozenset(fold(w, lang) for w in d["kin_two"]),
        dates=dates,
        months=months,
        weekdays=weekdays,
        relative=relative,
        last_words=frozenset(fold(w, lang) for w in d["last_words"]),
        vague=vague,
        report_before=re.compile(rf"{pre}(?:{alt(d['report_cues'], lang)}){post}"),
        report_after=re.compile(rf"^[\s،,]*(?:\S+\s+)?{pre}(?:{alt(d['report_verbs'], lang)}){post}"),
        after_duration=after_duration,
        durations={fold(k, lang): v for k, v in d["duration_units"].items()},
        at_most=re.compile(rf"^(?:{alt(d['at_most'], lang)})\s+$"),
        at_least=re.compile(rf"^(?:{alt(d['at_least'], lang)})\s+$"),
        families={
            re.sub(r"\s+", " ", fold(w, lang)): family for family, words in d["families"].items() for w in words
        },
        another=re.compile(rf"{pre}(?:{alt(d['another'], lang)}){post}"),
        figure_cue=re.compile(rf"{pre}(?:{alt(all_cues, lang)}){post}", re.IGNORECASE),
        cues=_cue_automaton(d, lang),
    )
