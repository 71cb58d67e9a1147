"""English claims: subject-verb attribution, inverted "said X", and "according to".

English news attributes in three shapes, each parsed from the cue outwards on word tokens:

- subject before the verb: "the party's campaign chief Jane Porter denied ...", with an
  apposition between commas ("Anna Reid, chief economist at X, said") or a relative clause
  that is not part of the name ("Tom Hale, who built ..., says");
- the verb before its subject after the content: '"...," said transport minister Helen
  Marsh', "..., the ministry said", "according to the mayor";
- no subject of its own: a pronoun ("he said"), a coordinated verb ("... and said"), or a
  participle (", telling the court") continues the clause's subject or an earlier claim.

BBC texts open with the headline run into the first sentence; cues inside that headline are not
claims. Offsets index the text as given (no folding is needed for English).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from pipelines.extract.claims.common import QUOTE_CLOSE, QUOTE_OPEN, Draft, resolve, same_sentence, to_claims
from pipelines.extract.claims.lexicon import EnglishLexicon, english
from pipelines.extract.model import Claim
from pipelines.parse.sentences import split_sentences

_TOKEN = re.compile(r"[^\W_]+(?:['’.&\-][^\W_]+)*(?:['’]s)?|\S")
_PRONOUNS = {"he": "he", "she": "she", "it": "it", "they": "they", "we": "they", "i": "he"}
_DETS = frozenset(
    {
        "the",
        "a",
        "an",
        "some",
        "many",
        "most",
        "several",
        "other",
        "both",
        "all",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "another",
        "these",
        "those",
        "this",
        "that",
        "few",
        "no",
        "its",
        "his",
        "her",
        "their",
    }
)
_LINKS = frozenset({"of", "for", "at", "from", "in", "on", "and", "to", "with", "by", "&"})
_SENT_ADVERBS = frozenset(
    {
        "but",
        "and",
        "however",
        "so",
        "yet",
        "also",
        "meanwhile",
        "now",
        "then",
        "still",
        "instead",
        "indeed",
        "separately",
        "elsewhere",
        "earlier",
        "later",
        "finally",
        "or",
        "nevertheless",
        "nonetheless",
        "moreover",
        "furthermore",
        "though",
        "while",
    }
)
_OPENERS = frozenset(
    {
        "in",
        "at",
        "on",
        "as",
        "after",
        "before",
        "during",
        "despite",
        "opening",
        "speaking",
        "writing",
        "laying",
        "turning",
        "to",
        "under",
        "with",
        "without",
        "while",
        "when",
        "although",
        "though",
        "if",
        "since",
        "because",
        "having",
        "asked",
        "unlike",
        "like",
        "for",
        "following",
        "amid",
        "by",
        "from",
        "over",
        "into",
        "addressing",
        "responding",
        "giving",
        "talking",
        "commenting",
        "announcing",
        "referring",
        "outlining",
        "launching",
        "presenting",
        "interviewed",
        "quoted",
    }
)
_RELATIVES = frozenset({"who", "whose", "which", "whom", "where"})
_THAT = frozenset({"that"})
_FUNCTION_AFTER = frozenset(
    {
        "to",
        "that",
        "and",
        "but",
        "or",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "of",
        "as",
        "than",
        "because",
        "if",
        "when",
        "while",
        "after",
        "before",
        "about",
        "into",
        "over",
        "since",
        "unless",
        "until",
        "so",
        "is",
        "are",
        "was",
        "were",
        "be",
        "he",
        "she",
        "they",
        "it",
        "we",
        "i",
        "you",
        "the",
        "a",
        "an",
    }
)


@dataclass(slots=True)
class _Sent:
    start: int
    end: int
    toks: list[tuple[int, int, str]]
    starts: list[int]
    body: int  # index of the first token after a headline run into the sentence


class _Article:
    def __init__(self, text: str) -> None:
        self.text = text
        self.lex: EnglishLexicon = english()
        self.spans = split_sentences(text)
        self.sstarts = [s for s, _ in self.spans]
        self._sents: dict[int, _Sent] = {}
        self.quoted = _quoted_regions(text)
        self.qstarts = [a for a, _ in self.quoted]
        self._surnames: set[str] | None = None

    def in_quote(self, pos: int) -> bool:
        i = bisect_right(self.qstarts, pos) - 1
        return i >= 0 and self.quoted[i][0] < pos < self.quoted[i][1]

    def named_person(self, word: str) -> bool:
        """Does the article name ``word`` as a person's surname ("Sir Alex Ferguson", "Mr X")?"""
        if self._surnames is None:
            self._surnames = set()
            for m in _FULL_NAME.finditer(self.text):
                first = m.group(1)
                if first in _HONORIFICS or _is_name(first):
                    self._surnames.add(m.group(2))
        return word in self._surnames

    def sent(self, i: int) -> _Sent:
        s = self._sents.get(i)
        if s is None:
            a, b = self.spans[i]
            toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(self.text, a, b)]
            body = _headline_end(toks) if i == 0 and "\n" not in self.text[:b] else 0
            s = _Sent(a, b, toks, [t[0] for t in toks], body)
            self._sents[i] = s
        return s

    def sent_of(self, pos: int) -> int:
        return max(0, bisect_right(self.sstarts, pos) - 1)


_QMARK = re.compile(r'["“”]')
_FULL_NAME = re.compile(r"\b([A-Z][a-z]+)\s+(?:[A-Z][a-z]+\s+)?([A-Z][a-zA-Z'-]+)\b")
_HONORIFICS = frozenset({"Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Lord", "Lady", "Dame", "Prof", "Professor"})


def _quoted_regions(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks. A mark after a space opens, one before a space closes; a
    new paragraph's opening mark closes a quotation left open (BBC runs paragraphs together)."""
    regions: list[tuple[int, int]] = []
    open_at = -1
    n = len(text)
    for m in _QMARK.finditer(text):
        i = m.start()
        ch = m.group()
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < n else " "
        opening = ch == "“" or (
            ch == '"' and (before.isspace() or before in "([—-–:") and not after.isspace()
        )
        if opening:
            if open_at >= 0:
                regions.append((open_at, i))
            open_at = i
        elif open_at >= 0:
            regions.append((open_at, i + 1))
            open_at = -1
    if open_at >= 0:
        end = text.find("\n", open_at)
        regions.append((open_at, n if end < 0 else end))
    return regions


def _is_word(t: str) -> bool:
    return t[0].isalnum()


def _cap(t: str) -> bool:
    return t[0].isupper() or (t[0].isdigit() and any(c.isupper() for c in t))


_LEAD_WORDS = frozenset(
    {
        "the",
        "a",
        "an",
        "at",
        "in",
        "on",
        "for",
        "with",
        "after",
        "as",
        "some",
        "many",
        "more",
        "one",
        "two",
        "three",
        "four",
        "five",
        "several",
        "most",
        "thousands",
        "hundreds",
        "plans",
        "people",
        "shares",
        "sales",
        "prices",
        "it",
        "there",
        "this",
        "he",
        "she",
        "they",
        "uk",
        "us",
    }
)
_AUX = frozenset(
    {
        "has",
        "have",
        "had",
        "is",
        "are",
        "was",
        "were",
        "will",
        "would",
        "could",
        "can",
        "may",
        "might",
        "should",
        "said",
        "says",
        "told",
        "did",
        "does",
    }
)


def _headline_end(toks: list[tuple[int, int, str]]) -> int:
    """Where the lead starts in a first sentence that begins with the headline (BBC style).

    Candidates are capitalised words after a lowercase one in the first words ("... campaign
    The Conservatives have ..."); a function word ("The", "A", "At") or a name followed by an
    auxiliary ("Gordon Brown has") is the likeliest start of the lead."""
    best, best_score = 0, 0
    n = min(len(toks), 16)
    for k in range(1, n):
        t = toks[k][2]
        prev = toks[k - 1][2]
        if not _is_word(t) or not _cap(t):
            continue
        if prev in QUOTE_CLOSE or prev in ("'", '"'):
            # a headline that ends in a closing quote: "'Right choice' for new role The ..."
            closing = k >= 2 and toks[k - 2][1] == toks[k - 1][0] and toks[k - 1][1] < toks[k][0]
            if closing and best_score < 3:
                best, best_score = k, 3
            continue
        if not (_is_word(prev) and (prev[0].islower() or prev[0].isdigit())):
            continue
        if prev.lower() in ("of", "and", "the", "for", "in", "on", "to", "at", "by", "a", "an"):
            continue
        score = 1
        if t.lower() in _LEAD_WORDS:
            score = 3
        else:
            run = k
            while run < len(toks) and _is_word(toks[run][2]) and _cap(toks[run][2]):
                run += 1
            if run < len(toks) and toks[run][2].lower() in _AUX:
                score = 2
        if score > best_score:
            best, best_score = k, score
            if score == 3:
                break
    return best if best_score >= 2 else 0


@lru_cache(maxsize=100_000)
def _tags(tok: str) -> frozenset[str]:
    lex = english()
    if len(tok) >= 2 and tok.isupper() and tok.isalpha():
        # "WHO", "BCC": a name, never a pronoun; "MP" is a role
        return frozenset(
            {"acronym"} | set(lex.caps.get(tok, ())) | set(lex.words.get(tok.lower(), ())) - {"adv"}
        )
    low = tok.lower()
    base = low[:-2] if low.endswith(("'s", "’s")) else low
    tags = set(lex.words.get(low, ())) | set(lex.words.get(base, ()))
    caps = lex.caps.get(tok) or lex.caps.get(tok[:-2] if tok.endswith(("'s", "’s")) else tok)
    if caps:
        tags |= caps
    if tok in lex.months:
        tags.add("month")
    if low in lex.kinds:
        tags.add("verb")
    if low in _DETS:
        tags.add("det")
    if low in _PRONOUNS:
        tags.add("pron")
    return frozenset(tags)


_KNOWN = frozenset({"npw", "role1", "rolen", "anon", "org", "media", "doc", "det"})
_HEADS = frozenset({"role1", "rolen", "anon", "org", "media", "doc"})


def _np_token(t: str) -> bool:
    """Can ``t`` sit inside a source's noun phrase?"""
    if not _is_word(t):
        return False
    tags = _tags(t)
    if "acronym" in tags:
        return True
    if "pron" in tags or t.lower() in _RELATIVES:
        return False
    if "verb" in tags and not _cap(t) and not tags & _HEADS:
        return False
    if _cap(t):
        return "month" not in tags
    return bool(tags & _KNOWN)


def _is_name(t: str) -> bool:
    """A capitalised word that is not a common word written at a sentence start."""
    if not _is_word(t) or not _cap(t):
        return False
    tags = _tags(t)
    if "acronym" in tags:
        return not tags & {"medianame", "orgname"}
    return (
        not tags
        & {
            "title",
            "orgname",
            "medianame",
            "state",
            "month",
            "det",
            "npw",
            "role1",
            "rolen",
            "anon",
            "org",
            "media",
            "doc",
            "adv",
            "verb",
        }
        and t.lower() not in _SENT_ADVERBS
    )


def _has_head(toks: list[tuple[int, int, str]], s: int, e: int) -> bool:
    for k in range(s, e):
        t = toks[k][2]
        if not _is_word(t):
            continue
        if _cap(t) and t.lower() not in _SENT_ADVERBS and t.lower() not in _DETS and "month" not in _tags(t):
            return True
        if _tags(t) & _HEADS:
            return True
    return False


def _trim_left(toks: list[tuple[int, int, str]], s: int, e: int) -> int:
    """Drop sentence adverbs, prepositions, dates and stray words from the left of a phrase."""
    while s < e:
        t = toks[s][2]
        low = t.lower()
        if not _is_word(t) or low in _SENT_ADVERBS or low in _LINKS or "month" in _tags(t) or t.isdigit():
            s += 1
            continue
        if low in _OPENERS and _cap(t) and s + 1 < e:
            s += 1
            continue
        break
    return s


def _np_back(toks: list[tuple[int, int, str]], e: int, lo: int) -> int | None:
    """Start of the noun phrase ending (exclusive) at ``e``; None if there is none."""
    j = e - 1
    if j >= lo and toks[j][2] == ")":  # "The Federation of Small Traders (FST) said"
        op = next((k for k in range(j - 1, max(lo, j - 8) - 1, -1) if toks[k][2] == "("), None)
        if op is None:
            return None
        e = op
        j = op - 1
    unknown = 0
    while j >= lo:
        t = toks[j][2]
        if t in ("'", "’") and j - 1 >= lo and toks[j - 1][2].endswith("s") and toks[j - 1][1] == toks[j][0]:
            j -= 1  # "The Herald's sports editor"
            continue
        if _np_token(t) or (t.isdigit() and j - 1 >= lo and _cap(toks[j - 1][2])):  # "Radio 1"
            unknown = 0
            j -= 1
            continue
        # an open-class modifier before a role: "the housing minister", "Y magazine features editor"
        if (
            _is_word(t)
            and t[0].islower()
            and unknown < 2
            and "verb" not in _tags(t)
            and t.lower() not in _RELATIVES
            and j + 1 < e
            and (_tags(toks[j + 1][2]) & _HEADS or unknown)
        ):
            unknown += 1
            j -= 1
            continue
        break
    s = _trim_left(toks, j + 1, e)
    while s < e and toks[s][2][0].islower() and not _tags(toks[s][2]) & _KNOWN:
        s += 1
    while s < e and toks[s][2].lower() in _LINKS:
        s += 1
    if s >= e or not _has_head(toks, s, e):
        return None
    # "Ruth Okafor, economist at Northfield Research said": the name before a bare role
    if s - 2 >= lo and toks[s - 1][2] == "," and toks[s][2][0].islower() and "det" not in _tags(toks[s][2]):
        s2 = _np_back(toks, s - 1, lo)
        if s2 is not None and all(
            _is_name(toks[k][2]) or "title" in _tags(toks[k][2]) for k in range(s2, s - 1)
        ):
            return s2
    return s


def _np_fwd(toks: list[tuple[int, int, str]], i: int, limit: int) -> int:
    """End of the noun phrase starting at ``i`` (after an inverted cue or "according to")."""
    j = i
    while j < limit:
        t = toks[j][2]
        if _np_token(t) and not (j > i and t.lower() == "and" and j + 1 < limit and not _cap(toks[j + 1][2])):
            j += 1
            continue
        if t in ("'", "’") and j > i and toks[j - 1][2].endswith("s"):
            j += 1
            continue
        if (
            j > i
            and toks[j - 1][2].endswith(("'s", "’s"))
            and _is_word(t)
            and t[0].islower()
            and "verb" not in _tags(t)
        ):
            j += 1  # "Bellamy's agent"
            continue
        # "a cocoa farmer", "courts minister": open-class modifiers before a role
        if _is_word(t) and t[0].islower() and "verb" not in _tags(t) and t.lower() not in _RELATIVES:
            k = j
            while (
                k < limit
                and k - j < 2
                and _is_word(toks[k][2])
                and toks[k][2][0].islower()
                and not _tags(toks[k][2]) & _HEADS
            ):
                k += 1
            if (
                k < limit
                and _tags(toks[k][2]) & _HEADS
                and all("verb" not in _tags(toks[m][2]) for m in range(j, k))
            ):
                j = k + 1
                continue
        break
    while j > i and toks[j - 1][2].lower() in _LINKS | _DETS:
        j -= 1
    return j


def _apposition_fwd(toks: list[tuple[int, int, str]], j: int, limit: int) -> int:
    """ ", an analyst at X" after a name: the end of the apposition, or ``j``."""
    if j >= limit or toks[j][2] != ",":
        return j
    k = j + 1
    if k >= limit:
        return j
    t = toks[k][2]
    if t.lower() in _RELATIVES or not _is_word(t) or "pron" in _tags(t):
        return j
    if t.lower() in ("at", "of", "from") and k + 1 < limit and _cap(toks[k + 1][2]):
        e = _np_fwd(toks, k + 1, limit)  # "Lee Park, at Harbour Capital Markets"
    else:
        e = _np_fwd(toks, k, limit)
    if e == k or not _has_head(toks, k, e):
        return j
    if e < limit and toks[e][2] not in (",", ".", ";", ":") and "verb" not in _tags(toks[e][2]):
        return j
    return e


def _runs(toks: list[tuple[int, int, str]], s: int, e: int) -> list[tuple[int, int]]:
    """Runs of capitalised words, joined by "of", "and", "&" between capitals."""
    runs: list[tuple[int, int]] = []
    k = s
    while k < e:
        if _is_word(toks[k][2]) and _cap(toks[k][2]) and toks[k][2].lower() not in _DETS | _SENT_ADVERBS:
            r = k + 1
            while r < e:
                t = toks[r][2]
                if _is_word(t) and _cap(t):
                    r += 1
                elif (
                    t.lower() in ("of", "and", "&", "for")
                    and r + 1 < e
                    and _is_word(toks[r + 1][2])
                    and _cap(toks[r + 1][2])
                ):
                    r += 2
                else:
                    break
            runs.append((k, r))
            k = r
        else:
            k += 1
    return runs


def _run_kind(art: _Article, toks: list[tuple[int, int, str]], r0: int, r1: int) -> str:
    """An organisation, an outlet, a state, a person's name, or a title, by its words."""
    lex = art.lex
    rw = [toks[k][2] for k in range(r0, r1) if _is_word(toks[k][2])]
    rtags = frozenset().union(*(_tags(w) for w in rw))
    phrase = art.text[toks[r0][0] : toks[r1 - 1][1]]
    if "medianame" in rtags or _known_media_phrase(art, phrase):
        return "media"
    if any("role1" in _tags(w) for w in rw):
        return "name"  # "Labour MP for Northtown": a person's description
    if "orgname" in rtags or any(
        "org" in lex.words.get(w.lower(), ()) for w in rw[1:] + rw[:1] if len(rw) > 1
    ):
        return "org"
    if "org" in rtags and len(rw) == 1 and not _is_name(rw[0]):
        return "org"
    if "state" in rtags and not any(_is_name(w) for w in rw):
        return "state"
    if len(rw) == 1 and "acronym" in rtags:
        return "org"
    if any(_is_name(w) for w in rw):
        return "name"
    return "title"


def _classify(
    art: _Article, toks: list[tuple[int, int, str]], s: int, e: int, lead: bool, clause: str
) -> tuple[str, int | None, bool, bool, str, str, str]:
    """(speaker_type, source_count, coref, tied, head, gender, number) of the phrase toks[s:e]."""
    lex = art.lex
    words = [toks[k][2] for k in range(s, e) if _is_word(toks[k][2])]
    if not words:
        return "person", None, False, False, "", "m", "s"
    # the head: the last word before a preposition or comma, after the determiners; a
    # preposition between capitals belongs to a name ("Bank of England", "Bishop of Durham")
    core: list[str] = []
    core_end = e
    for k in range(s, e):
        w = toks[k][2]
        if w in (",", "(") or (
            w.lower() in ("of", "for", "at", "from", "in", "with", "on", "by")
            and core
            and not (_cap(toks[k - 1][2]) and k + 1 < e and _cap(toks[k + 1][2]))
        ):
            core_end = k
            break
        if _is_word(w):
            core.append(w)
    if not core:
        core = words[:1]
    det = core[0].lower() if core[0].lower() in _DETS else ""
    head = core[-1]
    low = head.lower()
    htags = _tags(head)
    number = (
        "p"
        if low.endswith("s") and not low.endswith(("ss", "'s", "’s")) and htags & (_HEADS - {"doc"})
        else "s"
    )
    key = low + "|" + words[-1].lower()
    count: int | None = None
    for w in core:
        if w.lower() in lex.numbers and w.lower() not in ("a", "an"):
            count = lex.numbers[w.lower()]
    tied = any(w.lower() in ("second", "third", "fourth", "another") for w in core)
    runs = _runs(toks, s, core_end)
    kinds = [_run_kind(art, toks, r0, r1) for r0, r1 in runs]
    for n_run, (r0, _r1) in enumerate(runs):
        if (
            kinds[n_run] == "name"
            and r0 > s
            and "org" in _tags(toks[r0 - 1][2])
            and not _tags(toks[r0 - 1][2]) & {"role1", "rolen"}
            and toks[r0 - 1][2][0].islower()
        ):
            kinds[n_run] = "org"  # "consultancy 4Cast"
    if kinds == ["name"] and len(words) == 1 and not art.named_person(words[0]):
        kinds = ["org"]  # "Renault said": a bare name the article never gives a person
    if (
        det == "the"
        and kinds
        and kinds[-1] == "name"
        and not htags & {"role1", "rolen", "title"}
        and not any(_tags(w) & {"title", "role1", "rolen"} for w in core)
    ):
        kinds[-1] = "org"  # "the British Retail Consortium": people's names take no article
    person_name = "name" in kinds
    if head[0].islower() and not htags & {"role1", "rolen", "anon"} and htags & {"doc", "org", "media"}:
        person_name = False  # "Email Systems analysis": the names qualify a document or a body
    if (
        det in ("most", "many", "some", "several", "few")
        and number == "s"
        and low.endswith("s")
        and _cap(head)
    ):
        return "anonymous", None, False, False, key, "m", "p"  # "Most Gibraltarians"
    if "fig" in htags and not htags & {"role1", "rolen"}:
        return "figurative", None, False, False, key, "m", "s"
    if lex.anonymity_re.search(clause) and not person_name:
        return (
            "anonymous",
            count if count is not None else (1 if number == "s" else None),
            False,
            tied,
            key,
            "m",
            number,
        )
    if htags & {"role1", "rolen", "anon"} or person_name or (kinds and kinds[-1] == "title"):
        titled = kinds and kinds[-1] == "title" and not htags & {"rolen", "anon", "org", "media", "doc"}
        if person_name or (titled and "org" not in htags):
            return "person", None, False, False, key, "m", "s"
        anon_det = det in (
            "a",
            "an",
            "one",
            "some",
            "many",
            "several",
            "two",
            "three",
            "four",
            "five",
            "another",
            "most",
            "other",
        )
        if (
            htags & {"rolen", "anon"}
            and not person_name
            and (number == "p" or anon_det or not det)
            and not ("role1" in htags and not det and number == "s")
        ):
            if (
                "role1" in htags
                and det in ("a", "an")
                and lead
                and low not in ("source", "official", "spokesman", "spokeswoman", "spokesperson")
            ):
                return "person", None, False, False, key, "m", "s"  # a role in the lead, named next
            c = count if count is not None else (1 if number == "s" else None)
            return "anonymous", c, False, tied, key, "m", number
        if "role1" in htags and det in ("a", "an") and not person_name:
            if lead:
                return "person", None, False, False, key, "m", "s"
            return "anonymous", 1, False, tied, key, "m", "s"
        if det == "the" and "role1" not in htags and htags & {"rolen", "anon"} and not person_name:
            return "anonymous", 1 if number == "s" else None, True, False, key, "m", number
        if "role1" in htags or person_name:
            return "person", None, False, False, key, "m", number
    if "media" in htags or (kinds and kinds[-1] == "media"):
        return "media", None, False, False, key, "m", "s"
    if "doc" in htags:
        return "document", None, False, False, key, "m", "s"
    if "org" in htags or (kinds and kinds[-1] in ("org", "state")):
        return "organization", None, False, False, key, "m", "s"
    return "person", None, False, False, key, "m", number


def find_claims_en(text: str, publisher: str | None = None) -> list[Claim]:
    art = _Article(text)
    lex = art.lex
    matches: list[tuple[int, int, str]] = []
    for m in lex.cue_re.finditer(text):
        matches.append((m.start(), m.end(), "verb"))
    for m in lex.prep_re.finditer(text):
        matches.append((m.start(), m.end(), "prep"))
    matches.sort()
    self_outlets = lex.self_outlets | ({publisher} if publisher else set())
    drafts: list[Draft] = []
    taken_until = -1
    for start, end, what in matches:
        if start < taken_until or art.in_quote(start):
            continue
        si = art.sent_of(start)
        sent = art.sent(si)
        ti = bisect_right(sent.starts, start) - 1
        if ti < 0 or sent.toks[ti][0] != start or ti < sent.body:
            continue
        te = bisect_right(sent.starts, end - 1) - 1
        if what == "prep":
            d = _prep_claim(art, si, sent, ti, te, self_outlets)
        else:
            d = _verb_claim(
                art, si, sent, ti, te, " ".join(text[start:end].lower().split()), self_outlets, drafts
            )
        if d is None:
            continue
        taken_until = max(taken_until, d.frame_end)
        drafts.append(d)
    drafts = _merge_relays(drafts)
    kept = resolve(drafts, via_by_head=False)
    return to_claims(kept, lambda s, e: (s, e))


def _subject_of(sent: _Sent, upto: int) -> tuple[int, int] | None:
    """The main subject of a sentence: its first noun phrase after a fronted adverbial."""
    toks = sent.toks
    s = sent.body
    if s < upto and toks[s][2].lower() in _OPENERS:
        comma = next((k for k in range(s, min(upto, s + 40)) if toks[k][2] == ","), None)
        if comma is None:
            return None
        s = comma + 1
    while s < upto and (toks[s][2].lower() in _SENT_ADVERBS or toks[s][2] == ","):
        s += 1
    if s >= upto or "pron" in _tags(toks[s][2]):
        return None
    e = _np_fwd(toks, s, upto)
    if e <= s or not _has_head(toks, s, e):
        return None
    e2 = _apposition_fwd(toks, e, upto)
    return s, e2 if e2 > e and e2 < upto and toks[e2][2] == "," else e


_COMMA_ADVERBS = frozenset(
    {"however", "though", "meanwhile", "too", "also", "nevertheless", "instead", "moreover"}
)
_BE = frozenset({"is", "are", "was", "were", "be", "been", "being"})
_MODALS = frozenset({"would", "could", "might", "may", "will", "should", "can", "must", "to"})


def _verb_claim(
    art: _Article,
    si: int,
    sent: _Sent,
    ti: int,
    te: int,
    form: str,
    self_outlets: set[str] | frozenset[str],
    drafts: list[Draft],
) -> Draft | None:
    lex = art.lex
    toks = sent.toks
    limit = len(toks)
    kind = lex.kinds.get(form, "say")
    word = toks[ti][2]
    lo = sent.body
    if word[0].isupper() and ti > lo:
        return None
    prev = toks[ti - 1][2] if ti > lo else ""
    plow = prev.lower()
    nxt = toks[te + 1][2].lower() if te + 1 < limit else ""
    if form in lex.noun_forms and (
        plow in _DETS
        or plow in ("of", "new", "such", "these", "those", "any", "no", "fresh", "further")
        or plow.endswith(("'s", "’s"))
    ):
        return None  # "fraud claims", "the reports", "a warning"
    if plow in (
        "not",
        "never",
        "n't",
        "didn't",
        "doesn't",
        "don't",
        "won't",
        "wouldn't",
        "cannot",
        "can't",
        "without",
        "by",
    ):
        return None
    if kind == "belief" and plow in _MODALS:
        return None  # "would see sales rise": not a belief held
    if form in ("adding", "added", "adds") and nxt == "to":
        return None  # "adding to honours": not speech
    speaker: tuple[int, int] | None = None
    pronoun = ""
    k_after = te + 1
    # skip adverbs and auxiliaries back to the subject; ", however," too
    j = ti - 1
    passive = False
    while j >= lo:
        t = toks[j][2]
        tl = t.lower()
        if tl in _BE and not _cap(t):
            passive = passive or form.endswith("ed") or form in ("told", "said", "thought", "seen", "found")
            j -= 1
            continue
        if "adv" in _tags(t) and not _cap(t):
            j -= 1
            continue
        if "month" in _tags(t) or (t.isdigit() and j - 1 >= lo and "month" in _tags(toks[j - 1][2])):
            j -= 1  # "Figures on Tuesday also showed", "said on 3 March"
            while j >= lo and (
                toks[j][2].lower() in ("on", "in", "last", "this", "next", "early", "late")
                or toks[j][2].isdigit()
                or "month" in _tags(toks[j][2])
            ):
                j -= 1
            continue
        if t == "," and j + 1 < ti and toks[j + 1][2].lower() in _COMMA_ADVERBS:
            j -= 1  # "Analysts, however, say"
            continue
        if t == "," and j - 1 >= lo and toks[j - 1][2].lower() in _COMMA_ADVERBS:
            j -= 1
            continue
        break
    before = toks[j][2] if j >= lo else ""
    blow = before.lower() if not (len(before) > 1 and before.isupper()) else before
    if passive:
        # "are seen by critics as": the agent after "by" is the source
        if (j >= lo and toks[j][2].lower() in _MODALS) or form not in lex.passive_by:
            return None  # "to be stressed by": a plan; "was announced by": an act
        if nxt == "by" and te + 2 < limit:
            e = _np_fwd(toks, te + 2, limit)
            if e > te + 2 and _has_head(toks, te + 2, e):
                speaker = (te + 2, e)
                k_after = e
        if speaker is None:
            return None
    elif kind == "part" or blow in ("and", "but") or (before == "," and form.endswith("ing")):
        if kind == "part" and before != ",":
            return None  # "by saying", "without saying"
        if [d for d in same_sentence(drafts, si) if d.speaker is not None or d.pronoun]:
            pronoun = "same"  # continues the claim earlier in the sentence
        else:
            speaker = _subject_of(sent, ti)
            if speaker is None:
                return None
    elif blow in _PRONOUNS and not before.isupper():
        pronoun = _PRONOUNS[blow]
        if kind == "belief":
            return None  # "plans they thought were workable": a belief inside the narration
        # "..., he told activists" after a claim in the same sentence: one claim, not two
        if j - 1 >= lo and toks[j - 1][2] == "," and any(d.speaker for d in same_sentence(drafts, si)):
            return None
        # "said he believed": the speaker's own verb inside its content
        if any(d.content and d.content[0] <= toks[ti][0] < d.content[1] for d in same_sentence(drafts, si)):
            return None
    elif blow == "who" and j - 1 >= lo:
        e = j - 1 if toks[j - 1][2] == "," else j
        s = _np_back(toks, e, lo)
        if s is not None:
            speaker = (s, e)
    elif blow in ("which", "that", "what", "whom"):
        return None
    elif j >= lo and (_np_token(before) or before in ("'", "’", ")")):
        s = _np_back(toks, j + 1, lo)
        if s is not None:
            speaker = (s, j + 1)
    if speaker is None and not pronoun and j >= lo and before in (",", "-", "–"):
        # "Name, apposition, said" / "Name - apposition - announced" / "Name, who ..., said"
        other = next((k for k in range(j - 1, max(lo, j - 18) - 1, -1) if toks[k][2] == before), None)
        if other is not None and other > lo:
            first = toks[other + 1][2].lower()
            s = _np_back(toks, other, lo)
            seg_ok = all(
                toks[k][2] not in QUOTE_OPEN + QUOTE_CLOSE + '";:' and "pron" not in _tags(toks[k][2])
                for k in range(other + 1, j)
            )
            if s is not None and other - s <= 8 and seg_ok:
                if (
                    first in _RELATIVES
                    or before != ","
                    or (first.endswith(("ing", "ed")) and first[0].islower())
                ):
                    speaker = (s, other)  # "Name, who ..., said", "One official, speaking on ..., said"
                elif _np_fwd(toks, other + 1, j) > other + 1 or first in ("at", "of", "from"):
                    speaker = (s, j)
    inverted = False
    after_content = before in (",", ":") or before in QUOTE_CLOSE or before in ('"', "'") or j < lo
    if speaker is None and not pronoun and k_after < limit and after_content:
        # '"...," said X' / "..., the ministry said" / "said X" after the content
        e = _np_fwd(toks, k_after, limit)
        if e > k_after and _has_head(toks, k_after, e):
            speaker = (k_after, _apposition_fwd(toks, e, limit))
            inverted = True
    if speaker is None and not pronoun:
        return None
    d = Draft(
        cue=(toks[ti][0], toks[te][1]),
        sent=si,
        kind=kind if kind == "deny" else "say",
        stance="deny" if kind == "deny" else "assert",
    )
    d.pronoun = pronoun
    d.lead = si == 0
    clause = art.text[toks[speaker[0]][0] if speaker else toks[ti][0] : min(sent.end, toks[te][1] + 120)]
    if speaker is not None:
        s0, s1 = speaker
        while s1 > s0 + 1 and toks[s1 - 1][2] in (",", "-", "–"):
            s1 -= 1
        if toks[s1 - 1][2] == ")":  # "The World Health Organisation (WHO)": the name without its acronym
            op = next((m for m in range(s1 - 2, s0, -1) if toks[m][2] == "("), None)
            if op is not None:
                s1 = op
        d.speaker = (toks[s0][0], toks[s1 - 1][1])
        stype, count, coref, tied, head, g, n = _classify(art, toks, s0, s1, si == 0, clause)
        if stype == "figurative":
            return None
        d.stype, d.count, d.coref, d.tied, d.head, d.sgender, d.snumber = (
            stype,
            count,
            coref,
            tied,
            head,
            g,
            n,
        )
        if kind == "belief" and not (
            stype in ("person", "anonymous") and not (_tags(toks[s1 - 1][2]) & {"org"})
        ):
            return None
        if kind == "finding" and stype not in ("document", "organization", "media"):
            return None
    elif kind == "finding" and pronoun != "it":
        return None
    # what follows the cue: the object of "told", a relay, the content
    k = speaker[1] if inverted and speaker else k_after
    via = None
    if inverted and k < limit and toks[k][2].lower() == "told" and k + 1 < limit:
        e = _np_fwd(toks, k + 1, limit)  # 'said X, a farmer, told Reuters'
        if e > k + 1:
            via = _media_via(art, toks, k + 1, e, self_outlets)
            d.frame_end = toks[e - 1][1]
    if (form.startswith("told") or form in ("tells", "tell", "telling")) and k < limit and not inverted:
        e = _np_fwd(toks, k, limit)  # the one told: an outlet relays, anyone else is the audience
        if e > k:
            via = _media_via(art, toks, k, e, self_outlets)
            k = e
    if kind == "deny" and form not in ("denied", "denies", "deny", "denying") and k < limit:
        obj = toks[k][2].lower()
        if (
            obj not in ("that", ":", '"')
            and obj not in QUOTE_OPEN
            and not (
                obj in ("the", "a", "an", "these", "those", "such", "his", "her", "their", "its")
                and k + 1 < limit
                and toks[k + 1][2].lower() in lex.speech_objects
            )
            and obj not in lex.speech_objects
        ):
            return None  # "the council rejected a request": an act
    if (
        form.startswith("announc")
        and k + 1 < limit
        and toks[k][2].lower() in ("his", "her", "their", "its")
        and toks[k + 1][2].lower() in lex.act_objects
    ):
        return None  # "announced his retirement": an act
    k, via2, opener, relay = _frame_en(art, toks, k, limit, self_outlets)
    via = via or via2
    if relay is not None and speaker is not None:
        via = d.speaker
        d.speaker = (toks[relay[0]][0], toks[relay[1] - 1][1])
        stype, count, coref, tied, head, g, n = _classify(art, toks, relay[0], relay[1], False, clause)
        d.stype, d.count, d.coref, d.tied, d.head, d.sgender, d.snumber = (
            stype,
            count,
            coref,
            tied,
            head,
            g,
            n,
        )
    if via is None:
        via = _sentence_via(art, sent, ti, self_outlets)
    d.via = via
    # the content and its quotation: after the cue, or before it when the cue ends the clause
    lead_tok = speaker[0] if speaker and speaker[0] < ti else (j if pronoun else ti)
    quote_before = _quote_before(toks, lead_tok, lo)
    at_end = k >= limit or all(not _is_word(toks[m][2]) for m in range(k, limit))
    if quote_before is not None and (at_end or inverted or opener == "np"):
        d.content = quote_before
        d.quote = "direct"
    elif (inverted or at_end) and lead_tok > lo:
        c_end = toks[ti][0] if inverted else toks[lead_tok - 1][0]
        c0 = toks[lo][0]
        d.content = (c0, c_end)
        body = art.text[c0:c_end].lstrip()
        d.quote = "direct" if body[:1] in QUOTE_OPEN + '"' else _embedded_quote(art, toks, lo, limit, c_end)
    else:
        c0 = toks[k][0] if k < limit else sent.end
        cend = _content_end(art, sent, c0)
        d.content = (c0, cend)
        d.quote = "direct" if opener in ("colon", "quote") else _embedded_quote(art, toks, k, limit, cend)
    if (
        kind == "feeling"
        and opener != "that"
        and not any(c in art.text[d.content[0] : d.content[1]] for c in '"“”')
    ):
        return None
    if (
        form in lex.needs_frame
        and opener not in ("that", "colon", "quote")
        and quote_before is None
        and not passive
    ):
        return None  # "agreed to set up a panel": an act
    d.frame_end = max(d.frame_end, toks[te][1])
    return d


def _frame_en(
    art: _Article, toks: list[tuple[int, int, str]], k: int, limit: int, self_outlets
) -> tuple[int, tuple[int, int] | None, str, tuple[int, int] | None]:
    """After the cue: (content start, via, opener, relayed source) for "X reported, citing Y"."""
    via = None
    relay = None
    steps = 0
    while k < limit and steps < 20:
        steps += 1
        t = toks[k][2]
        low = t.lower()
        if t == ":":
            return k + 1, via, "colon", relay
        if t in QUOTE_OPEN or t == '"':
            return k, via, "quote", relay
        if low in _THAT:
            return k + 1, via, "that", relay
        if t == "," and k + 1 < limit and toks[k + 1][2].lower() in ("citing", "quoting"):
            e = _np_fwd(toks, k + 2, limit)
            if e > k + 2:
                relay = (k + 2, e)
                k = e
                continue
        if low in ("in", "on", "at", "during", "to", "with") and k + 1 < limit:
            # "said in a statement", "said on Monday", "told MPs in an interview with X"
            e = k + 1
            while (
                e < limit
                and e - k < 7
                and toks[e][2] not in (",", ".", ":", '"')
                and toks[e][2] not in QUOTE_OPEN
                and toks[e][2].lower() != "that"
            ):
                e += 1
            v = _media_in(art, toks, k + 1, e, self_outlets)
            via = via or v
            if e - k <= 6 and all(not ("verb" in _tags(toks[m][2]) and m > k + 1) for m in range(k + 1, e)):
                k = e
                continue
            return k, via, "np", relay
        if ("adv" in _tags(t) and not _cap(t)) or low in ("yesterday", "today", "tonight") or t == ",":
            k += 1
            continue
        return k, via, "np", relay
    return k, via, "np", relay


def _media_via(
    art: _Article, toks: list[tuple[int, int, str]], s: int, e: int, self_outlets
) -> tuple[int, int] | None:
    """The recipient of "told X" when it is an outlet other than the publisher."""
    name = art.text[toks[s][0] : toks[e - 1][1]]
    words = [toks[k][2] for k in range(s, e)]
    tags = frozenset().union(*(_tags(w) for w in words)) if words else frozenset()
    outlet = "medianame" in tags or ("media" in tags and any(_cap(w) for w in words))
    if not outlet and not _known_media_phrase(art, name):
        return None
    if any(o in name for o in self_outlets):
        return None
    s2 = s + 1 if words and words[0].lower() == "the" else s
    return toks[s2][0], toks[e - 1][1]


def _known_media_phrase(art: _Article, name: str) -> bool:
    """Does ``name`` contain a multi-word outlet name ("Northern Echo", "BBC Radio")?"""
    return any(n in name for n in art.lex.media_phrases)


def _media_in(
    art: _Article, toks: list[tuple[int, int, str]], s: int, e: int, self_outlets
) -> tuple[int, int] | None:
    for k in range(s, e):
        if _cap(toks[k][2]) and (
            "medianame" in _tags(toks[k][2])
            or _known_media_phrase(art, art.text[toks[k][0] : toks[e - 1][1]])
        ):
            end = _np_fwd(toks, k, e)
            if end > k:
                return _media_via(art, toks, k, end, self_outlets)
    return None


def _sentence_via(
    art: _Article, sent: _Sent, ti: int, self_outlets: frozenset[str] | set[str]
) -> tuple[int, int] | None:
    """ "Writing ... in the Evening Post, the mayor said": an outlet named before the cue."""
    toks = sent.toks
    for k in range(max(sent.body, ti - 40), ti):
        if toks[k][2].lower() in ("in", "to", "with") and k + 1 < ti:
            s = k + 2 if toks[k + 1][2].lower() == "the" else k + 1
            if s < ti and _cap(toks[s][2]):
                e = _np_fwd(toks, s, ti)
                if (e > s and _known_media_phrase(art, art.text[toks[s][0] : toks[e - 1][1]])) or (
                    e > s and "medianame" in _tags(toks[s][2]) and e - s == 1
                ):
                    return _media_via(art, toks, s, e, self_outlets)
    return None


def _quote_before(toks: list[tuple[int, int, str]], s: int, lo: int) -> tuple[int, int] | None:
    """'"...," he said': the quotation that ends right before the speaker or cue."""
    k = s - 1
    while k >= lo and toks[k][2] in (",", ".", "!", "?"):
        k -= 1
    if k >= lo and (toks[k][2] in QUOTE_CLOSE or toks[k][2] == '"' or toks[k][2] == "'"):
        for m in range(k - 1, max(lo, k - 400) - 1, -1):
            if toks[m][2] in QUOTE_OPEN or toks[m][2] == '"' or toks[m][2] == "'":
                return toks[m][0], toks[k][1]
        return toks[max(lo, k - 400)][0], toks[k][1]
    return None


def _content_end(art: _Article, sent: _Sent, c0: int) -> int:
    stop_at = min(sent.end, c0 + 3000)  # a run-on "sentence" is not one statement
    seg = art.text[c0:stop_at]
    if (seg.count('"') + seg.count("“") - seg.count("”")) % 2 == 1:
        e = art.text.find('"', sent.end)
        e2 = art.text.find("”", sent.end)
        cands = [x for x in (e, e2) if x >= 0]
        if cands and min(cands) - sent.end < 3000:
            return min(cands) + 1
    return stop_at


def _embedded_quote(art: _Article, toks: list[tuple[int, int, str]], k: int, limit: int, cend: int) -> str:
    """Direct when quoted words carry the predicate; a quoted modifier or name leaves it indirect."""
    j = k
    while j < limit and toks[j][0] < cend:
        t = toks[j][2]
        if t in QUOTE_OPEN or t == '"':
            close = None
            n = 0
            for m in range(j + 1, limit):
                tm = toks[m][2]
                if tm in QUOTE_CLOSE or tm == '"':
                    close = m
                    break
                if _is_word(tm):
                    n += 1
            if close is None:
                return "direct" if n >= 2 else "indirect"
            nxt = toks[close + 1][2] if close + 1 < limit else "."
            modifier = (
                _is_word(nxt)
                and nxt[0].islower()
                and nxt.lower() not in _FUNCTION_AFTER
                and "verb" not in _tags(nxt)
            )
            name = all(_cap(toks[m][2]) for m in range(j + 1, close) if _is_word(toks[m][2]))
            if (n >= 4 and not name) or (not modifier and not name):
                return "direct"
            j = close + 1
            continue
        j += 1
    return "indirect"


def _prep_claim(
    art: _Article, si: int, sent: _Sent, ti: int, te: int, self_outlets: frozenset[str] | set[str]
) -> Draft | None:
    """ "according to X": the source follows."""
    toks = sent.toks
    limit = len(toks)
    k = te + 1
    if k >= limit:
        return None
    e = _np_fwd(toks, k, limit)
    if e <= k or not _has_head(toks, k, e):
        return None
    d = Draft(cue=(toks[ti][0], toks[te][1]), sent=si, kind="prep")
    d.speaker = (toks[k][0], toks[e - 1][1])
    clause = art.text[toks[k][0] : sent.end]
    stype, count, coref, tied, head, g, n = _classify(art, toks, k, e, False, clause)
    if stype == "figurative":
        return None
    d.stype, d.count, d.coref, d.tied, d.head, d.sgender, d.snumber = stype, count, coref, tied, head, g, n
    if ti > sent.body + 1:
        d.content = (toks[sent.body][0], toks[ti][0])
    else:
        c0 = toks[e][0] if e < limit else sent.end
        d.content = (c0, sent.end)
    d.quote = "indirect"
    d.frame_end = toks[e - 1][1]
    return d


def _merge_relays(drafts: list[Draft]) -> list[Draft]:
    """ "According to Reuters, the minister said": the agency relays the verb's claim."""
    out: list[Draft] = []
    for i, d in enumerate(drafts):
        if d.kind == "prep" and d.stype == "media" and i + 1 < len(drafts):
            nxt = drafts[i + 1]
            if nxt.sent == d.sent and nxt.speaker is not None and nxt.via is None and not nxt.pronoun:
                nxt.via = d.speaker
                continue
        out.append(d)
    return out
