"""HTML pages to article fields with trafilatura: main text, title, author, date, canonical URL.

Bytes are decoded here, not by trafilatura, so the charset rule is ours: a byte-order mark, then
the HTTP header, then the document's own meta declaration, then detection. Single-byte charsets
decode almost any bytes without error, so a declared charset only wins when its text is
plausible (charset_normalizer's mess ratio): a server that says ISO-8859-1 (its default) or
windows-1256 for an ISO-8859-6 page does not turn the page into mojibake. Arabic pages in
windows-1256 or ISO-8859-6 come out as text.

Publication dates come from htmldate (through trafilatura), asked for the original publication
date with its time and offset when the page gives them.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import trafilatura
from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio
from courlan import extract_domain

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-:.]+)", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Charsets under which every byte sequence decodes: a header naming one proves nothing.
_PLAUSIBLE = 0.1  # a mess ratio below this is text; mojibake of Arabic scores far above (0.5 to 1.2)
_MESS_SAMPLE = 20_000
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
_DATE_PARAMS = {"original_date": True, "extensive_search": True, "outputformat": DATE_FORMAT}


@dataclass
class Page:
    title: str | None
    author: str | None
    published_at: datetime | None
    canonical_url: str | None
    text: str
    language: str | None


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def _decodes(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode(body: bytes, content_type: str = "") -> str:
    """Bytes to text: BOM, valid UTF-8, then the header's, the meta's and the detected charset,
    the first of them that decodes into plausible text (not mojibake) winning."""
    for bom, bom_codec in _BOMS:
        if body.startswith(bom):
            return body.decode(bom_codec, errors="replace")
    header = _HEADER_CHARSET.search(content_type or "")
    meta = _META_CHARSET.search(body[:4096])
    declared = [c for c in (_codec(header.group(1)) if header else None,
                            _codec(meta.group(1).decode("ascii", "ignore")) if meta else None) if c]
    if declared and declared[0].startswith(("utf-16", "utf-32")) and (wide := _decodes(body, declared[0])):
        return wide
    if body.isascii():
        return body.decode("ascii")
    # Non-ASCII bytes that form valid UTF-8 are UTF-8 whatever was declared: no Arabic text in a
    # single-byte charset is valid UTF-8 by chance, while servers often mislabel UTF-8 pages.
    if (utf8 := _decodes(body, "utf-8")) is not None:
        return utf8
    tried: list[tuple[float, str]] = []
    candidates: list[str | None] = [*dict.fromkeys(declared), None]  # None: detection, asked only if needed
    for candidate in candidates:
        codec = candidate
        if codec is None:
            guess = from_bytes(body).best()
            codec = _codec(guess.encoding) if guess is not None else None
            if codec is None or codec in declared:
                continue
        text = _decodes(body, codec)
        if text is None:
            continue
        mess = _mess(text)
        if mess < _PLAUSIBLE:
            return text
        tried.append((mess, text))
    if tried:
        return min(tried, key=lambda pair: pair[0])[1]
    return body.decode(declared[0] if declared else "utf-8", errors="replace")


def _mess(text: str) -> float:
    """How much ``text`` looks like mojibake (charset_normalizer's measure), judged where it is not ASCII."""
    start = next((i for i, ch in enumerate(text) if ord(ch) > 127), 0)
    return float(mess_ratio(text[max(0, start - 200) : start + _MESS_SAMPLE], 1.0))


def parse_html(html: str, url: str, timezone: str = "UTC") -> Page:
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False, date_extraction_params=dict(_DATE_PARAMS))
    if doc is None:
        return Page(None, None, None, None, "", None)
    return Page(
        title=getattr(doc, "title", None),
        author=getattr(doc, "author", None),
        published_at=parse_page_date(getattr(doc, "date", None), timezone),
        canonical_url=same_site_canonical(getattr(doc, "url", None), url),
        text=getattr(doc, "text", None) or "",
        language=getattr(doc, "language", None),
    )


def parse_page_date(value: str | None, timezone: str = "UTC") -> datetime | None:
    """htmldate's answer as an aware datetime; a date without an offset is read in ``timezone``."""
    if not value:
        return None
    parsed = None
    for fmt in (DATE_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"):
        try:
            parsed = datetime.strptime(value, fmt)
            break
        except ValueError:
            continue
    if parsed is None:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo(timezone))
    return parsed.astimezone(ZoneInfo("UTC"))


def same_site_canonical(canonical: str | None, page_url: str) -> str | None:
    """The page's declared canonical URL when it is http(s) on the page's own site.

    A canonical link to another site (a syndicated copy pointing at the original) would merge
    two outlets' articles into one id; those keep the URL they were fetched from.
    """
    if not canonical:
        return None
    parts = urlsplit(canonical)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    if urlsplit(page_url).scheme in ("http", "https") and _site(canonical) != _site(page_url):
        return None
    return canonical


def _site(url: str) -> str:
    return _site_of_host(urlsplit(url).hostname or "")


@lru_cache(maxsize=4096)
def _site_of_host(host: str) -> str:
    """The registered domain (``news.example.co.uk`` → ``example.co.uk``), or the host for IPs;
    cached per host because the public-suffix lookup costs more than the rest of the check."""
    url = f"http://{host}/"
    return extract_domain(url) or extract_domain(url, fast=True) or host


def page_date(body: bytes, content_type: str, timezone: str = "UTC") -> datetime | None:
    """A page's publication date alone (htmldate), for listings that give none."""
    from htmldate import find_date

    try:
        found = find_date(decode(body, content_type), **_DATE_PARAMS)  # type: ignore[arg-type]
    except (ValueError, TypeError):
        return None
    return parse_page_date(found, timezone)
