"""What a warehouse holds, in a form two warehouses can be compared by: the marts' rows, and the
raw rows per (table, logical date, source). Run ids and timestamps differ between runs by design,
so they are left out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

PARTITIONED = ("articles", "claims", "entity_mentions", "event_mentions", "fetch_log", "quarantine")
# The key of each data table: a duplicate key means a partition was loaded twice.
KEYS = {"articles": "article_id", "claims": "claim_id", "entity_mentions": "mention_id",
        "event_mentions": "event_id || '|' || article_id", "entities": "entity_id"}


# Build metadata: when a mart row was (re)built. Two builds of the same data differ only there.
BUILD_METADATA = "loaded_through"


def rows_without(con: duckdb.DuckDBPyConnection, table: str, dropped: str = BUILD_METADATA) -> list[tuple[Any, ...]]:
    """A table's rows without one column (a clock time or build metadata), sorted for comparison."""
    schema, name = table.split(".")
    columns = [r[0] for r in con.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = ? "
                                         "AND table_name = ? ORDER BY ordinal_position", [schema, name]).fetchall()]
    selected = ", ".join(f'"{c}"' for c in columns if c != dropped)
    return sorted(con.execute(f"SELECT {selected} FROM {table}").fetchall(), key=repr)


def mart_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts' "
                       "ORDER BY table_name").fetchall()
    return [r[0] for r in rows]


@dataclass
class Snapshot:
    marts: dict[str, list[tuple[Any, ...]]]
    partitions: dict[tuple[str, str, str], int]  # (table, logical_date, source_id) -> rows
    fetch_outcomes: list[tuple[Any, ...]]  # (logical_date, source_id, outcome, reason, status)
    duplicates: dict[str, int]  # table -> keys present more than once
    runs: list[tuple[Any, ...]]  # (run_id, logical_date, status, sources_ok, sources_failed)


def snapshot(path: Path) -> Snapshot:
    con = duckdb.connect(str(path), read_only=True)
    try:
        marts = {name: rows_without(con, f"marts.{name}") for name in mart_names(con)}
        partitions: dict[tuple[str, str, str], int] = {}
        for table in PARTITIONED:
            for day, source, rows in con.execute(
                    f"SELECT logical_date, source_id, count(*) FROM raw.{table} GROUP BY ALL").fetchall():
                partitions[(table, str(day), source)] = rows
        fetch_outcomes = con.execute("SELECT logical_date::VARCHAR, source_id, outcome, reason, status "
                                     "FROM raw.fetch_log ORDER BY ALL").fetchall()
        duplicates = {}
        for table, key in KEYS.items():
            found = con.execute(f"SELECT count(*) FROM (SELECT {key} FROM raw.{table} GROUP BY ALL "
                                "HAVING count(*) > 1)").fetchone()
            duplicates[table] = int(found[0]) if found else 0
        runs = con.execute("SELECT run_id, logical_date::VARCHAR, status, sources_ok, sources_failed "
                           "FROM raw.runs ORDER BY logical_date, finished_at").fetchall()
    finally:
        con.close()
    return Snapshot(marts, partitions, fetch_outcomes, duplicates, runs)
