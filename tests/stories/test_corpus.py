"""Regression on real articles: the dev pairs of one SaudiNewsNet day, scored by the shared scorer.

Runs the nightly assignment over the dev day and the two corpus days before it (the windows need
history), writes the export and runs ``../shared/eval/score_pairs.py``. Floors sit below the
measured figures (story 0.94, copy 0.945) so that only a real regression fails.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, require_shared

DAYS = ("2015-08-03", "2015-08-04", "2015-08-06")


def _bench_module():
    spec = importlib.util.spec_from_file_location("eval_stories", REPO_ROOT / "bench" / "eval_stories.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
@pytest.mark.corpus
def test_dev_pairs_story_and_copy_f1(tmp_path: Path) -> None:
    pairs = require_shared("eval", "pairs-dev.jsonl")
    scorer = require_shared("eval", "score_pairs.py")
    for day in DAYS:
        require_shared("corpora", "saudinewsnet", f"{day}.zip")
    bench = _bench_module()
    from pipelines.stories import StoryConfig, write_export

    state, frame, _ = bench.run(list(DAYS), StoryConfig(), False)
    out = tmp_path / "stories.jsonl"
    write_export(state, frame, out)
    result_file = tmp_path / "scores.json"
    subprocess.run(
        [sys.executable, str(scorer), str(pairs), str(out), "--json", str(result_file)],
        check=True,
        capture_output=True,
    )
    result = json.loads(result_file.read_text(encoding="utf-8"))
    assert result["pairs_without_prediction"] == 0
    assert result["story"]["f1"] >= 0.88, result["story"]
    assert result["copy"]["f1"] >= 0.90, result["copy"]
