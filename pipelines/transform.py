"""Transform: ``dbt build`` of the marts against the warehouse file, as one writer.

dbt runs in a subprocess with the warehouse path in its environment (``profiles.yml`` reads
``ISNAD_WAREHOUSE``); its target and logs stay under the data folder, and each run's
``run_results.json`` is kept per run id for later inspection.

Marts over large history are incremental (they rebuild only the dates loaded since their last
build, from ``raw.load_log``); ``full_refresh`` rebuilds everything, as after a change to a
mart's columns (incremental models refuse a schema change: ``on_schema_change='fail'``).
dbt unit tests check the mart logic on fixed rows, not the night's data, so nightly builds
leave them out (``unit_tests=True`` runs them too; the test suite does).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from pipelines.config import Settings


class DbtBuildFailed(RuntimeError):
    """``dbt build`` failed: a model errored or a data test found bad rows."""


@dataclass
class DbtResult:
    run_results: Path
    statuses: dict[str, int]


def dbt_executable() -> str:
    """The dbt installed beside this interpreter (the project's environment), else the one on PATH."""
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def run_dbt(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    """Run a dbt command on the project against ``settings.warehouse_path``."""
    target = settings.dbt_target_dir
    env = {**os.environ, "ISNAD_WAREHOUSE": str(settings.warehouse_path.resolve()),
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    command = [dbt_executable(), *args, "--project-dir", str(settings.dbt_project_dir),
               "--profiles-dir", str(settings.dbt_project_dir), "--target-path", str(target),
               "--log-path", str(target.parent / "logs")]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


def build_marts(settings: Settings, run_id: str, full_refresh: bool = False, unit_tests: bool = False) -> DbtResult:
    """``dbt build`` (models and their data tests); raise ``DbtBuildFailed`` with dbt's own words on failure."""
    args = ["build", "--no-use-colors"] + (["--full-refresh"] if full_refresh else [])
    if not unit_tests:
        args += ["--exclude-resource-type", "unit_test"]
    proc = run_dbt(settings, *args)
    results_file = settings.dbt_target_dir / "run_results.json"
    kept = settings.data_dir / "dbt" / "runs" / run_id / "run_results.json"
    statuses: dict[str, int] = {}
    if results_file.exists():
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(results_file, kept)
        for result in json.loads(results_file.read_text(encoding="utf-8")).get("results", []):
            statuses[result["status"]] = statuses.get(result["status"], 0) + 1
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-25:])
        raise DbtBuildFailed(f"dbt build failed (exit {proc.returncode}):\n{tail}")
    return DbtResult(kept, statuses)
