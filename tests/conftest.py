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
def sample_story_warehouse(sample_warehouse, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The sample warehouse with story assignments (tests/support/stories.py stands in for the story
    step) and the marts built again, so the story and agency-copy marts have rows. Read-only."""
    import shutil
    from dataclasses import replace
    from datetime import date

    from pipelines.load import connect
    from pipelines.load.stories import load_story_assignments
    from pipelines.partitions import date_range
    from pipelines.transform import build_marts
    from tests.support.stories import assign_stories

    data_dir = tmp_path_factory.mktemp("sample-stories") / "data"
    shutil.copytree(sample_warehouse.data_dir, data_dir)
    settings = replace(sample_warehouse, data_dir=data_dir)
    for day in date_range(date.fromisoformat(SAMPLE_START), date.fromisoformat(SAMPLE_END)):
        con = connect(settings, read_only=True)
        try:
            frame = assign_stories(con, day, agencies={"gulfwire"})
        finally:
            con.close()
        load_story_assignments(settings, day, frame, f"stories__{day}")
    build_marts(settings, "stories")
    return settings
