"""Folding Arabic and English names so that spelling variants meet, without moving any offset.

Two uses: ``fold_text`` makes a matching copy of an article (alef/hamza forms, ta marbuta and
Arabic-Indic digits folded one character for one character; diacritics and
tatweel dropped, with a map back to the stored offsets), and ``canonical_key`` turns a name into
the key that decides whether two names are the same entity (the scorer's folding plus a few
transliteration letters). ``entity_id`` hashes that key into a stable short id.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

# One character for one character, so offsets survive.
_FOLD_AR = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "٠": "0",
        "١": "1",
        "٢": "2",
        "٣": "3",
        "٤": "4",
        "٥": "5",
        "٦": "6",
        "٧": "7",
        "٨": "8",
        "٩": "9",
        "\u00a0": " ",
        "\t": " ",
        "\u200f": " ",
        "\u200e": " ",
    }
)
# Dropped from the matching copy (diacritics, Quranic marks, tatweel).
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
# Extra folds for keys only: transliteration letters that writers choose freely.
_FOLD_KEY = str.maketrans({"ى": "ي", "غ": "ج", "گ": "ج", "چ": "ج", "ڤ": "ف", "پ": "ب", "ؤ": "و", "ئ": "ي"})
_PUNCT = re.compile(r"[^\w\s]")
_GENERIC_HEADS = frozenset({"وكاله", "صحيفه", "جريده", "قناه", "منطقه", "محافظه", "مدينه", "نادي", "شركه"})
_ARABIC = re.compile("[\u0600-\u06ff]")


@dataclass(frozen=True, slots=True)
class Folded:
    """A matching copy of a text and the way back to the stored offsets."""

    text: str
    # Folded positions at which a dropped character used to stand (empty: offsets are equal).
    _drops: tuple[int, ...] = ()

    def start(self, k: int) -> int:
        """Stored offset of the folded character at ``k``."""
        return k + bisect_right(self._drops, k) if self._drops else k

    def end(self, k: int) -> int:
        """Stored end offset for a folded span ending (exclusive) at ``k``."""
        return self.start(k - 1) + 1 if k > 0 else 0


@lru_cache(maxsize=8)
def fold_text(text: str) -> Folded:
    """Fold ``text`` for matching; positions map back through ``Folded.start/end``."""
    folded = text.translate(_FOLD_AR)
    if not _MARKS.search(folded):
        return Folded(folded)
    drops = [m.start() - i for i, m in enumerate(_MARKS.finditer(folded))]
    return Folded(_MARKS.sub("", folded), tuple(drops))


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """Fold one name or word the way ``fold_text`` folds the article."""
    return _MARKS.sub("", word.translate(_FOLD_AR)).strip()


@lru_cache(maxsize=65536)
def canonical_key(name: str, lang: str | None = None) -> str:
    """The key two spellings of one entity share.

        Folds what the scorer folds (alef/hamza forms, ta marbuta, alef maqsura, diacritics, tatweel,
        punctuation, a leading "و"/"ال" on each word, a leading generic head such as وكالة/صحيفة)
        and alef maqsura (kept apart in the matching copy, where "على" must not become the name
    "علي") and, for transliterations, غ/ج, ؤ/و, ئ/ي; English is lower-cased and loses a leading "the".
    """
    s = _PUNCT.sub(" ", fold_word(name).lower().translate(_FOLD_KEY))
    raw = s.split()
    if len(raw) > 1 and (raw[0].removeprefix("ال") in _GENERIC_HEADS or raw[0] == "the"):
        raw = raw[1:]  # "وكالة رويترز" is "رويترز" (before the "و" rule would read "كاله")
    words = []
    for w in raw:
        if len(w) > 3 and w.startswith("و"):
            w = w[1:]
        if len(w) > 3 and w.startswith("ال"):
            w = w[2:]
        words.append(w)
    if len(words) > 1 and words[0] in _GENERIC_HEADS:
        words = words[1:]
    return " ".join(words)


def entity_id(canonical: str, type: str) -> str:
    """A stable 16-hex id for an entity: the same canonical name and type always give the same id."""
    lang = "ar" if _ARABIC.search(canonical) else "en"
    digest = hashlib.blake2b(f"{type}:{canonical_key(canonical, lang)}".encode(), digest_size=8)
    return digest.hexdigest()
