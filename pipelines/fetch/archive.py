"""``archive`` sources: published dumps (JSON, JSON Lines, or zips of them), local or over HTTP.

The whole dump is stored once in the raw store (it is the "page" that was fetched); parse
selects the records of the logical date by the mapped date field. ``location`` may hold a
``{date}`` template for dumps published one file per day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from pipelines.fetch.http import FetchError, HttpClient
from pipelines.fetch.store import FetchLogEntry, RawItem, RawStore
from pipelines.sources import Source


def fetch_archive(
    source: Source, logical_date: date, store: RawStore, http: HttpClient
) -> tuple[list[RawItem], list[FetchLogEntry]]:
    location = source.resolve(source.options["location"].format(date=logical_date))
    now = datetime.now(UTC).isoformat(timespec="seconds")
    if "://" in location:
        try:
            response = http.get(location)
        except FetchError as exc:
            return [], [FetchLogEntry(url=location, outcome="error", reason=exc.reason, status=exc.status,
                                      fetched_at=now)]
        body, final_url, status, headers = response.body, response.final_url, response.status, response.headers
    else:
        path = Path(location)
        if not path.is_file():
            return [], [FetchLogEntry(url=path.as_uri(), outcome="empty", reason="no archive file for this date",
                                      fetched_at=now)]
        body, final_url, status, headers = path.read_bytes(), path.as_uri(), 200, {}
        location = final_url
    digest = store.put(body)
    item = RawItem(url=location, final_url=final_url, content_hash=digest, kind="archive",
                   content_type=headers.get("Content-Type", ""), status=status, headers=headers,
                   fetched_at=now, size=len(body))
    return [item], [FetchLogEntry(url=location, outcome="ok", status=status, fetched_at=now)]
