"""A small stand-in for the story step (``pipelines/stories`` is built elsewhere), for tests only.

It assigns one date's articles the way the real step will, incrementally and across partitions:
an article whose main happening has a type joins the latest story of that type seen within two
days (else starts its own story), and an article whose word trigrams lie mostly inside an agency's
article of the same or an earlier day is flagged as its copy. Its output is what
``pipelines.load.stories.load_story_assignments`` takes.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from pipelines.parse.urls import stable_id
from pipelines.text import fold

COPY_CONTAINMENT = 0.6


def _trigrams(text: str) -> set[tuple[str, ...]]:
    words = fold(text).split()
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def assign_stories(con: duckdb.DuckDBPyConnection, logical_date: date, agencies: set[str]) -> pd.DataFrame:
    """Story rows for the articles of ``logical_date`` (``agencies``: source ids whose items others copy)."""
    articles = con.execute("""
        SELECT a.article_id, a.source_id, a.outlet, a.text, a.logical_date,
               (SELECT first(e.type ORDER BY e.mention_count DESC, e.trigger_start) FROM raw.event_mentions e
                WHERE e.article_id = a.article_id) AS main_type
        FROM raw.articles a WHERE a.logical_date = ? ORDER BY a.published_at, a.article_id""",
                           [logical_date]).df()
    earlier = con.execute("""
        SELECT s.story_id, s.logical_date,
               (SELECT first(e.type ORDER BY e.mention_count DESC, e.trigger_start) FROM raw.event_mentions e
                WHERE e.article_id = s.article_id) AS main_type
        FROM raw.story_articles s WHERE s.logical_date < ? AND s.logical_date >= ? - INTERVAL 2 DAY""",
                          [logical_date, logical_date]).df()
    latest: dict[str, str] = {}
    for row in earlier.sort_values("logical_date").itertuples():
        if isinstance(row.main_type, str):
            latest[row.main_type] = str(row.story_id)
    originals = con.execute("""SELECT article_id, outlet, text FROM raw.articles
                               WHERE logical_date <= ? AND source_id IN (SELECT unnest(?))""",
                            [logical_date, sorted(agencies)]).df()
    original_grams = {r.article_id: _trigrams(r.text) for r in originals.itertuples()}
    rows = []
    for a in articles.itertuples():
        if isinstance(a.main_type, str):
            story = latest.setdefault(a.main_type, stable_id("story", a.article_id))
        else:
            story = stable_id("story", a.article_id)
        copy_of, overlap = None, None
        if a.source_id not in agencies:
            grams = _trigrams(a.text)
            for original, other in original_grams.items():
                share = len(grams & other) / len(grams) if grams else 0.0
                if share >= COPY_CONTAINMENT and (overlap is None or share > overlap):
                    copy_of, overlap = original, round(share, 3)
        rows.append({"article_id": a.article_id, "story_id": story,
                     "copy_group": stable_id("copy", copy_of) if copy_of else None,
                     "copy_of": copy_of, "copy_overlap": overlap})
    frame = pd.DataFrame(rows, columns=["article_id", "story_id", "copy_group", "copy_of", "copy_overlap"])
    # The original joins its copies' group (it is of this date or earlier; only this date's rows are written).
    groups = {r.copy_of: r.copy_group for r in frame.itertuples() if r.copy_of}
    frame["copy_group"] = frame["copy_group"].fillna(frame["article_id"].map(groups))
    return frame
