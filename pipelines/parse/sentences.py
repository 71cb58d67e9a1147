"""Sentence segmentation with offsets into the stored text, aware of Arabic punctuation.

Sentences end at ``.``, ``!``, ``?``, ``؟``, ``؛`` and at line breaks; a full stop between
digits (``3.5``) or inside an open quotation does not end one. Every sentence is returned as a
``(start, end)`` span so later stages can point back into the text.
"""

from __future__ import annotations

import re

Span = tuple[int, int]

# A terminator run, optionally followed by closing quotes/brackets, then whitespace or the end;
# or a full stop written straight against the next Arabic word after a word of four or more
# letters ("وخارجها.وأوضح"), which abbreviations such as "د.ب.أ" never are.
_BOUNDARY = re.compile(
    r"(?:(?<!\d)[.!?؟؛]+|[!?؟؛]+|\.(?!\d))[\"'»”’)\]]*(?=\s|$)|\n+"
    r"|(?<=[\u0621-\u064a]{4})\.(?=[\u0621-\u064a])"
)
_OPENERS = "«“"
_CLOSERS = "»”"


def split_sentences(text: str) -> list[Span]:
    """Split ``text`` into sentence spans, trimmed of surrounding whitespace."""
    spans: list[Span] = []
    start = 0
    depth = 0
    last = 0
    for m in _BOUNDARY.finditer(text):
        # Track «» / “” nesting between the previous boundary and this one.
        chunk = text[last : m.start()]
        depth = max(0, depth + sum(chunk.count(c) for c in _OPENERS) - sum(chunk.count(c) for c in _CLOSERS))
        last = m.start()
        if depth and "\n" not in m.group():
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
