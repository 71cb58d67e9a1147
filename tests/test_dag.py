"""The Airflow DAG: it imports cleanly, and one dag.test() run loads the sample into the marts."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, SAMPLE_SOURCES

DAGS = REPO_ROOT / "dags"


@pytest.fixture(scope="module")
def airflow_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An Airflow home of its own with a migrated SQLite metadata database."""
    home = tmp_path_factory.mktemp("airflow-home")
    env = {**os.environ, "AIRFLOW_HOME": str(home), "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
           "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS), "ISNAD_DATA_DIR": str(home / "data"),
           "ISNAD_SOURCES_FILE": str(SAMPLE_SOURCES), "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    subprocess.run([sys.executable, "-m", "airflow", "db", "migrate"], env=env, check=True, capture_output=True)
    return env


def _python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=600)


def test_dagbag_imports_without_errors(airflow_env: dict[str, str]) -> None:
    code = f"""
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(dag_folder={str(DAGS)!r})
assert not bag.import_errors, bag.import_errors
dag = bag.get_dag("isnad_nightly")
assert dag is not None
for t in dag.tasks:
    assert t.owner == "isnad", t.task_id
print(sorted(t.task_id for t in dag.tasks))
"""
    proc = _python(code, airflow_env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "'dbt_build'" in proc.stdout and "'fetch'" in proc.stdout


@pytest.mark.slow
def test_dag_test_loads_the_sample_day(airflow_env: dict[str, str]) -> None:
    # The run at 2026-11-24 02:00 covers the data interval that starts on 2026-11-23.
    run_at = datetime(2026, 11, 24, 2, tzinfo=UTC)
    code = f"""
from datetime import datetime
from airflow.dag_processing.dagbag import DagBag
dag = DagBag(dag_folder={str(DAGS)!r}).get_dag("isnad_nightly")
run = dag.test(logical_date=datetime.fromisoformat({run_at.isoformat()!r}))
print("STATE", run.state)
"""
    proc = _python(code, airflow_env)
    assert "STATE success" in proc.stdout, (proc.stdout + proc.stderr)[-4000:]
    import duckdb

    con = duckdb.connect(str(Path(airflow_env["ISNAD_DATA_DIR"]) / "isnad.duckdb"), read_only=True)
    days = con.execute("SELECT DISTINCT logical_date FROM raw.articles").fetchall()
    assert [str(d[0]) for d in days] == ["2026-11-23"]
    assert con.execute("SELECT sum(articles) FROM marts.mart_sourcing_daily").fetchone()[0] == 4  # type: ignore[index]
