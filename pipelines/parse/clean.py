"""Text cleaning before storage: residue out, whitespace tidy, headline line off the top.

Cleaning happens once, before the text is stored, because every span after this point is an
offset into the stored text. Patterns live in ``knowledge/residue.yaml``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from pipelines.knowledge import load_yaml

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n{2,}")
_INVISIBLE = re.compile(r"[\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


@dataclass
class Cleaned:
    text: str
    removed: list[str] = field(default_factory=list)  # the residue taken out, for tests and logs


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    data = load_yaml("residue.yaml")
    inline = [re.compile(p) for p in data.get("inline", [])]
    lines = [re.compile(p, re.MULTILINE | re.IGNORECASE) for p in data.get("line", [])]
    return (*inline, *lines)


def clean_text(text: str, title: str | None = None) -> Cleaned:
    """Remove residue and invisible marks, normalise to NFC, tidy whitespace; drop lines
    that only repeat the title (a headline is not part of the body)."""
    removed: list[str] = []
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _INVISIBLE.sub("", text)
    for pattern in _patterns():
        removed.extend(m.group() for m in pattern.finditer(text) if m.group().strip())
        text = pattern.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    if title:
        headline = _SPACES.sub(" ", title).strip()
        removed.extend(line for line in lines if line == headline)
        lines = [line for line in lines if line != headline]
    text = _BLANK_LINES.sub("\n", "\n".join(lines)).strip()
    return Cleaned(text, removed)
