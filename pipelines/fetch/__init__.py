"""Fetch: download (or read) what each source published on a logical date into the raw store.

``fetch_source`` is the stage's one entry point; it dispatches on the source's kind and
replaces the partition's manifest and fetch log as a whole, so a rerun leaves no stale rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pipelines.config import Settings
from pipelines.fetch.archive import fetch_archive
from pipelines.fetch.directory import fetch_directory
from pipelines.fetch.http import HttpClient
from pipelines.fetch.store import RawStore
from pipelines.partitions import Partition
from pipelines.sources import KIND_OPTIONS, Source

FETCHERS = {
    "directory": lambda source, day, store, http: fetch_directory(source, day, store),
    "archive": fetch_archive,
}
assert FETCHERS.keys() == KIND_OPTIONS.keys(), "every source kind needs a fetcher"


class SourceFetchFailed(RuntimeError):
    """Every attempt for a source failed: its earlier raw partition, if any, is left as it was."""


@dataclass
class FetchSummary:
    partition: Partition
    items: int
    errors: int


def fetch_source(settings: Settings, source: Source, logical_date: date) -> FetchSummary:
    """Fetch one source for one date into ``settings.raw_dir``."""
    store = RawStore(settings.raw_dir)
    http = HttpClient(settings.http)
    items, log = FETCHERS[source.kind](source, logical_date, store, http)
    partition = Partition(logical_date, source.id)
    store.write_fetch_log(partition, log)
    errors = [e for e in log if e.outcome == "error"]
    if errors and not items:
        # Keep the previous manifest: a failed night must not erase a good earlier fetch.
        reasons = sorted({e.reason for e in errors})
        raise SourceFetchFailed(f"source {source.id!r}: every fetch failed ({', '.join(reasons)}): {errors[0].url}")
    store.write_manifest(partition, items)
    return FetchSummary(partition, len(items), len(errors))
