"""``sitemap`` sources: XML sitemaps, Google News sitemaps and sitemap indexes (gzipped or not).

A URL's date is its ``news:publication_date`` when the sitemap is a News sitemap, else its
``lastmod``; a run for date D fetches the URLs dated D as pages. In an index, child sitemaps
whose ``lastmod`` is before D cannot hold anything new for D and are not fetched; at most
``max_sitemaps`` sitemaps are read per run. ``url_pattern`` (a regex) keeps only article URLs.
XML is parsed without entities or network access.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin

from lxml import etree

from pipelines.fetch.documents import Fetcher, now_iso
from pipelines.fetch.http import HttpClient
from pipelines.fetch.listing import Listed, listing_day, parse_listing_date
from pipelines.fetch.store import FetchLogEntry, RawItem, RawStore
from pipelines.sources import Source

DEFAULT_MAX_SITEMAPS = 50
MAX_DEPTH = 3
MAX_SITEMAP_BYTES = 64 * 1024 * 1024  # what a gzipped sitemap may expand to


class SitemapError(ValueError):
    """Not a sitemap: neither a urlset, a sitemapindex nor a plain list of URLs."""


@dataclass
class SitemapEntry:
    loc: str
    lastmod: str | None = None
    published: str | None = None  # news:publication_date
    title: str | None = None  # news:title


@dataclass
class Sitemap:
    kind: str  # "urlset" or "index"
    entries: list[SitemapEntry] = field(default_factory=list)


def fetch_sitemap(source: Source, logical_date: date, store: RawStore,
                  http: HttpClient) -> tuple[list[RawItem], list[FetchLogEntry]]:
    fetcher = Fetcher(http, store, store.url_state(source.id))
    tz = source.timezone
    limit = int(source.options.get("max_sitemaps", DEFAULT_MAX_SITEMAPS))
    pattern = re.compile(source.options["url_pattern"]) if source.options.get("url_pattern") else None
    queue: list[tuple[str, int]] = [(source.options["url"], 0)]
    seen: set[str] = set()
    items: list[RawItem] = []
    log: list[FetchLogEntry] = []
    listed: list[Listed] = []
    undated = 0
    while queue:
        url, depth = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        if len(seen) > limit:
            log.append(FetchLogEntry(url=url, outcome="skipped", reason="max_sitemaps", fetched_at=now_iso()))
            continue
        item, entry = fetcher.document(url, "sitemap")
        if item is None:
            log.append(entry)
            continue
        try:
            sitemap = parse_sitemap(store.get(item.content_hash))
        except SitemapError:
            log.append(FetchLogEntry(url=url, outcome="error", reason="bad_sitemap", status=item.status,
                                     fetched_at=entry.fetched_at))
            continue
        items.append(item)
        log.append(entry)
        for child in sitemap.entries:
            loc = urljoin(item.final_url, child.loc)
            if sitemap.kind == "index":
                changed = parse_listing_date(child.lastmod, tz)
                if (changed is None or listing_day(changed, tz) >= logical_date) and depth < MAX_DEPTH:
                    queue.append((loc, depth + 1))
                continue
            if pattern is not None and not pattern.search(loc):
                continue
            when = parse_listing_date(child.published, tz) or parse_listing_date(child.lastmod, tz)
            if when is None:
                undated += 1
            elif listing_day(when, tz) == logical_date:
                listed.append(Listed(loc, when, child.title, url))
    if undated:
        log.append(FetchLogEntry(url=source.options["url"], outcome="skipped", reason=f"undated_urls:{undated}",
                                 fetched_at=now_iso()))
    max_pages = int(source.options.get("max_pages", 0) or 0)
    if max_pages and len(listed) > max_pages:
        log.extend(FetchLogEntry(url=e.url, outcome="skipped", reason="max_pages", fetched_at=now_iso())
                   for e in listed[max_pages:])
        listed = listed[:max_pages]
    if items and not listed:
        log.append(FetchLogEntry(url=source.options["url"], outcome="empty", reason="no urls for this date",
                                 fetched_at=now_iso()))
    pages, page_log = fetcher.pages(listed, recheck=bool(source.options.get("recheck_pages")),
                                    max_workers=http.settings.max_workers)
    fetcher.state.compact()
    return items + pages, log + page_log


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)


def parse_sitemap(body: bytes) -> Sitemap:
    """Entries of a sitemap document (gzip, XML urlset/sitemapindex, or one URL per line)."""
    if body[:2] == b"\x1f\x8b":
        decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            body = decoder.decompress(body, MAX_SITEMAP_BYTES)
        except zlib.error as exc:
            raise SitemapError(f"bad gzip: {exc}") from exc
        if not decoder.eof:
            raise SitemapError("gzip stream incomplete or too large")
    text_start = body.lstrip()[:1]
    if text_start and text_start != b"<":
        lines = body.decode("utf-8", errors="replace").splitlines()
        urls = [line.strip() for line in lines if line.strip().startswith(("http://", "https://"))]
        if not urls:
            raise SitemapError("neither XML nor a list of URLs")
        return Sitemap("urlset", [SitemapEntry(u) for u in urls])
    try:
        root = etree.fromstring(body, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise SitemapError(str(exc)) from exc
    if root is None:
        raise SitemapError("empty document")
    name = etree.QName(root).localname
    if name not in ("urlset", "sitemapindex"):
        raise SitemapError(f"root element <{name}> is not a sitemap")
    child_name = "url" if name == "urlset" else "sitemap"
    entries = []
    for node in root:
        if not isinstance(node.tag, str) or etree.QName(node).localname != child_name:
            continue
        fields: dict[str, str] = {}
        for element in node.iter():
            if not isinstance(element.tag, str) or not element.text or not element.text.strip():
                continue
            local = etree.QName(element).localname
            parent = element.getparent()
            if local == "title" and (parent is None or etree.QName(parent).localname != "news"):
                continue  # image:title and the like are not the article's title
            fields.setdefault(local, element.text.strip())
        if fields.get("loc"):
            entries.append(SitemapEntry(fields["loc"], fields.get("lastmod"), fields.get("publication_date"),
                                        fields.get("title")))
    return Sitemap("urlset" if name == "urlset" else "index", entries)
