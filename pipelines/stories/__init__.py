"""Stories and agency copy: group articles about one happening, flag reproduced agency text.

Public interface (a pure library; the pipeline persists the state):
- ``assign_stories(new_articles, state, config) -> (assignments, new_state)``  (grouping.py)
- ``StoryState`` with ``empty()``, ``from_rows()``, ``to_rows()``, ``stories()``  (state.py)
- ``find_copies(articles, history_index, config, num_perm)`` and ``CopyIndex``  (copies.py)
- ``write_export(state, urls, path)`` for the pair scorer  (export.py)
- ``StoryConfig`` and its parts  (config.py)
"""

from pipelines.stories.config import CopyConfig, FeatureConfig, GroupingConfig, StoryConfig
from pipelines.stories.copies import CopyIndex, find_copies
from pipelines.stories.export import export_frame, write_export
from pipelines.stories.grouping import assign_stories, story_id_for
from pipelines.stories.state import ASSIGNMENT_COLUMNS, STATE_COLUMNS, StoryState

__all__ = [
    "ASSIGNMENT_COLUMNS",
    "STATE_COLUMNS",
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
