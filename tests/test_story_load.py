"""The story step's warehouse side: ``load_story_assignments`` validates a date's story rows,
replaces that date's rows in one transaction, quarantines bad rows with their reasons, and fails
loudly past the threshold while keeping the date's earlier assignments."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from pipelines.config import Settings
from pipelines.load import connect
from pipelines.load.stories import load_story_assignments
from pipelines.run import load_step, new_run_id, process_source, story_step
from pipelines.sources import load_sources
from pipelines.validate import QuarantineThresholdExceeded
from tests.conftest import REPO_ROOT, sample_settings

DAYS = [date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)]


def _run_sample(settings: Settings, days: list[date]) -> None:
    """Every stage of the sample for ``days``, loaded without dbt."""
    sources = load_sources(settings.sources_file)
    for day in days:
        run_id = new_run_id(day)
        for source in sources:
            process_source(settings, source, day, run_id)
        load_step(settings, [s.id for s in sources], day, run_id, datetime.now(UTC))


@pytest.fixture(scope="module")
def loaded_sample(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = sample_settings(tmp_path_factory.mktemp("stories-sample"))
    _run_sample(settings, DAYS)
    return settings


@pytest.fixture
def warehouse(loaded_sample: Settings, tmp_path: Path) -> Settings:
    """A private copy of the loaded sample, for a test that writes."""
    shutil.copytree(loaded_sample.data_dir, tmp_path / "data")
    return replace(loaded_sample, data_dir=tmp_path / "data")


def _articles(settings: Settings, day: date) -> list[tuple[str, str]]:
    con = connect(settings, read_only=True)
    try:
        return con.execute("SELECT article_id, source_id FROM raw.articles WHERE logical_date = ? ORDER BY 1",
                           [day]).fetchall()
    finally:
        con.close()


def _rows(settings: Settings, day: date, story: str = "5" * 16) -> list[dict[str, Any]]:
    return [{"article_id": aid, "story_id": story, "copy_group": None, "copy_of": None, "copy_overlap": None}
            for aid, _ in _articles(settings, day)]


def _query(settings: Settings, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    con = connect(settings, read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_a_dates_rows_load_and_a_reload_replaces_them(warehouse: Settings) -> None:
    day = DAYS[1]
    summary = load_story_assignments(warehouse, day, pd.DataFrame(_rows(warehouse, day)), "run-1")
    articles = _articles(warehouse, day)
    assert (summary.loaded, summary.quarantined, summary.unassigned) == (len(articles), 0, 0)
    stored = _query(warehouse, "SELECT article_id, source_id, logical_date, run_id FROM raw.story_articles ORDER BY 1")
    assert stored == [(aid, source, day, "run-1") for aid, source in articles]  # partition filled in from the article
    load_story_assignments(warehouse, DAYS[0], pd.DataFrame(_rows(warehouse, DAYS[0])), "run-0")
    rows = _rows(warehouse, day, story="6" * 16)[:-1]  # one article left out: it is unassigned now
    summary = load_story_assignments(warehouse, day, pd.DataFrame(rows), "run-2")
    assert (summary.loaded, summary.unassigned) == (len(articles) - 1, 1)
    by_day = _query(warehouse, """SELECT logical_date, story_id, run_id, count(*) FROM raw.story_articles
                                  GROUP BY ALL ORDER BY 1""")
    assert by_day == [(DAYS[0], "5" * 16, "run-0", len(_articles(warehouse, DAYS[0]))),
                      (day, "6" * 16, "run-2", len(articles) - 1)]
    steps = _query(warehouse, "SELECT logical_date, step, run_id FROM raw.load_log WHERE step = 'stories' ORDER BY 3")
    assert steps == [(DAYS[0], "stories", "run-0"), (day, "stories", "run-1"), (day, "stories", "run-2")]


def test_bad_story_rows_are_quarantined_and_the_rest_load(warehouse: Settings) -> None:
    day = DAYS[1]
    rows = _rows(warehouse, day)
    (first, first_source), (second, second_source) = _articles(warehouse, day)[:2]
    (other_day, other_source), (earlier, _) = _articles(warehouse, DAYS[0])[:2]
    rows[0]["story_id"] = "not-a-story"
    rows[1].update(copy_of="f" * 16, copy_group="9" * 16, copy_overlap=0.8)  # copies no article we hold
    rows.append({"article_id": other_day, "story_id": "5" * 16, "copy_group": None, "copy_of": None,
                 "copy_overlap": None})  # an article of another date
    rows[2].update(copy_of=earlier, copy_group="9" * 16, copy_overlap=0.9)  # copies an earlier day's article: fine
    settings = replace(warehouse, max_quarantine_share=0.6)
    summary = load_story_assignments(settings, day, pd.DataFrame(rows), "run-1")
    assert (summary.loaded, summary.quarantined) == (len(rows) - 3, 3)
    quarantine = _query(warehouse, """SELECT record_key, source_id, logical_date, stage, failed_checks, run_id
                                      FROM raw.quarantine WHERE table_name = 'story_articles' ORDER BY 1""")
    assert sorted(quarantine) == sorted([
        (first, first_source, day, "validate", "story_id:id_well_formed", "run-1"),
        (second, second_source, day, "validate", "copy_of_exists", "run-1"),
        (other_day, other_source, day, "validate", "article_exists", "run-1"),
    ])
    copied = _query(warehouse, "SELECT copy_of FROM raw.story_articles WHERE copy_of IS NOT NULL")
    assert copied == [(earlier,)]
    # A reload of the date replaces its story quarantine instead of adding to it.
    load_story_assignments(warehouse, day, pd.DataFrame(_rows(warehouse, day)), "run-2")
    assert _query(warehouse, "SELECT count(*) FROM raw.quarantine WHERE table_name = 'story_articles'") == [(0,)]


def test_past_the_threshold_the_dates_earlier_stories_stay_and_the_step_fails_loudly(warehouse: Settings) -> None:
    day = DAYS[2]
    load_story_assignments(warehouse, day, pd.DataFrame(_rows(warehouse, day)), "run-1")
    rows = _rows(warehouse, day, story="7" * 16)
    for row in rows[:3]:
        row["copy_overlap"] = 0.5  # an overlap without a copied article
    with pytest.raises(QuarantineThresholdExceeded, match="story_articles: 3 of"):
        load_story_assignments(replace(warehouse, max_quarantine_share=0.25), day, pd.DataFrame(rows), "run-2")
    assert _query(warehouse, "SELECT DISTINCT story_id, run_id FROM raw.story_articles") == [("5" * 16, "run-1")]
    reasons = _query(warehouse, "SELECT DISTINCT failed_checks, run_id FROM raw.quarantine WHERE table_name = ?",
                     ["story_articles"])
    assert reasons == [("copy_has_group_and_overlap", "run-2")]


def test_a_frame_without_the_contracts_columns_is_refused(warehouse: Settings) -> None:
    frame = pd.DataFrame(_rows(warehouse, DAYS[0])).drop(columns=["copy_overlap"])
    with pytest.raises(ValueError, match="copy_overlap"):
        load_story_assignments(warehouse, DAYS[0], frame, "run-1")


def test_reloading_a_partition_drops_story_rows_of_articles_it_no_longer_holds(tmp_path: Path) -> None:
    """A page removed from a source: the rerun's load removes the article and its story row, and
    leaves the story step's quarantine to that step."""
    pages = tmp_path / "html"
    shutil.copytree(REPO_ROOT / "sample" / "html" / "sada", pages / "sada")
    sources = tmp_path / "sources.yml"
    sources.write_text(f"""sources:
  - id: sada
    outlet: صدى الخليج
    kind: directory
    lang: ar
    path: {pages / 'sada' / '{date}'}
""", encoding="utf-8")
    settings = sample_settings(tmp_path / "data", sources_file=sources)
    day = DAYS[1]
    _run_sample(settings, [day])
    rows = _rows(settings, day)
    rows.append({"article_id": "0" * 16, "story_id": "5" * 16, "copy_group": None, "copy_of": None,
                 "copy_overlap": None})
    load_story_assignments(replace(settings, max_quarantine_share=0.5), day, pd.DataFrame(rows), "stories-1")
    assert len(_query(settings, "SELECT * FROM raw.story_articles")) == 2
    removed = sorted((pages / "sada" / day.isoformat()).iterdir())[0]
    removed.unlink()
    _run_sample(settings, [day])
    kept = _query(settings, "SELECT article_id FROM raw.articles")
    assert len(kept) == 1
    assert _query(settings, "SELECT article_id FROM raw.story_articles") == kept
    assert _query(settings, "SELECT failed_checks FROM raw.quarantine WHERE table_name = 'story_articles'") == [
        ("article_exists",)]


def test_the_story_step_feeds_the_loader(warehouse: Settings) -> None:
    for day in DAYS:
        summary = story_step(warehouse, day, f"stories-{day}")
        assert (summary.quarantined, summary.unassigned) == (0, 0)
    copies = _query(warehouse, """SELECT a.outlet, o.outlet FROM raw.story_articles s
                                  JOIN raw.articles a USING (article_id)
                                  JOIN raw.articles o ON o.article_id = s.copy_of""")
    assert copies == [("صدى الخليج", "وكالة أنباء الخليج")]
    flood_outlets = _query(warehouse, """SELECT count(DISTINCT a.outlet), count(DISTINCT s.logical_date)
                                         FROM raw.story_articles s JOIN raw.articles a USING (article_id)
                                         GROUP BY s.story_id ORDER BY 1 DESC LIMIT 1""")
    assert flood_outlets[0][0] >= 3  # the flood, reported by three Arabic outlets on its first day
    state = _query(warehouse, "SELECT count(*), count(DISTINCT logical_date) FROM raw.story_state")
    assert state == [(15, 3)]  # the features later days compare against, one row per article
    before = _query(warehouse, "SELECT * FROM raw.story_articles ORDER BY article_id")
    story_step(warehouse, DAYS[1], "stories-rerun")  # a rerun of a middle date changes nothing
    assert _query(warehouse, "SELECT * EXCLUDE (run_id) FROM raw.story_articles ORDER BY article_id") == [
        row[:3] + row[4:] for row in before]


def test_a_date_without_articles_clears_its_story_rows(warehouse: Settings) -> None:
    quiet = date(2026, 11, 30)
    summary = story_step(warehouse, quiet, "stories-quiet")
    assert (summary.loaded, summary.quarantined, summary.unassigned) == (0, 0, 0)
    assert _query(warehouse, "SELECT count(*) FROM raw.story_articles WHERE logical_date = ?", [quiet]) == [(0,)]
