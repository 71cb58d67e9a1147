"""Sentence segmentation with offsets into the stored text, aware of Arabic punctuation.

Sentences end at ``.``, ``!``, ``?``, ``؟``, ``؛`` and at line breaks; a full stop between
digits (``3.5``) or inside an open quotation does not end one. Every sentence is returned as a
``(start, end)`` span so later stages can point back into the text.
"""

from __future__ import annotations

import re

Span = tuple[int, int]

# A terminator run, optionally followed by closing quotes/brackets, then whitespace or the end;
# a line break; or a full stop written straight against the next Arabic word ("وخارجها.وأوضح"),
# kept only after a word of four or more letters, which abbreviations such as "د.ب.أ" never are.
_BOUNDARY = re.compile(r"[.!?؟؛]+[\"'»”’)\]]*(?=\s|$)|\n+|\.(?=[\u0621-\u064a])")
_ARABIC_WORD_END = re.compile(r"[\u0621-\u064a]{4}$")
_ABBREVIATION = re.compile(r"(?:^|\s)[\u0621-\u064a]$")
# English: a stop after a title, an initial or a dotted acronym ("Mr. Smith", "J. Smith", "U.S.
# economy") does not end a sentence.
_EN_ABBREVIATION = re.compile(
    r"(?:^|[\s(\"“])(?:Mr|Mrs|Ms|Dr|Prof|St|Sen|Rep|Gen|Col|Lt|Sgt|Capt|Gov|Jr|Sr|Inc|Ltd|Co|Corp|vs|etc|No"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|[A-Z]|(?:[A-Za-z]\.)+[A-Za-z])$"
)


def split_sentences(text: str) -> list[Span]:
    """Split ``text`` into sentence spans, trimmed of surrounding whitespace."""
    spans: list[Span] = []
    start = 0
    depth = 0
    last = 0
    for m in _BOUNDARY.finditer(text):
        b = m.start()
        g = m.group()
        # a stop against the next word counts only after a long Arabic word, never inside "3.5"
        against_word = g == "." and b + 1 < len(text) and not text[b + 1].isspace()
        if against_word and not _ARABIC_WORD_END.search(text, max(0, b - 4), b):
            continue
        if g == "." and _ABBREVIATION.search(text, max(0, b - 2), b):
            continue  # "د. محمد"، "أ. سعد": a one-letter abbreviation, not the end of a sentence
        if g == "." and _EN_ABBREVIATION.search(text, max(0, b - 12), b):
            continue
        # Track «» / “” nesting between the previous boundary and this one. Straight quotes are left
        # alone: news text leaves them unbalanced (a quote running over paragraphs reopens each one).
        chunk = text[last:b]
        if "«" in chunk or "»" in chunk or "“" in chunk or "”" in chunk or depth:
            depth = max(0, depth + chunk.count("«") + chunk.count("“") - chunk.count("»") - chunk.count("”"))
        last = b
        if depth and "\n" not in g:
            continue
        depth = 0
        _append_trimmed(text, start, m.end(), spans)
        start = m.end()
    _append_trimmed(text, start, len(text), spans)
    return spans


def _append_trimmed(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
