"""isnad_nightly on a real Airflow: api-server, scheduler, dag-processor and triggerer as processes
(LocalExecutor, SQLite metadata, an AIRFLOW_HOME of its own, a free loopback port), fixture feeds
served over HTTP by the test.

One scenario, run once by a module fixture, then examined by the tests below:

1. the run for the night of 2026-11-23, created through the REST API as the scheduler makes it;
2. ``airflow backfill create`` for 2026-11-24..26 (``--max-active-runs 1``: day by day);
   on the 26th, harbor answers 500: its mapped fetch fails after its retries, the rest goes on;
3. while the 25th is loading or building, the scheduler and every process under it are killed
   (SIGKILL), then a new scheduler is started: the run must finish without duplicate rows;
4. the nightly is paused and the scheduler restarted with the job schedule on: the example
   consumer DAG runs on the marts Asset events the runs published;
5. every process is stopped (none may be left), and ``isnad run`` over the same days, without
   Airflow, must give the same warehouse.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from tests.conftest import REPO_ROOT
from tests.support.airflow_cluster import AirflowCluster
from tests.support.feeds import DAYS, HTTP_ENV, harbor_records, routes, write_sources
from tests.support.http_server import serve
from tests.support.warehouse import Snapshot, snapshot

DAG = "isnad_nightly"
CONSUMER = "isnad_marts_consumer"
FAILING_DAY = "2026-11-26"
CRASH_DAY = "2026-11-25"
FINISHED = ("success", "failed")
FAST_RETRIES = {"AIRFLOW__ISNAD__FETCH_RETRIES": "1", "AIRFLOW__ISNAD__FETCH_RETRY_DELAY": "1",
                "AIRFLOW__ISNAD__RETRY_DELAY": "2"}


@dataclass
class Scenario:
    runs: list[dict[str, Any]] = field(default_factory=list)
    task_instances: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # day -> TIs
    crashed_during: str = ""
    killed: list[str] = field(default_factory=list)
    consumer_runs: list[dict[str, Any]] = field(default_factory=list)
    consumer_result: Any = None
    running_before_stop: int = 0
    swept: list[str] = field(default_factory=list)  # needed SIGKILL after SIGTERM
    leftovers: list[str] = field(default_factory=list)  # alive after stop(): must stay empty
    airflow: Snapshot | None = None
    isnad_run: Snapshot | None = None
    isnad_run_exit: int | None = None
    timings: dict[str, float] = field(default_factory=dict)


def _day(run: dict[str, Any]) -> str:
    return str(run["data_interval_start"])[:10]


def _run_states(cluster: AirflowCluster) -> dict[str, str]:
    return {_day(r): r["state"] for r in cluster.runs(DAG)}


def _crash_when_writing(cluster: AirflowCluster, scenario: Scenario, timeout: float) -> None:
    """Poll the run of CRASH_DAY; kill the scheduler as soon as load or dbt_build is queued or running."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = next((r for r in cluster.runs(DAG) if _day(r) == CRASH_DAY), None)
        if run is not None:
            for ti in cluster.task_instances(DAG, run["dag_run_id"]):
                if ti["task_id"] in ("load", "dbt_build") and ti["state"] in ("queued", "running"):
                    scenario.crashed_during = f"{ti['task_id']} {ti['state']}"
                    scenario.killed = cluster.crash("scheduler")
                    return
        time.sleep(0.2)
    raise AssertionError(f"the {CRASH_DAY} run never reached load\n" + cluster.log_tail())


def _run_scenario(tmp: Path, scenario: Scenario) -> None:
    started = time.monotonic()

    def mark(phase: str) -> None:
        scenario.timings[phase] = round(time.monotonic() - started, 1)

    home, data = tmp / "airflow", tmp / "airflow-data"
    home.mkdir()
    with serve(routes(fail_days={FAILING_DAY})) as server:
        sources = write_sources(tmp / "sources.yml", server.base_url)
        cluster = AirflowCluster(home, {
            **HTTP_ENV, **FAST_RETRIES, "AIRFLOW__CORE__DAGS_FOLDER": str(REPO_ROOT / "dags"),
            "ISNAD_DATA_DIR": str(data), "ISNAD_SOURCES_FILE": str(sources)})
        try:
            cluster.airflow("db", "migrate")
            cluster.airflow("pools", "import", str(REPO_ROOT / "dags" / "pools.json"))
            cluster.start()
            cluster.wait_for("the api-server", cluster.api_ready, 240)
            cluster.wait_for("both DAGs parsed", lambda: {d["dag_id"] for d in cluster.api("GET", "/dags")["dags"]}
                             >= {DAG, CONSUMER}, 240)
            mark("airflow ready")

            # 1. The night of the 23rd, with the data interval the schedule gives it.
            cluster.api("POST", f"/dags/{DAG}/dagRuns", {
                "dag_run_id": "nightly__2026-11-23", "logical_date": "2026-11-23T02:00:00Z",
                "data_interval_start": "2026-11-23T02:00:00Z", "data_interval_end": "2026-11-24T02:00:00Z"})
            cluster.wait_for("the nightly run", lambda: _run_states(cluster).get("2026-11-23") in FINISHED, 600)
            mark("nightly run done")

            # 2. A three-day backfill through the CLI, as the README documents it.
            cluster.airflow("backfill", "create", "--dag-id", DAG, "--from-date", "2026-11-24",
                            "--to-date", "2026-11-26T02:00:00+00:00", "--max-active-runs", "1")

            # 3. Crash the scheduler while the 25th writes the warehouse, then start a new one.
            _crash_when_writing(cluster, scenario, 900)
            mark("scheduler killed")
            cluster.start("scheduler")

            def all_done() -> bool:
                states = _run_states(cluster)
                return set(states) == set(DAYS) and all(s in FINISHED for s in states.values())

            cluster.wait_for("the backfill", all_done, 900)
            mark("backfill done")
            scenario.runs = cluster.runs(DAG)
            for run in scenario.runs:
                scenario.task_instances[_day(run)] = cluster.task_instances(DAG, run["dag_run_id"])

            # 4. The consumer DAG runs on the marts' Asset events once the job schedule is on.
            cluster.api("PATCH", f"/dags/{DAG}", {"is_paused": True})
            cluster.crash("scheduler")
            cluster.start("scheduler", AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE="True")
            cluster.wait_for("the consumer DAG", lambda: any(r["state"] in FINISHED for r in cluster.runs(CONSUMER)),
                             300)
            scenario.consumer_runs = cluster.runs(CONSUMER)
            run_id = quote(scenario.consumer_runs[0]["dag_run_id"], safe="")
            scenario.consumer_result = cluster.api(
                "GET", f"/dags/{CONSUMER}/dagRuns/{run_id}/taskInstances/summarise/xcomEntries/return_value")["value"]
            mark("consumer done")
        finally:
            scenario.running_before_stop = len(cluster.ours())
            scenario.swept = cluster.stop()
            scenario.leftovers = [" ".join(p.cmdline())[:100] for p in cluster.ours()]
            mark("airflow stopped")

        # 5. The same days without Airflow.
        other = tmp / "isnad-run-data"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "ISNAD_"))}
        proc = subprocess.run(
            [str(Path(sys.executable).parent / "isnad"), "run", "--start", DAYS[0], "--end", DAYS[-1],
             "--sources", str(sources), "--data-dir", str(other)],
            env={**env, **HTTP_ENV}, capture_output=True, text=True, timeout=900, cwd=tmp)
        scenario.isnad_run_exit = proc.returncode
        assert (other / "isnad.duckdb").exists(), proc.stderr[-3000:]
        mark("isnad run done")
    scenario.airflow = snapshot(data / "isnad.duckdb")
    scenario.isnad_run = snapshot(other / "isnad.duckdb")


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scenario]:
    result = Scenario()
    _run_scenario(tmp_path_factory.mktemp("scheduler"), result)
    print(f"\nreal-scheduler scenario timings (s since start): {result.timings}")
    yield result


def _tis(scenario: Scenario, day: str, task_id: str) -> list[dict[str, Any]]:
    return [ti for ti in scenario.task_instances[day] if ti["task_id"] == task_id]


@pytest.mark.slow
def test_no_airflow_process_is_left_running(scenario: Scenario) -> None:
    assert scenario.running_before_stop >= 4, "the components were running before the stop"
    assert scenario.leftovers == []


@pytest.mark.slow
def test_the_nightly_run_and_the_backfill_succeed_day_by_day(scenario: Scenario) -> None:
    assert {_day(r): (r["run_type"], r["state"]) for r in scenario.runs} == {
        "2026-11-23": ("manual", "success"), "2026-11-24": ("backfill", "success"),
        "2026-11-25": ("backfill", "success"), "2026-11-26": ("backfill", "success")}
    backfill = sorted((r for r in scenario.runs if r["run_type"] == "backfill"), key=_day)
    for before, after in itertools.pairwise(backfill):  # --max-active-runs 1: one day at a time
        assert before["end_date"] <= after["start_date"], (before, after)
    assert scenario.airflow is not None
    sourcing = {(row[0], str(row[1])): row[2] for row in scenario.airflow.marts["mart_sourcing_daily"]}
    for day in DAYS:
        expected = 0 if day == FAILING_DAY else len(harbor_records(day))
        assert sourcing.get(("The Harbour Courier", day), 0) == expected, day
    assert all(rows for rows in scenario.airflow.marts.values())


@pytest.mark.slow
def test_a_source_answering_500_fails_its_mapped_fetch_after_retries_and_the_rest_loads(scenario: Scenario) -> None:
    # Mapped tasks are labelled with their source (map_index_template) in the UI and the API.
    fetches = {ti["rendered_map_index"]: ti for ti in _tis(scenario, FAILING_DAY, "per_source.fetch")}
    assert fetches["harbor"]["state"] == "failed" and fetches["harbor"]["try_number"] == 2  # 1 retry configured
    assert fetches["gulfwire"]["state"] == "success"
    index = {"harbor": fetches["harbor"]["map_index"], "gulfwire": fetches["gulfwire"]["map_index"]}
    for source, expected in (("harbor", "upstream_failed"), ("gulfwire", "success")):
        states = {ti["task_id"]: ti["state"] for ti in scenario.task_instances[FAILING_DAY]
                  if ti["map_index"] == index[source] and ti["task_id"] != "per_source.fetch"}
        assert states and set(states.values()) == {expected}, (source, states)
    assert [ti["state"] for ti in _tis(scenario, FAILING_DAY, "load")] == ["success"]
    assert [ti["state"] for ti in _tis(scenario, FAILING_DAY, "dbt_build")] == ["success"]
    assert scenario.airflow is not None
    runs = [r for r in scenario.airflow.runs if r[1] == FAILING_DAY]
    assert [(r[2], r[3], r[4]) for r in runs] == [("partial", 1, 1)]
    assert (FAILING_DAY, "harbor", "error", "http_error", 500) in scenario.airflow.fetch_outcomes


@pytest.mark.slow
def test_a_killed_scheduler_is_replaced_and_the_run_finishes_without_duplicates(scenario: Scenario) -> None:
    assert scenario.crashed_during.split()[0] in ("load", "dbt_build"), scenario.crashed_during
    assert any("scheduler" in line for line in scenario.killed), scenario.killed
    assert scenario.airflow is not None
    assert set(scenario.airflow.duplicates.values()) == {0}, scenario.airflow.duplicates
    # One load per run in the run log: the crashed attempt's transaction never committed, or the
    # retried task replaced what it had written.
    days = [r[1] for r in scenario.airflow.runs]
    assert sorted(days) == list(DAYS), scenario.airflow.runs


@pytest.mark.slow
def test_the_consumer_dag_runs_on_the_marts_asset(scenario: Scenario) -> None:
    assert scenario.consumer_runs and scenario.consumer_runs[0]["run_type"] == "asset_triggered"
    assert scenario.consumer_runs[0]["state"] == "success"
    assert scenario.airflow is not None
    assert scenario.consumer_result["rows"] == len(scenario.airflow.marts["mart_sourcing_daily"])


@pytest.mark.slow
def test_airflow_backfill_and_isnad_run_give_the_same_warehouse(scenario: Scenario) -> None:
    assert scenario.isnad_run_exit == 1  # isnad run reports the failed source with exit status 1
    assert scenario.airflow is not None and scenario.isnad_run is not None
    assert scenario.airflow.marts == scenario.isnad_run.marts
    assert scenario.airflow.partitions == scenario.isnad_run.partitions
    assert scenario.airflow.fetch_outcomes == scenario.isnad_run.fetch_outcomes
    assert [r[1:] for r in scenario.airflow.runs] == [r[1:] for r in scenario.isnad_run.runs]
