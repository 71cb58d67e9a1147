"""Nightly builds rebuild only what the loads since the last build touched, and end with the rows
a full refresh gives: dates loaded one by one, story assignments arriving later, a date rerun
with an article gone, and a date's stories regrouped (a story losing articles of another day)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from pipelines.config import Settings
from pipelines.load import connect
from pipelines.load.stories import load_story_assignments
from pipelines.run import run_dates, story_step
from pipelines.transform import build_marts
from tests.conftest import REPO_ROOT, sample_settings
from tests.support.warehouse import rows_without

pytestmark = pytest.mark.slow

DAYS = [date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)]
INCREMENTAL = ("intermediate.int_claims_resolved", "intermediate.int_stories", "marts.mart_sourcing_daily",
               "marts.mart_top_sources", "marts.mart_event_coverage", "marts.mart_entity_daily",
               "marts.mart_agency_copy")
TABLES = (*INCREMENTAL, "marts.mart_relay_chains")


def _state(settings: Settings) -> dict[str, list[tuple[Any, ...]]]:
    con = connect(settings, read_only=True)
    try:
        return {table: rows_without(con, table) for table in TABLES}
    finally:
        con.close()


def _stories(settings: Settings, day: date) -> None:
    story_step(settings, day, f"stories__{day}")


def _watermarks(settings: Settings, table: str, column: str) -> dict[Any, Any]:
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        return dict(con.execute(f"SELECT {column}, max(loaded_through) FROM {table} GROUP BY 1").fetchall())
    finally:
        con.close()


def test_nightly_builds_end_with_the_rows_of_a_full_refresh(tmp_path: Path) -> None:
    shutil.copytree(REPO_ROOT / "sample", tmp_path / "sample")
    settings = sample_settings(tmp_path / "data", sources_file=tmp_path / "sample" / "sources.yml")
    run_dates(settings, DAYS[0], DAYS[0])  # the first build is a full one
    run_dates(settings, DAYS[1], DAYS[1])
    built = _watermarks(settings, "marts.mart_sourcing_daily", "day")
    assert built[DAYS[0]] < built[DAYS[1]]  # the nightly build left the first day alone
    for day in DAYS[:2]:
        _stories(settings, day)  # story assignments arrive after their dates' builds
    run_dates(settings, DAYS[2], DAYS[2], build=False)
    _stories(settings, DAYS[2])
    build_marts(settings, "nightly-3")  # four loads since the last build, over three dates
    # A page disappears from a source and its date is run again (the story step does not rerun).
    (tmp_path / "sample" / "html" / "sada" / "2026-11-24" / "jazan-relief.html").unlink()
    run_dates(settings, DAYS[1], DAYS[1], build=False)
    # The first date's stories are regrouped: every article alone, so the flood story loses a day.
    con = connect(settings, read_only=True)
    try:
        first = con.execute("SELECT article_id FROM raw.articles WHERE logical_date = ?", [DAYS[0]]).fetchall()
    finally:
        con.close()
    singles = pd.DataFrame([{"article_id": a, "story_id": a, "copy_group": None, "copy_of": None,
                             "copy_overlap": None} for (a,) in first])
    load_story_assignments(settings, DAYS[0], singles, "stories-regrouped")
    build_marts(settings, "nightly-4")
    nightly = _state(settings)
    assert all(nightly[t] for t in TABLES), [t for t in TABLES if not nightly[t]]
    coverage_days = [r for r in nightly["marts.mart_event_coverage"] if r[1] == "assigned"]
    assert coverage_days, "the story step assigned the sample's stories"
    build_marts(settings, "full", full_refresh=True)
    refreshed = _state(settings)
    for table in TABLES:
        assert nightly[table] == refreshed[table], table
