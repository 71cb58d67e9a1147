"""Regression on the development gold sets: the extractor, run in-process exactly as the
pipeline runs it, scored by ../shared/eval/score.py itself. Fails if claim detection F1 drops
below 0.88 or strict F1 below 0.80 in either language."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.extract.claims import find_claims
from pipelines.extract.model import Extraction
from pipelines.extract.predictions import to_prediction
from tests.conftest import require_shared

MIN_F1 = 0.88
MIN_STRICT = 0.80


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["gold-dev.jsonl", "gold-dev-en.jsonl"])
def test_dev_gold_claims(name: str, tmp_path: Path) -> None:
    gold = require_shared("eval", name)
    scorer = require_shared("eval", "score.py")
    preds = tmp_path / "pred.jsonl"
    with gold.open(encoding="utf-8") as f, preds.open("w", encoding="utf-8") as out:
        for line in f:
            if not line.strip():
                continue
            doc = json.loads(line)
            claims = find_claims(doc["text"], doc.get("lang") or "ar")
            pred = to_prediction(doc["doc_id"], doc["text"], Extraction(claims=claims))
            out.write(json.dumps(pred, ensure_ascii=False) + "\n")
    result_path = tmp_path / "score.json"
    run = subprocess.run(
        [sys.executable, str(scorer), str(gold), str(preds), "--json", str(result_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    claims_score = json.loads(result_path.read_text(encoding="utf-8"))["claims"]
    print(name, run.stdout.strip().splitlines()[-1])
    assert claims_score["f1"] >= MIN_F1, claims_score
    assert claims_score["strict_f1"] >= MIN_STRICT, claims_score
