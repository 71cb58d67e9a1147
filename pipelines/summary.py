"""The run summary: a few figures read from the marts, for the end of ``make run`` and ``isnad status``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb


@dataclass
class MartSummary:
    articles: int
    outlets: int
    days: int
    claims_by_type: list[tuple[str, int]]
    top_sources: list[tuple[str, str, int, int]]
    events: list[tuple[str, Any, str | None, int, int]]
    agency_copy: tuple[int, int] = (0, 0)  # articles reproducing another outlet's item, of those assigned


def read_summary(con: duckdb.DuckDBPyConnection, top: int = 8) -> MartSummary:
    articles, outlets, days = con.execute(
        "SELECT coalesce(sum(articles), 0), count(DISTINCT outlet), count(DISTINCT day) "
        "FROM marts.mart_sourcing_daily").fetchall()[0]
    claims_by_type = con.execute("""
        SELECT speaker_type, count(*) FROM intermediate.int_claims_resolved
        GROUP BY 1 ORDER BY 2 DESC, 1""").fetchall()
    top_sources = con.execute("""
        SELECT any_value(source_label ORDER BY length(source_label) DESC), mode(speaker_type),
               sum(claims) AS claims, count(DISTINCT outlet) AS outlets
        FROM marts.mart_top_sources GROUP BY source_key
        ORDER BY claims DESC, outlets DESC, 1 LIMIT ?""", [top]).fetchall()
    events = con.execute("""
        SELECT event_type, happened_on, place, articles, outlets FROM marts.mart_event_coverage
        ORDER BY outlets DESC, articles DESC, happened_on, event_type LIMIT ?""", [top]).fetchall()
    copies, assigned = con.execute("""
        SELECT coalesce(sum(agency_copy_articles), 0), coalesce(sum(assigned_articles), 0)
        FROM marts.mart_agency_copy""").fetchall()[0]
    return MartSummary(int(articles), int(outlets), int(days), claims_by_type, top_sources, events,
                       (int(copies), int(assigned)))
