"""The pair scorer's view of the state: one ``{"url", "story_id", "copy_group"}`` line per article.

In the state every article has a copy group (its own id when it copies nothing); a group of one
is no copy, so it is exported as null: null means "copies nothing and is copied by nothing".
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from pipelines.stories.state import StoryState


def export_frame(state: StoryState, urls: pd.DataFrame) -> pd.DataFrame:
    """url, story_id, copy_group (None for a group of one) for the articles in ``urls``
    (columns article_id, url) that the state holds."""
    a = state.articles
    sizes = a["copy_group"].map(a["copy_group"].value_counts())
    shared = a["copy_group"].where(sizes > 1, None)
    frame = pd.DataFrame({"article_id": a["article_id"], "story_id": a["story_id"], "copy_group": shared})
    frame = urls.loc[:, ["article_id", "url"]].merge(frame, on="article_id", how="inner")
    frame["copy_group"] = frame["copy_group"].astype(object).where(frame["copy_group"].notna(), None)
    return frame.loc[:, ["url", "story_id", "copy_group"]]


def write_export(state: StoryState, urls: pd.DataFrame, path: Path) -> int:
    """Write the export as JSON Lines to ``path``; return the number of lines."""
    frame = export_frame(state, urls)
    with path.open("w", encoding="utf-8") as f:
        for url, story_id, group in frame.itertuples(index=False):
            f.write(
                json.dumps({"url": url, "story_id": story_id, "copy_group": group}, ensure_ascii=False) + "\n"
            )
    return len(frame)
