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
  ``state.to_rows()`` gives plain rows (lists) for a ``story_articles`` table
  (``STORY_ARTICLES_DDL``),
  ``StoryState.from_rows(rows)`` rebuilds it, ``state.stories()`` derives the ``stories`` table.
  Only rows of the last ``config.history_days`` days before the new day are read.
- ``write_export(state, urls, path)``: ``{"url","story_id","copy_group"}`` lines for the pair
  scorer; copy_group is null for a group of one.
"""

from pipelines.stories.config import CopyConfig, FeatureConfig, GroupingConfig, StoryConfig
from pipelines.stories.copies import CopyIndex, find_copies
from pipelines.stories.export import export_frame, write_export
from pipelines.stories.grouping import assign_stories, story_id_for
from pipelines.stories.state import ASSIGNMENT_COLUMNS, STATE_COLUMNS, STORY_ARTICLES_DDL, StoryState

__all__ = [
    "ASSIGNMENT_COLUMNS",
    "STATE_COLUMNS",
    "STORY_ARTICLES_DDL",
    "CopyConfig",
    "CopyIndex",
    "FeatureConfig",
    "GroupingConfig",
    "StoryConfig",
    "StoryState",
    "assign_stories",
    "export_frame",
    "find_copies",
    "story_id_for",
    "write_export",
]
