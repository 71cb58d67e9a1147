"""Load: validated Parquet partitions into the DuckDB warehouse, one transaction per logical date.

Only this stage writes the warehouse (with ``dbt build`` after it); many workers may fetch and
extract in parallel, but one writer loads. Each source that succeeded has its partition of every
table replaced; a source that failed keeps its earlier rows and gets only its fetch log and
quarantine replaced, so a failed night never erases a good earlier load. A crash before COMMIT
leaves the warehouse as it was (``tests/test_load_idempotent.py`` kills a load halfway).

Every replaced partition is written to ``raw.load_log`` in the same transaction: incremental
dbt models rebuild the dates loaded since their last build from it. Story assignments are
loaded by their own step after the date's articles (``pipelines.load.stories``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
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
from pipelines.schemas import PARTITION_TABLES, FetchLog, LoadLog, Quarantine, Runs, columns_of
from pipelines.validate import validate_fetch_log

# Quarantine rows the story step owns: a reload of a partition leaves them to that step.
STORY_TABLE = "story_articles"

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
    quarantined: int = 0  # rows of the date's partitions kept out of the warehouse, with their reasons


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
    on_partition: Callable[[Partition], None] | None = None,
) -> LoadSummary:
    """Replace the partitions of ``logical_date`` for every source in ``outcomes``, in one transaction.

    ``on_partition`` is called after each source's partition is written (inside the transaction,
    before COMMIT), for progress reports.
    """
    con = connect(settings)
    rows: dict[str, int] = {name: 0 for name in PARTITION_TABLES}
    try:
        con.execute("BEGIN TRANSACTION")
        for source_id, outcome in sorted(outcomes.items()):
            partition = Partition(logical_date, source_id)
            _replace_fetch_log(con, settings, partition, run_id)
            if outcome.ok:
                counts = _replace_partition(con, settings, partition, run_id)
                for name, count in counts.items():
                    rows[name] += count
                log_load(con, partition, "partition", run_id, counts["articles"])
            else:
                _replace_quarantine(con, settings, partition)
                log_load(con, partition, "failed_source", run_id, 0)
            if on_partition:
                on_partition(partition)
        status = _status(outcomes)
        quarantined = scalar(con, "SELECT count(*) FROM raw.quarantine WHERE logical_date = ? AND run_id = ?",
                             [logical_date, run_id])
        detail = {sid: {"ok": o.ok, "stage": o.stage, "reason": o.reason, **o.counts} for sid, o in outcomes.items()}
        run = pd.DataFrame([{
            "run_id": run_id, "logical_date": logical_date, "started_at": started_at, "finished_at": datetime.now(UTC),
            "status": status, "sources_ok": sum(o.ok for o in outcomes.values()),
            "sources_failed": sum(not o.ok for o in outcomes.values()), "articles": rows["articles"],
            "claims": rows["claims"], "quarantined": quarantined,
            "detail": json.dumps(detail, ensure_ascii=False, sort_keys=True)}])
        insert_frame(con, "runs", Runs.validate(run))  # our own row: a failure is a bug, raised
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.close()
    return LoadSummary(logical_date, run_id, status, rows, quarantined)


def _status(outcomes: dict[str, SourceOutcome]) -> str:
    failed = sum(not o.ok for o in outcomes.values())
    return "success" if not failed else ("failed" if failed == len(outcomes) else "partial")


def _parquet(settings: Settings, partition: Partition, table: str) -> Path:
    return staged_path(settings.staged_dir, "validated", partition, table)


def _where(partition: Partition) -> tuple[str, list[Any]]:
    return "logical_date = ? AND source_id = ?", [partition.logical_date, partition.source_id]


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> int:
    """Insert a frame's contract columns into ``raw.<table>``; return how many rows went in."""
    if frame.empty:
        return 0
    con.register("incoming_frame", frame)
    try:
        return _insert(con, table, [str(c) for c in frame.columns], "SELECT * FROM incoming_frame", [])
    finally:
        con.unregister("incoming_frame")


def log_load(con: duckdb.DuckDBPyConnection, partition: Partition, step: str, run_id: str, rows: int) -> None:
    """Record in ``raw.load_log`` that ``partition`` was replaced now (inside the caller's transaction)."""
    entry = pd.DataFrame([{"logical_date": partition.logical_date, "source_id": partition.source_id, "step": step,
                           "run_id": run_id, "loaded_at": datetime.now(UTC), "rows": rows}])
    insert_frame(con, "load_log", LoadLog.validate(entry))


def _insert(con: duckdb.DuckDBPyConnection, table: str, columns: list[str], relation_sql: str,
            params: list[Any]) -> int:
    """Insert the contract's columns from a relation; return how many rows went in."""
    quoted = ", ".join(f'"{c}"' for c in columns)
    return scalar(con, f"INSERT INTO raw.{table} ({quoted}) SELECT {quoted} FROM ({relation_sql})", params)


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | dict[str, Any] | None = None) -> int:
    """The one integer a statement returns, with its result drained (DuckDB wants a connection's
    last result finished before a frame is registered on it)."""
    rows = con.execute(sql, params or []).fetchall()
    return int(rows[0][0]) if rows and rows[0][0] is not None else 0


def _replace_partition(con: duckdb.DuckDBPyConnection, settings: Settings, partition: Partition,
                       run_id: str) -> dict[str, int]:
    where, params = _where(partition)
    counts: dict[str, int] = {}
    articles_path = _parquet(settings, partition, "articles")
    if not articles_path.exists():
        raise FileNotFoundError(f"{articles_path}: partition {partition.key} was not validated")
    for table in PARTITION_TABLES:
        con.execute(f"DELETE FROM raw.{table} WHERE {where}", params)
    con.execute(f"DELETE FROM raw.quarantine WHERE {where} AND table_name <> ?", [*params, STORY_TABLE])
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
    # A story row whose article this partition no longer holds goes with it; the story step
    # assigns the date's articles again after the load.
    con.execute(f"""DELETE FROM raw.story_articles WHERE {where} AND article_id NOT IN
                    (SELECT article_id FROM raw.articles WHERE {where})""", params + params)
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
        insert_frame(con, "quarantine", Quarantine.validate(pd.DataFrame(rows, columns=columns_of(Quarantine))))
    return counts


def _replace_quarantine(con: duckdb.DuckDBPyConnection, settings: Settings, partition: Partition,
                        delete: bool = True) -> None:
    where, params = _where(partition)
    if delete:
        con.execute(f"DELETE FROM raw.quarantine WHERE {where} AND table_name <> ?", [*params, STORY_TABLE])
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
    insert_frame(con, "fetch_log", valid)
    insert_frame(con, "quarantine", quarantined)
