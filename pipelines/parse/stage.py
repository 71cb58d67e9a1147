"""Parse: a raw partition (pages or archive records) into clean articles with metadata.

``parse_partition`` reads the raw store only, so any date can be re-parsed without the network.
Articles with no text, or in a language the source does not publish, go to quarantine with the
reason instead of the warehouse.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd

from pipelines.config import Settings
from pipelines.fetch.store import RawItem, RawStore
from pipelines.parse.clean import clean_text
from pipelines.parse.html import decode, parse_html
from pipelines.parse.language import detect_language
from pipelines.parse.records import (
    ArchiveFormatError,
    iter_records,
    local_date,
    map_record,
    parse_timestamp,
)
from pipelines.parse.urls import canonical_url, stable_id
from pipelines.partitions import Partition, staged_path, write_frame
from pipelines.schemas import Articles, Quarantine, columns_of
from pipelines.sources import Source


@dataclass
class ParseSummary:
    partition: Partition
    articles: int
    quarantined: int


def parse_partition(settings: Settings, source: Source, logical_date: date, run_id: str) -> ParseSummary:
    """Parse what fetch stored for (date, source) into ``staged/parsed``; returns the counts."""
    partition = Partition(logical_date, source.id)
    store = RawStore(settings.raw_dir)
    articles: dict[str, dict[str, Any]] = {}
    rejected: list[dict[str, Any]] = []
    for item in store.read_manifest(partition):
        if item.kind not in ("page", "archive"):
            continue  # feeds and sitemaps are kept as fetched; their pages are items of their own
        body = store.get(item.content_hash)
        try:
            drafts = list(_drafts(item, body, source, logical_date))
        except ArchiveFormatError as exc:
            rejected.append(_reject(partition, run_id, {"url": item.url}, "unreadable_archive", str(exc)))
            continue
        for draft in drafts:
            row, reason = _finish(draft, source, partition, run_id, item)
            if reason:
                rejected.append(_reject(partition, run_id, row, reason, ""))
            elif row["article_id"] in articles:
                first_url = articles[row["article_id"]]["url"]
                rejected.append(_reject(partition, run_id, row, "duplicate_article", first_url))
            else:
                articles[row["article_id"]] = row
    frame = pd.DataFrame(list(articles.values()), columns=columns_of(Articles))
    write_frame(frame, staged_path(settings.staged_dir, "parsed", partition, "articles"))
    write_frame(pd.DataFrame(rejected, columns=columns_of(Quarantine)),
                staged_path(settings.staged_dir, "parsed", partition, "quarantine"))
    return ParseSummary(partition, len(articles), len(rejected))


DEFAULT_FIELDS = {"url": "url", "title": "title", "text": "text", "published": "published", "author": "author"}


def _drafts(item: RawItem, body: bytes, source: Source, logical_date: date) -> Iterator[dict[str, Any]]:
    """Article drafts (url, title, text, author, published_at) from one raw item.

    An archive holds many days: a record belongs to the date its date field gives. In a
    one-file-per-day archive (a ``{date}`` location) the file's date is the fallback for a
    record without one, and a record dated another day is reported (``reject`` in the draft),
    never silently dropped; in a single dump, records of other days belong to other runs and one
    without a date cannot be placed, so it is reported.
    """
    if item.kind == "archive" or source.options.get("format") == "json":
        fields = source.options.get("fields") or DEFAULT_FIELDS
        per_day = item.kind != "archive" or "{date" in str(source.options.get("location", ""))
        records = iter_records(body, source.options.get("format"), item.url, source.options.get("records"))
        for record in records:
            mapped = map_record(record, fields)
            published = parse_timestamp(mapped.get("published"), source.timezone, source.options.get("date_format"))
            reject = None
            if published is not None and local_date(published, source.timezone) != logical_date:
                if not per_day:
                    continue  # another day's record: that day's run takes it
                reject = f"published_on_other_date:{local_date(published, source.timezone).isoformat()}"
            elif published is None and not per_day:
                reject = "no_publication_date"
            yield {"url": mapped.get("url") or item.url, "title": mapped.get("title"), "text": mapped.get("text"),
                   "author": mapped.get("author"), "published_at": published, "outlet": mapped.get("outlet"),
                   "reject": reject}
        return
    page = parse_html(decode(body, item.content_type), item.final_url, source.timezone)
    listed = parse_timestamp(item.meta.get("published"), source.timezone)
    yield {"url": page.canonical_url or item.final_url, "title": page.title or item.meta.get("title"),
           "text": page.text, "author": page.author, "published_at": listed or page.published_at}


def _finish(draft: dict[str, Any], source: Source, partition: Partition, run_id: str,
            item: RawItem) -> tuple[dict[str, Any], str | None]:
    title = _clean_field(draft.get("title"))
    cleaned = clean_text(str(draft.get("text") or ""), title)
    url = str(draft["url"])
    canonical = canonical_url(url)
    published: datetime | None = draft.get("published_at")
    row = {
        "article_id": stable_id(canonical),
        "logical_date": partition.logical_date,
        "source_id": source.id,
        # An archive may hold many outlets' articles (a "fields: {outlet: …}" mapping says whose).
        "outlet": _clean_field(draft.get("outlet")) or source.outlet,
        "url": url,
        "canonical_url": canonical,
        "title": title,
        "author": _clean_field(draft.get("author")),
        "published_at": pd.Timestamp(published) if published else None,
        "language": None,
        "text": cleaned.text,
        "text_hash": hashlib.sha1(cleaned.text.encode("utf-8")).hexdigest(),
        "raw_hash": item.content_hash,
        "run_id": run_id,
    }
    if draft.get("reject"):
        return row, str(draft["reject"])
    if not cleaned.text:
        return row, "empty_text"
    row["language"] = detect_language(cleaned.text)
    expected = {code.strip() for code in source.lang.split(",")}
    if row["language"] not in expected:
        return row, f"unexpected_language:{row['language']}"
    return row, None


def _clean_field(value: Any) -> str | None:
    """A metadata field on one line; character references left by a dump (``&#8220;``) decoded."""
    text = " ".join(html.unescape(str(value)).split()) if value not in (None, "") else ""
    return text or None


def _reject(partition: Partition, run_id: str, row: dict[str, Any], reason: str, detail: str) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "logical_date": partition.logical_date,
        "source_id": partition.source_id,
        "stage": "parse",
        "table_name": "articles",
        "record_key": row.get("article_id") or row.get("url"),
        "row_json": json.dumps(row, ensure_ascii=False, default=str),
        "failed_checks": reason + (f" ({detail})" if detail else ""),
    }
