"""Incident detection F1 and casualty-figure accuracy on the shared dev gold set, scored by
``../shared/eval/score_incidents.py`` itself."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from pipelines.extract.events import find_incidents
from tests.conftest import require_shared


@pytest.mark.corpus
def test_incident_f1_and_figures_on_dev_gold(tmp_path: Path) -> None:
    gold = require_shared("eval", "gold-incidents-dev.jsonl")
    scorer = require_shared("eval", "score_incidents.py")
    pred = tmp_path / "pred.jsonl"
    with gold.open(encoding="utf-8") as f, pred.open("w", encoding="utf-8") as out:
        for line in f:
            doc = json.loads(line)
            text = doc["text"]
            published = date.fromisoformat(doc["published"][:10]) if doc.get("published") else None
            incidents = [
                {
                    "type": i.type,
                    "trigger": list(i.trigger),
                    "date": i.date.isoformat() if i.date else None,
                    "place": text[i.place[0] : i.place[1]] if i.place else None,
                    "killed": i.killed,
                    "injured": i.injured,
                    "arrested": i.arrested,
                }
                for i in find_incidents(text, doc.get("lang") or "ar", published)
            ]
            out.write(
                json.dumps({"doc_id": doc["doc_id"], "incidents": incidents}, ensure_ascii=False) + "\n"
            )
    result = subprocess.run(
        [sys.executable, str(scorer), str(gold), str(pred)], capture_output=True, text=True, check=True
    )
    match = re.search(r"incidents_f1=([0-9.]+) figures_accuracy=([0-9.]+)", result.stdout)
    assert match, result.stdout
    # reached: F1 0.946, figures 0.985, date 0.932, place 0.864 (thresholds a little below)
    assert float(match.group(1)) >= 0.92, result.stdout
    assert float(match.group(2)) >= 0.96, result.stdout
    fields = dict(re.findall(r"(date|place) ([0-9.]+)", result.stdout))
    assert float(fields["date"]) >= 0.90, result.stdout
    assert float(fields["place"]) >= 0.83, result.stdout
