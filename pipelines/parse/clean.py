"""Text cleaning before storage: residue out, whitespace tidy, headline line off the top.

Cleaning happens once, before the text is stored, because every span after this point is an
offset into the stored text. Patterns live in ``knowledge/residue.yaml``; each group (inline,
line) is compiled into one alternation so the text is scanned once per group, and every span a
pattern removes is returned (``Cleaned.removed``) and logged at DEBUG level.
"""

from __future__ import annotations

import html
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from pipelines.knowledge import load_yaml

log = logging.getLogger(__name__)

_SPACE_CLASS = r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]"
_SPACES = re.compile(_SPACE_CLASS + "+")
# Only the runs that change: two or more spaces, or any other kind of space (a single " " stays).
_ODD_SPACES = re.compile(rf" {_SPACE_CLASS}+|[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]{_SPACE_CLASS}*")
_LINE_EDGES = re.compile(r" +\n *|\n +")
_BLANK_LINES = re.compile(r"\n{2,}")
_INVISIBLE = re.compile(r"[\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


@dataclass
class Cleaned:
    text: str
    removed: list[str] = field(default_factory=list)  # the residue taken out, for tests and logs


@cache
def _patterns() -> tuple[tuple[tuple[re.Pattern[str], str], ...], re.Pattern[str] | None]:
    """Inline patterns, each with the literal it ``requires`` (a cheap ``in`` test that spares
    the regex scan of most texts), and the line patterns as one compiled alternation."""
    data = load_yaml("residue.yaml")
    inline = []
    for entry in data.get("inline", []):
        pattern, required = (entry["pattern"], entry.get("requires", "")) if isinstance(entry, dict) else (entry, "")
        inline.append((re.compile(pattern), str(required)))
    for pattern in data.get("line", []):
        re.compile(pattern)  # a bad pattern fails here, on its own, not inside the alternation
    lines = "|".join(f"(?:{p})" for p in data.get("line", []))
    return tuple(inline), re.compile(lines, re.MULTILINE | re.IGNORECASE) if lines else None


def clean_text(text: str, title: str | None = None) -> Cleaned:
    """Remove residue and invisible marks, normalise to NFC, tidy whitespace; drop lines
    that only repeat the title (a headline is not part of the body)."""
    removed: list[str] = []

    def drop(match: re.Match[str]) -> str:
        if match.group().strip():
            removed.append(match.group())
        return ""

    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in text:  # character references a dump left in its text ("&#8220;", "&quot;")
        text = html.unescape(text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    inline, line_patterns = _patterns()
    for pattern, required in inline:
        if not required or required in text:
            text = pattern.sub(drop, text)
    if line_patterns is not None:
        text = line_patterns.sub(drop, text)
    text = _LINE_EDGES.sub("\n", _ODD_SPACES.sub(" ", text)).strip(" ")
    if title:
        headline = _SPACES.sub(" ", title).strip()
        lines = text.split("\n")
        if headline in lines:
            removed.extend(line for line in lines if line == headline)
            text = "\n".join(line for line in lines if line != headline)
    text = _BLANK_LINES.sub("\n", text).strip()
    if removed and log.isEnabledFor(logging.DEBUG):
        log.debug("residue removed: %r", removed)
    return Cleaned(text, removed)
