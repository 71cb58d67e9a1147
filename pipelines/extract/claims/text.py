"""A folded working copy of the article text, and the map back to the stored offsets.

Matching Arabic needs the spelling variants folded (أ/إ/آ -> ا, ة -> ه) and the diacritics and
tatweel removed, but spans must index the stored text exactly. Folding letter for letter keeps
offsets; removing marks does not, so the removed positions are kept and every span found in the
folded copy is mapped back with a binary search.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# Diacritics, Quranic marks, tatweel and invisible direction/joiner marks: dropped from the copy.
_DROP = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
# Letter-for-letter folds, applied with str.replace: far faster than str.translate on long texts.
_LETTERS = (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ة", "ه"), ("ی", "ي"), ("ک", "ك"))
_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")
_DIGIT_MAP = str.maketrans(
    {**{chr(0x0660 + d): str(d) for d in range(10)}, **{chr(0x06F0 + d): str(d) for d in range(10)}}
)


def _fold_letters(s: str) -> str:
    for a, b in _LETTERS:
        if a in s:
            s = s.replace(a, b)
    if _DIGITS.search(s):
        s = s.translate(_DIGIT_MAP)
    return s


def fold(s: str) -> str:
    """The folded form of a lexicon entry or a word (same folding as the text copy)."""
    return _fold_letters(_DROP.sub("", s))


@dataclass(slots=True)
class Folded:
    """The folded copy of a text and the positions of the characters removed from it."""

    norm: str
    # For the j-th removed character, the folded index it sits before (orig index minus j).
    _cuts: list[int]
    length: int  # of the stored text

    def start(self, i: int) -> int:
        """Stored offset of the folded character at ``i``."""
        return i + bisect_right(self._cuts, i) if self._cuts else i

    def end(self, j: int) -> int:
        """Stored end offset for a folded span ending (exclusive) at ``j``: the marks written on
        its last letter (a shadda, a tanween) stay inside the span."""
        if j <= 0:
            return 0
        if j >= len(self.norm):
            return self.length
        return self.start(j)

    def span(self, s: int, e: int) -> tuple[int, int]:
        return self.start(s), self.end(e)


def fold_text(text: str) -> Folded:
    """Fold ``text`` for matching; offsets map back with ``Folded.start``/``end``."""
    cuts: list[int] = []
    length = len(text)
    if _DROP.search(text):
        cuts = [m.start() - j for j, m in enumerate(_DROP.finditer(text))]
        text = _DROP.sub("", text)
    return Folded(_fold_letters(text), cuts, length)
