"""Entity F1 on the shared dev gold sets, scored by ``../shared/eval/score.py`` itself."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.extract.entities import find_entities
from tests.conftest import require_shared


def _entity_f1(gold_name: str, tmp_path: Path) -> float:
    gold = require_shared("eval", gold_name)
    scorer = require_shared("eval", "score.py")
    pred = tmp_path / "pred.jsonl"
    with gold.open(encoding="utf-8") as f, pred.open("w", encoding="utf-8") as out:
        for line in f:
            doc = json.loads(line)
            ents = [
                {"text": doc["text"][m.span[0] : m.span[1]], "type": m.type}
                for m in find_entities(doc["text"], doc.get("lang") or "ar")
            ]
            out.write(
                json.dumps({"doc_id": doc["doc_id"], "claims": [], "entities": ents}, ensure_ascii=False)
                + "\n"
            )
    result = subprocess.run(
        [sys.executable, str(scorer), str(gold), str(pred)], capture_output=True, text=True, check=True
    )
    match = re.search(r"entities_f1=([0-9.]+)", result.stdout)
    assert match, result.stdout
    return float(match.group(1))


@pytest.mark.corpus
@pytest.mark.parametrize("gold_name", ["gold-dev.jsonl", "gold-dev-en.jsonl"])
def test_entity_f1_on_dev_gold(gold_name: str, tmp_path: Path) -> None:
    assert _entity_f1(gold_name, tmp_path) >= 0.75
