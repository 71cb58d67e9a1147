"""Arabic entity grammar: gazetteer hits plus names the gazetteer lacks, found from their heads.

Three constructions open a name the lists do not hold:
- a person: a title (الأمير، الدكتور، اللواء) or a known given name, then name words (given
  names, بن/آل/أبو joints, an "ال" family name, one unknown word at the end);
- an organization: a head noun (وزارة، جامعة، جمعية، الحكومة، قوات) and its complement
  (definite nouns, "لل" nouns, a place, a quoted name, a nationality: وزارة الاستخبارات الإيرانية);
- a place: a place head (منطقة، محافظة، قاعدة، كورنيش) and its complement.
All matching runs on a folded copy (``normalize.fold_text``); spans map back to stored offsets.
"""

from __future__ import annotations

import re
from functools import cache

from pipelines.extract.entities.lexicon import Entry, Lexicon, lexicon
from pipelines.extract.entities.normalize import Folded

Candidate = tuple[int, int, str, str, int]  # folded start, folded end, type, canonical, rank

_WORD = re.compile(r"[\u0621-\u063a\u0641-\u064a\u0671-\u06d3A-Za-z0-9_]+")
_LETTER = re.compile(r"\w")  # Arabic letters are \w; the Arabic comma and question mark are not
_CLITIC_OK = frozenset({"", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك"})
_CLITIC_OK_AL = frozenset({"", "و", "ف", "ب", "ك", "وب", "فب", "وك"})
_QUOTE_OPEN = '«"“'
_QUOTE_CLOSE = '»"”'
_DASHES = "-–—ـ"
PATTERN_RANK = 2
_LATIN_CAP = re.compile(r"[A-Z]")
_LATIN_ONLY = re.compile(r"[A-Za-z0-9 .&'-]+")


class _Tokens:
    """Words of the folded text with their spans and the punctuation gaps between them."""

    __slots__ = ("ends", "n", "s", "starts", "words")

    def __init__(self, s: str) -> None:
        self.s = s
        matches = list(_WORD.finditer(s))
        self.words: list[str] = [m.group() for m in matches]
        self.starts: list[int] = [m.start() for m in matches]
        self.ends: list[int] = [m.end() for m in matches]
        self.n = len(self.words)

    def gap(self, i: int) -> str:
        """What stands between word ``i - 1`` and word ``i`` (stripped)."""
        if i <= 0 or i > self.n:
            return ""
        if i == self.n:  # after the last word: what closes the text
            return self.s[self.ends[i - 1] : self.ends[i - 1] + 3].strip()
        return self.s[self.ends[i - 1] : self.starts[i]].strip()


def _strip_conj(w: str) -> tuple[int, str]:
    """Drop a conjunction "و"/"ف" from a word longer than three letters."""
    if len(w) > 3 and w[0] in "وف":
        return 1, w[1:]
    return 0, w


def _stems(w: str) -> list[tuple[int, str]]:
    """A word and its forms without clitics: (offset into the word, stem)."""
    out = [(0, w)]
    off, rest = _strip_conj(w)
    if off:
        out.append((off, rest))
    if len(rest) > 3 and rest.startswith("لل"):
        out.append((off + 2, "ال" + rest[2:]))
    elif len(rest) > 3 and rest[0] in "بلك":
        out.append((off + 1, rest[1:]))
    return out


def _match(stems: list[tuple[int, str]], words: frozenset[str]) -> tuple[int, str] | None:
    for off, stem in stems:
        if stem in words:
            return off, stem
    return None


def _is_nationality(w: str, lex: Lexicon) -> bool:
    nat = lex.words["nationalities"]
    base = w[2:] if w.startswith("ال") else w
    for suffix in ("ه", "ون", "ين", "ان", ""):
        if suffix and base.endswith(suffix):
            stem = base[: -len(suffix)]
        elif not suffix:
            stem = base
        else:
            continue
        if stem in nat:
            return True
        if stem.endswith("ي") and stem[:-1] + "ي" in nat:
            return True
    return False


def gazetteer_hits(s: str, lex: Lexicon) -> list[tuple[int, int, Entry]]:
    """Gazetteer names in the folded text that stand as whole words (Arabic clitics allowed)."""
    hits = []
    n = len(s)
    for end_index, (length, entry) in lex.automaton.iter(s):
        start, end = end_index - length + 1, end_index + 1
        if end < n and _LETTER.match(s[end]):
            continue
        word_start = start
        while word_start > 0 and _LETTER.match(s[word_start - 1]):
            word_start -= 1
        prefix = s[word_start:start]
        if entry.skip:  # "لعراق" inside "للعراق": the preposition "ل" must precede
            if prefix not in ("ل", "ول", "فل"):
                continue
            start += entry.skip
        elif prefix not in (_CLITIC_OK_AL if s.startswith("ال", start) else _CLITIC_OK):
            continue
        hits.append((start, end, entry))
    return hits


def _outlet_context(s: str, start: int, end: int) -> bool:
    """An ambiguous outlet name is an outlet in quotes, after صحيفة/لـ, or in a dashed dateline."""
    before = s[max(0, start - 8) : start]
    after = s[end : end + 3]
    if before.rstrip()[-1:] in _QUOTE_OPEN or after.lstrip()[:1] in _QUOTE_CLOSE:
        return True
    if re.search(r"(?:صحيفه|جريده|لـ|ل)\s*$", before) and not before.endswith(" "):
        return True
    if re.search(r"(?:صحيفه|جريده|قناه)\s+$", s[max(0, start - 10) : start]):
        return True
    line_start = s.rfind("\n", 0, start) + 1
    if start - line_start < 60 and s[end : end + 2].strip()[:1] != ":":
        near = s[max(line_start, start - 3) : start] + s[end : end + 3]
        if any(d in near for d in _DASHES):
            return True
    return False


def _complement(
    tok: _Tokens, i: int, lex: Lexicon, indefinite: bool, gaz_ends: dict[int, int], weak: bool = False
) -> tuple[int, bool]:
    """Index after the last word of a head's complement starting at word ``i`` (``i``: none), and
    whether the complement holds a name (a known name, a nationality, a quoted or "لل" name)."""
    stop, descriptors = lex.words["stop"], lex.words["descriptors"]
    j = i
    named = False
    after_name = False
    after_of = -1  # index of the first "لل" word: a name runs at most two words past it
    while j < tok.n and j - i < 7 and (after_of < 0 or j - after_of <= 2):
        gap = tok.gap(j)
        if gap:
            if j == i and gap[-1] in _QUOTE_OPEN:
                k = j
                while k + 1 < tok.n and k - j < 5 and not tok.gap(k + 1):
                    k += 1
                if any(c in tok.gap(k + 1) for c in _QUOTE_CLOSE) or k + 1 >= tok.n:
                    return k + 1, True
            break
        w = tok.words[j]
        if tok.starts[j] in gaz_ends and (j == i or not w.startswith("ال") or after_name is False):
            # A known name inside the complement (جامعة تبوك، بعثة الأمم المتحدة) is taken whole.
            end = gaz_ends[tok.starts[j]]
            while j < tok.n and tok.starts[j] < end:
                j += 1
            named = after_name = True
            continue
        if w in stop or (j > i and w in descriptors):
            break
        if _is_nationality(w, lex):
            j += 1
            named = True
            continue
        if w in lex.words["person_titles"] or w in lex.words["role_heads"]:
            break
        if after_name and not w.startswith("ل"):
            break
        _, bare = _strip_conj(w)
        if w.startswith("ال") or (j > i and bare.startswith("ال") and len(bare) > 3):
            j += 1
            continue
        if w.startswith("لل") and len(w) > 4 and j > i and after_of < 0:
            after_of = j
            j += 1
            named, after_name = True, False
            continue
        if (
            w.startswith("ل")
            and j > i
            and after_of < 0
            and j + 1 < tok.n
            and tok.words[j + 1].startswith("ال")
            and not tok.gap(j + 1)
        ):
            j += 1
            named, after_name = True, False
            continue
        if (
            j == i + 1
            and tok.words[i] in ("الملك", "الامير", "الشيخ", "الامام")
            and (w in lex.given or w.startswith("عبد"))
        ):
            j += 1
            named = True
            continue
        if (
            j == i
            and indefinite
            and w not in lex.words["not_names"]
            and w[0] not in "وفلب"
            and not w.isdigit()
            and not w.endswith(("ي", "يه", "ى", "ات"))
        ):
            j += 1
            if j < tok.n and tok.words[j].startswith("ال") and not tok.gap(j):
                continue  # a noun in construct: جهاز مكافحة الإرهاب، عمادة خدمة المجتمع
            # a proper noun after a strong head (جمعية سيهات، أمانة جدة); after a weak head it may be a
            # common noun (مجلس إدارة، تنظيم تدفق) and names nothing by itself.
            named = not weak
            after_name = True
            continue
        break
    return j, named


def _ends_name(tok: _Tokens, j: int, lex: Lexicon) -> bool:
    """True when word ``j`` cannot continue a name: a boundary, the end, a function word, a role."""
    if j >= tok.n or tok.gap(j):
        return True
    w = tok.words[j]
    return (
        w in lex.words["stop"]
        or w in lex.words["role_heads"]
        or w in lex.words["person_titles"]
        or _is_nationality(w, lex)
        or (w[0] in "وف" and w[1:] in lex.words["stop"])
    )


def _person(tok: _Tokens, i: int, lex: Lexicon, titled: bool) -> int:
    """Index after the last word of a person name whose first word is word ``i`` (``i + 1``: the first
    word alone). Name words: given names, بن/آل/أبو joints, one "ال" family name, one unknown word."""
    joints, given = lex.words["name_joints"], lex.given
    j = i + 1
    if tok.words[i] in ("عبد", "ابو", "أبو") and j < tok.n and not tok.gap(j):
        j += 1  # عبد الفتاح، أبو بكر: the joint and its word are one given name
    while j < tok.n and j - i < 7 and not _ends_name(tok, j, lex):
        w = tok.words[j]
        if w in joints:
            if j + 1 < tok.n and not _ends_name(tok, j + 1, lex):
                j += 2
                continue
            break
        if w in given:
            j += 1
            continue
        if w in lex.words["not_names"] or w in lex.words["descriptors"]:
            break
        if w.startswith("ال") and len(w) > 3:
            j += 1
            if j < tok.n and tok.words[j] == "ال":
                continue
            break
        if w[0] in "وف" or w.isdigit():
            break
        # One unknown word closes a name when a boundary follows it (رغد عشميل، خالد محفوظ بحاح).
        if j == i + 1 or tok.words[j - 1] in given:
            nxt = j + 1
            foreign = j == i + 1 and tok.words[i] in lex.words["foreign_given"] and len(tok.words[i]) > 2
            if (
                (titled and j == i + 1)
                or foreign
                or nxt >= tok.n
                or tok.gap(nxt)
                or tok.words[nxt] in lex.words["name_followers"]
                or tok.words[nxt] in lex.words["role_heads"]
            ):
                j += 1
        break
    return j


def _strong_person(tok: _Tokens, i: int, j: int, lex: Lexicon) -> bool:
    """A name opened by a given name alone (no title) must look like one: a second given name or a
    joint, or name words closed by a boundary (most given names are also common words)."""
    if j <= i + 1:
        return False
    second = tok.words[i + 1]
    first = tok.words[i]
    if first in lex.words["foreign_given"] and len(first) > 2:
        return True  # ديمتري بيسكوف: a foreign given name is rarely an Arabic common word
    if (second in lex.given or second in lex.words["name_joints"]) and not (
        first in lex.words["common_given"] or first[1:] in lex.words["common_given"]
    ):
        return True
    if first in lex.words["common_given"] or first[1:] in lex.words["common_given"]:
        if second in lex.given and second not in lex.words["common_given"]:
            return True
        if second in ("بن", "بنت"):
            return True  # عادل بن حمد: "son of" follows only a name
        return j == i + 2 and second.startswith("ال") and (j >= tok.n or bool(tok.gap(j)))
    return _ends_name(tok, j, lex)


def _common_given_opens(tok: _Tokens, k: int, lex: Lexicon) -> bool:
    """After a title, a given name that is also a common word (عادل، سعيد) opens the name when a
    name word follows it: "الدكتور عادل الزهراني", "الوزير سعيد بن علي"; alone it may be an adjective."""
    first = tok.words[k]
    if first not in lex.words["common_given"] or k + 1 >= tok.n or tok.gap(k + 1):
        return False
    nxt = tok.words[k + 1]
    return nxt in lex.given or nxt in lex.words["name_joints"] or (nxt.startswith("ال") and len(nxt) > 3)


@cache
def _word_classes() -> frozenset[str]:
    """Every written form (with clitics) of a head, title or given name: a token outside this set
    opens nothing, so the main loop skips it with one set lookup."""
    lex = lexicon("ar")
    w = lex.words
    forms: set[str] = set()
    for word in w["org_heads"] | w["loc_heads"] | w["facility_heads"] | w["person_titles"]:
        forms.update((word, "و" + word, "ف" + word))
        if word.startswith("ال"):
            forms.update(("ب" + word, "ك" + word, "وب" + word, "لل" + word[2:], "ولل" + word[2:]))
        else:
            forms.update(p + word for p in ("ب", "ل", "ك", "وب", "ول"))
    for word in lex.given:
        forms.update((word, "و" + word, "ف" + word))
    return frozenset(forms)


def _after_definite(s: str, start: int) -> bool:
    """The word before ``start`` is a definite noun or adjective with nothing between them."""
    m = re.search(r"(\S+) $", s[max(0, start - 30) : start])
    return bool(m and m.group(1).startswith("ال") and m.group(1) not in ("العربيه", "المملكه"))


def find_arabic(folded: Folded, lex: Lexicon | None = None) -> list[Candidate]:
    """Candidate mentions in the folded text; overlaps are settled by the caller."""
    lex = lex or lexicon("ar")
    s = folded.text
    out: list[Candidate] = []
    gaz_ends: dict[int, int] = {}
    gaz_type: dict[int, str] = {}
    for start, end, entry in gazetteer_hits(s, lex):
        name = s[start:end]
        if name in lex.ambiguous_outlets or (name.startswith("ل") and "ا" + name in lex.ambiguous_outlets):
            if _outlet_context(s, start, end):
                out.append((start, end, "ORG", entry.canonical, entry.rank + 1))
                continue
            if entry.type == "ORG":
                continue
        if name == "السعوديه" and _after_definite(s, start):
            continue  # an adjective: الأسماء السينمائية السعودية
        out.append((start, end, entry.type, entry.canonical, entry.rank))
        if end > gaz_ends.get(start, -1):
            gaz_ends[start] = end
            gaz_type[start] = entry.type
    tok = _Tokens(s)
    w = lex.words
    org_heads, loc_heads, titles = w["org_heads"], w["loc_heads"], w["person_titles"]
    facility, weak_heads, media = w["facility_heads"], w["weak_org_heads"], w["media_heads"]
    openers = _word_classes() if lex is lexicon("ar") else None
    i = 0
    while i < tok.n:
        if openers is not None and tok.words[i] not in openers:
            i += 1
            continue
        stems = _stems(tok.words[i])
        head = _match(stems, org_heads)
        if head:
            indefinite = not head[1].startswith("ال")
            j, named = _complement(tok, i + 1, lex, indefinite, gaz_ends, head[1] in weak_heads)
            tail = tok.words[i + 1 : j]
            only_gaz = j > i + 1 and gaz_ends.get(tok.starts[i + 1]) == tok.ends[j - 1]
            if (
                j > i + 1
                and not (head[1] in media and (all(_is_nationality(t, lex) for t in tail) or only_gaz))
                and (named or head[1] not in weak_heads)
            ):
                out.append((tok.starts[i] + head[0], tok.ends[j - 1], "ORG", "", PATTERN_RANK))
            i += 1
            continue
        head = _match(stems, loc_heads) or _match(stems, facility)
        if head:
            j, named = _complement(tok, i + 1, lex, True, gaz_ends)
            nxt = tok.words[i + 1] if i + 1 < tok.n else ""
            known = gaz_ends.get(tok.starts[i + 1]) if i + 1 < tok.n else None
            if j > i + 1 and (
                known
                or (head[1] in facility and j - i <= 3)
                or (not nxt.startswith("ال") and nxt not in w["not_names"] and j == i + 2)
            ):
                end = tok.ends[j - 1] if head[1] in facility or not known else known
                out.append((tok.starts[i] + head[0], end, "LOC", "", PATTERN_RANK))
            i += 1
            continue
        title = _match(stems, titles)
        if title and i + 1 < tok.n and not tok.gap(i + 1):
            k = i + 1
            # الرئيس الأمريكي السابق باراك أوباما، العقيد الدكتور فلان: skip nationality, "former", titles.
            while (
                k < tok.n
                and not tok.gap(k)
                and (
                    _is_nationality(tok.words[k], lex)
                    or tok.words[k] in titles
                    or tok.words[k] in ("السابق", "الراحل", "الاسبق", "مظلي", "ركن", "طيار", "بحري")
                )
            ):
                k += 1
            if k < tok.n and not tok.gap(k):
                first = tok.words[k]
                if (
                    first not in w["stop"]
                    and first not in w["role_heads"]
                    and (first not in w["not_names"] or _common_given_opens(tok, k, lex))
                    and (not first.startswith("ال"))
                    and first not in org_heads
                    and first not in loc_heads
                    and (first[0] not in "وفلب" or first in lex.given)
                    and not first.isdigit()
                    and tok.starts[k] not in gaz_ends
                ):
                    j = _person(tok, k, lex, True)
                    out.append((tok.starts[k], tok.ends[j - 1], "PER", "", PATTERN_RANK))
                    i = j
                    continue
        off, bare = (0, tok.words[i]) if tok.words[i] in lex.given else _strip_conj(tok.words[i])
        if bare in lex.given and i + 1 < tok.n and not tok.gap(i + 1) and tok.starts[i] not in gaz_ends:
            j = _person(tok, i, lex, False)
            if _strong_person(tok, i, j, lex):
                begin = tok.starts[i] + off
                if i > 0 and not tok.gap(i) and tok.words[i - 1] in ("ابو", "ام", "ابن", "وابو"):
                    begin = tok.starts[i - 1] + (1 if tok.words[i - 1] == "وابو" else 0)  # أبو بكر البغدادي
                out.append((begin, tok.ends[j - 1], "PER", "", PATTERN_RANK))
                i = j
                continue
        i += 1
    if _LATIN_CAP.search(s):
        # Latin-script names inside Arabic text (Marta Kowalczyk, BBC) follow the English grammar.
        from pipelines.extract.entities.english import find_english

        out.extend(c for c in find_english(folded, strict=True) if _LATIN_ONLY.fullmatch(s[c[0] : c[1]]))
    return out
