"""Partitions: everything a run writes is keyed by its logical date and source.

Files live in Hive-style folders (``logical_date=2026-11-23/source_id=alwaha``) so DuckDB can
read them with ``hive_partitioning`` and a rerun replaces exactly its own folders.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pandas as pd


@dataclass(frozen=True, order=True)
class Partition:
    logical_date: date
    source_id: str

    @property
    def key(self) -> str:
        return f"logical_date={self.logical_date.isoformat()}/source_id={self.source_id}"

    def under(self, root: Path) -> Path:
        return root / self.key


def date_range(start: date, end: date) -> list[date]:
    """Every day from ``start`` to ``end``, both included: a nightly run is a range of one."""
    if end < start:
        raise ValueError(f"end date {end} is before start date {start}")
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target`` and move it into place only if the block succeeds,
    so a crash never leaves half a file where a reader expects a whole one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def staged_path(root: Path, stage: str, partition: Partition, table: str) -> Path:
    """``<root>/<stage>/<table>/logical_date=…/source_id=…/part.parquet``: one file per table and partition."""
    return root / stage / table / partition.key / "part.parquet"


def write_frame(df: pd.DataFrame, path: Path) -> None:
    """Write a frame as Parquet, atomically (a reader never sees half a file)."""
    with atomic_path(path) as tmp:
        df.to_parquet(tmp, index=False)


def read_frame(path: Path) -> pd.DataFrame | None:
    """The frame at ``path``, or None when the partition was never written."""
    return pd.read_parquet(path) if path.exists() else None
