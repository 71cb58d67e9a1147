"""A load is one transaction per date: a load killed halfway (SIGKILL in a subprocess) or broken
halfway (an unreadable Parquet file between two tables' inserts) leaves the warehouse exactly as it
was, and a rerun completes to the same warehouse and the same marts as before."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipelines.config import Settings
from pipelines.load import connect, load_date
from pipelines.partitions import Partition, staged_path
from pipelines.run import load_step, new_run_id, process_source, run_dates, story_step, validate_step
from pipelines.sources import load_sources
from pipelines.transform import build_marts
from tests.conftest import REPO_ROOT, sample_settings
from tests.support.warehouse import rows_without

pytestmark = pytest.mark.slow

FIRST, SECOND = date(2026, 11, 23), date(2026, 11, 24)
RAW_TABLES = ("articles", "claims", "entity_mentions", "entities", "event_mentions", "story_articles", "fetch_log",
              "quarantine", "runs", "load_log")
MARTS = ("mart_sourcing_daily", "mart_top_sources", "mart_relay_chains", "mart_event_coverage", "mart_entity_daily",
         "mart_agency_copy")


def raw_state(settings: Settings) -> dict[str, list[tuple[Any, ...]]]:
    """Every raw table's rows, sorted: the whole warehouse as loaded (a fetch's clock time aside)."""
    con = connect(settings, read_only=True)
    try:
        return {t: rows_without(con, f"raw.{t}", "fetched_at") for t in RAW_TABLES}
    finally:
        con.close()


def mart_state(settings: Settings) -> dict[str, list[tuple[Any, ...]]]:
    """Every mart's rows without build metadata (``loaded_through``), sorted."""
    con = connect(settings, read_only=True)
    try:
        return {m: rows_without(con, f"marts.{m}") for m in MARTS}
    finally:
        con.close()


@pytest.fixture(scope="module")
def two_days(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The sample's first two dates loaded and built."""
    settings = sample_settings(tmp_path_factory.mktemp("idempotent") / "data")
    result = run_dates(settings, FIRST, SECOND)
    assert not result.failures
    return settings


@pytest.fixture
def warehouse(two_days: Settings, tmp_path: Path) -> Settings:
    shutil.copytree(two_days.data_dir, tmp_path / "data")
    return replace(two_days, data_dir=tmp_path / "data")


def _stage_rerun(settings: Settings, day: date) -> tuple[str, list[str]]:
    """Fetch to validate every source of ``day`` again under a new run id, without loading."""
    run_id = new_run_id(day)
    sources = load_sources(settings.sources_file)
    for source in sources:
        assert process_source(settings, source, day, run_id).ok
    return run_id, [s.id for s in sources]


def test_rerunning_a_date_gives_the_same_rows_and_marts(warehouse: Settings) -> None:
    raw_before, marts_before = raw_state(warehouse), mart_state(warehouse)
    run_dates(warehouse, SECOND, SECOND)
    raw_after = raw_state(warehouse)
    new_runs = {r[0] for r in raw_after["runs"]} - {r[0] for r in raw_before["runs"]}
    assert len(new_runs) == 1
    rerun = new_runs.pop()
    # Rows carry the run that loaded them: compare without run ids, table by table.
    for table in RAW_TABLES:
        if table in ("runs", "load_log"):
            continue
        assert len(raw_after[table]) == len(raw_before[table]), table
    assert _strip_run(raw_after, rerun) == _strip_run(raw_before, _only_run(raw_before, SECOND))
    assert mart_state(warehouse) == marts_before


def _only_run(state: dict[str, list[tuple[Any, ...]]], day: date) -> str:
    return next(r[0] for r in state["runs"] if r[1] == day)


def _strip_run(state: dict[str, list[tuple[Any, ...]]], run_id: str) -> dict[str, list[tuple[Any, ...]]]:
    """The data tables with the loading run's id blanked out (it is the only thing a rerun changes)."""
    return {t: sorted((tuple("" if v == run_id else v for v in r) for r in rows), key=repr)
            for t, rows in state.items() if t not in ("runs", "load_log")}


KILLER = textwrap.dedent("""
    import os, signal, sys
    from datetime import UTC, date, datetime
    from pathlib import Path

    from pipelines.config import load_settings
    from pipelines.ledger import RunLedger
    from pipelines.load import load_date

    data_dir, sources, day, run_id, victim = sys.argv[1:6]
    settings = load_settings(env={}, data_dir=Path(data_dir), sources_file=Path(sources))
    source_ids = sorted(p.name for p in (settings.data_dir / "runs" / run_id).iterdir())
    outcomes = RunLedger(settings.data_dir, run_id).outcomes(source_ids)

    def die_after(partition):
        print("loaded", partition.source_id, flush=True)
        if partition.source_id == victim:  # half the date's partitions written, none committed
            os.kill(os.getpid(), signal.SIGKILL)

    load_date(settings, date.fromisoformat(day), run_id, outcomes, datetime.now(UTC), on_partition=die_after)
    print("committed", flush=True)
""")


def test_a_load_killed_halfway_leaves_the_warehouse_as_it_was_and_a_rerun_completes(warehouse: Settings) -> None:
    raw_before, marts_before = raw_state(warehouse), mart_state(warehouse)
    run_id, source_ids = _stage_rerun(warehouse, SECOND)
    victim = sorted(source_ids)[len(source_ids) // 2]
    proc = subprocess.run(
        [sys.executable, "-c", KILLER, str(warehouse.data_dir), str(warehouse.sources_file), SECOND.isoformat(),
         run_id, victim],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    assert proc.returncode == -9, proc.stderr
    assert proc.stdout.splitlines()[-1] == f"loaded {victim}" and "committed" not in proc.stdout
    assert raw_state(warehouse) == raw_before  # nothing of the killed load is visible
    assert mart_state(warehouse) == marts_before
    load_step(warehouse, source_ids, SECOND, run_id, datetime.now(UTC))
    story_step(warehouse, SECOND, run_id)  # the rerun goes on as a run does: stories, then dbt
    build_marts(warehouse, run_id)
    assert _strip_run(raw_state(warehouse), run_id) == _strip_run(raw_before, _only_run(raw_before, SECOND))
    assert mart_state(warehouse) == marts_before


def test_a_load_that_fails_between_two_tables_rolls_back_and_a_rerun_completes(warehouse: Settings) -> None:
    raw_before = raw_state(warehouse)
    run_id, source_ids = _stage_rerun(warehouse, SECOND)
    sources = sorted(source_ids)
    broken = staged_path(warehouse.staged_dir, "validated", Partition(SECOND, sources[-2]), "claims")
    broken.write_bytes(b"PAR1 truncated by a full disk")  # its articles insert, then its claims fail to read
    outcomes = {sid: _ok(warehouse, run_id, sid) for sid in sources}
    with pytest.raises(duckdb.Error):
        load_date(warehouse, SECOND, run_id, outcomes, datetime.now(UTC))
    assert raw_state(warehouse) == raw_before
    source = next(s for s in load_sources(warehouse.sources_file) if s.id == sources[-2])
    validate_step(warehouse, source, SECOND, run_id)  # the partition is written again
    load_step(warehouse, source_ids, SECOND, run_id, datetime.now(UTC))
    story_step(warehouse, SECOND, run_id)
    assert _strip_run(raw_state(warehouse), run_id) == _strip_run(raw_before, _only_run(raw_before, SECOND))


def _ok(settings: Settings, run_id: str, source_id: str) -> Any:
    from pipelines.ledger import RunLedger

    outcome = RunLedger(settings.data_dir, run_id).outcome(source_id)
    assert outcome.ok
    return outcome
