"""The isnad command line: extract any text, query and inspect the warehouse read-only."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pipelines.cli import app

runner = CliRunner()


def test_extract_writes_predictions_in_the_spec_format(tmp_path: Path) -> None:
    text = "وقال المتحدث باسم وزارة الصحة إن المستشفى سيفتتح قريبا."
    source = tmp_path / "docs.jsonl"
    source.write_text(json.dumps({"doc_id": "d1", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "preds.jsonl"
    result = runner.invoke(app, ["extract", "--input", str(source), "--output", str(out)])
    assert result.exit_code == 0, result.output
    prediction = json.loads(out.read_text(encoding="utf-8"))
    assert prediction["doc_id"] == "d1"
    claim = prediction["claims"][0]
    assert text[claim["cue"][0]:claim["cue"][1]] == "وقال"
    assert set(claim) >= {"cue", "speaker", "speaker_type", "named", "source_count", "via", "stance", "quote"}
    assert {"entities", "incidents"} <= set(prediction)


def test_extract_rejects_a_line_without_text(tmp_path: Path) -> None:
    source = tmp_path / "docs.jsonl"
    source.write_text('{"doc_id": "d1"}\n', encoding="utf-8")
    result = runner.invoke(app, ["extract", "--input", str(source), "--output", str(tmp_path / "p.jsonl")])
    assert result.exit_code == 2
    assert "docs.jsonl:1" in result.output


def test_query_prints_a_table_and_cannot_write(sample_warehouse) -> None:
    args = ["--data-dir", str(sample_warehouse.data_dir)]
    result = runner.invoke(app, ["query", "SELECT count(*) AS n FROM raw.articles", *args])
    assert result.exit_code == 0, result.output
    assert "15" in result.output
    result = runner.invoke(app, ["query", "DELETE FROM raw.articles", *args])
    assert result.exit_code == 1
    assert "read-only" in result.output.lower()


def test_status_shows_runs_counts_and_quarantine(sample_warehouse) -> None:
    result = runner.invoke(app, ["status", "--data-dir", str(sample_warehouse.data_dir)])
    assert result.exit_code == 0, result.output
    for heading in ("Last runs", "Warehouse", "Quarantine"):
        assert heading in result.output
    assert "empty_text" in result.output


def test_query_without_a_warehouse_says_so(tmp_path: Path) -> None:
    result = runner.invoke(app, ["query", "SELECT 1", "--data-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "no warehouse yet" in result.output


def test_export_stories_writes_one_line_per_article(sample_warehouse, tmp_path: Path) -> None:
    out = tmp_path / "stories.jsonl"
    result = runner.invoke(app, ["export-stories", "--output", str(out), "--data-dir", str(sample_warehouse.data_dir)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 15 and len({line["url"] for line in lines}) == 15
    assert all(set(line) == {"url", "story_id", "copy_group"} for line in lines)
    groups = [line["copy_group"] for line in lines if line["copy_group"]]
    assert len(groups) == 2 and len(set(groups)) == 1  # the agency item and the outlet that reproduced it
    stories = {}
    for line in lines:
        stories.setdefault(line["story_id"], []).append(line["url"])
    assert max(len(urls) for urls in stories.values()) >= 3
