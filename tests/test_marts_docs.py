"""docs/marts.md is what analysts read: its ten queries run against the sample warehouse, and its
column tables list exactly the columns the marts have. Both are read from the markdown, so the
page and the warehouse cannot drift apart unnoticed."""

from __future__ import annotations

import re

import pytest

from pipelines.load import connect
from tests.conftest import REPO_ROOT

DOC = (REPO_ROOT / "docs" / "marts.md").read_text(encoding="utf-8")
QUERIES = re.findall(r"```sql\n(.*?)```", DOC, flags=re.DOTALL)
SECTIONS = dict(re.findall(r"^### (mart_\w+)\n(.*?)(?=^#{2,3} )", DOC, flags=re.DOTALL | re.MULTILINE))


def test_the_page_has_ten_queries_and_every_mart() -> None:
    assert len(QUERIES) == 10
    assert sorted(SECTIONS) == sorted(["mart_sourcing_daily", "mart_top_sources", "mart_relay_chains",
                                       "mart_event_coverage", "mart_entity_daily", "mart_agency_copy"])


@pytest.mark.parametrize("number", range(1, len(QUERIES) + 1))
def test_each_example_query_answers_on_the_sample(sample_story_warehouse, number: int) -> None:  # type: ignore[no-untyped-def]
    con = connect(sample_story_warehouse, read_only=True)
    try:
        rows = con.execute(QUERIES[number - 1]).fetchall()
    finally:
        con.close()
    assert rows, f"query {number} of docs/marts.md returned no rows on the sample"


@pytest.mark.parametrize("mart", sorted(SECTIONS))
def test_each_marts_column_table_matches_the_mart(sample_story_warehouse, mart: str) -> None:  # type: ignore[no-untyped-def]
    documented = re.findall(r"^\| (\w+) \|", SECTIONS[mart], flags=re.MULTILINE)
    con = connect(sample_story_warehouse, read_only=True)
    try:
        actual = [r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'marts' AND table_name = ? "
            "ORDER BY ordinal_position", [mart]).fetchall()]
    finally:
        con.close()
    assert [c for c in documented if c != "column"] == actual
