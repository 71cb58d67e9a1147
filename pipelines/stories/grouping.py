"""Stories: articles about one happening, across outlets and days, extended night by night.

Similarity. Each article is a TF-IDF vector over its ``top_terms`` heaviest light-stemmed words
(title counted extra; document frequencies from the articles of the last ``idf_window_days``), so
the names, places, figures and dates of a happening weigh most and the vocabulary of a topic or a
formula little. Articles that copy one text (``copies.find_copies``) count as identical.

One night, one day's articles:
1. They are clustered among themselves by average linkage: two groups merge while the mean cosine
   between their members is at least ``min_mean_cosine``. A mean over all pairs, never one close
   pair, so a chain of weak links (A like B, B like C) does not pull C to A; and the result does
   not depend on the order the articles come in.
2. Each cluster joins the open story its members copy from, else the open story it is closest to
   as a whole (mean cosine to the story's members >= ``min_mean_cosine`` and cosine between the
   centroids >= ``min_centroid_cosine``), else it opens a story. Shared entity keys and disjoint
   incident types adjust the cosines when the input carries them. A story is open for
   ``max_story_days`` after its first article.

Incremental and idempotent. Days are processed in date order; an article sees only state
articles published on or before its own day (within the windows), and stories never merge or
split, so earlier assignments never change. Articles assigned again are first removed from the
state, and a story's id is a hash of the article that opened it, so running a day twice gives the
same ids and no duplicates.
"""

from __future__ import annotations

import hashlib
from collections import Counter

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from pipelines.stories.config import GroupingConfig, StoryConfig
from pipelines.stories.copies import CopyIndex, boilerplate_shingles, find_copies
from pipelines.stories.features import FEATURE_COLUMNS, article_features, normalise_input
from pipelines.stories.similarity import dense_products, similar_pairs, tfidf_matrix
from pipelines.stories.state import ASSIGNMENT_COLUMNS, STATE_COLUMNS, StoryState


def story_id_for(article_id: str) -> str:
    """A story's id: a hash of the id of the article that opened it."""
    return "st-" + hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:16]


def assign_stories(
    new_articles: pd.DataFrame, state: StoryState, config: StoryConfig | None = None
) -> tuple[pd.DataFrame, StoryState]:
    """Assign stories and copy groups to ``new_articles``, extending ``state``.

    ``new_articles`` has columns article_id, source_id, published, title, text (and optionally
    url, lang, entities, incident_types; and the ``COMPUTED_COLUMNS`` of ``article_features`` when
    an earlier stage computed them with the same ``FeatureConfig``). Returns the assignments
    (``ASSIGNMENT_COLUMNS``, in input order) and the new state.
    """
    config = config or StoryConfig()
    new = normalise_input(new_articles)
    if new.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in ASSIGNMENT_COLUMNS}), state
    features = article_features(new, config.features)
    new = pd.concat([new.drop(columns=list(FEATURE_COLUMNS), errors="ignore"), features], axis=1)
    state = state.without(new["article_id"])
    for day in sorted(new["day"].unique()):
        # Within a day: by time, then id (``find_copies`` then puts agency items and much-copied
        # texts first).
        batch = new.loc[new["day"] == day].sort_values(["published", "article_id"])
        rows = _assign_day(batch, state, pd.Timestamp(day), config)
        state = state.extend(rows)
    assigned = state.articles.set_index("article_id").loc[new["article_id"]].reset_index()
    assigned = assigned.loc[:, list(ASSIGNMENT_COLUMNS)].astype({"copy_of": object})
    assigned["copy_of"] = assigned["copy_of"].where(assigned["copy_of"].notna(), None)
    return assigned, state


def _assign_day(
    batch: pd.DataFrame, state: StoryState, day: pd.Timestamp, config: StoryConfig
) -> pd.DataFrame:
    """State rows for one day's articles, given the state of the days before (and that day)."""
    g, c = config.grouping, config.copies
    hist = state.articles
    hist_day = hist["published"].dt.normalize()
    earliest = day - pd.Timedelta(days=config.history_days)
    hist = hist.loc[(hist_day <= day) & (hist_day >= earliest)].reset_index(drop=True)
    age = (day - hist["published"].dt.normalize()).dt.days.to_numpy()

    # TF-IDF of the batch and the history days; document frequencies over the batch and the IDF
    # window (rows ordered so that those come first).
    in_idf = age <= g.idf_window_days
    order = np.concatenate([np.flatnonzero(in_idf), np.flatnonzero(~in_idf)])
    hist, age = hist.iloc[order].reset_index(drop=True), age[order]
    n_idf = len(batch) + int(in_idf.sum())
    mat = tfidf_matrix(
        [*batch["term_ids"], *hist["term_ids"]],
        [*batch["term_counts"], *hist["term_counts"]],
        n_idf,
        idf_power=g.idf_power,
        top_terms=g.top_terms if n_idf >= g.min_keyword_docs else 0,
        smooth=n_idf < g.min_keyword_docs,
    )
    bat_mat, hist_mat = mat[: len(batch)], mat[len(batch) :]

    # Copies: LSH candidates plus pairs of close vectors (a short copy of a long text).
    in_copy = np.flatnonzero(age <= c.window_days)
    copy_hist = hist.iloc[in_copy]
    extra = _close_pairs(batch, copy_hist, bat_mat, hist_mat[in_copy], c.candidate_cosine)
    index = CopyIndex.build(copy_hist, c, config.features.num_perm)
    in_bp = age <= c.boilerplate_window_days
    boilerplate = boilerplate_shingles(
        [*hist.loc[in_bp, "shingles"], *batch["shingles"]],
        np.concatenate([age[in_bp], np.zeros(len(batch), np.int64)]),
        c.boilerplate_min_days,
    )
    copies = find_copies(
        batch, index, c, config.features.num_perm, boilerplate=boilerplate, extra_candidates=extra
    )

    # Stories follow the order copies were taken in: agency items and much-copied texts first.
    order = np.argsort(copies["rank"].to_numpy())
    batch, bat_mat, copies = batch.iloc[order], bat_mat[order], copies.iloc[order]
    in_story = np.flatnonzero(age <= g.window_days)
    story_ids = _group_day(batch, day, hist.iloc[in_story], hist_mat[in_story], bat_mat, copies, hist, g)

    rows = batch.copy()
    rows["story_id"] = story_ids
    rows["copy_group"] = copies["copy_group"].to_numpy()
    rows["copy_of"] = copies["copy_of"].to_numpy()
    rows["overlap"] = copies["overlap"].to_numpy()
    return rows.loc[:, list(STATE_COLUMNS)]


def _close_pairs(
    batch: pd.DataFrame,
    hist: pd.DataFrame,
    bat_mat: sparse.csr_matrix,
    hist_mat: sparse.csr_matrix,
    min_cos: float,
) -> list[tuple[str, str]]:
    """(new id, target id) pairs whose TF-IDF cosine is at least ``min_cos``; batch targets earlier."""
    ids = batch["article_id"].to_numpy(dtype=object)
    i, j, _ = similar_pairs(bat_mat, hist_mat, min_cos)
    out = list(zip(ids[i], hist["article_id"].to_numpy(dtype=object)[j], strict=True))
    i, j, _ = similar_pairs(bat_mat, bat_mat, min_cos)
    keep = j < i
    out += list(zip(ids[i[keep]], ids[j[keep]], strict=True))
    return out


def _group_day(
    batch: pd.DataFrame,
    day: pd.Timestamp,
    win: pd.DataFrame,
    win_mat: sparse.csr_matrix,
    bat_mat: sparse.csr_matrix,
    copies: pd.DataFrame,
    hist: pd.DataFrame,
    g: GroupingConfig,
) -> list[str]:
    """Story ids for ``batch`` rows (in their order).

    First the day's articles are clustered among themselves by average linkage (copies held
    together), so the result does not depend on the order they come in. Then each cluster joins
    the open story its members copy from, or the open story it is close to as a whole, or opens
    a story. ``win`` are the state articles of the story window (vectors ``win_mat``); ``hist``
    all state articles the day may see (for the stories of copied items).
    """
    nb, n_win = len(batch), len(win)
    ids = batch["article_id"].to_numpy(dtype=object)

    # Open stories: a member in the window, opened at most ``max_story_days`` ago (coverage of one
    # happening comes within days; the cap stops day-by-day chains of recurring reports).
    codes, names = pd.factorize(win["story_id"])
    n_hs = len(names)
    first_day = hist["published"].dt.normalize().groupby(hist["story_id"]).min()
    oldest_open = day - pd.Timedelta(days=g.max_story_days)
    is_open = first_day.reindex(names).to_numpy() >= oldest_open
    membership = sparse.csr_matrix(
        (np.ones(n_win, dtype=np.float32), (np.arange(n_win), codes)), shape=(n_win, n_hs)
    )
    centroid = sparse.csr_matrix(membership.T @ win_mat)
    story_norm = np.sqrt(np.asarray(centroid.multiply(centroid).sum(axis=1)).ravel())
    story_count = np.bincount(codes, minlength=n_hs).astype(np.float64)
    to_story = dense_products(bat_mat, centroid)  # [a, s] = sum of cosines of a to the members of s
    sims = dense_products(bat_mat, bat_mat)
    to_story += _evidence(batch, win, codes, n_hs, g, story_level=True)
    sims += _evidence(batch, batch, np.arange(nb), nb, g, story_level=False)

    # Same-day clusters; an article and the item it copies count as identical.
    pos = {a: i for i, a in enumerate(ids)}
    copy_of = copies["copy_of"].to_numpy(dtype=object)
    for row, target in enumerate(copy_of):
        col = pos.get(target) if target is not None else None
        if col is not None:
            sims[row, col] = sims[col, row] = 1.0
    labels = _average_link(sims, g.min_mean_cosine)

    story_of_article = dict(zip(hist["article_id"], hist["story_id"], strict=True))
    result: list[str] = [""] * nb
    _, first_member = np.unique(labels, return_index=True)
    for start in np.sort(first_member):
        members = np.flatnonzero(labels == labels[start])
        story = _copied_story(copy_of[members], story_of_article, first_day, oldest_open)
        if story is None and n_hs:
            link = to_story[members].sum(axis=0)
            cluster_norm = np.sqrt(max(float(sims[np.ix_(members, members)].sum()), 1e-12))
            cos = link / (cluster_norm * np.maximum(story_norm, 1e-12))
            mean = link / (len(members) * np.maximum(story_count, 1.0))
            ok = is_open & (cos >= g.min_centroid_cosine) & (mean >= g.min_mean_cosine)
            if ok.any():
                story = str(names[np.flatnonzero(ok)[np.argmax(cos[ok])]])
        if story is None:
            story = story_id_for(ids[start])
        for i in members:
            result[i] = story
            story_of_article[ids[i]] = story
    return result


def _average_link(sims: np.ndarray, min_mean: float) -> np.ndarray:
    """Cluster labels such that two clusters merge only while their mean pairwise cosine is at
    least ``min_mean`` (average linkage: no chaining through one close pair)."""
    n = len(sims)
    if n < 2:
        return np.zeros(n, dtype=np.int64)
    dist = np.clip(1.0 - sims.astype(np.float64), 0.0, None)
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(dist, checks=False), method="average")
    return fcluster(tree, t=1.0 - min_mean, criterion="distance").astype(np.int64)


def _copied_story(
    targets: np.ndarray, story_of_article: dict[str, str], first_day: pd.Series, oldest_open: pd.Timestamp
) -> str | None:
    """The open story that the most members of a cluster copy from, if any (ties: the oldest)."""
    found = [story_of_article.get(t) for t in targets if t is not None]
    open_found = [s for s in found if s is not None and first_day.get(s, oldest_open) >= oldest_open]
    if not open_found:
        return None
    counts = Counter(open_found)
    top = max(counts.values())
    return min((s for s, c in counts.items() if c == top), key=lambda s: (first_day.get(s, oldest_open), s))


def _evidence(
    rows: pd.DataFrame,
    other: pd.DataFrame,
    codes: np.ndarray,
    n_groups: int,
    g: GroupingConfig,
    story_level: bool,
) -> np.ndarray:
    """Adjustments to summed cosines from entity keys and incident types, where both sides have them.

    ``other`` rows belong to ``n_groups`` groups (``codes``): stories (the adjustment is then per
    member, to match sums over members) or the rows themselves.
    """
    out = np.zeros((len(rows), n_groups))
    if not (g.entity_weight or g.incident_mismatch_penalty) or not len(rows) or not n_groups:
        return out
    for col, weight in (("entities", g.entity_weight), ("incident_types", -g.incident_mismatch_penalty)):
        if not weight:
            continue
        mine = _one_hot(rows[col], other[col])
        theirs_rows = _one_hot(other[col], rows[col])
        grouping = sparse.csr_matrix(
            (np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(n_groups, len(codes))
        )
        theirs = (grouping @ theirs_rows > 0).astype(np.float64)  # keys of each group
        shared = (mine @ theirs.T).toarray()
        size_mine = np.asarray(mine.sum(axis=1)).ravel()[:, None]
        size_theirs = np.asarray(theirs.sum(axis=1)).ravel()[None, :]
        both = (size_mine > 0) & (size_theirs > 0)
        if col == "entities":
            value = np.where(both, shared / np.maximum(np.minimum(size_mine, size_theirs), 1), 0.0)
        else:
            value = (both & (shared == 0)).astype(np.float64)
        members = np.bincount(codes, minlength=n_groups)[None, :] if story_level else 1
        out += weight * value * members
    return out


def _one_hot(values: pd.Series, other: pd.Series) -> sparse.csr_matrix:
    """Rows of ``values`` (tuples of keys) as 0/1 over the keys of both series."""
    vocab = {k: i for i, k in enumerate(sorted({k for v in (*values, *other) for k in v}))}
    rows = [i for i, v in enumerate(values) for _ in v]
    cols = [vocab[k] for v in values for k in v]
    return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(values), max(len(vocab), 1)))
