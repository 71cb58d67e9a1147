"""A real Airflow for tests: api-server, scheduler, dag-processor and triggerer as processes.

Each component runs in its own process group under an ``AIRFLOW_HOME`` of its own (SQLite
metadata, LocalExecutor) on a free loopback port. Teardown kills every process the cluster
started, including task processes that Airflow put in groups of their own and orphans whose
parent already died: they are found by the cluster's marker in their environment, and killed by
their id.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil

COMPONENTS = ("api-server", "scheduler", "dag-processor", "triggerer")
MARKER = "TEST_AIRFLOW_CLUSTER_ID"  # not ISNAD_*: load_settings rejects ISNAD_ variables it does not know


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class AirflowCluster:
    def __init__(self, home: Path, extra_env: dict[str, str]) -> None:
        self.home = home
        self.port = free_port()
        self.marker = uuid.uuid4().hex
        self.bin = Path(sys.executable).parent
        inherited = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "ISNAD_"))}
        self.env = {
            **inherited,
            "AIRFLOW_HOME": str(home),
            # SQLite has one writer at a time: wait for the lock up to a minute (the default 5 s is
            # too short for the scheduler, the dag-processor, the api-server and a CLI at once).
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home}/airflow.db?timeout=60",
            "PATH": f"{self.bin}:{os.environ.get('PATH', '')}",  # components start `airflow` subprocesses
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
            "AIRFLOW__CORE__PARALLELISM": "4",
            "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS": "True",
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{self.port}/execution/",
            "AIRFLOW__API__HOST": "127.0.0.1",
            "AIRFLOW__API__PORT": str(self.port),
            "AIRFLOW__API__WORKERS": "1",
            "AIRFLOW__API_AUTH__JWT_SECRET": uuid.uuid4().hex,
            "AIRFLOW__API__SECRET_KEY": uuid.uuid4().hex,
            # Only the runs a test creates: no scheduled run for "last night" appears on its own.
            "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False",
            # A crashed scheduler's tasks are reset (and run again) soon after its heartbeat is 30 s
            # old (the default threshold; lower ones make a busy scheduler declare itself dead).
            "AIRFLOW__SCHEDULER__ORPHANED_TASKS_CHECK_INTERVAL": "10",
            "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "5",
            MARKER: self.marker,
            **extra_env,
        }
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.logs = home / "component-logs"

    # --- processes -------------------------------------------------------------------------

    def airflow(self, *args: str, timeout: float = 300, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run an ``airflow`` CLI command against this cluster's home."""
        proc = subprocess.run([str(self.bin / "airflow"), *args], env=self.env, capture_output=True, text=True,
                              timeout=timeout)
        if check and proc.returncode != 0:
            raise RuntimeError(f"airflow {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
        return proc

    def start(self, *components: str, **env: str) -> None:
        """Start components (all by default), each in a process group of its own; ``env`` adds variables."""
        self.logs.mkdir(parents=True, exist_ok=True)
        for name in components or COMPONENTS:
            with (self.logs / f"{name}.log").open("ab") as log:
                self.procs[name] = subprocess.Popen([str(self.bin / "airflow"), name], env={**self.env, **env},
                                                    stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                                                    cwd=self.home)

    def crash(self, name: str) -> list[str]:
        """SIGKILL a component and every process under it (workers, task supervisors, tasks and their
        children, whatever their process group): the machine it ran on died. Returns what was killed."""
        proc = self.procs.pop(name)
        try:
            tree = [psutil.Process(proc.pid)]
            tree += tree[0].children(recursive=True)
        except psutil.NoSuchProcess:
            tree = []
        killed = []
        for process in tree:
            try:
                killed.append(" ".join(process.cmdline())[:100])
                process.kill()
            except psutil.NoSuchProcess:
                continue
        psutil.wait_procs(tree, timeout=30)
        proc.wait(timeout=30)
        return killed

    def ours(self) -> list[psutil.Process]:
        """Every live process carrying this cluster's marker (components, workers, tasks, orphans)."""
        found = []
        for process in psutil.process_iter():
            try:
                if process.pid != os.getpid() and process.environ().get(MARKER) == self.marker:
                    found.append(process)
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
        return found

    def stop(self) -> list[str]:
        """Stop everything: SIGTERM each component's group, then SIGKILL whatever carries the marker.

        Returns the command lines of processes that needed the final SIGKILL sweep (for the record).
        """
        for name in list(self.procs):
            proc = self.procs[name]
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for proc in self.procs.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        swept = []
        for _ in range(3):
            leftovers = self.ours()
            if not leftovers:
                break
            for process in leftovers:
                try:
                    swept.append(" ".join(process.cmdline())[:120])
                    process.kill()
                except psutil.NoSuchProcess:
                    continue
            psutil.wait_procs(leftovers, timeout=10)
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.wait(timeout=10)
        self.procs.clear()
        return swept

    def log_tail(self, lines: int = 40) -> str:
        parts = []
        for path in sorted(self.logs.glob("*.log")):
            text = path.read_text(errors="replace").splitlines()[-lines:]
            parts.append(f"--- {path.name}\n" + "\n".join(text))
        return "\n".join(parts)

    # --- REST API ----------------------------------------------------------------------------

    def api(self, method: str, path: str, body: Any = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/api/v2{path}", data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")

    def api_ready(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/v2/monitor/health", timeout=5) as r:
                return bool(r.status == 200)
        except (urllib.error.URLError, OSError):
            return False

    def wait_for(self, what: str, check: Callable[[], Any], timeout: float, every: float = 2.0) -> Any:
        """Poll ``check`` until it returns something truthy; fail with the components' logs after ``timeout``."""
        deadline = time.monotonic() + timeout
        while True:
            value = check()
            if value:
                return value
            for name, proc in self.procs.items():
                if proc.poll() is not None:
                    raise AssertionError(f"{name} exited ({proc.returncode}) while waiting for {what}\n"
                                         + self.log_tail())
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}\n" + self.log_tail())
            time.sleep(every)

    def runs(self, dag_id: str) -> list[dict[str, Any]]:
        return list(self.api("GET", f"/dags/{dag_id}/dagRuns?limit=100&order_by=logical_date")["dag_runs"])

    def task_instances(self, dag_id: str, run_id: str) -> list[dict[str, Any]]:
        quoted = urllib.request.quote(run_id, safe="")
        return list(self.api("GET", f"/dags/{dag_id}/dagRuns/{quoted}/taskInstances?limit=500")["task_instances"])
