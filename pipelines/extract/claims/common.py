"""What both languages share once cues are parsed: drafts, and the article-level resolution.

A language's grammar turns each cue into a ``Draft`` that knows only its own clause. The
article-level rules live here: a cue with no speaker of its own continues an earlier claim
(agreeing in gender and number where the verb shows them), a definite generic speaker
("المسؤول", "the official") takes the type of the source it refers back to, an anonymous source
tied by an ordinal ("مصدر ثان", "a second source") keeps the relaying agency, and a claim inside
another claim's content is its child.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pipelines.extract.model import Claim, Span

QUOTE_OPEN = '"«“‘„‹'
QUOTE_CLOSE = '"»”’‟›'
QUOTES = set(QUOTE_OPEN + QUOTE_CLOSE + "'")


@dataclass(slots=True)
class Draft:
    """A claim as one clause shows it; offsets are in the language module's working text."""

    cue: Span
    sent: int
    kind: str
    stance: str = "assert"
    speaker: Span | None = None
    stype: str = "person"
    count: int | None = None
    via: Span | None = None
    quote: str = "indirect"
    content: Span | None = None
    frame_end: int = 0  # where the cue's frame (cue, speaker, adverbials) ends
    gender: str = ""  # agreement the cue verb shows: m, f or ""
    number: str = ""  # s, d, p or ""
    coref: bool = False  # a definite generic speaker to resolve against earlier sources
    tied: bool = False  # an anonymous source with an ordinal: keeps the earlier relay
    head: str = ""  # a key word of the speaker, for coreference
    sgender: str = ""  # gender/number of the speaker, for continuations
    snumber: str = ""
    pronoun: str = ""  # English: he/she/it/they as subject
    participle: bool = False  # a circumstantial participle (مضيفا): no subject of its own
    continues: int | None = None
    parent: int | None = None
    lead: bool = False
    opens_clause: bool = False  # "، وأضاف فلان": a new main clause, not a claim nested in the content before
    drop: bool = False


def same_sentence(drafts: list[Draft], si: int) -> list[Draft]:
    """The drafts already made in sentence ``si`` (they are the last ones: drafts come in order)."""
    out = []
    for d in reversed(drafts):
        if d.sent != si:
            break
        out.append(d)
    return out


def _agrees(d: Draft, a: Draft) -> bool:
    if d.pronoun == "same":
        return a.sent == d.sent
    if d.pronoun:
        if d.pronoun in ("he", "she"):
            return a.stype in ("person", "anonymous") and a.snumber != "p"
        if d.pronoun == "it":
            return a.stype in ("organization", "document", "media")
        return True
    if d.number in ("p", "d") and a.snumber not in ("p", "d"):
        return False
    if d.number == "s" and a.snumber in ("p",) and a.stype == "anonymous" and d.gender == "m":
        return False
    return not (d.gender and a.sgender and d.gender != a.sgender)


def resolve(drafts: list[Draft], via_by_head: bool = True) -> list[Draft]:
    """Fill continuations, coreferent types and tied relays; drop what has no source."""
    kept: list[Draft] = []
    for d in sorted(drafts, key=lambda x: x.cue[0]):
        if d.drop or d.stype == "figurative":
            continue
        if d.speaker is None:
            ante = _antecedent(d, kept)
            if ante is None:
                continue
            a = kept[ante]
            d.speaker, d.stype, d.count, d.head = a.speaker, a.stype, a.count, a.head
            d.sgender, d.snumber = a.sgender, a.snumber
            d.via = d.via or a.via
            d.continues = ante
        else:
            if d.coref:
                _coref_type(d, kept)
            if d.tied and d.via is None:
                for a in reversed(kept):
                    if a.stype == "anonymous" and a.via is not None:
                        d.via = a.via
                        break
            if (
                via_by_head
                and d.via is None
                and kept
                and _same_source(d, kept[-1])
                and kept[-1].sent >= d.sent - 3
            ):
                d.via = kept[-1].via
        kept.append(d)
    for i, d in enumerate(kept):
        for j in range(i - 1, -1, -1):
            p = kept[j]
            if p.sent != d.sent and not (p.content and p.content[1] > d.cue[0]):
                break
            if not (p.content and p.content[0] <= d.cue[0] < p.content[1]):
                continue
            if d.opens_clause:
                p.content = (p.content[0], d.cue[0])  # the earlier content ends where this clause opens
            elif p.speaker != d.speaker:
                d.parent = j
                break
    return kept


def _same_source(d: Draft, a: Draft) -> bool:
    """Do two speakers name the same source (a shared head word or family name)?"""
    if not d.head or not a.head:
        return False
    return bool(set(d.head.split("|")) & set(a.head.split("|")))


def _antecedent(d: Draft, kept: list[Draft]) -> int | None:
    """The earlier claim a speakerless cue continues: the nearest one that agrees with it."""
    if not kept:
        return None
    for back, j in enumerate(range(len(kept) - 1, -1, -1)):
        if back >= 4:
            break
        if _agrees(d, kept[j]):
            return j
    if d.pronoun == "it" or d.participle:
        return None  # a participle that agrees with no recent source belongs to someone else
    return len(kept) - 1


def _coref_type(d: Draft, kept: list[Draft]) -> None:
    """A definite generic speaker takes the type of the latest source it can refer back to,
    and the relay of that source when it is the claim just before."""
    for n, a in enumerate(reversed(kept[-6:])):
        if a.stype in ("person", "anonymous") and a.snumber != "p":
            d.stype, d.count = a.stype, a.count
            if n == 0 and d.via is None:
                d.via = a.via
            return


def to_claims(drafts: list[Draft], span: Callable[[int, int], Span]) -> list[Claim]:
    """Claims in text order with spans mapped by ``span`` to the stored text."""
    out: list[Claim] = []
    for d in drafts:
        sp = span(*d.speaker) if d.speaker else None
        out.append(
            Claim(
                cue=span(*d.cue),
                speaker=sp,
                speaker_type=d.stype,
                source_count=d.count if d.stype == "anonymous" else None,
                via=span(*d.via) if d.via else None,
                stance=d.stance,
                quote=d.quote,
                content=span(*d.content) if d.content and d.content[1] > d.content[0] else None,
                continues=d.continues,
                parent=d.parent,
            )
        )
    return out
