"""The Airflow DAGs: wiring that parses fast, a shape as documented, and dag.test() runs against
a real HTTP server serving fixture feeds (the marts fill; a rerun leaves them identical; a broken
sources file fails the first task and writes nothing).

Airflow runs in subprocesses with an AIRFLOW_HOME of their own, so nothing here touches ~/airflow.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tests.support.feeds import HTTP_ENV, harbor_records, routes, write_sources
from tests.support.http_server import serve
from tests.support.warehouse import snapshot

DAGS = REPO_ROOT / "dags"
NIGHTLY = DAGS / "isnad_nightly.py"
CONSUMER = DAGS / "isnad_marts_consumer.py"
MART_MODELS = sorted(p.stem for p in (REPO_ROOT / "dbt_project" / "models" / "marts").glob("mart_*.sql"))

# The production retry policy, as the DAG's docstring and the README document it.
DOCUMENTED_RETRIES = {"plan": 0, "per_source.fetch": 3, "per_source.parse": 1, "per_source.extract": 1,
                      "per_source.validate": 0, "load": 1, "stories": 1, "dbt_build": 1}
# Tests shorten the delays through the Airflow configuration, never by editing the DAG.
FAST_RETRIES = {"AIRFLOW__ISNAD__FETCH_RETRIES": "1", "AIRFLOW__ISNAD__FETCH_RETRY_DELAY": "1",
                "AIRFLOW__ISNAD__RETRY_DELAY": "1"}


def _base_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "ISNAD_"))}
    return {**env, "AIRFLOW_HOME": str(home), "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS), "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}


@pytest.fixture(scope="module")
def airflow_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An Airflow home of its own with a migrated SQLite metadata database and the isnad pool."""
    home = tmp_path_factory.mktemp("airflow-home")
    env = {**_base_env(home), **HTTP_ENV, **FAST_RETRIES}
    airflow = str(Path(sys.executable).parent / "airflow")
    subprocess.run([airflow, "db", "migrate"], env=env, check=True, capture_output=True, timeout=600)
    subprocess.run([airflow, "pools", "import", str(DAGS / "pools.json")], env=env, check=True, capture_output=True,
                   timeout=300)
    return env


def _python(code: str, env: dict[str, str], timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=timeout,
                          cwd=REPO_ROOT)


def _json_line(proc: subprocess.CompletedProcess[str], tag: str) -> object:
    for line in proc.stdout.splitlines():
        if line.startswith(tag + " "):
            return json.loads(line[len(tag) + 1:])
    raise AssertionError(f"no {tag} line in the output:\n{(proc.stdout + proc.stderr)[-5000:]}")


# --- parsing --------------------------------------------------------------------------------

HEAVY = ("pandas", "numpy", "duckdb", "pyarrow", "dbt", "trafilatura", "lingua", "pandera", "requests", "pipelines")


def test_dag_files_parse_fast_and_import_no_pipeline_code(tmp_path: Path) -> None:
    """DAG files hold wiring only: the dag-processor re-parses them often, on every machine."""
    code = f"""
import json, runpy, sys, time
started = time.perf_counter()
import airflow.sdk  # what any DAG file costs
sdk_loaded = time.perf_counter()
for path in ({str(NIGHTLY)!r}, {str(CONSUMER)!r}):
    runpy.run_path(path)
done = time.perf_counter()
heavy = sorted({{m.split(".")[0] for m in sys.modules}} & set({HEAVY!r}))
print("TIMES", json.dumps({{"total": done - started, "dag_files": done - sdk_loaded, "heavy": heavy}}))
"""
    proc = _python(code, _base_env(tmp_path))
    result = _json_line(proc, "TIMES")
    assert isinstance(result, dict)
    assert result["heavy"] == [], f"parsing the DAG files imported {result['heavy']}"
    assert result["dag_files"] < 3.0, result  # the DAG files' own work: a few Asset and task objects
    assert result["total"] < 60.0, result  # airflow.sdk included, on a busy machine


# --- shape ------------------------------------------------------------------------------------

_DESCRIBE = """
import json
from datetime import datetime, UTC
from airflow.dag_processing.dagbag import DagBag
from airflow.serialization.encoders import coerce_to_core_timetable
from airflow.timetables.base import DataInterval, TimeRestriction

bag = DagBag(dag_folder=DAGS)
out = {"import_errors": {k: str(v) for k, v in bag.import_errors.items()}, "dags": {}}
for dag in bag.dags.values():
    dag.check_cycle()
    timetable = coerce_to_core_timetable(dag.timetable)
    condition = getattr(dag.timetable, "asset_condition", None)
    info = {"schedule": getattr(timetable, "summary", None), "catchup": dag.catchup,
            "max_active_runs": dag.max_active_runs, "tags": sorted(dag.tags),
            "schedule_assets": sorted(a.uri for a in condition.objects) if condition else [],
            "tasks": {}}
    if dag.dag_id == "isnad_nightly":
        last = DataInterval(datetime(2026, 11, 22, 2, tzinfo=UTC), datetime(2026, 11, 23, 2, tzinfo=UTC))
        nxt = timetable.next_dagrun_info(last_automated_data_interval=last,
                                         restriction=TimeRestriction(dag.start_date, None, True))
        info["next_run"] = [nxt.run_after.isoformat(), nxt.data_interval.start.isoformat(),
                            nxt.data_interval.end.isoformat()]
        info["timezone"] = str(timetable._timezone)
    for t in dag.tasks:
        info["tasks"][t.task_id] = {
            "owner": t.owner, "retries": t.retries, "pool": t.pool, "queue": t.queue,
            "trigger_rule": getattr(t.trigger_rule, "value", t.trigger_rule),
            "backoff": bool(t.retry_exponential_backoff), "retry_delay": t.retry_delay.total_seconds(),
            "outlets": sorted(a.uri for a in t.outlets), "upstream": sorted(t.upstream_task_ids),
            "mapped": t.get_closest_mapped_task_group() is not None}
    out["dags"][dag.dag_id] = info
print("DESCRIBE", json.dumps(out))
"""


def _describe(env: dict[str, str]) -> dict:  # type: ignore[type-arg]
    proc = _python(f"DAGS = {str(DAGS)!r}\n" + _DESCRIBE, env)
    result = _json_line(proc, "DESCRIBE")
    assert isinstance(result, dict)
    return result


@pytest.fixture(scope="module")
def described(airflow_env: dict[str, str]) -> dict:  # type: ignore[type-arg]
    """The DAGs as parsed with the production defaults (none of the tests' retry settings)."""
    return _describe({k: v for k, v in airflow_env.items() if not k.startswith("AIRFLOW__ISNAD__")})


def test_dagbag_has_no_import_errors_and_both_dags(described: dict) -> None:  # type: ignore[type-arg]
    assert described["import_errors"] == {}
    assert set(described["dags"]) == {"isnad_nightly", "isnad_marts_consumer"}


def test_every_task_has_an_owner_and_the_documented_retries(described: dict) -> None:  # type: ignore[type-arg]
    for dag in described["dags"].values():
        for task_id, t in dag["tasks"].items():
            assert t["owner"] == "isnad", task_id
            assert t["retries"] is not None and t["retries"] >= 0, task_id
    tasks = described["dags"]["isnad_nightly"]["tasks"]
    assert {task_id: t["retries"] for task_id, t in tasks.items()} == DOCUMENTED_RETRIES
    assert tasks["per_source.fetch"]["backoff"] and tasks["per_source.fetch"]["retry_delay"] == 60
    assert tasks["load"]["retry_delay"] == 120


def test_the_nightly_schedule_is_02_utc_for_the_previous_day(described: dict) -> None:  # type: ignore[type-arg]
    nightly = described["dags"]["isnad_nightly"]
    assert nightly["schedule"] == "0 2 * * *" and nightly["timezone"] == "UTC"
    assert nightly["catchup"] is False and nightly["max_active_runs"] == 1
    assert nightly["tags"] == ["isnad", "nightly"]
    # The run at 02:00 on the 24th covers the data interval that starts at 02:00 on the 23rd.
    assert nightly["next_run"] == ["2026-11-24T02:00:00+00:00", "2026-11-23T02:00:00+00:00",
                                   "2026-11-24T02:00:00+00:00"]


def test_per_source_tasks_are_mapped_and_only_writers_use_the_pool(described: dict) -> None:  # type: ignore[type-arg]
    tasks = described["dags"]["isnad_nightly"]["tasks"]
    per_source = [task_id for task_id in tasks if task_id.startswith("per_source.")]
    assert sorted(per_source) == ["per_source.extract", "per_source.fetch", "per_source.parse", "per_source.validate"]
    assert all(tasks[task_id]["mapped"] for task_id in per_source)
    writers = {task_id for task_id, t in tasks.items() if t["pool"] == "isnad_warehouse"}
    assert writers == {"load", "stories", "dbt_build"}
    assert {t["queue"] for t in tasks.values()} == {"default"}  # no [isnad] warehouse_queue configured
    # load waits for every source, whatever became of it, and for plan (so a failed plan stops it).
    assert tasks["load"]["upstream"] == ["per_source.validate", "plan"]
    assert tasks["load"]["trigger_rule"] == "all_done_min_one_success"
    assert tasks["stories"]["upstream"] == ["load"]
    assert tasks["dbt_build"]["upstream"] == ["stories"]
    pools = json.loads((DAGS / "pools.json").read_text(encoding="utf-8"))
    assert pools["isnad_warehouse"]["slots"] == 1


def test_every_mart_is_published_as_an_asset_the_consumer_can_use(described: dict) -> None:  # type: ignore[type-arg]
    outlets = described["dags"]["isnad_nightly"]["tasks"]["dbt_build"]["outlets"]
    assert outlets == sorted(f"duckdb://isnad/marts/{name}" for name in MART_MODELS)
    consumer = described["dags"]["isnad_marts_consumer"]
    assert consumer["schedule_assets"] == ["duckdb://isnad/marts/mart_sourcing_daily"]
    assert set(consumer["schedule_assets"]) <= set(outlets)


def test_retries_and_the_writer_queue_come_from_the_airflow_configuration(airflow_env: dict[str, str]) -> None:
    dags = _describe({**airflow_env, "AIRFLOW__ISNAD__WAREHOUSE_QUEUE": "warehouse"})["dags"]
    tasks = dags["isnad_nightly"]["tasks"]
    assert tasks["per_source.fetch"]["retries"] == 1 and tasks["per_source.fetch"]["retry_delay"] == 1
    assert tasks["per_source.validate"]["retries"] == 0  # never retried, whatever the configuration
    queues = {task_id: t["queue"] for task_id, t in tasks.items()}
    assert queues.pop("load") == queues.pop("stories") == queues.pop("dbt_build") == "warehouse"
    assert set(queues.values()) == {"default"}
    assert dags["isnad_marts_consumer"]["tasks"]["summarise"]["queue"] == "warehouse"


# --- dag.test() ---------------------------------------------------------------------------------

_DAG_TEST = """
import json, sys
from datetime import datetime
from airflow.dag_processing.dagbag import DagBag
dag = DagBag(dag_folder=DAGS).get_dag("isnad_nightly")
run = dag.test(logical_date=datetime.fromisoformat(LOGICAL_DATE))
states = {f"{ti.task_id}[{ti.map_index}]": str(ti.state) for ti in run.get_task_instances()}
print("RESULT", json.dumps({"state": str(run.state), "run_id": run.run_id, "tasks": states}))
"""


def _dag_test(env: dict[str, str], logical_date: str) -> tuple[dict, str]:  # type: ignore[type-arg]
    code = f"DAGS = {str(DAGS)!r}\nLOGICAL_DATE = {logical_date!r}\n" + _DAG_TEST
    proc = _python(code, env)
    result = _json_line(proc, "RESULT")
    assert isinstance(result, dict)
    return result, proc.stdout + proc.stderr


@pytest.mark.slow
def test_dag_test_loads_a_day_over_http_and_a_rerun_leaves_identical_marts(
        airflow_env: dict[str, str], tmp_path: Path) -> None:
    data = tmp_path / "data"
    with serve(routes()) as server:
        env = {**airflow_env, "ISNAD_DATA_DIR": str(data),
               "ISNAD_SOURCES_FILE": str(write_sources(tmp_path / "sources.yml", server.base_url))}
        # dag.test() gives a manual run the data interval that ends at its logical date: the run
        # "at 02:00 on the 24th" processes the 23rd, as the nightly schedule does.
        first, log = _dag_test(env, "2026-11-24T02:00:00+00:00")
        assert first["state"] == "success", log[-6000:]
        once = snapshot(data / "isnad.duckdb")
        second, log = _dag_test(env, "2026-11-24T02:00:00+00:00")
        assert second["state"] == "success", log[-6000:]
        twice = snapshot(data / "isnad.duckdb")
        assert server.hits["/gulfwire.jsonl"] == 2 and server.hits["/harbor/2026-11-23.jsonl"] == 2
    assert all(state == "success" for state in first["tasks"].values()), first["tasks"]
    assert len([t for t in first["tasks"] if t.startswith("per_source.fetch")]) == 2  # one per source
    sourcing = once.marts["mart_sourcing_daily"]
    assert sorted((row[0], str(row[1]), row[2]) for row in sourcing) == [
        ("The Harbour Courier", "2026-11-23", len(harbor_records("2026-11-23"))),
        ("وكالة أنباء الخليج", "2026-11-23", 1),
    ]
    assert all(rows for rows in once.marts.values()), {name: len(rows) for name, rows in once.marts.items()}
    assert twice.marts == once.marts
    assert twice.partitions == once.partitions
    assert set(twice.duplicates.values()) == {0}
    assert [(r[1], r[2]) for r in twice.runs] == [("2026-11-23", "success")] * 2  # one log row per run
    kept = list((data / "dbt" / "runs").glob("*/run_results.json"))
    assert len(kept) == 2  # dbt's run_results.json kept per Airflow run


@pytest.mark.slow
@pytest.mark.parametrize("problem", ["missing", "broken"])
def test_a_bad_sources_file_fails_the_first_task_and_writes_nothing(
        airflow_env: dict[str, str], tmp_path: Path, problem: str) -> None:
    sources = tmp_path / "sources.yml"
    if problem == "broken":
        sources.write_text("sources:\n  - id: gulfwire\n    kind: [unclosed\n", encoding="utf-8")
    data = tmp_path / "data"
    env = {**airflow_env, "ISNAD_DATA_DIR": str(data), "ISNAD_SOURCES_FILE": str(sources)}
    result, log = _dag_test(env, "2026-11-24T02:00:00+00:00")
    assert result["state"] == "failed"
    assert result["tasks"]["plan[-1]"] == "failed"
    assert result["tasks"]["load[-1]"] == "upstream_failed" and result["tasks"]["dbt_build[-1]"] == "upstream_failed"
    reason = "sources file not found" if problem == "missing" else "not valid YAML at line"
    assert f"AirflowFailException: {sources}: {reason}" in log, log[-6000:]
    assert not data.exists(), sorted(str(p) for p in data.rglob("*"))
