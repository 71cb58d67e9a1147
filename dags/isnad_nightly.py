"""isnad_nightly: every night at 02:00 UTC, the previous day's news from sources to marts.

Wiring only: each task is a thin call into ``pipelines.run`` (the same functions ``isnad run``
uses), so a nightly run and ``airflow backfill create`` share one code path. The logical date is
the data interval's start day. Fetch, parse, extract and validate are mapped over the sources
and may run in parallel on many workers; load and dbt write the DuckDB file, so both run in the
one-slot ``isnad_warehouse`` pool.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from airflow.sdk import Asset, CronDataIntervalTimetable, dag, task

WAREHOUSE_POOL = "isnad_warehouse"
MARTS = [Asset(f"duckdb://isnad/marts/{name}") for name in
         ("mart_sourcing_daily", "mart_top_sources", "mart_relay_chains", "mart_event_coverage",
          "mart_entity_daily", "mart_agency_copy")]


def _context(context: dict[str, Any]) -> tuple[Any, Any, str]:
    """Settings, logical date and run id for a task (imports stay out of DAG parsing)."""
    from pipelines.config import load_settings

    return load_settings(), context["data_interval_start"].date(), str(context["run_id"])


def _source(settings: Any, source_id: str) -> Any:
    from pipelines.sources import load_sources

    return next(s for s in load_sources(settings.sources_file) if s.id == source_id)


@dag(
    dag_id="isnad_nightly",
    schedule=CronDataIntervalTimetable("0 2 * * *", timezone="UTC"),
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    tags=["isnad", "nightly"],
    default_args={"owner": "isnad", "retries": 1, "retry_delay": timedelta(minutes=2)},
    doc_md=__doc__,
)
def isnad_nightly() -> None:
    @task(retries=0)
    def plan(**context: Any) -> list[str]:
        """Check the sources file (a broken one fails here, before anything is written)."""
        from pipelines.sources import load_sources

        settings, _, _ = _context(context)
        return [s.id for s in load_sources(settings.sources_file)]

    @task(retries=3, retry_delay=timedelta(seconds=30), retry_exponential_backoff=True,
          max_retry_delay=timedelta(minutes=30))
    def fetch(source_id: str, **context: Any) -> str:
        from pipelines.run import fetch_step

        settings, day, run_id = _context(context)
        fetch_step(settings, _source(settings, source_id), day, run_id)
        return source_id

    @task
    def parse_and_extract(source_id: str, **context: Any) -> str:
        from pipelines.run import extract_step, parse_step

        settings, day, run_id = _context(context)
        source = _source(settings, source_id)
        parse_step(settings, source, day, run_id)
        extract_step(settings, source, day, run_id)
        return source_id

    @task(retries=0)
    def validate(source_id: str, **context: Any) -> str:
        from pipelines.run import validate_step

        settings, day, run_id = _context(context)
        validate_step(settings, _source(settings, source_id), day, run_id)
        return source_id

    @task(pool=WAREHOUSE_POOL, trigger_rule="all_done")
    def load(source_ids: list[str], **context: Any) -> dict[str, Any]:
        """Runs even when some sources failed: their failures are recorded, their old rows kept."""
        from pipelines.run import load_step

        settings, day, run_id = _context(context)
        summary = load_step(settings, list(source_ids), day, run_id, context["dag_run"].start_date)
        return {"status": summary.status, **summary.rows}

    @task(pool=WAREHOUSE_POOL, outlets=MARTS)
    def dbt_build(**context: Any) -> dict[str, int]:
        from pipelines.transform import build_marts

        settings, _, run_id = _context(context)
        return build_marts(settings, run_id).statuses

    sources = plan()
    validated = validate.expand(source_id=parse_and_extract.expand(source_id=fetch.expand(source_id=sources)))
    loaded = load(sources)
    validated >> loaded >> dbt_build()


isnad_nightly()
