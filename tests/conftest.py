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
