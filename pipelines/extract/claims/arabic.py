"""Arabic claims: the grammar of attribution around each reporting cue.

Every cue form (generated from the verb lexicon with its clitics) and every prepositional
attribution is found with one regex over the folded text. Around each cue the clause is
parsed on word tokens:

- the speaker is the noun phrase after the verb (VSO: "وقال المتحدث باسم الوزارة فلان إن"),
  or before it (SVO and relative clauses: "أحد المعتقلين قال"، "فلان الذي أكد"، "وكان فلان قد
  أعلن"); a noun phrase ends where Arabic grammar says it does: at a complementizer, a time
  word, a preposition that does not continue a name, or a definite word that is neither an
  adjective nor a title (the object of "أعلنت الشرطة ضبط ...");
- after the speaker come the relay ("لوكالة رويترز"، "نقلا عن مصادر"), adverbials and the
  content, opened by a complementizer, a colon, a quotation mark or a noun phrase;
- a verb with no speaker of its own continues an earlier claim (``common.resolve``).

Offsets are computed on the folded copy (``text.fold_text``) and mapped back at the end.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from pipelines.extract.claims.common import QUOTE_CLOSE, QUOTE_OPEN, Draft, resolve, same_sentence, to_claims
from pipelines.extract.claims.lexicon import AR_WORD, ArabicLexicon, CueForm, arabic
from pipelines.extract.claims.text import fold, fold_text
from pipelines.extract.model import Claim
from pipelines.parse.sentences import split_sentences

_TOKEN = re.compile(rf"{AR_WORD}+|\S")
_NAME_LINKS = frozenset(
    {
        "بن",
        "ابن",
        "بنت",
        "ال",
        "ابو",
        "ابا",
        "ابي",
        "ام",
        "عبد",
        "ذو",
        "ذات",
        "شبه",
        "باسم",
        "دي",
        "فان",
        "فون",
    }
)
_REL = frozenset({"الذي", "التي", "الذين", "اللذان", "اللتان", "اللذين", "الذى", "والذي", "والتي", "والذين"})
_SVO_BOUNDARY = frozenset(
    {
        "حيث",
        "بينما",
        "فيما",
        "كما",
        "لكن",
        "ولكن",
        "بل",
        "اذ",
        "ثم",
        "كان",
        "وكان",
        "كانت",
        "وكانت",
        "فكان",
        "تزال",
        "يزال",
        "زال",
        "مازال",
        "ظل",
        "وظل",
        "ظلت",
        "اما",
        "واما",
        "فان",
        "لان",
        "وقد",
        "قد",
        "و",
        "ف",
        "لقد",
        "ولقد",
        "هكذا",
        "ايضا",
    }
)
_NEVER_START = frozenset({"في", "من", "مع", "ما", "لا", "عن", "الى", "على", "قد", "لم", "لن", "كل", "اي"})
_CONDITIONAL = frozenset({"اذا", "لو", "لولا", "ربما", "عسى", "لعل", "اذ"})
_SHOWS = frozenset({"ما", "مما", "وما", "ومما", "بما"})
_PRONOUN_OBJ = frozenset({"اليه", "اليها", "عليه", "عليها", "عنه", "عنها", "به", "بها"})
_COLON = ":"
_PARA = "\n"


@dataclass(frozen=True, slots=True)
class Word:
    """One folded token and what the lexicon says about it."""

    text: str
    conj: str  # و/ف in front
    prep: str  # ب/ل/ك joined in front
    core: str  # without conj and prep, with the article
    bare: str  # without the article
    definite: bool
    tags: frozenset[str]
    punct: bool

    def has(self, *tags: str) -> bool:
        return not self.tags.isdisjoint(tags)


_SOURCEY = (
    "title",
    "role1",
    "rolen",
    "anon",
    "org",
    "orgname",
    "state",
    "media",
    "medianame",
    "doc",
    "num",
    "single",
    "dual",
    "given",
)


@lru_cache(maxsize=200_000)
def _word(tok: str) -> Word:
    lex = arabic()
    if not tok[0].isalnum():
        return Word(tok, "", "", tok, tok, False, frozenset({"punct"}), True)
    words = lex.words

    def build(conj: str, prep: str, core: str) -> Word:
        definite = core.startswith("ال") and len(core) > 3
        bare = core[2:] if definite else core
        tags = words.get(core, frozenset()) | words.get(bare, frozenset())
        if not tags and not definite and len(core) > 4:
            for suffix in ("ها", "هم", "هما", "ه", "نا"):  # "مصادرها": the head under a possessive
                stem = core[: -len(suffix)]
                if core.endswith(suffix) and stem in words:
                    tags = words[stem] | {"poss"}
                    break
        if conj or prep:
            tags = tags - {"comp", "stop", "neg"} if core not in words else tags
        return Word(tok, conj, prep, core, bare, definite, tags, False)

    if tok in lex.forms:
        return Word(tok, "", "", tok, tok, False, frozenset({"verb"}) | words.get(tok, frozenset()), False)
    if tok in words or len(tok) <= 2:
        return build("", "", tok)
    for conj in ("", "و", "ف"):
        if conj and not tok.startswith(conj):
            continue
        rest = tok[len(conj) :]
        if len(rest) < 2:
            continue
        if conj and (rest in words or rest.startswith("ال")):
            return build(conj, "", rest)
        if rest.startswith("لل") and len(rest) > 3:
            return build(conj, "ل", "ال" + rest[2:])
        if rest[0] in "بلك" and len(rest) > 2:
            inner = rest[1:]
            if (inner in words and "func" not in words[inner]) or (inner.startswith("ال") and len(inner) > 3):
                return build(conj, rest[0], inner)
    return build("", "", tok)


_NOUNISH = (
    "org",
    "doc",
    "media",
    "title",
    "role1",
    "rolen",
    "anon",
    "state",
    "statement",
    "content",
    "orgname",
    "medianame",
    "verb",
    "func",
    "stop",
)


def _nisba(w: Word) -> bool:
    b = w.bare
    if w.has("adj"):
        return True
    if w.punct or w.has(*_NOUNISH):
        return False
    if len(b) >= 4 and (b.endswith("يه") or b.endswith("يون") or b.endswith("يين") or b.endswith("يات")):
        return True
    return len(b) >= 4 and b.endswith("ي")


def _sourcey(w: Word) -> bool:
    return w.has(*_SOURCEY)


def _speaker_gender(w: Word) -> tuple[str, str]:
    """Agreement a speaker head asks of its verb: (gender, number)."""
    b = w.bare
    if w.has("state", "medianame", "fpl") or b.endswith("ات"):
        return "f", "s"
    if b.endswith("ون") or (b.endswith("ين") and w.has("rolen", "anon")):
        return "m", "p"
    if w.has("anon", "rolen") and not w.has("single") and b not in ("احد", "احدى"):
        return "f", "p"  # broken plurals (مصادر، خبراء) agree as feminine or plural
    if b.endswith("ه") and not w.has("title"):
        return "f", "s"
    return "m", "s"


@dataclass(slots=True)
class _Sent:
    start: int
    end: int
    toks: list[tuple[int, int, str]]
    starts: list[int]
    headline: bool


class _Article:
    """The folded text, its sentences and tokens, parsed lazily."""

    def __init__(self, text: str) -> None:
        self.f = fold_text(text)
        self.norm = self.f.norm
        self.lex: ArabicLexicon = arabic()
        self.spans = split_sentences(self.norm)
        self.sstarts = [s for s, _ in self.spans]
        self._sents: dict[int, _Sent] = {}
        self.quoted = _quoted_regions(self.norm)
        self.qstarts = [a for a, _ in self.quoted]

    def in_quote(self, pos: int) -> bool:
        i = bisect_right(self.qstarts, pos) - 1
        return i >= 0 and self.quoted[i][0] < pos < self.quoted[i][1]

    def sent(self, i: int) -> _Sent:
        s = self._sents.get(i)
        if s is None:
            a, b = self.spans[i]
            toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(self.norm, a, b)]
            s = _Sent(a, b, toks, [t[0] for t in toks], _is_headline(self.norm, a, b, toks))
            self._sents[i] = s
        return s

    def sent_of(self, pos: int) -> int:
        return max(0, bisect_right(self.sstarts, pos) - 1)


_QMARK = re.compile('[«»“”"]')
_ANY_QUOTE = re.compile("[" + re.escape(QUOTE_OPEN + QUOTE_CLOSE) + "]")


def _quoted_regions(norm: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks; « and “ open, » and ” close, and a straight mark opens after
    a space and closes before one. An opening mark inside an open quotation starts a new one."""
    regions: list[tuple[int, int]] = []
    open_at = -1
    n = len(norm)
    for m in _QMARK.finditer(norm):
        i = m.start()
        ch = m.group()
        if ch == '"':
            before = norm[i - 1] if i else " "
            after = norm[i + 1] if i + 1 < n else " "
            clitic = before in "لب" and (i < 2 or norm[i - 2].isspace())  # لـ"الوطن"
            opening = (before.isspace() or before in "(:،," or clitic) and not after.isspace()
        else:
            opening = ch in "«“"
        if opening:
            if open_at >= 0:
                regions.append((open_at, i))
            open_at = i
        elif open_at >= 0:
            regions.append((open_at, i + 1))
            open_at = -1
    if open_at >= 0:
        end = norm.find("\n", open_at)
        regions.append((open_at, n if end < 0 else end))
    return regions


def _is_headline(norm: str, a: int, b: int, toks: list[tuple[int, int, str]]) -> bool:
    """A sub-headline: a short line of its own, with no final stop and no complementizer."""
    before = norm.rfind("\n", 0, a)
    line_start = before + 1
    line_end = norm.find("\n", b)
    line_end = len(norm) if line_end < 0 else line_end
    if norm[line_start:a].strip() or norm[b:line_end].strip():
        return False
    if line_end == len(norm) and before < 0:
        return False  # the whole text is one line
    words = [t for t in toks if t[2][0].isalnum()]
    if not words or len(words) > 14:
        return False
    last = norm[a:b].rstrip()[-1:]
    if last in ".!؟?:،,؛":
        return False
    first = _word(words[0][2])
    return not (first.conj or any(_word(t[2]).has("comp") for t in words))


def find_claims_ar(text: str, publisher: str | None = None) -> list[Claim]:
    art = _Article(text)
    lex = art.lex
    drafts: list[Draft] = []
    matches: list[tuple[int, int, CueForm | None, str]] = []
    for m in lex.cue_re.finditer(art.norm):
        what = m.lastgroup or "verb"
        matches.append((m.start(), m.end(), lex.forms.get(m.group()) if what == "verb" else None, what))
    outlets = _publisher_names(lex, publisher)
    frame_until = -1
    for start, end, form, what in matches:
        if start < frame_until:
            continue
        si = art.sent_of(start)
        sent = art.sent(si)
        if sent.headline:
            continue
        ti = bisect_right(sent.starts, start) - 1
        if ti < 0 or sent.toks[ti][0] != start:
            continue
        if what == "verb" and form is not None:
            d = _verb_claim(art, si, sent, ti, end, form, outlets, drafts)
        elif what == "prep":
            d = _prep_claim(art, si, sent, ti, end, outlets)
        else:
            d = _jaa_claim(art, si, sent, ti, end)
        if d is None:
            continue
        frame_until = max(frame_until, d.frame_end)
        drafts.append(d)
    drafts = _merge_relays(art, drafts)
    kept = resolve(drafts)
    return to_claims(kept, art.f.span)


_OUTLET_HEADS = frozenset(fold(h) for h in ("صحيفة", "جريدة", "قناة", "وكالة", "مجلة", "موقع"))


def _publisher_names(lex: ArabicLexicon, publisher: str | None) -> frozenset[str]:
    """Names under which the publishing outlet cites itself. A known outlet id gives its names; an
    unknown publisher is taken by its own name (without a head word such as صحيفة) as well as every
    outlet the lexicon knows, since which of them published is then unknown."""
    if publisher and publisher in lex.outlets:
        return lex.outlets[publisher]
    known = frozenset().union(*lex.outlets.values())
    if not publisher:
        return known
    name = fold(publisher)
    words = name.split()
    bare = " ".join(words[1:]) if len(words) > 1 and words[0] in _OUTLET_HEADS else name
    return known | {name, bare, bare[2:] if bare.startswith("ال") else "ال" + bare}


# --------------------------------------------------------------------------------------------
# Noun phrases


def _quoted_end(toks: list[tuple[int, int, str]], i: int, limit: int, max_words: int = 6) -> int | None:
    """Index after the closing mark of a quotation opened at ``i`` (None if too long or open)."""
    n = 0
    for j in range(i + 1, min(limit, i + max_words + 3)):
        t = toks[j][2]
        if t in QUOTE_CLOSE or t == '"':
            return j + 1 if n else None
        if t[0].isalnum():
            n += 1
            if n > max_words:
                return None
    return None


_ROLE_PREPS = {
    "على": frozenset({"مشرف", "مشرفه", "قائم", "قائمين", "قائمون", "مسؤول", "مسؤوله"}),
    "علي": frozenset({"مشرف", "مشرفه", "قائم", "قائمين", "قائمون"}),
    "عن": frozenset(
        {"نائب", "نائبه", "ممثل", "ممثله", "مسؤول", "مسؤوله", "متحدث", "متحدثه", "مسؤولين", "نواب"}
    ),
}
_QUANT = frozenset(
    {"نفس", "ذات", "تلك", "هذه", "هذا", "ذلك", "احد", "احدى", "بعض", "عدد", "عده", "كبار", "مختلف"}
)
_POSSESSIVE = ("ته", "تها", "تهم", "تهما", "اته", "اتها", "اتهم", "هم", "هما", "كم")


def _phrase_len(toks: list[tuple[int, int, str]], i: int, limit: int, tags: tuple[str, ...]) -> int:
    """Tokens covered by a multi-word lexicon entry with one of ``tags`` starting at ``i``."""
    lex = arabic()
    w = _word(toks[i][2])
    best = 0
    for first in (w.core, w.bare):
        for parts, tag in lex.phrases.get(first, ()):
            if tag not in tags or i + len(parts) > limit:
                continue
            if all(
                _word(toks[i + n][2]).core in (p, "ال" + p) or _word(toks[i + n][2]).bare == p
                for n, p in enumerate(parts)
                if n
            ):
                best = max(best, len(parts))
    return best


def _is_quote(t: str) -> bool:
    return t in QUOTE_OPEN or t == '"'


def _np_start_ok(toks: list[tuple[int, int, str]], i: int, limit: int) -> bool:
    """Can a speaker noun phrase start at token ``i``?"""
    if i >= limit:
        return False
    t = toks[i][2]
    w = _word(t)
    if w.punct:
        if _is_quote(t):
            q = _quoted_end(toks, i, limit, 4)
            return q is not None and (q >= limit or _ends_np(toks, q, limit))
        return False
    if w.core.isdigit():  # "4 مصادر"
        return i + 1 < limit and _word(toks[i + 1][2]).has("anon", "rolen")
    if len(w.core) < 2 and not w.has("title"):
        return False
    if w.bare in _QUANT and not w.conj:
        return i + 1 < limit and (_sourcey(_word(toks[i + 1][2])) or _word(toks[i + 1][2]).definite)
    if w.has("comp", "stop", "neg", "content", "verb", "func", "month", "speech") or w.prep:
        return False
    if (
        (w.conj and not w.definite)
        or w.core in _NAME_LINKS
        or w.core in _PRONOUN_OBJ
        or w.core in _NEVER_START
    ):
        return False
    if _sourcey(w):
        return True
    if w.definite:
        return True
    if w.core.endswith(_POSSESSIVE) or w.core[:1].isdigit():
        return False
    if w.core[0] in "بل" and not w.has("given"):
        # "تعهد بقصر استخدام": a preposition on a verbal noun, unless a short name closes
        return any(_ends_np(toks, j, limit) for j in range(i + 1, min(limit, i + 3)))
    return _name_lookahead(toks, i, limit)


def _ends_np(toks: list[tuple[int, int, str]], j: int, limit: int) -> bool:
    """Does token ``j`` close a noun phrase (a complementizer, a colon, a quote, a stop word)?"""
    if j >= limit:
        return True
    t = toks[j][2]
    if t in (_COLON, "،", ",", "(", "-", "–", ".", "؛") or _is_quote(t):
        return True
    w = _word(t)
    if w.has("comp", "stop", "verb", "month"):
        return True
    if w.core == "في" and j + 1 < limit:
        nxt = _word(toks[j + 1][2])
        return nxt.has("statement", "stop", "month") or nxt.core[:1].isdigit()
    return w.prep == "ل" and w.has("media", "medianame")


def _name_lookahead(toks: list[tuple[int, int, str]], i: int, limit: int) -> bool:
    """An unknown indefinite word starts a name if a short run of name-like words closes,
    or a role in apposition follows ("ماركو بيانكي رئيس اللجنة"); a given name always does."""
    first = _word(toks[i][2])
    if first.has("given"):
        return True
    if len(first.core) < 2:
        return False
    for j in range(i, min(limit, i + 5)):
        w = _word(toks[j][2])
        if j > i and (_ends_np(toks, j, limit) or (w.has("role1", "title") and not w.prep)):
            return True
        if (
            w.punct
            or w.has("content", "comp", "func", "verb", "speech")
            or (w.prep and w.core not in _NAME_LINKS)
        ):
            return False
        if w.conj and not w.definite:
            return False
    return _ends_np(toks, min(limit, i + 5), limit)


def _closes_soon(toks: list[tuple[int, int, str]], j: int, limit: int) -> bool:
    """A run of at most three unlisted words that ends at a complementizer, stop or mark."""
    for k in range(j, min(limit, j + 4)):
        if k > j and _ends_np(toks, k, limit):
            return True
        w = _word(toks[k][2])
        if w.punct or (w.tags and not w.has("given")) or w.prep or (w.definite and k > j + 1):
            return False
    return j + 4 > limit


def _np_end(toks: list[tuple[int, int, str]], i: int, limit: int) -> int:
    """End (exclusive token index) of the speaker noun phrase that starts at ``i``."""
    first = _word(toks[i][2])
    if first.punct:  # a quoted name
        return _quoted_end(toks, i, limit, 4) or i + 1
    j = i + max(1, _phrase_len(toks, i, limit, ("medianame", "orgname", "state", "title")))
    prev = _word(toks[j - 1][2])
    sourcey = _sourcey(first)
    role_np = first.has("title", "role1", "rolen")
    while j < limit and j - i < 24:
        t = toks[j][2]
        w = _word(t)
        pl = _phrase_len(toks, j, limit, ("medianame", "orgname", "state")) if not w.punct else 0
        if pl > 1 and not w.conj:
            j += pl  # "وول ستريت جورنال"، "الولايات المتحدة"
            prev = _word(toks[j - 1][2])
            continue
        if w.punct:
            if t == "." and len(prev.core) == 1 and j + 1 < limit:
                j += 1  # "د. محمد": an abbreviated title
                continue
            if t == "(":
                close = next((k for k in range(j + 1, min(limit, j + 12)) if toks[k][2] == ")"), None)
                if close is None:
                    break
                j = close + 1
                continue
            if _is_quote(t):
                q = _quoted_end(toks, j, limit, 5)
                if q is not None and (
                    prev.has("org", "media", "title", "role1", "rolen", "doc", "anon", "given")
                    or prev.core in _NAME_LINKS
                    or (not prev.definite and not _nisba(prev) and not prev.has("adj"))
                ):
                    j = q
                    continue
                break
            if t in "،,":
                a = _apposition(toks, j + 1, limit)
                if a is None:
                    break
                j = a
                continue
            if t in "-–" and j + 1 < limit and _np_start_ok(toks, j + 1, limit):
                nw = _word(toks[j + 1][2])
                if nw.has("title", "role1", "anon", "rolen") or not nw.definite:
                    j = _np_end(toks, j + 1, limit)
                    continue
            break
        if len(w.core) == 1 and not w.has("title"):
            break  # "لـ«الشرق الأوسط»": a preposition written apart
        if w.core in _ROLE_PREPS and any(
            _word(toks[k][2]).bare in _ROLE_PREPS[w.core] for k in range(max(i, j - 2), j)
        ):
            j += 2  # "المشرف (العام) على إدارة ..."، "النائب عن ائتلاف ..."، "المسؤول عن الملف"
            prev = _word(toks[j - 1][2]) if j - 1 < limit else w
            continue
        if w.has("comp", "stop", "neg", "content", "verb", "func", "month", "speech"):
            break
        if w.has("statement") and not w.prep and not (w.has("doc") and prev.has("doc")):
            break
        if w.prep == "ل" and w.has("media", "medianame"):
            break
        if w.core in ("في", "من"):
            if j + 1 >= limit:
                break
            nxt = _word(toks[j + 1][2])
            if (
                nxt.punct
                or nxt.prep
                or nxt.has("statement", "stop", "comp", "content", "month", "func", "verb")
                or nxt.core[:1].isdigit()
            ):
                break
            after = toks[j + 2][2] if j + 2 < limit else "."
            place_then_name = (
                not nxt.tags
                and not nxt.prep
                and (_word(after).has("title", "role1", "comp") or after in "،,")
                and w.core == "في"
            )
            if not (nxt.definite or _sourcey(nxt) or place_then_name) or (
                w.core == "من" and nxt.bare.startswith(("جه", "جان", "ناحي", "خلال"))
            ):
                break
            j += 1
            prev = w
            continue
        if w.core in _NAME_LINKS:
            j += 1
            prev = w
            continue
        if (
            w.bare in ("ممثله", "ممثلا", "ممثلين", "متمثله", "متمثلا")
            and j + 1 < limit
            and _word(toks[j + 1][2]).core in ("في", "ب")
        ):
            break  # "وزارة النقل ممثلة في الهيئة": the body, not its branch
        if w.conj:
            same = (_nisba(w) and _nisba(prev)) or (
                w.has("title", "role1", "org", "state") and (prev.definite or _sourcey(prev))
            )
            same = same or (w.definite and prev.definite and not _nisba(prev) and not prev.punct)
            if not same:
                break
        elif not w.tags and w.text[:1] in "بل" and len(w.text) >= 4 and role_np and not prev.punct:
            pass  # "الباحث الزراعي بقسم علوم التربة": an unlisted noun after ب/ل inside a role
        elif w.prep:
            # ب/ل joined to a noun continues a role or body: "الناطق بشرطة"، "الباحث بقسم"، "للخدمات"
            if not (w.prep in "بل" and (w.definite or _sourcey(w) or sourcey) and not prev.punct):
                break
        elif prev.core in _NAME_LINKS or prev.core in ("في", "من") or (prev.bare in _QUANT and j == i + 1):
            pass
        elif not prev.definite and (not prev.has("adj") or prev.bare == "عام"):
            pass  # idafa or a name chain: "وزير العدل"، "سعود التويم"، "أمين عام الحوار"
        elif _nisba(w) and (
            w.definite == prev.definite or prev.has("title", "role1", "rolen", "org", "anon")
        ):
            pass
        elif w.has("title") and not w.has("role1") and not _name_follows(toks, j + 1, limit):
            break  # "طالبت إدارة النصر اللاعب بالوجود": a title with no name is the object
        elif w.has("title", "role1", "org", "orgname", "medianame", "state", "given"):
            pass
        elif w.has("rolen") and w.definite and not prev.has("org", "media", "doc") and not _sourcey(prev):
            pass  # "المشهداني القيادي في الائتلاف"
        elif (
            not w.definite
            and (_name_lookahead(toks, j, limit) if j - i < 2 else _closes_soon(toks, j, limit))
        ) or (w.definite and prev.has("title")):
            # a name after a role or a title; once a phrase has two words, only a short run that closes
            pass
        else:
            break
        sourcey = sourcey or _sourcey(w)
        j += 1
        prev = w
    return j


def _name_follows(toks: list[tuple[int, int, str]], j: int, limit: int) -> bool:
    """Is the word at ``j`` the start of a person's name (a given name or an unlisted word)?"""
    if j >= limit:
        return False
    w = _word(toks[j][2])
    if w.punct or w.prep or w.conj:
        return False
    if w.has("given", "title"):
        return True
    return not w.tags and not w.definite and _name_lookahead(toks, j, limit)


def _apposition(toks: list[tuple[int, int, str]], i: int, limit: int) -> int | None:
    """After a comma: a name or "وهو/وهي + role" in apposition; its end, or None."""
    if i >= limit:
        return None
    w = _word(toks[i][2])
    if w.core in ("وهو", "وهي", "هو", "هي"):
        if i + 1 < limit and _np_start_ok(toks, i + 1, limit):
            e = _np_end(toks, i + 1, limit)
            return e if _ends_np(toks, e, limit) else None
        return None
    if (
        w.punct
        or w.prep
        or w.conj
        or w.core in ("ل", "ب")
        or (w.text.startswith("و") and not w.has("title", "role1"))
    ):
        return None
    if w.has("comp", "stop", "content", "neg", "verb", "func", "month", "statement"):
        return None
    if not (w.has("title", "role1") or (not w.definite and _name_lookahead(toks, i, limit))):
        return None  # ", الحادث الإجرامي": a definite noun after a comma is the object, not a name
    e = _np_end(toks, i, limit)
    if e - i > 9:
        return None
    return e if _ends_np(toks, e, limit) else None


def _np_text_words(toks: list[tuple[int, int, str]], i: int, j: int) -> list[Word]:
    return [_word(t[2]) for t in toks[i:j] if t[2][0].isalnum()]


def _classify(
    art: _Article, toks: list[tuple[int, int, str]], i: int, j: int, tail: int
) -> tuple[str, int | None, bool, bool, str, str, str]:
    """(speaker_type, source_count, coref, tied, head, gender, number) of the phrase toks[i:j]."""
    words = _np_text_words(toks, i, j)
    lex = art.lex
    if not words:
        return "person", None, False, False, "", "m", "s"
    text = art.norm[toks[i][0] : toks[tail - 1][1]] if tail > i else ""
    count: int | None = None
    k = 0
    while k < len(words) and (
        words[k].has("num")
        or words[k].core.isdigit()
        or words[k].bare
        in ("نفس", "ذات", "تلك", "هذه", "هذا", "ذلك", "بعض", "احد", "احدى", "عدد", "عده", "كبار")
    ):
        wk = words[k]
        if wk.core.isdigit():
            count = int(wk.core)
        elif wk.core in lex.numbers:
            count = lex.numbers[wk.core]
        k += 1
    head = words[k] if k < len(words) else words[-1]
    gender, number = _speaker_gender(head)
    tied = any(w.has("ord") for w in words[k + 1 :])
    key = words[k].bare + "|" + words[-1].bare if k < len(words) else words[-1].bare
    phrase_tag = _phrase_tag(lex, words[k:])
    if phrase_tag:
        head = Word(
            head.text,
            head.conj,
            head.prep,
            head.core,
            head.bare,
            head.definite,
            head.tags | {phrase_tag},
            False,
        )
    anonymous_marked = bool(lex.anonymity_re.search(text))
    has_title = any(w.has("title") for w in words)
    quantified = (k > 0 and words[0].bare in ("احد", "احدى", "بعض")) or count is not None
    if anonymous_marked and not has_title:
        return "anonymous", _count(lex, words, head, count), False, tied, key, gender, number
    if head.has("fig") and not has_title:
        return "figurative", None, False, False, key, gender, number
    if head.has("anon") or (
        head.has("rolen") and (not head.definite or quantified) and not head.has("role1", "title")
    ):
        if any(w.has("title") for w in words[k + 1 :]) or _has_name_after_dash(toks, i, j):
            return "person", None, False, False, key, gender, number
        return "anonymous", _count(lex, words, head, count), False, tied, key, gender, number
    if (
        head.has("role1", "rolen")
        and not head.definite
        and not has_title
        and not any(w.has("given") for w in words)
    ):
        # an indefinite role, not annexed to a definite noun ("متحدث باسم الشركة"، "مندوب بالمنظمة"،
        # "مسؤول في الوزارة") leaves the source unnamed; "وزير الطاقة" (idafa) names one person
        nxt = words[k + 1] if k + 1 < len(words) else None
        idafa = (
            nxt is not None
            and not nxt.prep
            and not nxt.conj
            and not _nisba(nxt)
            and not nxt.has("adj", "ord")
            and nxt.core not in ("في", "من", "باسم", "لدى", "عن", "على", "مع")
        )
        if not idafa and not _has_name_after_dash(toks, i, j):
            dual = head.bare.endswith("ان") and head.has("dual")
            return (
                "anonymous",
                2 if dual else (1 if not head.bare.endswith(("ون", "ين")) else None),
                False,
                tied,
                key,
                gender,
                number,
            )
    if quantified and head.has("rolen", "anon"):
        return "anonymous", _count(lex, words, head, count), False, tied, key, gender, number
    if head.has("media", "medianame") and head.bare not in ("مراسل", "مراسله"):
        return "media", None, False, False, key, gender, number
    if head.has("doc") and not has_title:
        return "document", None, False, False, key, gender, number
    if head.has("org", "orgname", "state") and not head.has("title", "role1"):
        return "organization", None, False, False, key, gender, number
    if head.has("rolen") and head.definite and not head.has("role1", "title") and len(words) <= 3:
        return "anonymous", 1 if head.has("single") else None, True, False, key, gender, number
    return "person", None, False, False, key, gender, number


def _phrase_tag(lex: ArabicLexicon, words: list[Word]) -> str:
    """The tag of a multi-word lexicon entry the phrase starts with ("وول ستريت جورنال")."""
    if not words:
        return ""
    for first in (words[0].core, words[0].bare):
        for parts, tag in lex.phrases.get(first, ()):
            if len(parts) <= len(words) and all(
                words[n].core == p or words[n].bare == p or ("ال" + words[n].bare) == p
                for n, p in enumerate(parts)
                if n
            ):
                return tag
    return ""


def _has_name_after_dash(toks: list[tuple[int, int, str]], i: int, j: int) -> bool:
    return any(toks[k][2] in "-–" for k in range(i, j))


def _count(lex: ArabicLexicon, words: list[Word], head: Word, count: int | None) -> int | None:
    if count is not None:
        return count
    if head.has("dual"):
        return 2
    if words[0].bare in ("احد", "احدى"):
        return 1
    if head.has("single"):
        return 1
    return None


# --------------------------------------------------------------------------------------------
# Clauses


_ADVERBS = frozenset(
    {
        "اليوم",
        "امس",
        "غدا",
        "مساء",
        "صباح",
        "ليل",
        "ليله",
        "فجر",
        "ظهر",
        "عصر",
        "يوم",
        "ايضا",
        "كذلك",
        "مجددا",
        "بشده",
        "بدوره",
        "بدورها",
        "بدورهم",
        "رسميا",
        "صراحه",
        "اخيرا",
        "مؤخرا",
        "سابقا",
        "قائلا",
        "قائله",
        "قائلين",
        "يقول",
        "تقول",
        "يقولون",
        "قوله",
        "قولها",
        "قولهم",
        "بالقول",
        "القول",
        "الاثنين",
        "الثلاثاء",
        "الاربعاء",
        "الخميس",
        "الجمعه",
        "السبت",
        "الاحد",
        "الماضي",
        "الماضيه",
        "المقبل",
        "الحالي",
        "الجاري",
        "الفائت",
        "حاليا",
        "الليله",
        "صباحا",
        "ظهرا",
        "عصرا",
        "ليلا",
        "فجرا",
        "مرارا",
        "تكرارا",
        "بوضوح",
        "مبكرا",
    }
)
_RECEIVED = frozenset(
    {
        "تلقت",
        "تلقى",
        "تلقته",
        "تسلمت",
        "تسلم",
        "حصلت",
        "حصل",
        "نشرته",
        "نشرت",
        "اوردته",
        "بثته",
        "بثت",
        "اطلعت",
        "اطلع",
        "نقلته",
        "نقلت",
    }
)
_AFFILIATED = frozenset(
    {
        "تابع",
        "تابعه",
        "تابعين",
        "موالي",
        "مواليه",
        "معني",
        "معنيه",
        "مسؤول",
        "مسؤوله",
        "مكلف",
        "مكلفه",
        "مختص",
        "مختصه",
    }
)
_CHANNEL_PREPS = frozenset(
    {"في", "خلال", "عبر", "اثناء", "عقب", "لدى", "ضمن", "امام", "اثر", "قبيل", "بعد", "قبل"}
)


def _skip_adverbials(toks: list[tuple[int, int, str]], k: int, limit: int) -> int:
    """Skip time words and short adverbials between a speaker and its content."""
    while k < limit:
        w = _word(toks[k][2])
        if w.core in _ADVERBS or w.text in _ADVERBS or w.has("month") or w.core[:1].isdigit():
            k += 1
            continue
        break
    return k


def _frame(
    art: _Article, sent: _Sent, k: int, limit: int, outlets: frozenset[str]
) -> tuple[int, tuple[int, int] | None, str]:
    """Walk the adverbials after a speaker: (token where the content starts, via span, opener).

    The opener is "comp", "colon", "quote", "prep", "relay" or "np" (a noun-phrase content)."""
    toks = sent.toks
    via: tuple[int, int] | None = None
    steps = 0
    while k < limit and steps < 30:
        steps += 1
        t = toks[k][2]
        w = _word(t)
        if w.has("comp"):
            return k + 1, via, "comp"
        if t == _COLON:
            return k + 1, via, "colon"
        if _is_quote(t):
            q = _quoted_end(toks, k, limit, 3)
            if q is not None and q < limit and toks[q][2][0].isalnum():
                k = q  # a quoted name ("يونامي"، «الشرق الأوسط») before the content, not the content itself
                continue
            return k, via, "quote"
        if t in "،,-–" or w.has("hon"):
            k += 1
            continue
        if (w.prep == "ل" and w.has("media", "medianame")) or (
            t == "ل" and k + 1 < limit and _is_media_at(toks, k + 1, limit)
        ):
            v, k = _media_np(art, toks, k, limit, outlets)
            via = via or v
            continue
        if w.core in _CHANNEL_PREPS:
            # "في بيان"، "في تصريح لوكالة ..."، "في اتصال هاتفي مع «الصحيفة»"، "عبر حسابها على تويتر"
            nxt = _word(toks[k + 1][2]) if k + 1 < limit else None
            channel = nxt is not None and (
                nxt.has("statement", "own", "month", "stop") or nxt.core[:1].isdigit() or w.core != "في"
            )
            if not channel:
                return k, via, "np"
            e = k + 1
            while e < limit and e - k < 9:
                te = toks[e][2]
                tw = _word(te)
                if tw.has("comp") or te == _COLON or _is_quote(te) or te in "،,":
                    break
                if (
                    (tw.prep == "ل" and tw.has("media", "medianame"))
                    or (te == "ل" and e + 1 < limit and _is_media_at(toks, e + 1, limit))
                    or (tw.core == "مع" and e + 1 < limit and _is_media_at(toks, e + 1, limit))
                ):
                    v, e = _media_np(art, toks, e + 1 if tw.core == "مع" else e, limit, outlets)
                    via = via or v
                    continue
                if tw.core in _RECEIVED and e + 1 < limit and _is_media_at(toks, e + 1, limit):
                    v, e = _media_np(art, toks, e + 1, limit, outlets)  # "في بيان تلقت الصحيفة نسخة منه"
                    via = via or v
                    continue
                if e > k + 1 and tw.has("verb"):
                    break
                e += 1
            k = e
            continue
        if w.bare in _AFFILIATED:
            e = k + 1  # "خلية الصقور التابعة لوزارة الداخلية": a description, then the frame goes on
            while e < limit and e - k < 8:
                tw = _word(toks[e][2])
                if tw.punct or tw.has("comp", "verb") or tw.core in _CHANNEL_PREPS:
                    break
                e += 1
            k = e
            continue
        k2 = _skip_adverbials(toks, k, limit)
        if k2 > k:
            k = k2
            continue
        if w.core in ("نقلا", "عن"):
            return k, via, "relay"
        if w.has("stop") and w.core in ("الى", "على", "عن", "من"):
            return k, via, "prep"
        if w.prep == "ب":
            return k, via, "prep"
        return k, via, "np"
    return k, via, "np"


def _is_media_at(toks: list[tuple[int, int, str]], i: int, limit: int) -> bool:
    t = toks[i][2]
    if _is_quote(t):
        return _quoted_end(toks, i, limit, 4) is not None
    return _word(t).has("media", "medianame")


def _media_np(
    art: _Article, toks: list[tuple[int, int, str]], i: int, limit: int, outlets: frozenset[str]
) -> tuple[tuple[int, int] | None, int]:
    """A relaying outlet after ل/مع: (its span unless it is the publisher itself, next token)."""
    t = toks[i][2]
    start_char = toks[i][0]
    if t == "ل":
        i += 1
        start_char = toks[i][0]
    else:
        w = _word(t)
        if w.prep or w.conj:
            start_char += len(w.conj) + len(w.prep)
    first = toks[i][2]
    if _is_quote(first):
        end = _quoted_end(toks, i, limit, 4) or i + 1
        bare_name = True
    else:
        end = i + max(1, _phrase_len(toks, i, limit, ("medianame",)))
        bare_name = False
        while end < limit:
            nt = toks[end][2]
            pl = _phrase_len(toks, end, limit, ("medianame",))
            if pl > 1:
                end += pl
                continue
            nw = _word(nt)
            pw = _word(toks[end - 1][2])
            if _is_quote(nt):
                q = _quoted_end(toks, end, limit, 4)
                if q is None or not pw.has("media"):
                    break
                end = q
                continue
            if nt == "(":  # "(كونا)": the agency's short name
                close = next((k for k in range(end + 1, min(limit, end + 6)) if toks[k][2] == ")"), None)
                if close is None:
                    break
                end = close + 1
                break
            if (
                nw.punct
                or nw.has("comp", "stop", "statement", "content", "verb", "month")
                or nw.prep
                or nw.conj
            ):
                break
            if not (
                nw.has("medianame", "media", "state") or _nisba(nw) or (pw.has("media") and not pw.definite)
            ):
                break
            end += 1
    span = (start_char, toks[end - 1][1])
    name = art.norm[span[0] : span[1]].strip("\"«»“”' ")
    if bare_name and name in outlets:
        return None, end
    return span, end


def _speaker_after(toks: list[tuple[int, int, str]], i: int, limit: int) -> tuple[int, int] | None:
    """Token range of the speaker noun phrase right after the cue, if there is one."""
    j = i
    while j < limit and toks[j][2] in "-–":
        j += 1
    if j < limit:
        w = _word(toks[j][2])
        if w.has("hon"):
            return None  # "وأكد سموه": the person the claim continues
        if w.core in ("ذلك", "هذا", "فيه", "فيها") or w.core in _PRONOUN_OBJ:
            j += 1  # "أوضح ذلك المتحدث"، "كشف فيه مصدر"، "ما توصل إليه الباحثون"
        elif w.core in ("اليوم", "امس", "ايضا"):
            j = _skip_adverbials(toks, j, limit)
    if not _np_start_ok(toks, j, limit):
        return None
    return j, _np_end(toks, j, limit)


def _boundary_before(toks: list[tuple[int, int, str]], s: int, lo: int) -> str:
    """What precedes a subject at ``s``: "start", "comp", "particle", "prep" or "" (no boundary)."""
    if s <= lo:
        return "start"
    pt = toks[s - 1][2]
    pw = _word(pt)
    if pw.punct:
        return "" if pt == "(" else "start"
    if pw.has("comp"):
        return "comp"
    if pw.core in _SVO_BOUNDARY or pw.text in _SVO_BOUNDARY:
        return "particle"
    if pw.has("stop") and pw.core in ("الى", "على", "من", "عن", "مع", "لدى"):
        return "prep"
    return ""


def _speaker_before(
    toks: list[tuple[int, int, str]], ci: int, lo: int, gender: str = ""
) -> tuple[tuple[int, int], str] | None:
    """Token range of a subject before the verb (SVO, "كان X قد قال", "X الذي قال")."""
    j = ci - 1
    while j >= lo and _word(toks[j][2]).core in (
        "قد",
        "لقد",
        "ايضا",
        "بدوره",
        "بدورها",
        "تزال",
        "يزال",
        "زال",
        "مازال",
    ):
        j -= 1
    if (
        j >= lo
        and _word(toks[j][2]).core in ("لا", "ما")
        and j + 1 < ci
        and _word(toks[j + 1][2]).core in ("تزال", "يزال", "زال")
    ):
        j -= 1
    if j < lo:
        return None
    end = j + 1
    w = _word(toks[j][2])
    rel = w.core in _REL or w.text in _REL
    if rel:
        end = j
        if end - 1 >= lo and toks[end - 1][2] in "،,":
            end -= 1
    elif w.punct and toks[j][2] != ")" and toks[j][2] not in QUOTE_CLOSE:
        return None
    if rel and gender:
        rel_gender = "f" if w.core.endswith(("التي", "اللتان", "اللتين")) else "m"
        if rel_gender != gender and not (gender == "f" and w.core.endswith("الذين")):
            return None  # "توجيهات ... والتي أكد فيها": the relative is the object, not the subject
    # an adverbial between the subject and the verb: "فلان عبر مداخلة هاتفية أوضح"
    candidates = [end]
    if not rel:
        for k in range(end - 1, max(lo, end - 6) - 1, -1):
            if _word(toks[k][2]).core in ("عبر", "خلال", "في") and k > lo:
                candidates.append(k)
                break
    for e in candidates:
        for s in range(max(lo, e - 16), e):
            kind = _boundary_before(toks, s, lo)
            if not kind:
                continue
            if not _np_start_ok(toks, s, e + 1 if e < len(toks) else e):
                continue
            if _np_end(toks, s, e) != e:
                continue
            first = _word(toks[s][2])
            if first.punct or not (first.definite or _sourcey(first)):
                continue  # "بعد أن أتم البيعة أفصح": an unknown word before a verb is a verb
            if kind == "prep" and not _sourcey(first):
                continue
            return (s, e), ("rel" if rel else kind)
    return None


def _is_negated(toks: list[tuple[int, int, str]], ci: int, lo: int) -> bool:
    j = ci - 1
    if j >= lo and _word(toks[j][2]).core == "قد":
        j -= 1
    if j >= lo:
        w = _word(toks[j][2])
        if w.core in ("لم", "لا", "لن", "ليس", "دون", "عدم", "غير", "بدون") or w.text in (
            "ولم",
            "ولا",
            "ولن",
            "فلم",
            "فلا",
        ):
            return True
        if w.has("comp") and j - 1 >= lo and _word(toks[j - 1][2]).core in ("دون", "بدون", "عدم", "غير"):
            return True
    # a cue nested under a negated clause: "ليس لدي علم بأن الوزارة أكدت"
    for k in range(ci - 1, max(lo, ci - 6) - 1, -1):
        if _word(toks[k][2]).has("comp"):
            for m in range(k - 1, max(lo, k - 5) - 1, -1):
                if _word(toks[m][2]).core in ("ليس", "لا", "لم", "لن", "ليست", "لست", "عدم"):
                    return True
            break
    return False


def _scripture(art: _Article, sent: _Sent, cue_start: int, speaker: tuple[int, int] | None) -> bool:
    """A citation of scripture or hadith near the cue, or a sacred speaker."""
    window = art.norm[max(sent.start, cue_start - 40) : min(sent.end, cue_start + 100)]
    if art.lex.scripture_re.search(window):
        return True
    if speaker is None:
        return False
    words = art.norm[speaker[0] : speaker[1]].split()
    return bool(words) and (
        _word(words[0]).has("scripture") or (len(words) > 1 and _word(words[1]).has("scripture"))
    )


def _content_end(art: _Article, sent: _Sent, k_char: int) -> int:
    """End of the content: the sentence end, or the closing mark of a quotation left open."""
    norm = art.norm
    stop_at = min(sent.end, k_char + _MAX_CONTENT)  # a run-on "sentence" of a whole article
    seg = norm[k_char:stop_at]
    opens = seg.count("«") + seg.count("“") + (seg.count('"') % 2)
    closes = seg.count("»") + seg.count("”")
    if opens > closes:
        para = norm.find("\n\n", sent.end)
        stop = min(sent.end + 3000, para if para >= 0 else len(norm))
        best = -1
        for close in ("»", "”", '"'):
            e = norm.find(close, sent.end, stop)
            if e >= 0 and (best < 0 or e < best):
                best = e
        if best >= 0:
            return best + 1
    return stop_at


_OPENING_PARTICLES = frozenset({"قد", "فقد", "وقد", "لقد", "كما", "ثم"})
_MAX_CONTENT = 3000  # characters: a content longer than this is a run-on text, not one statement
_NAMING = frozenset(
    {
        "عنوان",
        "بعنوان",
        "اسم",
        "باسم",
        "مسمى",
        "شعار",
        "وسم",
        "هاشتاق",
        "حمله",
        "برنامج",
        "مبادره",
        "مشروع",
        "كتاب",
        "فيلم",
        "مسرحيه",
        "عمليه",
        "مسابقه",
        "جائزه",
        "مهرجان",
        "تطبيق",
        "منصه",
        "خدمه",
        "نظام",
        "مركز",
        "فعاليه",
        "لقب",
        "كلمه",
        "مصطلح",
        "عباره",
        "ب",
    }
)


def _quote_kind(art: _Article, sent: _Sent, k: int, opener: str, limit: int, content_end: int) -> str:
    """Direct when the content, or its predicate, stands in quotation marks or follows a colon."""
    if opener in ("colon", "quote"):
        return "direct"
    toks = sent.toks
    if k < limit and _is_quote(toks[k][2]):
        return "direct"
    if k >= limit or not _ANY_QUOTE.search(art.norm, toks[k][0], content_end):
        return "indirect"
    j = k
    seen = 0
    while j < len(toks) and toks[j][0] < content_end and seen < 80:
        t = toks[j][2]
        if _is_quote(t):
            q_end = None
            words = 0
            for m in range(j + 1, len(toks)):
                tm = toks[m][2]
                if tm in QUOTE_CLOSE or tm == '"':
                    q_end = m
                    break
                if tm[0].isalnum():
                    words += 1
            prev = _word(toks[j - 1][2]) if j > 0 else None
            naming = prev is not None and (
                prev.bare in _NAMING or prev.core in _NAMING or prev.has("org", "media", "title", "role1")
            )
            if q_end is None:
                return "direct" if words >= 2 and not naming else "indirect"
            after = toks[q_end + 1][2] if q_end + 1 < len(toks) else "."
            at_end = toks[q_end][1] >= content_end - 1 or after in ".؛!؟?" or _word(after).has("comp")
            if not naming and (words >= 4 or (words >= 2 and at_end)):
                return "direct"
            j = q_end + 1
            continue
        if t[0].isalnum():
            seen += 1
        j += 1
    return "indirect"


def _verb_claim(
    art: _Article,
    si: int,
    sent: _Sent,
    ti: int,
    end: int,
    form: CueForm,
    outlets: frozenset[str],
    drafts: list[Draft],
) -> Draft | None:
    toks = sent.toks
    limit = len(toks)
    lo = 0
    kind = form.kind
    prev = _word(toks[ti - 1][2]) if ti > 0 else None
    nxt = _word(toks[ti + 1][2]) if ti + 1 < limit else None
    after_ma = prev is not None and (
        prev.core in ("ما", "مما", "بما", "حسبما", "بحسبما", "وفقما", "مثلما")
        or prev.text in ("وما", "وهو", "وكما", "وحسبما")
    )
    if form.obj and not after_ma and not (nxt is not None and nxt.has("comp") and nxt.core.startswith("ب")):
        return None  # ذكره "mentioned it"; but "ما ذكرته مصادر" and "وصفه بأنه" report
    if form.tense == "pres" and prev is not None and prev.text in _SHOWS:
        return None  # "مما يؤكد أهمية": "shows"
    if prev is not None and prev.core == "يا":
        return None  # "يا ترى"
    if _is_negated(toks, ti, lo):
        return None
    if (
        form.tense == "past"
        and not form.conj
        and prev is not None
        and (
            prev.has("content") or prev.core in ("في", "من", "على", "عن", "الى", "حول", "بشان", "اثر", "عقب")
        )
    ):
        return None  # "ضرورة كشف مخططاتهم"، "من كشف": a verbal noun, not a verb
    if form.lemma == "بين" and not form.conj and not (nxt is not None and nxt.has("comp")):
        return None  # "ما بين"، "بين البلدين": the preposition "between"
    if form.lemma == "طلب" and any(_word(t[2]).core == "عدم" for t in toks[ti + 1 : ti + 4]):
        return None  # "طلب (أيضا) عدم الكشف عن هويته" marks anonymity
    if any(_word(t[2]).core in _CONDITIONAL for t in toks[max(0, ti - 5) : ti]):
        return None  # "إذا تجرأت الحكومة وطالبت": a hypothetical, not a report
    if kind == "light":
        return _light_claim(art, si, sent, ti, form, outlets)
    speaker: tuple[int, int] | None = None
    explicit = False
    svo = ""
    if form.tense != "part":
        # a verb with a joined و/ف opens its clause: its subject can only follow it
        before = None if form.conj else _speaker_before(toks, ti, lo, form.gender)
        if before is not None and before[1] in ("comp", "rel"):
            speaker, svo = before  # "أن إيران نبهت"، "فلان الذي أكد": the subject comes first
        else:
            speaker = _speaker_after(toks, ti + 1, limit)
            if speaker is None and before is not None:
                speaker, svo = before
    explicit = speaker is not None
    k = speaker[1] if speaker is not None and not svo else ti + 1
    # relay: "نقلت وكالة رويترز عن ثلاثة مصادر"، "وأضافت الصحيفة نقلا عن مصادرها"
    relay_src: tuple[int, int] | None = None
    kk = _skip_adverbials(toks, k, limit)
    if kk < limit:
        wk = _word(toks[kk][2])
        src = -1
        if wk.core == "نقلا" and kk + 1 < limit and _word(toks[kk + 1][2]).core == "عن":
            src = kk + 2
        elif wk.core == "عن" and kind == "relay":
            src = kk + 1
        if 0 < src < limit and _np_start_ok(toks, src, limit):
            relay_src = (src, _np_end(toks, src, limit))
            k = relay_src[1]
    if kind == "relay" and relay_src is None:
        return None
    content_k, via, opener = _frame(art, sent, k, limit, outlets)
    if relay_src is not None:
        if speaker is not None:
            via = (_word_start(toks, speaker[0]), toks[speaker[1] - 1][1])
        speaker = relay_src
        explicit = True
    if speaker is None and not same_sentence(drafts, si):
        # no claim before it in its sentence: the sentence's own subject speaks ("من ناحيتها،
        # أعطت رئاسة المجلس الأولوية ...، فيما شددت على")
        subj = _sentence_subject(toks, ti, form.gender)
        if subj is not None:
            speaker, explicit = subj, True
    # inside a quotation a cue is the quoted speaker's own verb unless it names a known source
    if art.in_quote(toks[ti][0]) and (speaker is None or not _sourcey(_word(toks[speaker[0]][2]))):
        return None
    reported = opener in ("comp", "colon", "quote")
    # what the kind allows
    if kind == "feeling" and not reported:
        return None
    if (
        kind == "finding"
        and not reported
        and not after_ma
        and not (opener == "prep" and form.lemma in ("نص", "توصل", "خلص"))
    ):
        return None
    if (
        form.lemma == "لفت"
        and not reported
        and not (content_k < limit and _word(toks[content_k][2]).core == "الى")
    ):
        return None  # "لفتت التحويلات انتباه الإدارة": drew attention, not speech
    if form.lemma == "كتب" and opener not in ("colon", "quote"):
        return None  # "كتب" reports only what it quotes; otherwise "books" or "was written"
    if form.strict and not reported and not after_ma:
        # a form that doubles as a noun or preposition (بين، طلب، رفض، ذكر) needs a conjunction in
        # front and a source the lexicon knows, or no subject at all for a call or denial
        sourcey_speaker = speaker is not None and _sourcey(_word(toks[speaker[0]][2]))
        opened = bool(form.conj) or (prev is not None and prev.core in _OPENING_PARTICLES)
        nested = (
            svo == "comp" and sourcey_speaker and opener == "prep" and form.lemma in ("نص", "توصل", "خلص")
        )
        if not nested and not (opened and (sourcey_speaker or (not explicit and kind in ("deny", "call")))):
            return None
    if form.tense == "pres" and not reported and not (svo and explicit):
        head = _word(toks[speaker[0]][2]) if speaker is not None else None
        if head is None or not (
            head.has("anon", "rolen", "title", "role1", "media", "medianame", "doc", "state", "given")
            or (head.has("org", "orgname") and head.definite)
        ):
            return None  # "جداول تصف حركة المرور": a present verb in a description
    if kind == "announce" and (
        (content_k < limit and _word(toks[content_k][2]).has("act"))
        or (
            speaker is not None
            and not svo
            and speaker[1] - speaker[0] == 1
            and _word(toks[speaker[0]][2]).has("act")
            and not reported
        )
    ):
        return None  # "أعلن الحداد"، "أعلنت حالة الطوارئ": an act, not a statement
    if not explicit:
        if form.tense == "pres" and (ti == 0 or form.lemma in ("ذكر", "اشار", "اعتقد", "توقع", "راى")):
            return None  # "يذكر أن"، "يشار إلى": impersonal
        if _word(toks[ti][2]).has("impersonal") and ti <= 1:
            return None
        contrast = ti >= 2 and _word(toks[ti - 2][2]).core in ("غير", "الا", "لكن", "بيد", "ولكن")
        if prev is not None and prev.has("comp") and form.tense != "part" and not contrast:
            return None  # "قالت الحكومة إنها تعتقد أن": the same speaker's own verb inside its content
    if _scripture(art, sent, toks[ti][0], speaker):
        return None
    if after_ma and (
        speaker is None or not (_sourcey(_word(toks[speaker[0]][2])) or _word(toks[speaker[0]][2]).definite)
    ):
        return None  # "ما طلب ليتأكد": "what he asked", not "as a source said"
    d = Draft(cue=(toks[ti][0], toks[ti][1]), sent=si, kind=kind, stance=form.stance)
    d.gender, d.number = form.gender, form.number
    d.participle = form.tense == "part"
    d.opens_clause = bool(form.conj) and explicit and not svo
    if speaker is not None:
        s0, s1 = speaker
        while s1 > s0 + 1 and toks[s1 - 1][2] in "،,-–(":
            s1 -= 1
        d.speaker = (_word_start(toks, s0), toks[s1 - 1][1])
        _fill_type(art, d, toks, s0, s1, min(limit, content_k))
        if d.stype == "figurative":
            return None  # "ويقول مقطع من الأغنية"، "وجسدت المسرحية ... معلنة"
        if via is None:
            via = _question_via(art, toks, ti, outlets)
    d.via = via
    content_char = toks[content_k][0] if content_k < limit else sent.end
    cue_after = after_ma or (nxt is not None and nxt.core in ("ذلك", "هذا"))
    if cue_after:
        d.content = _content_before(art, si, sent, toks[ti][0] if not after_ma else toks[ti - 1][0])
        c = art.norm[d.content[0] : d.content[1]].lstrip() if d.content else ""
        d.quote = "direct" if c[:1] in QUOTE_OPEN or c[:1] == '"' else "indirect"
    else:
        cend = _content_end(art, sent, content_char)
        d.content = (content_char, cend)
        d.quote = _quote_kind(art, sent, content_k, opener, limit, cend)
    d.frame_end = content_char if not svo else max(content_char, toks[ti][1])
    return d


def _sentence_subject(toks: list[tuple[int, int, str]], ti: int, gender: str) -> tuple[int, int] | None:
    """The subject of the verb that opens the sentence, when it is a known kind of source."""
    k = 0
    if k < ti and _word(toks[k][2]).core in ("من", "في", "على", "وعلى", "ومن", "وفي", "بدوره", "بدورها"):
        comma = next((m for m in range(k, min(ti, k + 6)) if toks[m][2] in "،,"), None)
        if comma is None:
            return None
        k = comma + 1
    if k + 1 >= ti:
        return None
    verb = _word(toks[k][2])
    if verb.punct or verb.definite or verb.has("verb", "comp", "stop", "func", "neg") or verb.tags:
        return None
    if not _np_start_ok(toks, k + 1, ti):
        return None
    head = _word(toks[k + 1][2])
    if not head.has(
        "org", "orgname", "title", "role1", "state", "media", "medianame", "anon", "rolen", "given", "fig"
    ):
        return None
    g, _n = _speaker_gender(head)
    if gender and g != gender:
        return None
    e = _np_end(toks, k + 1, ti)
    return k + 1, e


def _light_claim(
    art: _Article, si: int, sent: _Sent, ti: int, form: CueForm, outlets: frozenset[str]
) -> Draft | None:
    """ "وجهت النيابة الاتهام إلى"، "جددت الوزارة التأكيد": the object names the act."""
    toks = sent.toks
    limit = len(toks)
    speaker = _speaker_after(toks, ti + 1, limit)
    k = speaker[1] if speaker else ti + 1
    k = _skip_adverbials(toks, k, limit)
    # "ممثلة في ..." and similar short insertions
    for j in range(k, min(limit, k + 6)):
        if _word(toks[j][2]).has("speech"):
            break
    else:
        return None
    if not _word(toks[j][2]).has("speech"):
        return None
    d = Draft(cue=(toks[ti][0], toks[ti][1]), sent=si, kind="say", stance="assert")
    d.gender, d.number = form.gender, form.number
    if speaker is not None:
        d.speaker = (_word_start(toks, speaker[0]), toks[speaker[1] - 1][1])
        _fill_type(art, d, toks, speaker[0], speaker[1], j)
    c0 = toks[j + 1][0] if j + 1 < limit else sent.end
    d.content = (c0, sent.end)
    d.quote = _quote_kind(art, sent, j + 1, "np", limit, sent.end)
    d.frame_end = c0
    return d


def _fill_type(
    art: _Article, d: Draft, toks: list[tuple[int, int, str]], s0: int, s1: int, tail: int
) -> None:
    stype, count, coref, tied, head, g, n = _classify(art, toks, s0, s1, tail)
    d.stype, d.count, d.coref, d.tied, d.head, d.sgender, d.snumber = stype, count, coref, tied, head, g, n


def _word_start(toks: list[tuple[int, int, str]], i: int) -> int:
    """Start of the speaker at token ``i`` without a joined conjunction or preposition."""
    w = _word(toks[i][2])
    return toks[i][0] + (0 if w.punct else len(w.conj) + len(w.prep))


def _question_via(
    art: _Article, toks: list[tuple[int, int, str]], ti: int, outlets: frozenset[str]
) -> tuple[int, int] | None:
    """ "ردا على سؤال لرويترز ... قال فلان": the agency that asked relays the answer."""
    for k in range(max(0, ti - 12), ti - 1):
        asker = _word(toks[k + 1][2])
        if _word(toks[k][2]).bare in ("سؤال", "اسئله", "استفسار") and (
            (asker.prep == "ل" and asker.has("media", "medianame")) or toks[k + 1][2] == "ل"
        ):
            v, _ = _media_np(art, toks, k + 1, ti, outlets)
            return v
    return None


def _content_before(art: _Article, si: int, sent: _Sent, cue_start: int) -> tuple[int, int] | None:
    """Content that precedes its cue: the clause before it, or else the previous sentence."""
    seg = art.norm[sent.start : cue_start].rstrip(" ،,.:")
    if len(seg.split()) >= 4:
        return sent.start, sent.start + len(seg)
    if si > 0:
        a, b = art.spans[si - 1]
        return a, b
    return None


_PREP_SKIP = frozenset(
    {"افاده", "تصريح", "تصريحات", "حديث", "كلام", "اقوال", "رواية", "روايه", "تاكيد", "تاكيدات"}
)


def _prep_claim(
    art: _Article, si: int, sent: _Sent, ti: int, end: int, outlets: frozenset[str]
) -> Draft | None:
    """ "وفقا لـ"، "بحسب"، "نقلا عن"، "على لسان": the source follows the preposition."""
    toks = sent.toks
    limit = len(toks)
    matched = art.norm[toks[ti][0] : end]
    k = bisect_right(sent.starts, end - 1) - 1
    if k < limit and toks[k][1] <= end:
        k += 1
    if k < limit and toks[k][2] == "ل":
        k += 1
    if k >= limit or "حسبما" in matched:
        return None  # "حسبما ذكرت مصادر": the verb after it carries the claim
    w = _word(toks[k][2])
    if w.core in ("ما", "مما"):
        return None
    start_char = max(end, toks[k][0]) if toks[k][0] < end else _word_start(toks, k)
    if toks[k][0] < end:  # "وفقا لوكالة": the ل is inside the token
        w = _word(art.norm[end : toks[k][1]])
    if w.bare in _PREP_SKIP and k + 1 < limit and _np_start_ok(toks, k + 1, limit):
        k += 1  # "استنادا لإفادة وزارة المالية": the body behind the statement
        start_char = _word_start(toks, k)
        w = _word(toks[k][2])
    elif toks[k][0] < end:
        if not (_sourcey(w) or w.definite or w.bare in _QUANT):
            return None
    elif not _np_start_ok(toks, k, limit):
        return None
    if w.has("nonsource", "content", "possessive") or w.core.endswith(_POSSESSIVE):
        return None
    e = _np_end(toks, k, limit)
    words = _np_text_words(toks, k, e)
    if not words or not any(x.has(*_SOURCEY) for x in words[:3]):
        named = "لسان" in matched or "نقلا" in matched
        if not (named and 1 <= len(words) <= 4 and not words[0].definite):
            return None
    if any(x.has("nonsource") for x in words[:2]):
        return None
    d = Draft(cue=(toks[ti][0], end), sent=si, kind="prep")
    d.speaker = (start_char, toks[e - 1][1])
    _fill_type(art, d, toks, k, e, e)
    content_k, via, opener = _frame(art, sent, e, limit, outlets)
    d.via = via
    if ti > 1:  # the content before the attribution
        d.content = (sent.start, toks[ti][0])
        d.quote = "indirect"
    else:
        c0 = toks[content_k][0] if content_k < limit else sent.end
        d.content = (c0, _content_end(art, sent, c0))
        d.quote = _quote_kind(art, sent, content_k, opener, limit, d.content[1])
    d.frame_end = toks[e - 1][1]
    return d


def _jaa_claim(art: _Article, si: int, sent: _Sent, ti: int, end: int) -> Draft | None:
    """ "وجاء في البيان أن"، "نص جاء فيه": the document is the source."""
    toks = sent.toks
    limit = len(toks)
    if ti + 1 >= limit:
        return None
    d = Draft(cue=(toks[ti][0], toks[ti][1]), sent=si, kind="finding")
    k = ti + 2
    if _word(toks[ti + 1][2]).core == "في":
        if k >= limit or not _word(toks[k][2]).has("doc"):
            return None
        e = _np_end(toks, k, limit)
        d.speaker = (toks[k][0], toks[e - 1][1])
        k = e
    else:
        for s in range(ti - 1, max(-1, ti - 8), -1):
            w = _word(toks[s][2])
            if w.has("doc"):
                e = _np_end(toks, s, ti)
                d.speaker = (_word_start(toks, s), toks[e - 1][1])
                break
        if d.speaker is None:
            return None
    d.stype = "document"
    content_k, _via, opener = _frame(art, sent, k, limit, frozenset())
    c0 = toks[content_k][0] if content_k < limit else sent.end
    cend = _content_end(art, sent, c0)
    d.content = (c0, cend)
    d.quote = _quote_kind(art, sent, content_k, opener, limit, cend)
    d.frame_end = c0
    return d


def _merge_relays(art: _Article, drafts: list[Draft]) -> list[Draft]:
    """ "ووفقا لوكالة رويترز، قال أحد المصادر": the agency relays the verb's claim."""
    out: list[Draft] = []
    for i, d in enumerate(drafts):
        if d.kind == "prep" and d.stype == "media" and i + 1 < len(drafts):
            nxt = drafts[i + 1]
            gap = art.norm[d.speaker[1] if d.speaker else d.cue[1] : nxt.cue[0]]
            if nxt.sent == d.sent and len(gap.split()) <= 2 and nxt.speaker is not None and nxt.via is None:
                nxt.via = d.speaker
                continue
        out.append(d)
    return out
