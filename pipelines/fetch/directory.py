"""``directory`` sources: HTML or JSON article files on disk, one folder per logical date.

The ``path`` option is a template (``html/alwaha/{date}`` or ``dumps/{date:%Y/%m/%d}``); the
folder for date D holds what the outlet published on D. A missing folder means nothing was
published that day, not an error.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from pipelines.fetch.store import FetchLogEntry, RawItem, RawStore
from pipelines.sources import Source

_CONTENT_TYPES = {"html": "text/html", "json": "application/json"}


def fetch_directory(source: Source, logical_date: date, store: RawStore) -> tuple[list[RawItem], list[FetchLogEntry]]:
    fmt = source.options.get("format", "html")
    if fmt not in _CONTENT_TYPES:
        raise ValueError(f"source {source.id!r}: directory format must be html or json, not {fmt!r}")
    folder = Path(source.resolve(source.options["path"].format(date=logical_date)))
    now = datetime.now(UTC).isoformat(timespec="seconds")
    if not folder.is_dir():
        nothing = FetchLogEntry(url=folder.as_uri(), outcome="empty", reason="no folder for this date", fetched_at=now)
        return [], [nothing]
    items: list[RawItem] = []
    log: list[FetchLogEntry] = []
    for path in sorted(folder.glob(source.options.get("glob", f"*.{fmt}"))):
        url = path.resolve().as_uri()
        body = path.read_bytes()
        digest = store.put(body)
        items.append(RawItem(url=url, final_url=url, content_hash=digest, kind="page",
                             content_type=_CONTENT_TYPES[fmt], fetched_at=now, size=len(body)))
        log.append(FetchLogEntry(url=url, outcome="ok", status=200, fetched_at=now))
    return items, log
