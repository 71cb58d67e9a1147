"""``archive`` sources: published dumps (JSON, JSON Lines, or zips of them), local or over HTTP.

The whole dump is stored once in the raw store (it is the "page" that was fetched); parse
selects the records of the logical date by the mapped date field. ``location`` may hold a
``{date}`` template for dumps published one file per day: then a day without a file (a missing
local file, or 404/410 over HTTP) is an empty day, not a failure. A dump over HTTP is fetched
by conditional GET, so a rerun of a date downloads nothing that did not change.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pipelines.fetch.documents import Fetcher, now_iso
from pipelines.fetch.http import HttpClient
from pipelines.fetch.store import FetchLogEntry, RawItem, RawStore
from pipelines.sources import Source

_NO_FILE_STATUSES = (404, 410)


def is_per_day(source: Source) -> bool:
    """A ``{date}`` template: one file per logical date, each holding that date's records."""
    return "{date" in str(source.options["location"])


def fetch_archive(
    source: Source, logical_date: date, store: RawStore, http: HttpClient
) -> tuple[list[RawItem], list[FetchLogEntry]]:
    location = source.resolve(source.options["location"].format(date=logical_date))
    if "://" in location and not location.startswith("file://"):
        fetcher = Fetcher(http, store, store.url_state(source.id))
        item, entry = fetcher.document(location, "archive")
        fetcher.state.compact()
        if item is None and is_per_day(source) and entry.status in _NO_FILE_STATUSES:
            return [], [FetchLogEntry(url=location, outcome="empty", reason="no archive file for this date",
                                      status=entry.status, fetched_at=entry.fetched_at)]
        return ([item] if item else []), [entry]
    path = Path(location.removeprefix("file://"))
    now = now_iso()
    if not path.is_file():
        if is_per_day(source):
            return [], [FetchLogEntry(url=path.as_uri(), outcome="empty", reason="no archive file for this date",
                                      fetched_at=now)]
        return [], [FetchLogEntry(url=path.as_uri(), outcome="error", reason="no_such_file", fetched_at=now)]
    body = path.read_bytes()
    digest = store.put(body)
    item = RawItem(url=path.as_uri(), final_url=path.as_uri(), content_hash=digest, kind="archive",
                   fetched_at=now, size=len(body))
    return [item], [FetchLogEntry(url=path.as_uri(), outcome="ok", status=200, fetched_at=now)]
