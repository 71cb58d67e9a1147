"""The raw store: every fetched response kept, compressed, so any date can be re-parsed offline.

Bodies are content-addressed (``blobs/ab/abcdef….gz`` by SHA-256), so an unchanged page or an
archive fetched for many dates is stored once. Each partition has a manifest (what was fetched
for that date and source, with URL, final URL, status, headers, fetch time and content hash)
and a fetch log (every attempt's outcome, failures with their reason).

Each source also has a URL state journal (``state/<source_id>.jsonl``, appended as each response
arrives): the validators (``ETag``, ``Last-Modified``) and stored body of every URL it fetched.
It is what makes fetching resumable: a rerun sends conditional GETs, skips pages it already
holds, and a run that died half way keeps every page it had stored.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipelines.partitions import Partition, atomic_path


@dataclass
class RawItem:
    """One stored response: a page, or a whole archive file for archive sources."""

    url: str
    final_url: str
    content_hash: str
    kind: str  # "page" (one article), "archive" (a dump of many records), "feed" or "sitemap" (listings)
    content_type: str = ""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    fetched_at: str = ""
    size: int = 0
    # What the listing said about a page (feed or sitemap: published, title, listed_in), for parse.
    meta: dict[str, str] = field(default_factory=dict)


@dataclass
class FetchLogEntry:
    """One fetch attempt's outcome; ``reason`` says why when it is not ``ok``."""

    url: str
    outcome: str  # ok | not_modified | empty | skipped | error
    reason: str = ""
    status: int | None = None
    fetched_at: str = ""


class RawStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _blob_path(self, digest: str) -> Path:
        return self.root / "blobs" / digest[:2] / f"{digest}.gz"

    def put(self, body: bytes) -> str:
        """Store ``body`` once; return its SHA-256."""
        digest = hashlib.sha256(body).hexdigest()
        path = self._blob_path(digest)
        if not path.exists():
            with atomic_path(path) as tmp:
                tmp.write_bytes(gzip.compress(body, compresslevel=6, mtime=0))
        return digest

    def get(self, digest: str) -> bytes:
        return gzip.decompress(self._blob_path(digest).read_bytes())

    def write_manifest(self, partition: Partition, items: list[RawItem]) -> None:
        """Replace the partition's manifest as a whole."""
        _write_jsonl(partition.under(self.root / "partitions") / "manifest.jsonl", [asdict(i) for i in items])

    def write_fetch_log(self, partition: Partition, log: list[FetchLogEntry]) -> None:
        """Replace the partition's fetch log: the outcome of this run's attempts."""
        _write_jsonl(partition.under(self.root / "partitions") / "fetch_log.jsonl", [asdict(e) for e in log])

    def read_manifest(self, partition: Partition) -> list[RawItem]:
        return [RawItem(**row) for row in _read_jsonl(partition.under(self.root / "partitions") / "manifest.jsonl")]

    def read_fetch_log(self, partition: Partition) -> list[FetchLogEntry]:
        path = partition.under(self.root / "partitions") / "fetch_log.jsonl"
        return [FetchLogEntry(**row) for row in _read_jsonl(path)]

    def has_partition(self, partition: Partition) -> bool:
        return (partition.under(self.root / "partitions") / "manifest.jsonl").exists()

    def has(self, digest: str) -> bool:
        return self._blob_path(digest).exists()

    def url_state(self, source_id: str) -> UrlState:
        return UrlState(self.root / "state" / f"{source_id}.jsonl")


@dataclass
class UrlRecord:
    """The last stored response for one URL: enough to send a conditional GET or to skip it."""

    url: str
    final_url: str
    content_hash: str
    status: int
    headers: dict[str, str]
    fetched_at: str
    etag: str = ""
    last_modified: str = ""
    size: int = 0


class UrlState:
    """A source's URL state: an append-only journal read into a dict (the last line per URL wins).

    Appends are one line each, flushed at once, so a crash loses at most the line being written
    (a torn last line is ignored on reading); ``compact`` rewrites it with one line per URL.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self.records: dict[str, UrlRecord] = {}
        self._lines = 0
        if path.exists():
            with path.open(encoding="utf-8") as f:
                for line in f:
                    self._lines += 1
                    try:
                        record = UrlRecord(**json.loads(line))
                    except (json.JSONDecodeError, TypeError):
                        continue  # a line torn by a crash
                    self.records[record.url] = record

    def get(self, url: str) -> UrlRecord | None:
        return self.records.get(url)

    def put(self, record: UrlRecord) -> None:
        with self._lock:
            self.records[record.url] = record
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as f:
                f.write(json.dumps(asdict(record), ensure_ascii=False, sort_keys=True) + "\n")
            self._lines += 1

    def compact(self) -> None:
        """Rewrite the journal with one line per URL once superseded lines make up half of it."""
        with self._lock:
            if self._lines <= 2 * len(self.records) + 100:
                return
            _write_jsonl(self.path, [asdict(r) for r in self.records.values()])
            self._lines = len(self.records)


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
