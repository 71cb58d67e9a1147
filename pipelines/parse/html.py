"""HTML pages to article fields with trafilatura: main text, title, author, date, canonical URL.

Bytes are decoded here, not by trafilatura, so the charset rule is ours: the HTTP header, then
the document's own meta declaration, then detection (Arabic pages in windows-1256 or
ISO-8859-6 come out as text, not mojibake).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import trafilatura
from charset_normalizer import from_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.IGNORECASE)


@dataclass
class Page:
    title: str | None
    author: str | None
    published_at: datetime | None
    canonical_url: str | None
    text: str
    language: str | None


def decode(body: bytes, content_type: str = "") -> str:
    """Bytes to text: header charset, then meta charset, then detection."""
    candidates = []
    if header := _HEADER_CHARSET.search(content_type or ""):
        candidates.append(header.group(1))
    if meta := _META_CHARSET.search(body[:4096]):
        candidates.append(meta.group(1).decode("ascii", "ignore"))
    for charset in candidates:
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    best = from_bytes(body).best()
    return str(best) if best is not None else body.decode("utf-8", errors="replace")


def parse_html(html: str, url: str) -> Page:
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False)
    if doc is None:
        return Page(None, None, None, None, "", None)
    return Page(
        title=getattr(doc, "title", None),
        author=getattr(doc, "author", None),
        published_at=_parse_date(getattr(doc, "date", None)),
        canonical_url=getattr(doc, "url", None),
        text=getattr(doc, "text", None) or "",
        language=getattr(doc, "language", None),
    )


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
