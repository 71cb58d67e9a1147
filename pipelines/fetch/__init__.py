"""Fetch: download (or read) what each source published on a logical date into the raw store.

``fetch_source`` is the stage's one entry point; it dispatches on the source's kind and
replaces the partition's manifest and fetch log as a whole, so a rerun leaves no stale rows.
Each kind's fetcher returns the raw items to parse (pages, archives, and the feeds or sitemaps
that listed them) and one fetch-log row per URL it tried or chose not to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from pipelines.config import HttpSettings, Settings
from pipelines.fetch.archive import fetch_archive
from pipelines.fetch.directory import fetch_directory
from pipelines.fetch.feeds import fetch_feed
from pipelines.fetch.http import HttpClient
from pipelines.fetch.pages import fetch_pages
from pipelines.fetch.sitemaps import fetch_sitemap
from pipelines.fetch.store import FetchLogEntry, RawItem, RawStore
from pipelines.partitions import Partition
from pipelines.sources import KIND_OPTIONS, POLITENESS_OPTIONS, Source

Fetcher = Callable[[Source, date, RawStore, HttpClient], tuple[list[RawItem], list[FetchLogEntry]]]
FETCHERS: dict[str, Fetcher] = {
    "directory": lambda source, day, store, http: fetch_directory(source, day, store),
    "archive": fetch_archive,
    "rss": fetch_feed,
    "atom": fetch_feed,
    "sitemap": fetch_sitemap,
    "pages": fetch_pages,
}
assert FETCHERS.keys() == KIND_OPTIONS.keys(), "every source kind needs a fetcher"
CONTENT_KINDS = ("page", "archive")  # what parse reads; feeds and sitemaps are kept as fetched


class SourceFetchFailed(RuntimeError):
    """Every attempt for a source failed: its earlier raw partition, if any, is left as it was."""


@dataclass
class FetchSummary:
    partition: Partition
    items: int
    errors: int


def http_settings_for(base: HttpSettings, source: Source) -> HttpSettings:
    """The run's HTTP settings with the source's ``politeness`` overrides (checked on load)."""
    overrides: dict[str, Any] = {k: v for k, v in source.politeness.items() if k in POLITENESS_OPTIONS}
    return replace(base, **overrides)


def fetch_source(settings: Settings, source: Source, logical_date: date) -> FetchSummary:
    """Fetch one source for one date into ``settings.raw_dir``."""
    store = RawStore(settings.raw_dir)
    http = HttpClient(http_settings_for(settings.http, source), cache_dir=settings.raw_dir / "http")
    try:
        items, log = FETCHERS[source.kind](source, logical_date, store, http)
    finally:
        http.close()
    partition = Partition(logical_date, source.id)
    store.write_fetch_log(partition, log)
    errors = [e for e in log if e.outcome == "error"]
    content = [i for i in items if i.kind in CONTENT_KINDS]
    if errors and not content:
        # Keep the previous manifest: a failed night must not erase a good earlier fetch.
        reasons = sorted({e.reason for e in errors})
        raise SourceFetchFailed(f"source {source.id!r}: every fetch failed ({', '.join(reasons)}): {errors[0].url}")
    store.write_manifest(partition, items)
    return FetchSummary(partition, len(content), len(errors))
