"""Stories and agency copy: group articles about one happening, flag reproduced agency text.

A pure library; the pipeline persists the state. One call per night (or per batch of days):

    assignments, state = assign_stories(new_articles, state, config)

- ``new_articles``: DataFrame with article_id, source_id (outlet), published (date or datetime),
  title, text; optional url, lang, entities (list[str]), incident_types (list[str]), and the
  precomputed text features of ``features.article_features``.
- ``assignments``: one row per new article, ``ASSIGNMENT_COLUMNS`` = article_id, story_id,
  copy_group (the id of the group's first article; the article's own id when it copies nothing
  and nobody copied it yet), copy_of (article_id of the item it copies, agency item preferred, or
  None), overlap (share of the shorter text's word 3-shingles found in the other, or NaN).
- ``state``: ``StoryState``; ``state.articles`` has ``STATE_COLUMNS`` (the assignment plus
  source_id, published and the features: signature uint32[num_perm], shingles uint32[],
  term_ids int64[], term_counts float32[], entities str[], incident_types str[]).
  ``state.to_rows()`` gives plain rows (lists) for the warehouse table ``raw.story_state``
  (migration V004),
  ``StoryState.from_rows(rows)`` rebuilds it, ``state.stories()`` derives the ``stories`` table.
  Only rows of the last ``config.history_days`` days before the new day are read.
- ``write_export(state, urls, path)``: ``{"url","story_id","copy_group"}`` lines for the pair
  scorer; copy_group is null for a group of one.
"""

from importlib import import_module
from typing import Any

# Exports load on first use, so ``pipelines.config`` can import the thresholds (``stories.config``)
# without pulling in numpy, scipy and datasketch.
_EXPORTS = {
    "CopyConfig": "config", "FeatureConfig": "config", "GroupingConfig": "config", "StoryConfig": "config",
    "CopyIndex": "copies", "find_copies": "copies", "export_frame": "export", "write_export": "export",
    "assign_stories": "grouping", "story_id_for": "grouping", "ASSIGNMENT_COLUMNS": "state",
    "STATE_COLUMNS": "state", "StoryState": "state",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)
