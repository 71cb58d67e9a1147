"""Load: validated Parquet partitions into the DuckDB warehouse, one transaction per logical date.

Only this stage writes the warehouse (with ``dbt build`` after it); many workers may fetch and
extract in parallel, but one writer loads. Each source that succeeded has its partition of every
table replaced; a source that failed keeps its earlier rows and gets only its fetch log and
quarantine replaced, so a failed night never erases a good earlier load. A crash before COMMIT
leaves the warehouse as it was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from pipelines.config import Settings
from pipelines.fetch.store import RawStore
from pipelines.load.migrations import migrate
from pipelines.partitions import Partition, staged_path
from pipelines.schemas import PARTITION_TABLES, FetchLog, Quarantine, columns_of
from pipelines.validate import validate_fetch_log

LOAD_STAGE_DUPLICATE = "article_already_loaded (same canonical URL in another partition)"


@dataclass
class SourceOutcome:
    """How one source fared in a run; ``stage`` and ``reason`` say where and why it failed."""

    ok: bool
    stage: str = ""
    reason: str = ""
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class LoadSummary:
    logical_date: date
    run_id: str
    status: str
    rows: dict[str, int]


def connect(settings: Settings, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse; writers bring the schema up to date first."""
    path = settings.warehouse_path
    if read_only:
        if not path.exists():
            raise FileNotFoundError(f"{path}: no warehouse yet (run `isnad run` first)")
        return duckdb.connect(str(path), read_only=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    migrate(con)
    return con


def load_date(
    settings: Settings,
    logical_date: date,
    run_id: str,
    outcomes: dict[str, SourceOutcome],
    started_at: datetime,
) -> LoadSummary:
    """Replace the partitions of ``logical_date`` for every source in ``outcomes``, in one transaction."""
    con = connect(settings)
    rows: dict[str, int] = {name: 0 for name in PARTITION_TABLES}
    try:
        con.execute("BEGIN TRANSACTION")
        for source_id, outcome in sorted(outcomes.items()):
            partition = Partition(logical_date, source_id)
            _replace_fetch_log(con, settings, partition, run_id)
            if outcome.ok:
                for name, count in _replace_partition(con, settings, partition, run_id).items():
                    rows[name] += count
            else:
                _replace_quarantine(con, settings, partition)
        status = _status(outcomes)
        quarantined = con.execute(
            "SELECT count(*) FROM raw.quarantine WHERE logical_date = ? AND run_id = ?", [logical_date, run_id]
        ).fetchone()
        detail = {sid: {"ok": o.ok, "stage": o.stage, "reason": o.reason, **o.counts} for sid, o in outcomes.items()}
        con.execute(
            "INSERT INTO raw.runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [run_id, logical_date, started_at, datetime.now(UTC), status,
             sum(o.ok for o in outcomes.values()), sum(not o.ok for o in outcomes.values()),
             rows["articles"], rows["claims"], quarantined[0] if quarantined else 0,
             json.dumps(detail, ensure_ascii=False, sort_keys=True)],
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.close()
    return LoadSummary(logical_date, run_id, status, rows)


def _status(outcomes: dict[str, SourceOutcome]) -> str:
    failed = sum(not o.ok for o in outcomes.values())
    return "success" if not failed else ("failed" if failed == len(outcomes) else "partial")


def _parquet(settings: Settings, partition: Partition, table: str) -> Path:
    return staged_path(settings.staged_dir, "validated", partition, table)


def _where(partition: Partition) -> tuple[str, list[Any]]:
    return "logical_date = ? AND source_id = ?", [partition.logical_date, partition.source_id]


def _insert(con: duckdb.DuckDBPyConnection, table: str, columns: list[str], relation_sql: str,
            params: list[Any]) -> int:
    """Insert the contract's columns from a relation; return how many rows went in."""
    quoted = ", ".join(f'"{c}"' for c in columns)
    inserted = con.execute(
        f"INSERT INTO raw.{table} ({quoted}) SELECT {quoted} FROM ({relation_sql})", params
    ).fetchone()
    return int(inserted[0]) if inserted else 0


def _replace_partition(con: duckdb.DuckDBPyConnection, settings: Settings, partition: Partition,
                       run_id: str) -> dict[str, int]:
    where, params = _where(partition)
    counts: dict[str, int] = {}
    articles_path = _parquet(settings, partition, "articles")
    if not articles_path.exists():
        raise FileNotFoundError(f"{articles_path}: partition {partition.key} was not validated")
    for table in [*PARTITION_TABLES, "quarantine"]:
        con.execute(f"DELETE FROM raw.{table} WHERE {where}", params)
    # An article already loaded under another partition (same canonical URL) stays there once;
    # this partition's copy, and its rows, go to quarantine with the reason.
    con.execute("""CREATE OR REPLACE TEMP TABLE incoming_articles AS
        SELECT * FROM read_parquet(?) WHERE article_id NOT IN (SELECT article_id FROM raw.articles)""",
                [str(articles_path)])
    con.execute("""CREATE OR REPLACE TEMP TABLE duplicate_articles AS
        SELECT * FROM read_parquet(?) WHERE article_id IN (SELECT article_id FROM raw.articles)""",
                [str(articles_path)])
    for table, model in PARTITION_TABLES.items():
        path = _parquet(settings, partition, table)
        if table == "articles":
            source = "SELECT * FROM incoming_articles"
            source_params: list[Any] = []
        else:
            source = "SELECT * FROM read_parquet(?) WHERE article_id IN (SELECT article_id FROM incoming_articles)"
            source_params = [str(path)]
        counts[table] = _insert(con, table, columns_of(model), source, source_params)
    entities = _parquet(settings, partition, "entities")
    if entities.exists():
        con.execute("INSERT OR IGNORE INTO raw.entities SELECT entity_id, type, canonical_name FROM read_parquet(?)",
                    [str(entities)])
    _replace_quarantine(con, settings, partition, delete=False)
    duplicates = con.execute("SELECT * FROM duplicate_articles").df()
    if not duplicates.empty:
        rows = [{"run_id": run_id, "logical_date": partition.logical_date, "source_id": partition.source_id,
                 "stage": "load", "table_name": "articles", "record_key": r["article_id"],
                 "row_json": json.dumps({k: r[k] for k in ("article_id", "url", "title")}, ensure_ascii=False,
                                        default=str),
                 "failed_checks": LOAD_STAGE_DUPLICATE} for r in duplicates.to_dict("records")]
        frame = pd.DataFrame(rows, columns=columns_of(Quarantine))
        con.register("load_quarantine", frame)
        _insert(con, "quarantine", columns_of(Quarantine), "SELECT * FROM load_quarantine", [])
        con.unregister("load_quarantine")
    return counts


def _replace_quarantine(con: duckdb.DuckDBPyConnection, settings: Settings, partition: Partition,
                        delete: bool = True) -> None:
    where, params = _where(partition)
    if delete:
        con.execute(f"DELETE FROM raw.quarantine WHERE {where}", params)
    path = _parquet(settings, partition, "quarantine")
    if path.exists():
        _insert(con, "quarantine", columns_of(Quarantine), "SELECT * FROM read_parquet(?)", [str(path)])


def _replace_fetch_log(con: duckdb.DuckDBPyConnection, settings: Settings, partition: Partition,
                       run_id: str) -> None:
    where, params = _where(partition)
    con.execute(f"DELETE FROM raw.fetch_log WHERE {where}", params)
    entries = RawStore(settings.raw_dir).read_fetch_log(partition)
    frame = pd.DataFrame(
        [{**vars(e), "logical_date": partition.logical_date, "source_id": partition.source_id, "run_id": run_id}
         for e in entries],
        columns=columns_of(FetchLog),
    )
    valid, quarantined = validate_fetch_log(frame, partition, run_id)
    for table, rows in (("fetch_log", valid), ("quarantine", quarantined)):
        if not rows.empty:
            con.register("incoming_rows", rows)
            model = FetchLog if table == "fetch_log" else Quarantine
            _insert(con, table, columns_of(model), "SELECT * FROM incoming_rows", [])
            con.unregister("incoming_rows")
