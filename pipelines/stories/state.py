"""The persisted state of story grouping: one row per assigned article, rebuilt from plain rows.

A row holds the article's assignment (story_id, copy_group, copy_of, overlap) and the features
that later days compare against (MinHash signature, shingle hashes, term ids and counts, entity
keys, incident types), so a nightly run needs the rows of the last days, not their texts.
The ``stories`` table is derived from these rows and never stored as truth.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipelines.stories.features import FEATURE_COLUMNS

ASSIGNMENT_COLUMNS = ("article_id", "story_id", "copy_group", "copy_of", "overlap")
STATE_COLUMNS = (
    "article_id",
    "source_id",
    "published",
    "story_id",
    "copy_group",
    "copy_of",
    "overlap",
    *FEATURE_COLUMNS,
)

_ARRAY_DTYPES = {
    "signature": np.uint32,
    "shingles": np.uint32,
    "term_ids": np.int64,
    "term_counts": np.float32,
}


def _empty_frame() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in STATE_COLUMNS})
    frame["published"] = pd.Series(dtype="datetime64[ns]")
    frame["overlap"] = pd.Series(dtype=float)
    return frame


@dataclass(frozen=True)
class StoryState:
    """Assigned articles with their features; ``articles`` has exactly ``STATE_COLUMNS``."""

    articles: pd.DataFrame

    @classmethod
    def empty(cls) -> StoryState:
        return cls(_empty_frame())

    @classmethod
    def from_rows(cls, rows: pd.DataFrame) -> StoryState:
        """Rebuild from stored rows (list columns as lists or arrays, ``published`` as timestamps)."""
        missing = [c for c in STATE_COLUMNS if c not in rows.columns]
        if missing:
            raise ValueError(f"state rows lack columns {missing}")
        frame = rows.loc[:, list(STATE_COLUMNS)].copy().reset_index(drop=True)
        frame["published"] = pd.to_datetime(frame["published"], utc=True).dt.tz_localize(None)
        frame["overlap"] = frame["overlap"].astype(float)
        for col, dtype in _ARRAY_DTYPES.items():
            frame[col] = pd.Series([np.asarray(v, dtype=dtype) for v in frame[col]], dtype=object)
        for col in ("entities", "incident_types"):
            frame[col] = [tuple(v) if v is not None and not isinstance(v, float) else () for v in frame[col]]
        for col in ("copy_of",):
            frame[col] = [
                None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v) for v in frame[col]
            ]
        return cls(frame)

    def to_rows(self) -> pd.DataFrame:
        """Plain rows for storage: list columns become Python lists (DuckDB LIST columns)."""
        frame = self.articles.copy()
        for col in (*_ARRAY_DTYPES, "entities", "incident_types"):
            frame[col] = [
                list(np.asarray(v).tolist()) if not isinstance(v, tuple) else list(v) for v in frame[col]
            ]
        return frame

    def without(self, article_ids: Iterable[str]) -> StoryState:
        """The state with these articles removed (before they are assigned again)."""
        drop = self.articles["article_id"].isin(set(article_ids))
        return StoryState(self.articles.loc[~drop].reset_index(drop=True)) if drop.any() else self

    def extend(self, rows: pd.DataFrame) -> StoryState:
        """The state with ``rows`` (``STATE_COLUMNS``) appended."""
        rows = rows.loc[:, list(STATE_COLUMNS)]
        if self.articles.empty:
            return StoryState(rows.reset_index(drop=True))
        return StoryState(pd.concat([self.articles, rows], ignore_index=True))

    def stories(self) -> pd.DataFrame:
        """One row per story: story_id, first_article_id, first/last published, articles, outlets."""
        a = self.articles.sort_values(["published", "article_id"], kind="stable")
        grouped = a.groupby("story_id", sort=False)
        out = pd.DataFrame(
            {
                "first_article_id": grouped["article_id"].first(),
                "first_published": grouped["published"].min(),
                "last_published": grouped["published"].max(),
                "n_articles": grouped.size(),
                "n_outlets": grouped["source_id"].nunique(),
            }
        )
        return out.reset_index().sort_values(["first_published", "story_id"], ignore_index=True)
