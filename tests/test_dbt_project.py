"""The dbt project itself: its unit tests of the mart logic pass, ``dbt docs generate`` works, and
every model and every column the warehouse holds is described."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from pipelines.config import Settings
from pipelines.transform import run_dbt


@pytest.fixture(scope="module")
def project(sample_story_warehouse: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A private copy of the built sample: dbt opens the file for writing."""
    data_dir = tmp_path_factory.mktemp("dbt-project") / "data"
    shutil.copytree(sample_story_warehouse.data_dir, data_dir)
    return replace(sample_story_warehouse, data_dir=data_dir)


def test_the_unit_tests_of_the_mart_logic_pass(project: Settings) -> None:
    proc = run_dbt(project, "test", "--select", "test_type:unit", "--no-use-colors")
    assert proc.returncode == 0, proc.stdout[-3000:]
    results = json.loads((project.dbt_target_dir / "run_results.json").read_text(encoding="utf-8"))["results"]
    tested = {r["unique_id"].split(".")[2] for r in results}
    assert {"mart_sourcing_daily", "mart_top_sources", "mart_relay_chains", "mart_event_coverage",
            "mart_entity_daily", "mart_agency_copy", "int_claims_resolved", "int_stories"} <= tested
    assert all(r["status"] == "pass" for r in results)


def test_docs_generate_and_every_model_and_column_is_described(project: Settings) -> None:
    proc = run_dbt(project, "docs", "generate", "--no-use-colors")
    assert proc.returncode == 0, proc.stdout[-3000:]
    target: Path = project.dbt_target_dir
    assert (target / "index.html").exists()
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    catalog = json.loads((target / "catalog.json").read_text(encoding="utf-8"))
    undescribed = []
    for unique_id, node in manifest["nodes"].items():
        if node["resource_type"] != "model":
            continue
        if not node["description"].strip():
            undescribed.append(unique_id)
        built = catalog["nodes"][unique_id]["columns"]
        for column in built:
            described = node["columns"].get(column, {}).get("description", "")
            if not described.strip():
                undescribed.append(f"{unique_id}.{column}")
    assert not undescribed, undescribed
    assert {n["name"] for n in manifest["nodes"].values() if n["resource_type"] == "model"} >= {
        "mart_sourcing_daily", "mart_top_sources", "mart_relay_chains", "mart_event_coverage", "mart_entity_daily",
        "mart_agency_copy", "int_claims_resolved", "int_stories", "stg_story_articles", "stg_load_log"}


def test_source_freshness_is_checked(project: Settings) -> None:
    proc = run_dbt(project, "source", "freshness", "--no-use-colors")
    # The sample's dates are fixed, so freshness may warn; it must not error, and must check every source.
    assert proc.returncode == 0, proc.stdout[-3000:]
    sources = json.loads((project.dbt_target_dir / "sources.json").read_text(encoding="utf-8"))["results"]
    assert {r["unique_id"].split(".")[-1] for r in sources} >= {"articles", "claims", "story_articles", "load_log"}


def test_a_mart_built_before_incremental_builds_asks_for_a_full_refresh(project: Settings, tmp_path: Path) -> None:
    """A warehouse from before incremental marts: the nightly build says what to do, and a full refresh does it."""
    import duckdb

    from pipelines.transform import DbtBuildFailed, build_marts

    shutil.copytree(project.data_dir, tmp_path / "data")
    settings = replace(project, data_dir=tmp_path / "data")
    con = duckdb.connect(str(settings.warehouse_path))
    con.execute("ALTER TABLE marts.mart_sourcing_daily DROP COLUMN loaded_through")
    con.close()
    with pytest.raises(DbtBuildFailed, match="run `isnad build --full-refresh` once"):
        build_marts(settings, "nightly")
    assert build_marts(settings, "refresh", full_refresh=True).statuses.get("error", 0) == 0
