"""``rss`` and ``atom`` sources: a feed lists articles; those published on the logical date are fetched.

The feed itself is stored (kind ``feed``) and fetched by conditional GET. Its entries' dates
(``published``, else ``updated``) select the date; their links are fetched as pages, with the
entry's title and date kept beside each page for parse. A feed that does not parse (feedparser
finds no entries in a malformed document) is an error ``bad_feed``.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urljoin

import feedparser

from pipelines.fetch.documents import Fetcher, now_iso
from pipelines.fetch.http import HttpClient
from pipelines.fetch.listing import Listed, listing_day, parse_listing_date
from pipelines.fetch.store import FetchLogEntry, RawItem, RawStore
from pipelines.sources import Source


def fetch_feed(source: Source, logical_date: date, store: RawStore,
               http: HttpClient) -> tuple[list[RawItem], list[FetchLogEntry]]:
    fetcher = Fetcher(http, store, store.url_state(source.id))
    url = source.options["url"]
    feed, entry = fetcher.document(url, "feed")
    if feed is None:
        return [], [entry]
    parsed = feedparser.parse(store.get(feed.content_hash),
                              response_headers={"content-type": feed.content_type or "application/xml",
                                                "content-location": feed.final_url})
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        problem = FetchLogEntry(url=url, outcome="error", reason="bad_feed", status=feed.status,
                                fetched_at=entry.fetched_at)
        return [feed], [problem]
    log = [entry]
    listed, undated = select_entries(parsed.entries, feed.final_url, url, source.timezone, logical_date)
    if undated:
        log.append(FetchLogEntry(url=url, outcome="skipped", reason=f"undated_entries:{undated}",
                                 fetched_at=now_iso()))
    limit = int(source.options.get("max_pages", 0) or 0)
    if limit and len(listed) > limit:
        log.extend(FetchLogEntry(url=e.url, outcome="skipped", reason="max_pages", fetched_at=now_iso())
                   for e in listed[limit:])
        listed = listed[:limit]
    if not listed:
        log.append(FetchLogEntry(url=url, outcome="empty", reason="no entries for this date", fetched_at=now_iso()))
    pages, page_log = fetcher.pages(listed, recheck=bool(source.options.get("recheck_pages")),
                                    max_workers=http.settings.max_workers)
    fetcher.state.compact()
    return [feed, *pages], log + page_log


def select_entries(entries: list[Any], base_url: str, feed_url: str, timezone: str,
                   logical_date: date) -> tuple[list[Listed], int]:
    """The entries dated ``logical_date`` (in ``timezone``) as listed URLs, and how many had no date."""
    listed: list[Listed] = []
    undated = 0
    for item in entries:
        link = _link(item)
        if not link:
            continue
        published = None
        for name in ("published", "updated", "created"):
            published = parse_listing_date(item.get(name), timezone) or parse_listing_date(
                item.get(f"{name}_parsed"), timezone)
            if published is not None:
                break
        if published is None:
            undated += 1
            continue
        if listing_day(published, timezone) == logical_date:
            listed.append(Listed(urljoin(base_url, link), published, item.get("title"), feed_url))
    return listed, undated


def _link(item: Any) -> str:
    if item.get("link"):
        return str(item["link"]).strip()
    for link in item.get("links", []):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link["href"]).strip()
    return ""
