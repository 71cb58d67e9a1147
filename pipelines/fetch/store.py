"""The raw store: every fetched response kept, compressed, so any date can be re-parsed offline.

Bodies are content-addressed (``blobs/ab/abcdef….gz`` by SHA-256), so an unchanged page or an
archive fetched for many dates is stored once. Each partition has a manifest (what was fetched
for that date and source, with URL, final URL, status, headers, fetch time and content hash)
and a fetch log (every attempt's outcome, failures with their reason).
"""

from __future__ import annotations

import gzip
import hashlib
import json
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
    kind: str  # "page" (one article's HTML or JSON) or "archive" (a dump of many records)
    content_type: str = ""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    fetched_at: str = ""
    size: int = 0


@dataclass
class FetchLogEntry:
    """One fetch attempt's outcome; ``reason`` says why when it is not ``ok``."""

    url: str
    outcome: str  # ok | not_modified | error | skipped
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


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
