"""The run ledger: which stage each source reached in a run, and why it stopped.

Stages may run in different processes (Airflow tasks on different workers), so each records its
outcome in a small JSON file under ``<data_dir>/runs/<run_id>/``. The load stage reads the
ledger to know which sources' partitions to replace and which failures to record; ``isnad run``
writes the same ledger, so both paths load the same way.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipelines.load import SourceOutcome
from pipelines.partitions import atomic_path

STAGES = ("fetch", "parse", "extract", "validate")


def _safe(run_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", run_id)


class RunLedger:
    def __init__(self, data_dir: Path, run_id: str) -> None:
        self.run_id = run_id
        self.folder = data_dir / "runs" / _safe(run_id)

    def reset(self) -> None:
        """Forget this run's outcomes: a run that starts again (an Airflow run cleared as a whole)
        must not load a source on the strength of an earlier attempt's stages."""
        shutil.rmtree(self.folder, ignore_errors=True)

    def _path(self, source_id: str, stage: str) -> Path:
        return self.folder / source_id / f"{stage}.json"

    def record(self, source_id: str, stage: str, ok: bool, reason: str = "", **counts: Any) -> None:
        with atomic_path(self._path(source_id, stage)) as tmp:
            tmp.write_text(json.dumps({"ok": ok, "reason": reason, "counts": counts}), encoding="utf-8")

    @contextmanager
    def stage(self, source_id: str, stage: str) -> Iterator[dict[str, Any]]:
        """Record the block's outcome for (source, stage); the caller may add counts to the dict."""
        counts: dict[str, Any] = {}
        try:
            yield counts
        except Exception as exc:
            self.record(source_id, stage, False, f"{type(exc).__name__}: {exc}")
            raise
        self.record(source_id, stage, True, **counts)

    def outcome(self, source_id: str) -> SourceOutcome:
        """Ok only when every stage up to validation succeeded in this run."""
        counts: dict[str, int] = {}
        for stage in STAGES:
            path = self._path(source_id, stage)
            if not path.exists():
                return SourceOutcome(ok=False, stage=stage, reason="did not run (an earlier task failed)",
                                     counts=counts)
            entry = json.loads(path.read_text(encoding="utf-8"))
            if not entry["ok"]:
                return SourceOutcome(ok=False, stage=stage, reason=entry["reason"], counts=counts)
            counts.update(entry["counts"])
        return SourceOutcome(ok=True, counts=counts)

    def outcomes(self, source_ids: list[str]) -> dict[str, SourceOutcome]:
        return {source_id: self.outcome(source_id) for source_id in source_ids}
