"""Load story assignments: which story each article of a date belongs to, and what it copies.

Story assignment crosses partitions (a new article joins a story begun days earlier), so it runs
after the date's articles are loaded, as its own step, and writes only that date's rows: every
row of ``raw.story_articles`` whose article has this logical date is replaced, in one transaction,
by the rows given. The rows are validated against ``pipelines.schemas.StoryArticles`` first,
against the articles in the warehouse (an article of this date must exist; a copied article may
be of any date); failing rows go to quarantine with the rules they broke. When more than
``settings.max_quarantine_share`` of the rows fail, the quarantine is recorded, the date's earlier
assignments are kept, and ``QuarantineThresholdExceeded`` is raised.

The frame needs ``article_id``, ``story_id``, ``copy_group``, ``copy_of`` and ``copy_overlap``;
``logical_date`` and ``source_id`` are taken from the article when absent, ``run_id`` from the
argument. A quarantined row is filed under the load's date and its article's source.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from pipelines.config import Settings
from pipelines.load import STORY_TABLE, connect, insert_frame, log_load, scalar
from pipelines.partitions import Partition
from pipelines.schemas import StoryArticles, columns_of
from pipelines.validate import (
    QuarantineThresholdExceeded,
    threshold_message,
    threshold_problem,
    validate_frame,
)

REQUIRED = ("article_id", "story_id", "copy_group", "copy_of", "copy_overlap")


@dataclass
class StoryLoadSummary:
    logical_date: date
    run_id: str
    loaded: int  # rows now in raw.story_articles for the date
    quarantined: int
    unassigned: int  # articles of the date with no story row (the marts treat them provisionally)


def load_story_assignments(settings: Settings, logical_date: date, frame: pd.DataFrame,
                           run_id: str, state_rows: pd.DataFrame | None = None) -> StoryLoadSummary:
    """Replace the story rows of ``logical_date``'s articles with ``frame`` (validated), in one transaction.

    ``state_rows`` (the story step's ``raw.story_state`` rows of the same articles) replace the date's
    state in the same transaction, so assignments and the state later days read never disagree."""
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise ValueError(f"story assignments lack column(s): {', '.join(missing)}")
    if frame.empty:
        return _clear_date(settings, logical_date, run_id)
    con = connect(settings)
    try:
        incoming = frame.reset_index(drop=True).copy()
        incoming["run_id"] = run_id
        context = _context(con, logical_date, incoming)
        # The partition comes from the article; an unknown article fails ``article_exists`` alone.
        for column, unknown in (("logical_date", logical_date), ("source_id", "unknown")):
            if column not in incoming.columns:
                known = incoming["article_id"].map(context.set_index("article_id")[f"ctx_{column}"])
                incoming[column] = known.where(known.notna(), unknown)
        incoming = incoming.merge(context, on="article_id", how="left")
        valid, quarantined = validate_frame(STORY_TABLE, StoryArticles, incoming,
                                            partition=Partition(logical_date, ""), run_id=run_id)
        # A quarantined row belongs to its article's source (else the source it named).
        sources = incoming["ctx_source_id"].fillna(incoming["source_id"]).fillna("").astype(str)
        quarantined["source_id"] = quarantined["record_key"].map(
            dict(zip(incoming["article_id"].astype(str), sources, strict=True))).fillna("")
        quarantined["logical_date"] = logical_date
        problem = threshold_problem(STORY_TABLE, len(valid), len(quarantined), settings.max_quarantine_share)
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute("DELETE FROM raw.quarantine WHERE logical_date = ? AND table_name = ?",
                        [logical_date, STORY_TABLE])
            insert_frame(con, "quarantine", quarantined)
            if problem is None:
                con.execute("DELETE FROM raw.story_articles WHERE logical_date = ?", [logical_date])
                # The same articles under another date: only a stale row can be there.
                con.register("story_ids", valid[["article_id"]])
                con.execute("DELETE FROM raw.story_articles WHERE article_id IN (SELECT article_id FROM story_ids)")
                con.unregister("story_ids")
                insert_frame(con, STORY_TABLE, valid[columns_of(StoryArticles)])
                if state_rows is not None:
                    _replace_state(con, logical_date, state_rows, set(valid["article_id"]))
                log_load(con, Partition(logical_date, ""), "stories", run_id, len(valid))
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        if problem is not None:
            raise QuarantineThresholdExceeded(threshold_message(
                f"story assignments of {logical_date}", [problem], settings.max_quarantine_share))
        loaded = scalar(con, "SELECT count(*) FROM raw.story_articles WHERE logical_date = ?", [logical_date])
        unassigned = scalar(con, """SELECT count(*) FROM raw.articles AS a WHERE logical_date = ? AND NOT EXISTS
                                    (SELECT 1 FROM raw.story_articles AS s WHERE s.article_id = a.article_id)""",
                            [logical_date])
    finally:
        con.close()
    return StoryLoadSummary(logical_date, run_id, loaded, len(quarantined), unassigned)


def _clear_date(settings: Settings, logical_date: date, run_id: str) -> StoryLoadSummary:
    """A date with no articles (a quiet day, or every source failed): it holds no story rows."""
    con = connect(settings)
    try:
        con.execute("BEGIN TRANSACTION")
        try:
            for table in ("story_articles", "story_state"):
                con.execute(f"DELETE FROM raw.{table} WHERE logical_date = ?", [logical_date])
            con.execute("DELETE FROM raw.quarantine WHERE logical_date = ? AND table_name = ?",
                        [logical_date, STORY_TABLE])
            log_load(con, Partition(logical_date, ""), "stories", run_id, 0)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        unassigned = scalar(con, "SELECT count(*) FROM raw.articles WHERE logical_date = ?", [logical_date])
    finally:
        con.close()
    return StoryLoadSummary(logical_date, run_id, 0, 0, unassigned)


def _context(con: duckdb.DuckDBPyConnection, logical_date: date, frame: pd.DataFrame) -> pd.DataFrame:
    """Per incoming article id: its article's partition (any date), the text length and publication
    day only when the article is of this date (else ``article_exists`` fails), and whether the
    article it copies is in the warehouse (any date; this date's articles load before this step)."""
    ids = pd.DataFrame({"article_id": frame["article_id"].astype(str),
                        "copy_of": frame["copy_of"].astype("string")})
    con.register("story_rows", ids)
    try:
        context = con.execute("""
            SELECT r.article_id,
                   CASE WHEN a.logical_date = $day THEN cast(length(a.text) AS DOUBLE) END AS ctx_text_length,
                   CASE WHEN a.logical_date = $day
                        THEN coalesce(cast(timezone('UTC', a.published_at) AS DATE), a.logical_date) END
                       AS ctx_published_date,
                   a.logical_date AS ctx_logical_date,
                   a.source_id AS ctx_source_id,
                   c.article_id IS NOT NULL AS ctx_copy_of_known
            FROM (SELECT DISTINCT article_id, copy_of FROM story_rows) AS r
            LEFT JOIN raw.articles AS a ON a.article_id = r.article_id
            LEFT JOIN raw.articles AS c ON c.article_id = r.copy_of""", {"day": logical_date}).df()
    finally:
        con.unregister("story_rows")
    return context.drop_duplicates("article_id")


STATE_TABLE_COLUMNS = ("article_id", "logical_date", "source_id", "published", "story_id", "copy_group", "copy_of",
                       "overlap", "signature", "shingles", "term_ids", "term_counts", "entities", "incident_types")


def _replace_state(con: duckdb.DuckDBPyConnection, logical_date: date, rows: pd.DataFrame, loaded: set[str]) -> None:
    """The date's story state: only rows whose assignment loaded (a quarantined one has no state)."""
    con.execute("DELETE FROM raw.story_state WHERE logical_date = ?", [logical_date])
    rows = rows.loc[rows["article_id"].isin(loaded), list(STATE_TABLE_COLUMNS)]
    con.register("incoming_state", rows)
    try:
        con.execute("DELETE FROM raw.story_state WHERE article_id IN (SELECT article_id FROM incoming_state)")
        names = ", ".join(STATE_TABLE_COLUMNS)
        con.execute(f"INSERT INTO raw.story_state ({names}) SELECT {names} FROM incoming_state")
    finally:
        con.unregister("incoming_state")
