"""Text folding shared by every stage that compares names: one normalisation, one place.

Folds what Arabic spelling lets vary (alef and hamza forms, ta marbuta, alef maqsura,
diacritics, tatweel) and case and punctuation, as ``../shared/spec/claims.md`` does, so
"الوزارة" and "الوزاره" count as one speaker. Never applied to stored text, only to keys.
"""

from __future__ import annotations

import re

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_PUNCT = re.compile(r"[^\w\s]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})


def fold(text: str) -> str:
    """Lowercased, diacritic-free, alef/ta-marbuta/ya-folded text with punctuation as spaces."""
    text = _DIACRITICS.sub("", text).translate(_FOLD).lower()
    return " ".join(_PUNCT.sub(" ", text).split())


def name_key(text: str) -> str:
    """A key for grouping one name's spellings: folded, with a leading "و"/"ال" off each word."""
    words = []
    for word in fold(text).split():
        if len(word) > 3 and word.startswith("و"):
            word = word[1:]
        if len(word) > 3 and word.startswith("ال"):
            word = word[2:]
        words.append(word)
    return " ".join(words)
