"""Casualty and arrest figures of a sentence: killed, injured, arrested.

A figure is a number after a cue ("مقتل 12"، "أودى بحياة 32"), before one ("30 جريحا"), a dual
noun ("قتيلين"), the victims a cue names ("مقتل رضيع" = 1, "إصابة والديه وشقيقه" = 3) or a cue
with a pronoun ("لقي مصرعه" = 1). A number after "بينهم/منهم" is part of one already given and
is not counted again; "30 مسلحا و4 من الجنود" is 34. Each figure keeps its position so that it can
go to the trigger it stands by when a sentence names several incidents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.extract.entities.normalize import fold_word
from pipelines.extract.events.lexicon import KINDS, Lex, lexicon

_THOUSAND = re.compile(r"\s+(?:الف|thousand)$")


@dataclass(frozen=True, slots=True)
class Figure:
    kind: str
    value: int
    at: int  # folded offset of the cue or number
    numeric: bool  # a number (several add up) rather than a victim noun or a pronoun (one person)
    total: bool  # a running total ("ارتفعت حصيلة القتلى إلى 30"): the largest wins, nothing adds up


def parse_number(token: str, lang: str = "ar") -> int | None:
    """A figure written in digits (Arabic-Indic too) or words ("ثلاثون ألف" = 30000); None for
    "dozens" or unknown words."""
    t = " ".join(fold_word(token).lower().replace(",", "").split())
    scale = 1
    if _THOUSAND.search(t):
        t, scale = _THOUSAND.sub("", t), 1000
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        return int(float(t) * scale)
    value = lexicon("ar" if lang == "ar" else "en").numbers.get(t)
    return value * scale if value is not None else None


def _person(word: str, lex: Lex) -> int | None:
    """1 or 2 when ``word`` names one or two people ("طفل", "زوجته", "والديه", "شخصين"), else None."""
    bare = word[2:] if lex.lang == "ar" and word.startswith("ال") and len(word) > 3 else word
    if word in lex.two or bare in lex.two:
        return 2
    if word in lex.one or bare in lex.one:
        return 1
    stems = [bare[: -len(x)] for x in lex.possessive if bare.endswith(x) and len(bare) > len(x) + 1]
    kin = [bare, *stems[:1]]
    if any(k in lex.kin_two for k in kin):
        return 2
    if any(k in lex.kin_one for k in kin):
        return 1
    return None


_EN_SKIP = frozenset({"a", "an", "the", "his", "her", "their", "its"})


def count_victims(phrase: str, lex: Lex) -> int | None:
    """How many people a phrase after a cue names: coordinated victim nouns, each one or two, an
    adjective allowed after each, and a number joined on ("زوجته وابنه" = 2, "رضيع فلسطيني" = 1,
    "قائد الصندل وثلاثة من مساعديه" = 4); None when it names none."""
    words = [w for w in phrase.lower().split() if not (lex.lang == "en" and w in _EN_SKIP)]
    total, i, first = 0, 0, True
    while i < len(words):
        w = words[i]
        if not first:
            if lex.lang == "ar" and w.startswith("و") and len(w) > 2:
                w = w[1:]
            elif lex.lang == "en" and w == "and" and i + 1 < len(words):
                i += 1
                w = words[i]
            else:
                break
        pair = f"{w} {words[i + 1]}" if i + 1 < len(words) else ""
        n: int | None
        if pair and pair in lex.two:
            n, i = 2, i + 2
        elif not first and (number := lex.numbers.get(w)):
            n, i = number, i + 1  # "وثلاثة من مساعديه"
        else:
            n, i = _person(w, lex), i + 1
        if n is None:
            break
        total += n
        first = False
        if i < len(words) and not (words[i].startswith("و") or words[i] == "and") and _person(words[i], lex) is None:
            i += 1  # one adjective after the noun ("رضيع فلسطيني")
    return total or None


def _after_subject(phrase: str, lex: Lex) -> int | None:
    """The people an arrest verb names after its subject: "اعتقلت الشرطة رجلا" = 1, "أوقفت قوات
    الأمن التركية شخصين" = 2 (the subject a word, then up to two words with the article)."""
    words = phrase.split()
    if not words or words[0].startswith("و"):
        return None
    for k in range(1, min(4, len(words))):
        if k > 1 and not words[k - 1].startswith("ال"):
            break
        value = count_victims(" ".join(words[k:]), lex)
        if value is not None:
            return value
    return None


def sentence_figures(s: str, sent: tuple[int, int], lex: Lex) -> list[Figure]:
    """Every figure written in one sentence of the folded text ``s``, in no particular order."""
    lo, hi = sent
    out: list[Figure] = []
    numbers: set[int] = set()  # number offsets already read
    cues: set[int] = set()  # cue offsets already read

    def subset(at: int) -> bool:
        return bool(lex.subset.search(s, max(lo, at - 30), at))

    def total(at: int) -> bool:
        return bool(lex.total.search(s, max(lo, at - 30), at))

    present = {k for _, values in lex.cues.iter(s, lo, hi) for k in values}
    if not present & set(KINDS):
        return []
    kinds = [k for k in KINDS if k in present]
    for kind in kinds:
        for m in lex.cue_num[kind].finditer(s, lo, hi):
            numbers.add(m.start("num"))
            cues.add(m.start("cue"))
            if subset(m.start("num")):
                continue
            value = parse_number(m.group("num"), lex.lang)
            if value is None:
                continue
            if m.group("num2"):
                numbers.add(m.start("num2"))
                value += parse_number(m.group("num2"), lex.lang) or 0
            out.append(Figure(kind, value, m.start("cue"), True, total(m.start("cue"))))
    for kind in kinds:
        for m in lex.cue_far[kind].finditer(s, lo, hi):
            if m.start("cue") in cues or m.start("num") in numbers or subset(m.start("num")):
                continue
            value = parse_number(m.group("num"), lex.lang)
            if value is not None and not lex.figure_cue.search(s, m.end("cue"), m.start("num")):
                numbers.add(m.start("num"))
                cues.add(m.start("cue"))
                out.append(Figure(kind, value, m.start("cue"), True, total(m.start("cue"))))
    for kind in kinds:
        for m in lex.num_cue[kind].finditer(s, lo, hi):
            if m.start("num") in numbers or subset(m.start("num")):
                continue
            numbers.add(m.start("num"))
            cues.add(m.start("cue"))
            value = parse_number(m.group("num"), lex.lang)
            if value is not None:
                out.append(Figure(kind, value, m.start("num"), True, False))
        for m in lex.dual[kind].finditer(s, lo, hi):
            if not subset(m.start()):
                out.append(Figure(kind, 2, m.start(), True, False))
    for kind in kinds:
        for m in lex.cue_noun[kind].finditer(s, lo, hi):
            if m.start("cue") in cues:
                continue
            value = count_victims(m.group("noun"), lex)
            if value is None and kind == "arrested" and lex.lang == "ar":
                value = _after_subject(m.group("noun"), lex)
            if value is not None:
                cues.add(m.start("cue"))
                out.append(Figure(kind, value, m.start("cue"), False, False))
        for m in lex.cue_self[kind].finditer(s, lo, hi):
            if lex.after_wounds and lex.after_wounds.search(s, max(lo, m.start() - 12), m.start()):
                continue  # "توفي متأثرا بجروحه"
            out.append(Figure(kind, 1, m.start(), False, False))  # "لقي مصرعه": one person
    return out


_CLUSTER = 90  # figures this close (in characters) are parts of one toll: "قتل 15 ... في حين قتل 6"


def combine(figures: list[Figure], at: int) -> int | None:
    """One incident's figure of one kind from those a sentence gives it (the trigger at ``at``):
    numbers close together add up ("قتل 15 ... في حين قتل 6" = 21) unless one is a running total
    (then the largest); of numbers far apart, the group nearest the trigger counts; a noun or
    pronoun counts when no number is given."""
    numeric = sorted((f for f in figures if f.numeric), key=lambda f: f.at)
    if numeric:
        groups = [[numeric[0]]]
        for f in numeric[1:]:
            if f.at - groups[-1][-1].at <= _CLUSTER:
                groups[-1].append(f)
            else:
                groups.append([f])
        group = min(groups, key=lambda g: min(abs(f.at - at) for f in g))
        if any(f.total for f in group) or len({f.value for f in group}) == 1:
            return max(f.value for f in group)
        return sum(f.value for f in group)
    return max((f.value for f in figures), default=None)
