"""Claims: attributed statements, found at their reporting cue (spec: "Claim").

This first version is deliberately simple: a cue lexicon compiled into one pattern per
language, the speaker taken as the noun phrase next to the cue, and the speaker's kind from
its head word. Continuations ("وأضاف", "added") with no speaker of their own take the
previous claim's speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipelines.extract.model import Claim, Span
from pipelines.knowledge import load_yaml
from pipelines.parse.sentences import split_sentences

_QUOTES = "\"«»“”‘’"
_AR_STOP = {"إن", "أن", "ان", "بأن", "إنه", "أنه", "إنها", "أنها", "في", "خلال", "عن", "على", "لـ", "ل", "إلى"}
_EN_STOP = {"that", "on", "in", "at", "to", "the", "it", "he", "she", "they", "we", "this", "there"}
_WORD = re.compile(r"[\w\u0600-\u06ff]+(?:[-'’][\w\u0600-\u06ff]+)*")


@dataclass(frozen=True)
class _Lexicon:
    cue: re.Pattern[str]
    deny: frozenset[str]
    preposition: frozenset[str]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def _lexicon(lang: str) -> _Lexicon:
    data = load_yaml("cues.yaml")[lang]
    verbs = data["verbs"]["assert"] + data["verbs"]["deny"] + data.get("participles", [])
    preps = data["prepositions"]
    if lang == "ar":
        cues = f"{_alternation(verbs)}|{_alternation(preps)}"
        pattern = rf"(?<![\w\u0600-\u06ff])(?:[وف])?(?:{cues})(?![\w\u0600-\u06ff])"
    else:
        pattern = rf"\b(?:{_alternation(verbs)}|{_alternation(preps)})\b"
    return _Lexicon(
        re.compile(pattern, re.IGNORECASE),
        frozenset(data["verbs"]["deny"]),
        frozenset(preps),
    )


def find_claims(text: str, lang: str) -> list[Claim]:
    """Claims of one article, in text order."""
    lex = _lexicon("ar" if lang == "ar" else "en")
    claims: list[Claim] = []
    for s_start, s_end in split_sentences(text):
        for m in lex.cue.finditer(text, s_start, s_end):
            cue_word = m.group().lower()
            bare = cue_word[1:] if lang == "ar" and cue_word[:1] in "وف" and cue_word[1:] else cue_word
            speaker = _speaker_after(text, m.end(), s_end, lang)
            if speaker is None and lang != "ar":
                speaker = _speaker_before(text, s_start, m.start())
            continues = None
            if speaker is None:
                if not claims:
                    continue
                continues = len(claims) - 1
                speaker = claims[-1].speaker
            content = (s_start, m.start()) if lang != "ar" and m.start() - s_start > 20 else (m.end(), s_end)
            claims.append(
                Claim(
                    cue=m.span(),
                    speaker=speaker,
                    speaker_type=_speaker_type(text, speaker, lang) if continues is None
                    else claims[continues].speaker_type,
                    source_count=_source_count(text, speaker, lang),
                    stance="deny" if bare in lex.deny else "assert",
                    quote="direct" if _is_direct(text, m.end(), s_end) else "indirect",
                    content=content,
                    continues=continues,
                )
            )
    return claims


def _speaker_after(text: str, start: int, end: int, lang: str) -> Span | None:
    """The noun phrase right after the cue, up to a complementizer, punctuation or 5 words."""
    stop = _AR_STOP if lang == "ar" else _EN_STOP
    first = last = None
    for w in _WORD.finditer(text, start, end):
        between = text[(last or start) : w.start()]
        if any(c in between for c in ":،,.؛" + _QUOTES) or w.group().lower() in stop:
            break
        if lang != "ar" and not w.group()[0].isupper() and first is None:
            break
        first = first if first is not None else w.start()
        last = w.end()
        if len(text[first:last].split()) >= 5:
            break
    return (first, last) if first is not None and last is not None else None


def _speaker_before(text: str, start: int, cue_start: int) -> Span | None:
    """English "X said": the capitalised or determiner-led words right before the cue."""
    words = list(_WORD.finditer(text, start, cue_start))
    if not words or text[words[-1].end() : cue_start].strip(" "):
        return None
    chosen = []
    for w in reversed(words[-5:]):
        if w.group()[0].isupper() or w.group().lower() in {"the", "a", "an", "of", "for"}:
            chosen.append(w)
        else:
            break
    while chosen and chosen[-1].group().lower() in {"of", "for"}:
        chosen.pop()
    return (chosen[-1].start(), chosen[0].end()) if chosen else None


def _head(text: str, speaker: Span, lang: str) -> str:
    word = text[speaker[0] : speaker[1]].split()[0].lower()
    if lang == "ar":
        for prefix in ("وال", "ال", "و"):
            if word.startswith(prefix) and len(word) > len(prefix) + 2:
                return word[len(prefix) :]
    return word


def _speaker_type(text: str, speaker: Span | None, lang: str) -> str:
    if speaker is None:
        return "anonymous"
    data = load_yaml("speakers.yaml")["ar" if lang == "ar" else "en"]
    head = _head(text, speaker, lang)
    first = text[speaker[0] : speaker[1]].split()[0].lower()
    for kind in ("anonymous", "media", "document", "organization"):
        if head in data[kind] or first in data[kind]:
            return kind
    return "person"


def _source_count(text: str, speaker: Span | None, lang: str) -> int | None:
    if speaker is None or _speaker_type(text, speaker, lang) != "anonymous":
        return None
    counts = load_yaml("speakers.yaml")["ar" if lang == "ar" else "en"]["counts"]
    for word in text[speaker[0] : speaker[1]].lower().split():
        if word in counts:
            return int(counts[word])
    return None


def _is_direct(text: str, start: int, end: int) -> bool:
    rest = text[start:end]
    return any(q in rest for q in _QUOTES) or ":" in rest[:60]
