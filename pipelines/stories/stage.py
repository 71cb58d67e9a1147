"""The story step: assign one logical date's loaded articles to stories and copy groups.

Runs after the date's load and before ``dbt build``, as the one writer. It reads the date's
articles (with their entities and incident types) and the stored state of the last
``history_days`` days from the warehouse, extends the state with ``assign_stories``, and writes
the date's ``raw.story_articles`` and ``raw.story_state`` rows in one transaction
(``pipelines.load.stories``). A rerun of a date replaces exactly that date's rows; other days'
assignments never change, and a new article joins an existing story or opens one.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from pipelines.config import Settings
from pipelines.load import connect
from pipelines.load.stories import StoryLoadSummary, load_story_assignments
from pipelines.sources import Source
from pipelines.stories.config import StoryConfig
from pipelines.stories.export import export_frame
from pipelines.stories.grouping import assign_stories
from pipelines.stories.state import StoryState

_STORY_PREFIX = "st-"


def story_config(settings: Settings, sources: list[Source]) -> StoryConfig:
    """The settings' thresholds, with the configured sources' agencies added to the copy detector's."""
    agencies = frozenset().union(*(s.agency_outlets for s in sources)) if sources else frozenset()
    copies = replace(settings.stories.copies, agency_sources=settings.stories.copies.agency_sources | agencies)
    return replace(settings.stories, copies=copies)


def _new_articles(settings: Settings, logical_date: date) -> pd.DataFrame:
    """The date's articles as the grouping reads them: the outlet is the story library's source."""
    con = connect(settings)
    try:
        return con.execute("""
            SELECT a.article_id, a.outlet AS source_id, a.title, a.text, a.language AS lang, a.url,
                   -- the logical date's day, ordered within it by the publication time of day
                   a.logical_date + coalesce(cast(timezone('UTC', a.published_at) AS TIME), TIME '12:00:00')
                       AS published,
                   coalesce((SELECT list(DISTINCT e.canonical_name ORDER BY e.canonical_name)
                             FROM raw.entity_mentions AS m JOIN raw.entities AS e USING (entity_id)
                             WHERE m.article_id = a.article_id), []) AS entities,
                   coalesce((SELECT list(DISTINCT ev.type ORDER BY ev.type) FROM raw.event_mentions AS ev
                             WHERE ev.article_id = a.article_id), []) AS incident_types
            FROM raw.articles AS a
            WHERE a.logical_date = ?
            ORDER BY a.article_id""", [logical_date]).df()
    finally:
        con.close()


def _history(settings: Settings, logical_date: date, days: int) -> StoryState:
    """The stored state of the days the assignment of ``logical_date`` reads (not the date itself)."""
    con = connect(settings)
    try:
        rows = con.execute("""SELECT * FROM raw.story_state WHERE logical_date >= ? AND logical_date < ?
                              ORDER BY logical_date, article_id""",
                           [logical_date - timedelta(days=days), logical_date]).df()
    finally:
        con.close()
    return StoryState.from_rows(rows) if not rows.empty else StoryState.empty()


def assign_date(settings: Settings, sources: list[Source], logical_date: date, run_id: str) -> StoryLoadSummary:
    """Assign ``logical_date``'s articles to stories and write the date's rows; return the load summary."""
    config = story_config(settings, sources)
    articles = _new_articles(settings, logical_date)
    state = _history(settings, logical_date, config.history_days)
    assignments, state = assign_stories(articles, state, config)
    rows = state.articles.loc[state.articles["article_id"].isin(set(articles["article_id"]))]
    # A copy group of one is no copy: the warehouse leaves it null (the state keeps the article's id).
    sizes = state.articles["copy_group"].value_counts()
    frame = pd.DataFrame({
        "article_id": assignments["article_id"],
        "story_id": assignments["story_id"].str.removeprefix(_STORY_PREFIX),
        "copy_group": assignments["copy_group"].where(assignments["copy_group"].map(sizes).fillna(0) > 1),
        "copy_of": assignments["copy_of"],
        "copy_overlap": assignments["overlap"].where(assignments["copy_of"].notna()).clip(0.0, 1.0),
    })
    frame = frame.astype({"copy_group": object, "copy_of": object, "copy_overlap": "float64"})
    frame["copy_group"] = frame["copy_group"].where(frame["copy_group"].notna(), None)
    frame["copy_of"] = frame["copy_of"].where(frame["copy_of"].notna(), None)
    state_rows = StoryState(rows.reset_index(drop=True)).to_rows()
    state_rows["story_id"] = state_rows["story_id"].str.removeprefix(_STORY_PREFIX)
    state_rows["logical_date"] = logical_date
    return load_story_assignments(settings, logical_date, frame, run_id, state_rows)


def export_stories(settings: Settings, output: Path) -> int:
    """One ``{"url", "story_id", "copy_group"}`` line per article in the warehouse (the pair scorer's
    format); copy_group is null when the article copies nothing and nothing copies it."""
    con = connect(settings, read_only=True)
    try:
        state_rows = con.execute("SELECT * FROM raw.story_state ORDER BY logical_date, article_id").df()
        urls = con.execute("SELECT article_id, url FROM raw.articles ORDER BY logical_date, article_id").df()
    finally:
        con.close()
    state = StoryState.from_rows(state_rows) if not state_rows.empty else StoryState.empty()
    exported = export_frame(state, urls)
    assigned = set(exported["url"])
    # Articles the story step has not assigned yet still get a line: a story of their own.
    missing = urls.loc[~urls["url"].isin(assigned)]
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8") as f:
        for url, story_id, group in exported.itertuples(index=False):
            f.write(json.dumps({"url": url, "story_id": story_id, "copy_group": group}, ensure_ascii=False) + "\n")
        for url, article in zip(missing["url"], missing["article_id"], strict=True):
            f.write(json.dumps({"url": url, "story_id": article, "copy_group": None}, ensure_ascii=False) + "\n")
    return len(exported) + len(missing)
