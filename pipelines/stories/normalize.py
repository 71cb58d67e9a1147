"""Text normalisation for comparing articles: folded words, word shingles and light stems.

Two outlets that reproduce one agency text still differ in spelling details: hamza seats
(أ/إ/ا), ta marbuta (ة/ه), alef maqsura (ى/ي), diacritics, tatweel, Arabic-Indic digits,
punctuation and quote styles. Folding these before shingling makes a copy look like a copy.
Nothing here touches the stored text: these are comparison keys, never offsets.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np

# One translation table does every single-character fold in one C-level pass.
_FOLD_MAP: dict[int, str | None] = {
    **{ord(c): "ا" for c in "أإآٱ"},
    ord("ؤ"): "و",
    ord("ئ"): "ي",
    ord("ى"): "ي",
    ord("ة"): "ه",
    ord("ـ"): None,  # tatweel
    **{cp: None for cp in range(0x064B, 0x0653)},  # tanwin, harakat, shadda, sukun
    0x0670: None,  # superscript alef
    **{0x0660 + i: str(i) for i in range(10)},  # Arabic-Indic digits
    **{0x06F0 + i: str(i) for i in range(10)},  # Extended (Persian) digits
}
_FOLD_TABLE = str.maketrans(_FOLD_MAP)

# A word is a run of Arabic letters, of Latin letters or of digits; everything else separates.
# Splitting digits from letters keeps "1436هـ" and "1436" the same number.
_WORD = re.compile(r"[\u0621-\u064a]+|[a-z\u00e0-\u024f]+|[0-9]+")

# Proclitics (conjunction, preposition, article) that Arabic writes inside the word.
# A bare "و"/"ف" is stripped only before four more letters, so "فيصل" stays a name.
_AR_PREFIX = re.compile(r"^(?:[وف]?(?:بال|كال|لل|ال)|[وف](?=[\u0621-\u064a]{4}))")
# Plural endings, stripped only from long words so short names survive; then a final ta
# marbuta (folded to "ه"), so "السعودية" and "سعودي" meet.
_AR_PLURAL = re.compile(r"(?:ات|ون|ين)$")


def fold(text: str) -> str:
    """Lower-case and fold spelling variants; length may change, so never use it for offsets."""
    return text.lower().translate(_FOLD_TABLE)


def words(text: str) -> list[str]:
    """The folded words of ``text`` (letters and digit runs), punctuation dropped."""
    return _WORD.findall(fold(text))


@lru_cache(maxsize=1 << 18)
def stem(word: str) -> str:
    """A light stem: clitics off the front, a plural/dual/pronoun ending off the back.

    Enough to let "والسفير" meet "السفير" and "سفير"; not a morphological analysis.
    """
    if word.isdigit() or not ("\u0621" <= word[0] <= "\u064a"):
        return word
    stripped = _AR_PREFIX.sub("", word)
    if len(stripped) >= 3:
        word = stripped
    if len(word) >= 6:
        word = _AR_PLURAL.sub("", word)
    if len(word) >= 4 and word.endswith("ه"):
        word = word[:-1]
    return word


def stable_hash(token: str) -> int:
    """A 32-bit hash that is the same in every process (``hash()`` is salted per run)."""
    return zlib.crc32(token.encode("utf-8"))


@lru_cache(maxsize=1 << 18)
def _word_hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8"))


# Odd 64-bit multipliers that mix the word hashes of a shingle position by position.
_MIX = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5], dtype=np.uint64
)


def shingle_hashes(tokens: Sequence[str], k: int) -> np.ndarray:
    """Sorted distinct 32-bit hashes of the ``k``-word shingles (a shorter text is one shingle).

    Each word is hashed once; a shingle's hash mixes its words' hashes by position, so the same
    words in the same order give the same hash in every process.
    """
    if not tokens:
        return np.zeros(0, dtype=np.uint32)
    words_h = np.fromiter((_word_hash(w) for w in tokens), dtype=np.uint64, count=len(tokens))
    k = min(k, len(words_h), len(_MIX))
    n = len(words_h) - k + 1
    acc = np.zeros(n, dtype=np.uint64)
    for j in range(k):
        acc = acc * np.uint64(0x100000001B3) + words_h[j : j + n] * _MIX[j]
    folded = np.sort(((acc >> np.uint64(32)) ^ (acc & np.uint64(0xFFFFFFFF))).astype(np.uint32))
    return folded[np.concatenate([[True], folded[1:] != folded[:-1]])]


def shingles(tokens: Sequence[str], k: int) -> set[str]:
    """The set of ``k``-word shingles as text (for reading and tests; hashing uses ``shingle_hashes``)."""
    if len(tokens) < k:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + k]) for i in range(len(tokens) - k + 1)}


def hashed(items: Iterable[str]) -> list[int]:
    """Stable 32-bit hashes of ``items`` in their iteration order."""
    return [stable_hash(s) for s in items]
