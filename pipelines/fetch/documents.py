"""Fetching into the raw store: listings and archives by conditional GET, article pages once.

Two rules make fetching resumable and polite (the source's URL state, ``store.UrlState``,
remembers what was stored):

- a listing or archive (it changes) is fetched with ``If-None-Match``/``If-Modified-Since`` from
  the last response; a 304 reuses the stored body;
- an article page already stored is not requested again (``skipped``/``already_stored``) unless
  the source sets ``recheck_pages``, which sends a conditional GET instead.

The same article reached by two URLs is fetched once: listed URLs are compared by canonical form
(tracking parameters, ``amp``, trailing slashes), and fetched pages by final URL and content.
Every URL ends as one fetch-log row: ok, not_modified, skipped (with why) or error (with why).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from courlan.filters import extension_filter

from pipelines.fetch.http import FetchError, HttpClient, Response
from pipelines.fetch.listing import Listed
from pipelines.fetch.store import FetchLogEntry, RawItem, RawStore, UrlRecord, UrlState
from pipelines.parse.urls import canonical_url

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_HTML_SNIFF = re.compile(rb"<(?:!doctype\s+html|html|head|body|article|p|div)[\s>]", re.IGNORECASE)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Fetcher:
    """What every kind's fetcher works with: the client, the store and the source's URL state."""

    http: HttpClient
    store: RawStore
    state: UrlState

    def document(self, url: str, kind: str, meta: dict[str, str] | None = None,
                 accept: Callable[[Response], str | None] | None = None) -> tuple[RawItem | None, FetchLogEntry]:
        """A listing or archive by conditional GET; ``accept`` may reject a body with a reason."""
        record = self.state.get(url)
        stored = record is not None and self.store.has(record.content_hash)
        try:
            response = self.http.get(url, etag=record.etag if record and stored else "",
                                     last_modified=record.last_modified if record and stored else "")
        except FetchError as exc:
            return None, FetchLogEntry(url=url, outcome="error", reason=exc.reason, status=exc.status,
                                       fetched_at=now_iso())
        if response.not_modified and record is not None and stored:
            return _item(record, kind, meta), FetchLogEntry(url=url, outcome="not_modified", status=304,
                                                            fetched_at=now_iso())
        if response.not_modified:  # a 304 we did not ask for: nothing to reuse
            return None, FetchLogEntry(url=url, outcome="error", reason="unexpected_304", status=304,
                                       fetched_at=now_iso())
        if accept is not None and (reason := accept(response)):
            return None, FetchLogEntry(url=url, outcome="error", reason=reason, status=response.status,
                                       fetched_at=now_iso())
        record = self._keep(response)
        return _item(record, kind, meta), FetchLogEntry(url=url, outcome="ok", status=response.status,
                                                        fetched_at=record.fetched_at)

    def _keep(self, response: Response) -> UrlRecord:
        digest = self.store.put(response.body)
        record = UrlRecord(url=response.url, final_url=response.final_url, content_hash=digest,
                           status=response.status, headers=response.headers, fetched_at=now_iso(),
                           etag=response.headers.get("etag", ""),
                           last_modified=response.headers.get("last-modified", ""), size=len(response.body))
        self.state.put(record)
        return record

    def page(self, listed: Listed, recheck: bool) -> tuple[RawItem | None, FetchLogEntry]:
        """One article page: skipped when already stored, else fetched and checked to be HTML."""
        record = self.state.get(listed.url)
        if record is not None and self.store.has(record.content_hash) and not recheck:
            return _item(record, "page", listed.meta()), FetchLogEntry(
                url=listed.url, outcome="skipped", reason="already_stored", status=record.status,
                fetched_at=record.fetched_at)
        return self.document(listed.url, "page", listed.meta(), accept=_html_only)

    def pages(self, listed: list[Listed], *, recheck: bool = False,
              max_workers: int = 4) -> tuple[list[RawItem], list[FetchLogEntry]]:
        """Fetch listed article pages (in parallel; the client keeps each host's limits)."""
        log: list[FetchLogEntry] = []
        unique: list[Listed] = []
        seen: set[str] = set()
        for entry in listed:
            key = canonical_url(entry.url)
            if key in seen:
                log.append(FetchLogEntry(url=entry.url, outcome="skipped", reason="duplicate_url",
                                         fetched_at=now_iso()))
            elif not extension_filter(urlsplit(entry.url).path):
                log.append(FetchLogEntry(url=entry.url, outcome="skipped", reason="not_html",
                                         fetched_at=now_iso()))
            else:
                seen.add(key)
                unique.append(entry)
        hosts = {urlsplit(entry.url).netloc for entry in unique}
        workers = max(1, min(max_workers, len(unique), len(hosts) * self.http.settings.max_per_host))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fetch") as pool:
            results = list(pool.map(lambda entry: self.page(entry, recheck), unique))
        items: list[RawItem] = []
        finals: set[str] = set()
        bodies: set[str] = set()
        for item, outcome in results:
            if item is not None:
                final = canonical_url(item.final_url)
                if final in finals or item.content_hash in bodies:  # two URLs, one article
                    outcome = FetchLogEntry(url=outcome.url, outcome="skipped", reason="duplicate_url",
                                            status=outcome.status, fetched_at=outcome.fetched_at)
                else:
                    finals.add(final)
                    bodies.add(item.content_hash)
                    items.append(item)
            log.append(outcome)
        return items, log


def _item(record: UrlRecord, kind: str, meta: dict[str, str] | None) -> RawItem:
    return RawItem(url=record.url, final_url=record.final_url, content_hash=record.content_hash, kind=kind,
                   content_type=record.headers.get("content-type", ""), status=record.status,
                   headers=record.headers, fetched_at=record.fetched_at,
                   size=record.size, meta=dict(meta or {}))


def looks_like_html(content_type: str, body: bytes) -> bool:
    """HTML by its declared type, or (when the type is missing or generic) by its first bytes."""
    declared = content_type.split(";")[0].strip().lower()
    if declared in _HTML_TYPES:
        return True
    if declared in ("", "text/plain", "application/octet-stream", "text/xml", "application/xml"):
        return bool(_HTML_SNIFF.search(body[:2048]))
    return False


def _html_only(response: Response) -> str | None:
    return None if looks_like_html(response.content_type, response.body) else "not_html"
