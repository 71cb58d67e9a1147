"""Shared fixtures. Tests that need ``../shared`` skip where it is absent (a user's clone) and fail
when the ``CI`` variable is set, so CI can never pass by skipping them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = Path(os.environ.get("ISNAD_SHARED_DIR", REPO_ROOT.parent / "shared")).resolve()


def require_shared(*parts: str) -> Path:
    """The path ``../shared/<parts>``; skip (or fail under CI) when it is missing."""
    path = SHARED_DIR.joinpath(*parts)
    if not path.exists():
        message = f"{path} is missing: these tests need the shared corpora and gold sets beside the clone"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return require_shared()


SAMPLE_SOURCES = REPO_ROOT / "sample" / "sources.yml"
SAMPLE_START, SAMPLE_END = "2026-11-23", "2026-11-25"


def sample_settings(data_dir: Path, **overrides: object):  # type: ignore[no-untyped-def]
    """Settings for a run of the bundled sample into ``data_dir`` (no environment, no config file)."""
    from pipelines.config import load_settings

    return load_settings(env={}, config_file=None, data_dir=data_dir,
                         sources_file=overrides.pop("sources_file", SAMPLE_SOURCES), **overrides)


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The bundled sample run once through every stage and dbt, shared by read-only tests."""
    from datetime import date

    from pipelines.run import run_dates

    settings = sample_settings(tmp_path_factory.mktemp("sample-run"))
    result = run_dates(settings, date.fromisoformat(SAMPLE_START), date.fromisoformat(SAMPLE_END))
    assert not result.failures, result.failures
    return settings


@pytest.fixture(scope="session")
def sample_story_warehouse(sample_warehouse):  # type: ignore[no-untyped-def]
    """The sample warehouse: ``run_dates`` runs the story step, so the story marts have rows. Read-only."""
    return sample_warehouse


# The report page's screenshot (tests/test_report_browser.py) is named in the run's summary, so the
# CI output says where to find it.
REPORT_SCREENSHOT = REPO_ROOT / "test-output" / "report.png"
_SESSION_STARTED: list[float] = []


def pytest_sessionstart(session: pytest.Session) -> None:
    import time

    _SESSION_STARTED.append(time.time())


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    shot = REPORT_SCREENSHOT
    if _SESSION_STARTED and shot.exists() and shot.stat().st_mtime >= _SESSION_STARTED[0]:
        terminalreporter.write_line(f"report screenshot (from tests/test_report_browser.py): {shot}")
