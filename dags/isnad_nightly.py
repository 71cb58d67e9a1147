"""isnad_nightly: every night at 02:00 UTC, the previous day's news from sources to marts.

The run at 2026-11-24 02:00 UTC covers the data interval 2026-11-23 02:00 → 2026-11-24 02:00; the
logical date (``data_interval_start``) names the day processed, 2026-11-23. A backfill is the same
runs for past days: ``airflow backfill create --dag-id isnad_nightly --from-date 2015-07-21
--to-date 2015-08-11T02:00 --max-active-runs 1`` (see the README).

Wiring only: each task is a thin call into ``pipelines.run`` (the same functions ``isnad run``
uses), so a nightly run, a backfill and ``isnad run --start/--end`` share one code path, and
nothing heavy is imported while the DAG file is parsed.

    plan ─► per_source[source] (mapped): fetch ─► parse ─► extract ─► validate ─┐
       └──────────────────────────────────────────────────────────────────────► load ─► dbt_build ─► marts

- ``plan`` reads the sources file: a missing or broken file fails the run here, before anything
  is written. It also starts this run's ledger afresh (a cleared run starts from scratch).
- ``per_source`` is a task group mapped over the sources: many workers may fetch, parse and
  extract at once, and a failing source fails only its own mapped tasks (the ledger records why).
- ``load`` and ``dbt_build`` write the DuckDB file, which allows one writing process: both run in
  the one-slot ``isnad_warehouse`` pool, so two runs (a nightly and a backfill) never write at
  once, and on the ``[isnad] warehouse_queue`` Celery queue, so they always run on the machine
  that holds the file. ``load`` runs when every source is done, failed or not, and records the
  failures.
- ``dbt_build`` publishes each mart as an Airflow Asset, so downstream DAGs can be scheduled on it.

Retries: fetch retries with exponential backoff (networks fail for a while); validation never
retries (bad rows stay bad); plan never retries (a broken sources file stays broken). Delays come
from the ``[isnad]`` section of the Airflow configuration (``AIRFLOW__ISNAD__FETCH_RETRY_DELAY``…),
with the production defaults below.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from airflow.sdk import Asset, CronDataIntervalTimetable, chain, dag, task, task_group
from airflow.sdk.configuration import conf

DAG_ID = "isnad_nightly"
WAREHOUSE_POOL = "isnad_warehouse"  # one slot: the only tasks that write the DuckDB file run in it
OWNER = "isnad"
TAGS = ["isnad", "nightly"]


def _config(name: str, default: float) -> float:
    """A tunable from ``[isnad]`` in the Airflow config (or ``AIRFLOW__ISNAD__<NAME>``)."""
    return conf.getfloat("isnad", name, fallback=default)


FETCH_RETRIES = int(_config("fetch_retries", 3))
FETCH_RETRY_DELAY = timedelta(seconds=_config("fetch_retry_delay", 60))
FETCH_MAX_RETRY_DELAY = timedelta(seconds=_config("fetch_max_retry_delay", 30 * 60))
RETRIES = int(_config("retries", 1))
RETRY_DELAY = timedelta(seconds=_config("retry_delay", 120))
# The Celery queue of the writer tasks: a deployment with workers on several machines routes them
# to the one worker that holds the DuckDB file (docker/docker-compose.yml: queue "warehouse").
WAREHOUSE_QUEUE = conf.get("isnad", "warehouse_queue", fallback=conf.get("operators", "default_queue"))


def mart_asset(name: str) -> Asset:
    """The Asset a mart is published as; downstream DAGs schedule on ``mart_asset("mart_…")``."""
    return Asset(name=f"isnad.marts.{name}", uri=f"duckdb://isnad/marts/{name}", group="isnad")


def _mart_names() -> list[str]:
    """The marts are the dbt project's ``models/marts/mart_*.sql`` (a file listing, no dbt parse)."""
    project = Path(os.environ.get("ISNAD_DBT_PROJECT_DIR") or Path(__file__).resolve().parent.parent / "dbt_project")
    names = sorted(p.stem for p in (project / "models" / "marts").glob("mart_*.sql"))
    if not names:
        raise RuntimeError(f"no marts under {project}/models/marts: set ISNAD_DBT_PROJECT_DIR to the dbt project")
    return names


MARTS = [mart_asset(name) for name in _mart_names()]


# --- helpers run inside tasks only (they import the pipeline, which DAG parsing must not) ---------


def _settings() -> Any:
    from pipelines.config import load_settings

    return load_settings()


def _day(context: dict[str, Any]) -> Any:
    """The day a run processes: the start of its data interval."""
    return context["data_interval_start"].date()


def _source(settings: Any, source_id: str) -> Any:
    """The configured source ``source_id``; also labels the mapped task with it in the UI."""
    from airflow.sdk import get_current_context

    from pipelines.sources import load_sources

    get_current_context()["source_id"] = source_id  # read by map_index_template (the UI's label)
    for source in load_sources(settings.sources_file):
        if source.id == source_id:
            return source
    raise LookupError(f"source {source_id!r} is no longer in {settings.sources_file}")


PER_SOURCE = {"map_index_template": "{{ source_id }}"}


@dag(
    dag_id=DAG_ID,
    schedule=CronDataIntervalTimetable("0 2 * * *", timezone="UTC"),
    start_date=datetime(2000, 1, 1, tzinfo=UTC),  # backfills reach years back; catchup is off
    catchup=False,  # a new deployment runs last night only; history is an explicit backfill
    max_active_runs=1,  # nightly and manual runs go one day at a time (backfills: --max-active-runs 1)
    dagrun_timeout=timedelta(hours=20),  # a stuck night must not block the next one forever
    tags=TAGS,
    default_args={
        "owner": OWNER,
        "retries": RETRIES,
        "retry_delay": RETRY_DELAY,
        "execution_timeout": timedelta(hours=6),
    },
    doc_md=__doc__,
)
def isnad_nightly() -> None:
    @task(retries=0)
    def plan(**context: Any) -> list[str]:
        """Check the sources file (a broken one fails here, before anything is written); return the ids."""
        from airflow.sdk.exceptions import AirflowFailException

        from pipelines.config import ConfigError
        from pipelines.ledger import RunLedger
        from pipelines.sources import SourcesError, load_sources

        try:
            settings = _settings()
            sources = load_sources(settings.sources_file)
        except (ConfigError, SourcesError) as exc:
            raise AirflowFailException(str(exc)) from exc  # not transient: no retry
        print(f"{len(sources)} sources from {settings.sources_file}; warehouse {settings.warehouse_path.resolve()}")
        RunLedger(settings.data_dir, str(context["run_id"])).reset()
        return [s.id for s in sources]

    @task(retries=FETCH_RETRIES, retry_delay=FETCH_RETRY_DELAY, retry_exponential_backoff=True,
          max_retry_delay=FETCH_MAX_RETRY_DELAY, **PER_SOURCE)
    def fetch(source_id: str, **context: Any) -> None:
        from pipelines.run import fetch_step

        settings = _settings()
        fetch_step(settings, _source(settings, source_id), _day(context), str(context["run_id"]))

    @task(**PER_SOURCE)
    def parse(source_id: str, **context: Any) -> None:
        from pipelines.run import parse_step

        settings = _settings()
        parse_step(settings, _source(settings, source_id), _day(context), str(context["run_id"]))

    @task(**PER_SOURCE)
    def extract(source_id: str, **context: Any) -> None:
        from pipelines.run import extract_step

        settings = _settings()
        extract_step(settings, _source(settings, source_id), _day(context), str(context["run_id"]))

    @task(retries=0, **PER_SOURCE)
    def validate(source_id: str, **context: Any) -> None:
        from pipelines.run import validate_step

        settings = _settings()
        validate_step(settings, _source(settings, source_id), _day(context), str(context["run_id"]))

    @task_group
    def per_source(source_id: str) -> None:
        """One source's stages; mapped over the sources, instance i waits only on instance i."""
        chain(fetch(source_id), parse(source_id), extract(source_id), validate(source_id))

    # The writer steps, in order: each runs in the one-slot pool. A new step that writes the
    # warehouse (e.g. stories, between load and dbt_build) is one more @writer task in this chain.
    def writer(**kwargs: Any) -> Any:
        return task(pool=WAREHOUSE_POOL, pool_slots=1, queue=WAREHOUSE_QUEUE, **kwargs)

    @writer(trigger_rule="all_done_min_one_success")
    def load(source_ids: list[str], **context: Any) -> dict[str, Any]:
        """Runs once every source is done, failed or not: failures are recorded, their old rows kept.

        It does not run when ``plan`` failed (nothing succeeded upstream), so a bad sources file
        writes nothing.
        """
        from airflow.sdk.exceptions import AirflowFailException

        from pipelines.run import load_step

        settings = _settings()
        summary = load_step(settings, list(source_ids), _day(context), str(context["run_id"]),
                            context["dag_run"].start_date)
        print(f"loaded {summary.logical_date}: {summary.status} {summary.rows}")
        if summary.status == "failed":  # recorded in raw.runs; the marts have nothing new to build
            raise AirflowFailException(f"every source failed on {summary.logical_date}: see raw.runs / raw.fetch_log")
        return {"status": summary.status, **summary.rows}

    @writer()
    def stories(**context: Any) -> dict[str, int]:
        """Assign the day's articles to stories and copy groups against the stored history."""
        from pipelines.run import story_step

        summary = story_step(_settings(), _day(context), str(context["run_id"]))
        print(f"stories {summary.logical_date}: {summary.loaded} assigned, {summary.quarantined} quarantined")
        return {"assigned": summary.loaded, "quarantined": summary.quarantined}

    @writer(outlets=MARTS)
    def dbt_build(**context: Any) -> dict[str, int]:
        """``dbt build`` as one process (DuckDB has one writer); run_results.json kept per run."""
        from pipelines.transform import build_marts

        result = build_marts(_settings(), str(context["run_id"]))
        print(f"dbt build: {result.statuses}; run results kept at {result.run_results}")
        return result.statuses

    sources = plan()
    loaded = load(sources)
    per_source.expand(source_id=sources) >> loaded
    chain(loaded, stories(), dbt_build())


isnad_nightly()
