"""Per-article features for copy detection and story grouping, computed once and stored.

An article is compared through two views of its text:
- the hashes of its word 3-shingles (whole text), whose overlap says whether it reproduces
  another text, and their MinHash signature, which finds the candidates by LSH;
- the counts of its light-stemmed content words (title counted extra), from which story
  grouping builds TF-IDF vectors with document frequencies of the days around it.
Both are plain numbers, so a stored row rebuilds the state without the text.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cache, lru_cache

import numpy as np
import pandas as pd
from datasketch import MinHash

from pipelines.knowledge import load_yaml
from pipelines.stories.config import FeatureConfig
from pipelines.stories.normalize import fold, shingle_hashes, stable_hash, stem, words

REQUIRED_COLUMNS = ("article_id", "source_id", "published", "title", "text")
FEATURE_COLUMNS = ("signature", "shingles", "term_ids", "term_counts", "entities", "incident_types")
COMPUTED_COLUMNS = ("signature", "shingles", "term_ids", "term_counts")  # from the text alone


@cache
def _stopwords() -> frozenset[str]:
    data = load_yaml("story_stopwords.yaml")
    return frozenset(fold(w) for lang_words in data.values() for w in lang_words)


def _identity(value: int) -> int:
    return value


@cache
def _minhash_template(num_perm: int, seed: int) -> MinHash:
    """One sketch whose permutations every signature shares (building them costs more than hashing)."""
    return MinHash(num_perm=num_perm, seed=seed, hashfunc=_identity, scheme="affine32")


def signature(shingle_set: np.ndarray, config: FeatureConfig) -> np.ndarray:
    """MinHash signature (uint32) of a set of shingle hashes."""
    mh = _minhash_template(config.num_perm, config.seed).copy()
    mh.update_batch(shingle_set.tolist())
    return mh.hashvalues.astype(np.uint32)


@lru_cache(maxsize=1 << 18)
def _term(word: str) -> int:
    """The term id of a folded word, or -1 for a word that says nothing about a happening
    (a function word, one letter, one digit)."""
    if len(word) < 2 or word in _stopwords():
        return -1
    return stable_hash(stem(word))


def term_counts(title: str, tokens: list[str], config: FeatureConfig) -> tuple[np.ndarray, np.ndarray]:
    """Hashed stems of content words and their counts (title words get ``title_boost`` extra)."""
    counts: defaultdict[int, float] = defaultdict(float)
    for boost, seq in ((1.0, tokens), (config.title_boost, words(title))):
        for word, n in Counter(seq).items():
            counts[_term(word)] += boost * n
    counts.pop(-1, None)
    if not counts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    ids = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
    values = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
    order = np.argsort(ids, kind="stable")
    ids, values = ids[order], values[order]
    if len(ids) > config.max_terms:
        # Keep the most frequent terms (ties: the smaller id), in id order.
        keep = np.sort(np.lexsort((ids, -values))[: config.max_terms])
        ids, values = ids[keep], values[keep]
    return ids, values


def _keys(values: object) -> tuple[str, ...]:
    """Folded, sorted, distinct keys of an optional list column (None/NaN: none)."""
    if values is None or isinstance(values, float):
        return ()
    if isinstance(values, str):
        values = [values]
    assert isinstance(values, Iterable)
    return tuple(sorted({" ".join(words(str(v))) for v in values} - {""}))


def normalise_input(articles: pd.DataFrame) -> pd.DataFrame:
    """Check the input columns and give ``published`` one type (tz-naive UTC) and a ``day``."""
    missing = [c for c in REQUIRED_COLUMNS if c not in articles.columns]
    if missing:
        raise ValueError(f"articles lack columns {missing}; need {list(REQUIRED_COLUMNS)}")
    out = articles.copy()
    published = pd.to_datetime(out["published"], utc=True).dt.tz_localize(None)
    out["published"] = published
    out["day"] = published.dt.normalize()
    out["article_id"] = out["article_id"].astype(str)
    out["source_id"] = out["source_id"].astype(str)
    if out["article_id"].duplicated().any():
        raise ValueError("article_id must be unique within one call")
    for col in ("title", "text"):
        out[col] = out[col].fillna("").astype(str)
    return out


def article_features(articles: pd.DataFrame, config: FeatureConfig) -> pd.DataFrame:
    """The ``FEATURE_COLUMNS`` for each row of normalised ``articles``.

    Text features (``COMPUTED_COLUMNS``) are computed unless ``articles`` already carries them
    (an earlier stage may compute them with the same ``FeatureConfig``). Optional input columns
    ``entities`` and ``incident_types`` (lists of strings, e.g. entity canonical forms and incident
    types from the extractor) are carried over folded and sorted.
    """
    out = pd.DataFrame(index=articles.index)
    if all(c in articles.columns for c in COMPUTED_COLUMNS):
        for col in COMPUTED_COLUMNS:
            out[col] = articles[col]
    else:
        sigs, sets, tids, tcounts = [], [], [], []
        for title, text in zip(articles["title"], articles["text"], strict=True):
            tokens = words(text)
            if len(tokens) < config.shingle_size:  # an empty body: the title is all there is
                tokens = words(title) + tokens
            shingle_set = shingle_hashes(tokens, config.shingle_size)
            ids, counts = term_counts(title, tokens, config)
            sigs.append(signature(shingle_set, config))
            sets.append(shingle_set)
            tids.append(ids)
            tcounts.append(counts)
        for col, values in (
            ("signature", sigs),
            ("shingles", sets),
            ("term_ids", tids),
            ("term_counts", tcounts),
        ):
            out[col] = pd.Series(values, index=articles.index, dtype=object)
    for col in ("entities", "incident_types"):
        src = (
            articles[col]
            if col in articles.columns
            else pd.Series([None] * len(articles), index=articles.index)
        )
        out[col] = [_keys(v) for v in src]
    return out
