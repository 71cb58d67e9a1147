"""The walking skeleton end to end: the bundled sample through every stage into DuckDB marts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipelines.load import connect
from pipelines.run import run_dates
from tests.conftest import SAMPLE_END, SAMPLE_START, sample_settings
from tests.support.warehouse import rows_without

DATA_TABLES = ("articles", "claims", "entity_mentions", "entities", "event_mentions", "fetch_log", "quarantine")
MARTS = ("mart_sourcing_daily", "mart_top_sources", "mart_event_coverage", "mart_relay_chains", "mart_entity_daily",
         "mart_agency_copy")


def _counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    tables = [f"raw.{t}" for t in DATA_TABLES] + [f"marts.{m}" for m in MARTS]
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}  # type: ignore[index]


def _mart_rows(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    """Each mart's rows without its build metadata (``loaded_through`` says when a row was built)."""
    return {m: rows_without(con, f"marts.{m}") for m in MARTS}


def test_every_mart_has_rows(sample_warehouse) -> None:
    con = connect(sample_warehouse, read_only=True)
    counts = _counts(con)
    for mart in MARTS:
        assert counts[f"marts.{mart}"] > 0, mart
    # 14 pages and 3 agency records; the empty page and the French page are quarantined.
    assert counts["raw.articles"] == 15


def test_sample_has_the_sourcing_patterns_the_marts_count(sample_warehouse) -> None:
    con = connect(sample_warehouse, read_only=True)
    row = con.execute("""SELECT sum(anonymous_share * claims), sum(relayed_share * claims),
                                sum(denial_share * claims), sum(direct_quote_share * claims)
                         FROM marts.mart_sourcing_daily WHERE claims > 0""").fetchone()
    anonymous, relayed, denials, direct = row  # type: ignore[misc]
    assert anonymous > 0 and relayed > 0 and denials > 0 and direct > 0
    types = {r[0] for r in con.execute("SELECT DISTINCT speaker_type FROM raw.claims").fetchall()}
    assert {"person", "organization", "anonymous", "media"} <= types


def test_one_event_is_covered_by_several_outlets(sample_warehouse) -> None:
    con = connect(sample_warehouse, read_only=True)
    outlets = con.execute("SELECT max(outlets) FROM marts.mart_event_coverage").fetchone()[0]  # type: ignore[index]
    assert outlets >= 3


def test_every_span_indexes_the_stored_text(sample_warehouse) -> None:
    """Offsets are sacred: the text at each stored span is exactly the text stored beside it."""
    con = connect(sample_warehouse, read_only=True)
    checks = {
        "cue": "SELECT count(*) FROM raw.claims c JOIN raw.articles a USING (article_id) "
               "WHERE substr(a.text, c.cue_start + 1, c.cue_end - c.cue_start) <> c.cue_text",
        "speaker": "SELECT count(*) FROM raw.claims c JOIN raw.articles a USING (article_id) "
                   "WHERE c.speaker_start IS NOT NULL AND "
                   "substr(a.text, c.speaker_start + 1, c.speaker_end - c.speaker_start) <> c.speaker_text",
        "mention": "SELECT count(*) FROM raw.entity_mentions m JOIN raw.articles a USING (article_id) "
                   "WHERE substr(a.text, m.start + 1, m.\"end\" - m.start) <> m.text",
        "trigger": "SELECT count(*) FROM raw.event_mentions e JOIN raw.articles a USING (article_id) "
                   "WHERE substr(a.text, e.trigger_start + 1, e.trigger_end - e.trigger_start) <> e.trigger_text",
    }
    for name, sql in checks.items():
        assert con.execute(sql).fetchone()[0] == 0, name  # type: ignore[index]
    assert con.execute("SELECT count(*) FROM raw.claims").fetchone()[0] > 0  # type: ignore[index]


def test_bad_pages_are_quarantined_with_their_reason(sample_warehouse) -> None:
    con = connect(sample_warehouse, read_only=True)
    reasons = {r[0] for r in con.execute("SELECT failed_checks FROM raw.quarantine").fetchall()}
    assert "empty_text" in reasons
    assert "unexpected_language:fr" in reasons


def test_residue_is_cleaned_before_the_text_is_stored(sample_warehouse) -> None:
    con = connect(sample_warehouse, read_only=True)
    leftovers = con.execute("""SELECT count(*) FROM raw.articles WHERE text LIKE '%system-code%'
                               OR text LIKE '%اقرأ أيضا%' OR text LIKE '%شارك الخبر%'""").fetchone()[0]  # type: ignore[index]
    assert leftovers == 0


@pytest.mark.slow
def test_a_second_run_gives_the_same_warehouse(tmp_path: Path) -> None:
    settings = sample_settings(tmp_path)
    start, end = date.fromisoformat(SAMPLE_START), date.fromisoformat(SAMPLE_END)
    run_dates(settings, start, end)
    con = connect(settings, read_only=True)
    first_counts, first_marts = _counts(con), _mart_rows(con)
    con.close()
    run_dates(settings, start, end)
    con = connect(settings, read_only=True)
    assert _counts(con) == first_counts
    assert _mart_rows(con) == first_marts
    runs = con.execute("SELECT count(*) FROM raw.runs").fetchone()[0]  # type: ignore[index]
    assert runs == 6  # the run log keeps both runs of each date
