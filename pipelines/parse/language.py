"""Language identification: a script count decides the clear cases, lingua only the rest.

Running lingua over every article was the parse stage's bottleneck (about 2 ms an article, plus
seconds to preload its models). Most news text is unambiguous from its script alone: letters
counted with C-speed regexes over a short sample say "Arabic script" or "Latin script", and the
letters Persian and Urdu add to the Arabic alphabet (پ چ ژ گ ک ی ے ٹ …) tell those apart from
Arabic. lingua (restricted to the languages isnad reads, models loaded lazily) is asked only
when the script leaves the answer open: Latin-script text (English, French or Turkish?) and
Arabic-script text that carries Persian or Urdu letters, each on a short single-script sample.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

_LANGUAGES = {Language.ARABIC: "ar", Language.ENGLISH: "en", Language.FRENCH: "fr", Language.PERSIAN: "fa",
              Language.URDU: "ur", Language.TURKISH: "tr"}
_ARABIC_SCRIPT = (Language.ARABIC, Language.PERSIAN, Language.URDU)
_LATIN_SCRIPT = (Language.ENGLISH, Language.FRENCH, Language.TURKISH)

SAMPLE_CHARS = 1000  # letters counted over the start of the text: enough to judge, cheap to count
LINGUA_CHARS = 800  # what lingua reads when it is asked: accurate at this length, and fast
# An article is in an Arabic-script language when at least this share of its letters are Arabic
# script: Arabic news quotes Latin names, titles and leftover markup, while English news rarely
# carries Arabic script at all.
ARABIC_SCRIPT_SHARE = 0.25
LATIN_SCRIPT_SHARE = 0.5
# Letters of the Persian/Urdu alphabets that Arabic does not use: Arabic-script text with
# (almost) none of them is Arabic without asking lingua. Persian or Urdu prose has them in
# nearly every sentence (ی, ک, گ, ے), so a text without them, however short, reads as Arabic.
FA_UR_SHARE = 0.002

# Letters are counted in runs (a run is a word, roughly): far fewer match objects than letters.
_LETTER = re.compile(r"[^\W\d_]+")
_ARABIC = re.compile("[\u0620-\u064a\u066e-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff"
                     "\ufb50-\ufdff\ufe70-\ufefc]+")
_NOT_ARABIC = re.compile("[^\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc\\s]+")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]+")
_NOT_LATIN = re.compile("[^A-Za-z\u00c0-\u024f\\s'’.,;:!?-]+")
_FA_UR_ONLY = re.compile("[پچژگکیۀےۓٹڈڑںھہۂۃ]")
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")
_SPACE = re.compile(r"\s+")


@cache
def _detector(languages: tuple[Language, ...]) -> LanguageDetector:
    """A lingua detector over ``languages``; models load lazily, on first use of each language."""
    return LanguageDetectorBuilder.from_languages(*languages).build()


def _lingua(sample: str, languages: tuple[Language, ...]) -> str | None:
    detected = _detector(languages).detect_language_of(_SPACE.sub(" ", sample)[:LINGUA_CHARS])
    return _LANGUAGES.get(detected) if detected else None


def _count(runs: re.Pattern[str], text: str) -> int:
    return sum(map(len, runs.findall(text)))


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when the text has no letters to judge by."""
    sample = text[:SAMPLE_CHARS]
    if _PRESENTATION_FORMS.search(sample):  # legacy glyph encodings: judge the letters they stand for
        sample = unicodedata.normalize("NFKC", sample)
    letters = _count(_LETTER, sample)
    if not letters:
        return None
    arabic = _count(_ARABIC, sample)
    if arabic >= ARABIC_SCRIPT_SHARE * letters:
        fa_ur = len(_FA_UR_ONLY.findall(sample))
        if fa_ur <= FA_UR_SHARE * arabic:
            return "ar"
        return _lingua(_NOT_ARABIC.sub(" ", sample), _ARABIC_SCRIPT)
    if _count(_LATIN, sample) >= LATIN_SCRIPT_SHARE * letters:
        return _lingua(_NOT_LATIN.sub(" ", sample), _LATIN_SCRIPT)
    return _lingua(sample, tuple(_LANGUAGES))
