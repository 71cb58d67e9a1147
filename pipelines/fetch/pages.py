"""``pages`` sources: a fixed list of article URLs, each optionally with the day it was published.

``urls`` entries are URLs or ``{url: …, date: YYYY-MM-DD}``. A dated entry belongs to its date.
An undated one is fetched (once: it is kept in the raw store) and belongs to the date its page
gives (htmldate); a page that gives none is skipped with the reason ``no_publication_date``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pipelines.fetch.documents import Fetcher, now_iso
from pipelines.fetch.http import HttpClient
from pipelines.fetch.listing import Listed, listing_day, parse_listing_date
from pipelines.fetch.store import FetchLogEntry, RawItem, RawStore
from pipelines.parse.html import page_date
from pipelines.sources import Source


def page_entries(source: Source) -> list[tuple[str, date | None]]:
    """The configured URLs with their dates (None when the entry gives none)."""
    entries: list[tuple[str, date | None]] = []
    for entry in source.options["urls"]:
        if isinstance(entry, str):
            entries.append((entry.strip(), None))
        else:
            day = _as_date(entry.get("date"), source.timezone)
            entries.append((str(entry["url"]).strip(), day))
    return entries


def _as_date(value: Any, timezone: str) -> date | None:
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    moment = parse_listing_date(value, timezone)
    return listing_day(moment, timezone) if moment is not None else None


def fetch_pages(source: Source, logical_date: date, store: RawStore,
                http: HttpClient) -> tuple[list[RawItem], list[FetchLogEntry]]:
    fetcher = Fetcher(http, store, store.url_state(source.id))
    listed = [Listed(url, day=day, listed_in="sources file") for url, day in page_entries(source)
              if day is None or day == logical_date]
    fetched, fetch_log = fetcher.pages(listed, recheck=bool(source.options.get("recheck_pages")),
                                       max_workers=http.settings.max_workers)
    by_url = {entry.url: entry for entry in listed}
    items: list[RawItem] = []
    outcomes: dict[str, FetchLogEntry] = {}  # pages fetched that turn out to belong to another date
    for item in fetched:
        if by_url[item.url].day is None:
            published = page_date(store.get(item.content_hash), item.content_type, source.timezone)
            if published is None or listing_day(published, source.timezone) != logical_date:
                reason = ("no_publication_date" if published is None
                          else f"published_on:{listing_day(published, source.timezone).isoformat()}")
                outcomes[item.url] = FetchLogEntry(url=item.url, outcome="skipped", reason=reason,
                                                   status=item.status, fetched_at=item.fetched_at)
                continue
            item.meta["published"] = published.isoformat()
        items.append(item)
    log = [outcomes.get(entry.url, entry) if entry.reason != "duplicate_url" else entry for entry in fetch_log]
    if not listed:
        log.append(FetchLogEntry(url=f"sources:{source.id}", outcome="empty", reason="no pages for this date",
                                 fetched_at=now_iso()))
    fetcher.state.compact()
    return items, log
