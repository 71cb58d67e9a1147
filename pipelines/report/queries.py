"""The data behind each chart of the report: one function per chart, each a query on the marts.

Every function takes a read-only connection and a ``Period`` and returns a small DataFrame that is
exactly what its chart draws, so tests can check the figures without a browser. Shares are always
recomputed from summed counts (the marts' rule: never average daily shares). Raw text (outlet,
source and story names) is returned as stored; making it display right to left is the charts'
business, not the data's.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

SPEAKER_TYPES = ("person", "organization", "media", "document", "anonymous")
AVERAGE_LABEL = "All outlets (average)"
TOP_SOURCES = 20
TOP_STORIES = 15
TOP_AGENCIES = 15


@dataclass(frozen=True)
class Period:
    """The logical dates the report covers, both included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def params(self) -> list[object]:
        return [self.start, self.end]


def _df(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> pd.DataFrame:
    return con.execute(sql, params or []).df()


def readable(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """Decode HTML entities left in names and titles by some archives (``&#8220;`` is a quote to a reader)."""
    for column in columns:
        frame[column] = frame[column].map(lambda v: html.unescape(v) if isinstance(v, str) else v)
    return frame


def data_range(con: duckdb.DuckDBPyConnection) -> tuple[date, date] | None:
    """First and last logical date the marts hold, or None when they are empty."""
    row = con.execute("SELECT min(day), max(day) FROM marts.mart_sourcing_daily").fetchone()
    if row is None or row[0] is None:
        return None
    return row[0], row[1]


def resolve_period(con: duckdb.DuckDBPyConnection, start: date | None, end: date | None) -> Period | None:
    """The period asked for, with a missing bound taken from the data; None when nothing is asked and no data.

    A reader who names no dates wants everything there is, so the open ends come from the marts.
    """
    if start is not None and end is not None:
        return Period(start, end)
    known = data_range(con)
    if known is None:
        if start is None and end is None:
            return None
        day = start or end
        assert day is not None
        return Period(day, day)
    return Period(start or known[0], end or known[1])


def time_grain(period: Period) -> str:
    """Days for up to three months, weeks up to two years, months beyond: enough points, not too many."""
    if period.days <= 92:
        return "day"
    if period.days <= 731:
        return "week"
    return "month"


def headline(con: duckdb.DuckDBPyConnection, period: Period) -> pd.DataFrame:
    """One row: articles, claims, outlets and days with data, and the corpus anonymous share."""
    return _df(con, """
        SELECT coalesce(sum(articles), 0)::BIGINT AS articles,
               coalesce(sum(claims), 0)::BIGINT AS claims,
               count(DISTINCT outlet) AS outlets,
               count(DISTINCT day) AS days,
               coalesce(sum(anonymous_claims), 0)::BIGINT AS anonymous_claims,
               sum(anonymous_claims) / nullif(sum(claims), 0) AS anonymous_share
        FROM marts.mart_sourcing_daily
        WHERE day BETWEEN ? AND ?""", period.params)


def anonymous_by_outlet(con: duckdb.DuckDBPyConnection, period: Period) -> pd.DataFrame:
    """Each outlet's anonymous share of claims over the period, with the corpus share beside it."""
    return _df(con, """
        SELECT outlet,
               sum(articles)::BIGINT AS articles,
               sum(claims)::BIGINT AS claims,
               sum(anonymous_claims)::BIGINT AS anonymous_claims,
               sum(anonymous_claims) / sum(claims) AS anonymous_share,
               sum(sum(anonymous_claims)) OVER () / sum(sum(claims)) OVER () AS corpus_anonymous_share
        FROM marts.mart_sourcing_daily
        WHERE day BETWEEN ? AND ?
        GROUP BY outlet
        HAVING sum(claims) > 0
        ORDER BY anonymous_share DESC, claims DESC, outlet""", period.params)


def anonymous_over_time(con: duckdb.DuckDBPyConnection, period: Period) -> pd.DataFrame:
    """Anonymous share per outlet per day/week/month, plus the all-outlets line (``is_average``).

    The average is claim-weighted (all anonymous claims over all claims), so a quiet outlet does
    not pull it as hard as a busy one.
    """
    grain = time_grain(period)
    return _df(con, f"""
        WITH buckets AS (
            SELECT date_trunc('{grain}', day)::DATE AS period_start, outlet,
                   sum(claims) AS claims, sum(anonymous_claims) AS anonymous_claims
            FROM marts.mart_sourcing_daily
            WHERE day BETWEEN ? AND ?
            GROUP BY ALL
        )
        SELECT period_start, outlet, claims::BIGINT AS claims, anonymous_claims::BIGINT AS anonymous_claims,
               anonymous_claims / claims AS anonymous_share, false AS is_average, '{grain}' AS grain
        FROM buckets WHERE claims > 0
        UNION ALL
        SELECT period_start, '{AVERAGE_LABEL}', sum(claims)::BIGINT, sum(anonymous_claims)::BIGINT,
               sum(anonymous_claims) / sum(claims), true, '{grain}'
        FROM buckets GROUP BY period_start HAVING sum(claims) > 0
        ORDER BY is_average, outlet, period_start""", period.params)


def speaker_types_by_outlet(con: duckdb.DuckDBPyConnection, period: Period) -> pd.DataFrame:
    """Claims by speaker type per outlet (long form), with each type's share of the outlet's claims."""
    frame = _df(con, """
        SELECT outlet,
               sum(person_claims)::BIGINT AS person, sum(organization_claims)::BIGINT AS organization,
               sum(media_claims)::BIGINT AS media, sum(document_claims)::BIGINT AS document,
               sum(anonymous_claims)::BIGINT AS anonymous, sum(claims)::BIGINT AS claims
        FROM marts.mart_sourcing_daily
        WHERE day BETWEEN ? AND ?
        GROUP BY outlet
        HAVING sum(claims) > 0""", period.params)
    long = frame.melt(id_vars=["outlet", "claims"], value_vars=list(SPEAKER_TYPES),
                      var_name="speaker_type", value_name="type_claims")
    long["share"] = long["type_claims"] / long["claims"]
    long["type_order"] = long["speaker_type"].map({t: i for i, t in enumerate(SPEAKER_TYPES)})
    return (long.rename(columns={"claims": "outlet_claims", "type_claims": "claims"})
            .sort_values(["outlet", "type_order"]).reset_index(drop=True))


def top_sources(con: duckdb.DuckDBPyConnection, period: Period, limit: int = TOP_SOURCES) -> pd.DataFrame:
    """The ``limit`` most quoted named sources and the ``limit`` most quoted anonymous ones, per outlet.

    One row per (source, outlet quoting it): ``claims`` is that outlet's count, ``total_claims``
    the source's over all outlets, ``rank`` its place within its group (named or anonymous).
    mart_top_sources is monthly, so a month counts whole when any of its quotes falls in the period.
    """
    return readable(_df(con, """
        WITH rows AS (
            SELECT * FROM marts.mart_top_sources
            WHERE last_seen >= ? AND first_seen <= ?
        ),
        per_source AS (
            SELECT source_key,
                   arg_max(source_label, claims) AS source_label,
                   arg_max(named, claims) AS named,
                   mode(speaker_type) AS speaker_type,
                   sum(claims)::BIGINT AS total_claims,
                   count(DISTINCT outlet) AS outlets,
                   string_agg(DISTINCT outlet, '، ' ORDER BY outlet) AS outlet_names
            FROM rows GROUP BY source_key
        ),
        ranked AS (
            SELECT *, row_number() OVER (PARTITION BY named
                                         ORDER BY total_claims DESC, outlets DESC, source_label) AS rank
            FROM per_source
        )
        SELECT r.rank, r.named, r.source_key, r.source_label, r.speaker_type, r.total_claims, r.outlets,
               r.outlet_names, o.outlet, sum(o.claims)::BIGINT AS claims, sum(o.articles)::BIGINT AS articles
        FROM ranked AS r JOIN rows AS o USING (source_key)
        WHERE r.rank <= ?
        GROUP BY ALL
        ORDER BY r.named DESC, r.rank, claims DESC, o.outlet""", [*period.params, limit]), "source_label")


def agency_relays(con: duckdb.DuckDBPyConnection, period: Period, limit: int = TOP_AGENCIES) -> pd.DataFrame:
    """Claims each outlet relays through each agency (the ``limit`` most relayed agencies).

    ``relayed_share`` is the outlet's relayed claims over all its claims in the mart.
    mart_relay_chains has no day grain: a chain counts whole when it was seen during the period.
    """
    return readable(_df(con, """
        WITH chains AS (
            SELECT * FROM marts.mart_relay_chains WHERE last_seen >= ? AND first_seen <= ?
        ),
        outlets AS (
            SELECT outlet, sum(claims) AS outlet_claims,
                   sum(claims) FILTER (WHERE is_relayed) AS outlet_relayed_claims
            FROM chains GROUP BY outlet
        ),
        agencies AS (
            SELECT relay_key, arg_max(relaying_agency, claims) AS relaying_agency, sum(claims) AS agency_claims,
                   row_number() OVER (ORDER BY sum(claims) DESC, arg_max(relaying_agency, claims)) AS rank
            FROM chains WHERE is_relayed GROUP BY relay_key
        )
        SELECT a.rank, a.relay_key, a.relaying_agency, a.agency_claims::BIGINT AS agency_claims, c.outlet,
               sum(c.claims)::BIGINT AS claims, sum(c.anonymous_claims)::BIGINT AS anonymous_claims,
               o.outlet_claims::BIGINT AS outlet_claims, o.outlet_relayed_claims::BIGINT AS outlet_relayed_claims,
               o.outlet_relayed_claims / o.outlet_claims AS relayed_share
        FROM chains AS c
        JOIN agencies AS a USING (relay_key)
        JOIN outlets AS o USING (outlet)
        WHERE a.rank <= ?
        GROUP BY ALL
        ORDER BY a.rank, claims DESC, c.outlet""", [*period.params, limit]), "relaying_agency")


def agency_copy_by_outlet(con: duckdb.DuckDBPyConnection, period: Period) -> pd.DataFrame:
    """How much of each outlet's output reproduces another outlet's or agency's item.

    The share divides by the articles copy detection ran on (``assigned_articles``), so days the
    story step has not reached do not read as "no copy".
    """
    return _df(con, """
        SELECT outlet,
               sum(articles)::BIGINT AS articles,
               sum(assigned_articles)::BIGINT AS assigned_articles,
               sum(agency_copy_articles)::BIGINT AS agency_copy_articles,
               sum(agency_copy_articles) / nullif(sum(assigned_articles), 0) AS agency_copy_share,
               mode(top_copied_outlet) AS top_copied_outlet
        FROM marts.mart_agency_copy
        WHERE day BETWEEN ? AND ?
        GROUP BY outlet
        HAVING sum(assigned_articles) > 0
        ORDER BY agency_copy_share DESC, articles DESC, outlet""", period.params)


_STORIES = """
    WITH stories AS (
        SELECT * FROM marts.mart_event_coverage AS e
        WHERE EXISTS (SELECT 1 FROM (SELECT unnest(e.report_days)::DATE AS day) AS d WHERE d.day BETWEEN ? AND ?)
        ORDER BY articles DESC, outlets DESC, first_seen, story_id
        LIMIT ?
    ),
    titles AS (
        SELECT s.story_id, arg_min(a.title, s.reported_at) AS title
        FROM intermediate.int_stories AS s JOIN staging.stg_articles AS a USING (article_id)
        WHERE s.story_id IN (SELECT story_id FROM stories) AND a.title IS NOT NULL AND a.title <> ''
        GROUP BY s.story_id
    )
    SELECT row_number() OVER (ORDER BY articles DESC, outlets DESC, first_seen, story_id) AS size_rank,
           s.*, coalesce(t.title, s.event_type || coalesce(' · ' || s.place, '')) AS story_label
    FROM stories AS s LEFT JOIN titles AS t USING (story_id)
"""


def largest_stories(con: duckdb.DuckDBPyConnection, period: Period, limit: int = TOP_STORIES) -> pd.DataFrame:
    """The ``limit`` stories with the most articles reported in the period, one row each.

    A story is named by its first article's title (mart_event_coverage has no name of its own),
    else by its event type and place.
    """
    return readable(_df(con, _STORIES + " ORDER BY size_rank", [*period.params, limit]), "story_label")


def story_timelines(con: duckdb.DuckDBPyConnection, period: Period, limit: int = TOP_STORIES) -> pd.DataFrame:
    """One row per (story, outlet) for the largest stories: when each outlet first reported it.

    Times are UTC. ``first_seen``/``last_seen`` are the story's first report and last article.
    """
    return readable(_df(con, f"""
        WITH top AS ({_STORIES}),
        lags AS (SELECT story_id, unnest(outlet_lags) AS lag FROM top)
        SELECT t.size_rank, t.story_id, t.story_label, t.event_type, t.place, t.happened_on,
               timezone('UTC', t.first_seen) AS first_seen, timezone('UTC', t.last_seen) AS last_seen,
               t.first_outlet, t.articles, t.outlets, t.killed_min, t.killed_max, t.injured_min, t.injured_max,
               l.lag.outlet AS outlet, timezone('UTC', l.lag.first_report_at) AS first_report_at,
               l.lag.lag_hours AS lag_hours
        FROM top AS t JOIN lags AS l USING (story_id)
        ORDER BY t.first_seen, t.story_id, first_report_at, outlet""", [*period.params, limit]), "story_label")


def figure_list(value: object, shown: int = 5) -> str:
    """'3–4: 3 (1 outlet) · 4 (1 outlet)' from the mart's [{figure, outlets}] list.

    A long list (extraction noise, or a toll that rose over days) keeps its range and the figures
    most outlets gave, and says how many more there were, so the table stays readable.
    """
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    items = list(value)  # type: ignore[call-overload]
    if not items:
        return ""
    figures = [int(item["figure"]) for item in items]
    low, high = min(figures), max(figures)
    prefix = f"{low}–{high}: " if low != high else ""
    if len(items) <= shown:
        chosen = sorted(items, key=lambda item: item["figure"])
    else:
        chosen = sorted(items, key=lambda item: (-item["outlets"], item["figure"]))[:shown - 1]
    text = " · ".join(f"{item['figure']} ({item['outlets']} outlet{'s' if item['outlets'] != 1 else ''})"
                      for item in chosen)
    if len(items) > len(chosen):
        text += f" · {len(items) - len(chosen)} more figures"
    return prefix + text


def casualty_disagreements(con: duckdb.DuckDBPyConnection, period: Period, limit: int = TOP_STORIES) -> pd.DataFrame:
    """Among the largest stories, those whose outlets gave different killed, injured or arrested figures."""
    frame = readable(_df(con, _STORIES + """
        WHERE coalesce(killed_max > killed_min, false) OR coalesce(injured_max > injured_min, false)
              OR coalesce(arrested_max > arrested_min, false)
        ORDER BY size_rank""", [*period.params, limit]), "story_label")
    if frame.empty:
        return pd.DataFrame(columns=["size_rank", "story_id", "story_label", "event_type", "happened_on",
                                     "outlets", "killed", "injured", "arrested"])
    frame["killed"] = frame["killed_figures"].map(figure_list)
    frame["injured"] = frame["injured_figures"].map(figure_list)
    frame["arrested"] = [
        "" if pd.isna(low) else (f"{int(low)}–{int(high)}" if high != low else f"{int(low)}")
        for low, high in zip(frame["arrested_min"], frame["arrested_max"], strict=True)]
    return frame[["size_rank", "story_id", "story_label", "event_type", "happened_on", "outlets",
                  "killed", "injured", "arrested"]].reset_index(drop=True)


def data_quality(con: duckdb.DuckDBPyConnection, period: Period) -> pd.DataFrame:
    """What got in and what did not: articles and claims loaded, quarantined rows and failed fetches by reason.

    Read from the marts and the raw quarantine and fetch log (no mart keeps rejects), for the
    period's logical dates; a kind with nothing to report says so with a zero row.
    """
    loaded = _df(con, """
        SELECT 'Loaded' AS kind, 'articles' AS reason, coalesce(sum(articles), 0)::BIGINT AS rows
        FROM marts.mart_sourcing_daily WHERE day BETWEEN $1 AND $2
        UNION ALL
        SELECT 'Loaded', 'claims', coalesce(sum(claims), 0)::BIGINT
        FROM marts.mart_sourcing_daily WHERE day BETWEEN $1 AND $2""", period.params)
    quarantined = _df(con, """
        SELECT 'Quarantined rows' AS kind, stage || ' · ' || table_name || ' · ' || failed_checks AS reason,
               count(*)::BIGINT AS rows
        FROM raw.quarantine WHERE logical_date BETWEEN ? AND ?
        GROUP BY ALL ORDER BY rows DESC, reason""", period.params)
    failed = _df(con, """
        SELECT 'Failed fetches' AS kind, coalesce(reason, 'unknown') AS reason, count(*)::BIGINT AS rows
        FROM raw.fetch_log WHERE outcome = 'error' AND logical_date BETWEEN ? AND ?
        GROUP BY ALL ORDER BY rows DESC, reason""", period.params)
    parts = [loaded]
    for kind, frame in (("Quarantined rows", quarantined), ("Failed fetches", failed)):
        parts.append(frame if not frame.empty else pd.DataFrame([{"kind": kind, "reason": "none", "rows": 0}]))
    return pd.concat(parts, ignore_index=True)
