"""Thresholds and windows of story grouping and copy detection, in one frozen object.

The lead wires these into ``pipelines.config.Settings``; every stage receives a ``StoryConfig``
and never reads the environment. Changing a value changes which articles count as one story or
one copied item, so the defaults are the measured ones (bench/eval_stories.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FeatureConfig:
    """How an article is turned into comparable features (stored per article, so fixed per run)."""

    shingle_size: int = 3  # words per shingle: 3 survives light edits, 5 would not
    num_perm: int = 128  # MinHash permutations; the Jaccard estimate's error is about 1/sqrt(num_perm)
    seed: int = 1  # MinHash permutation seed: changing it invalidates every stored signature
    title_boost: float = 1.0  # extra count for a term of the title (titles name the happening)
    max_terms: int = 400  # cap on stored distinct terms per article (the highest counts are kept)


@dataclass(frozen=True)
class CopyConfig:
    """When one article reproduces another's text (agency copy)."""

    # LSH banding (bands x rows = num_perm). Two-row bands find pairs with a Jaccard of 0.15
    # about four times in five, which containment needs: a short copy of a long text has a low
    # Jaccard even when all of it is copied.
    lsh_bands: int = 64
    lsh_rows: int = 2
    # Containment of the smaller shingle set in the larger (formula shingles left out). Outlets
    # add a lead or cut the tail of an agency text, so containment, not Jaccard, says "copied".
    # A copy shares ``min_containment`` of the shorter text and either ``min_coverage`` of the
    # longer one too (the same text, edited) or ``full_containment`` of the shorter (a cut or
    # condensed copy). An article that quotes a passage of a long statement in its own text
    # shares a part of itself but little of the statement: a quotation, not a copy.
    min_containment: float = 0.33
    min_coverage: float = 0.2
    full_containment: float = 0.6
    near_duplicate: float = 0.8  # Jaccard at which a copy of a group member joins its group outright
    min_shingles: int = 12  # texts shorter than this are too short to call a copy
    min_specific_shingles: int = 5  # ... and so are texts with fewer shingles that are not formula
    # A shingle seen on this many distinct days of the last ``boilerplate_window_days`` is formula
    # (recurring statements, market reports), not evidence of copying.
    boilerplate_min_days: int = 4
    boilerplate_window_days: int = 7
    window_days: int = 2  # how far back an article looks for the item it copies (as stories stay open)
    # Pairs whose TF-IDF cosine reaches this are scored too: LSH misses a short copy of a long
    # text (low Jaccard), but their vectors are close.
    candidate_cosine: float = 0.4
    agency_sources: frozenset[str] = frozenset({"was", "spa"})  # source ids of news agencies


@dataclass(frozen=True)
class GroupingConfig:
    """When articles form one story, and when a day's cluster joins an open story."""

    window_days: int = 2  # a story's centroid is the sum of its members of this many days back
    max_story_days: int = 2  # a story takes new articles this many days after its first one
    idf_window_days: int = 7  # document frequencies come from this many days of articles
    idf_power: float = 1.0  # above 1, rare words (names, places, figures) outweigh a topic's vocabulary
    top_terms: int = 40  # compare articles on their 40 heaviest terms (keywords), not on background
    # Keywords need a background to stand out from: with fewer documents than this in the IDF
    # window (a new deployment, a handful of outlets), whole vectors are compared instead, with a
    # smoothed IDF (a word shared by two of a few articles must still count).
    min_keyword_docs: int = 200
    # Average linkage: two groups of a day's articles merge while the mean cosine between their
    # members is at least this; a day's cluster joins an open story only if its mean cosine to
    # the story's members is at least this too. A mean, never one close pair: no chaining.
    min_mean_cosine: float = 0.25
    # ... and if the cosine between the cluster's and the story's centroids is at least this.
    min_centroid_cosine: float = 0.25
    # Entity and incident-type evidence, used when the input carries them. Off for entities until
    # the extractor names more than countries and a few cities: measured with the first-cut
    # extractor, a bonus for shared entities only merged stories about the same country.
    entity_weight: float = 0.2  # added per pair, times the share of the smaller entity set shared
    incident_mismatch_penalty: float = 0.1  # subtracted per pair naming incident types, none shared


@dataclass(frozen=True)
class StoryConfig:
    """Everything ``assign_stories`` needs; pass one object down, never read the environment."""

    features: FeatureConfig = field(default_factory=FeatureConfig)
    copies: CopyConfig = field(default_factory=CopyConfig)
    grouping: GroupingConfig = field(default_factory=GroupingConfig)

    @property
    def history_days(self) -> int:
        """How many days before a new day its assignment reads: the state needs only the rows of
        the last ``history_days`` days (and of that day) to extend; older rows are never read."""
        g, c = self.grouping, self.copies
        return max(
            g.idf_window_days, g.window_days, g.max_story_days, c.window_days, c.boilerplate_window_days
        )
