"""Agency copy: which article reproduces which item's text, found by MinHash LSH, not all pairs.

Outlets take an agency item (or a release that every paper prints) and add a lead, cut the
tail, or swap the dateline. So the measure is containment: the share of the smaller text's word
3-shingles that the other text holds (Jaccard would call a truncated copy a stranger).

Formulas are not copies. Ministries publish recurring statements (executions, market closes,
weather) whose wording repeats with new names and figures; counted plainly, two different
executions overlap as much as two copies of one. A shingle that appears on ``boilerplate_min_days``
or more distinct days of the window is formula, and containment is counted over the other
shingles only: copies of one item appear within a day or two, a formula appears every week.

Candidates: LSH over the stored MinHash signatures with two-row bands (which finds the
low-Jaccard pairs a short copy of a long text makes), plus pairs the caller supplies (close TF-IDF
vectors). Only candidates are scored, exactly, on the stored shingle sets.

Groups: each article gets a copy group, the id of the group's first article (its own id when it
copies nothing). A new article joins the group whose first article (root) it overlaps most, never
a group it reaches only through another member, and groups never merge, so a later day cannot
rewrite an earlier day's groups. ``copy_of`` names the item it copies: the agency's own item when
it overlaps one in the group, else the root; an agency's item copies nobody but another agency.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from datasketch import LeanMinHash, MinHashLSH

from pipelines.stories.config import CopyConfig

COPY_COLUMNS = ("article_id", "copy_group", "copy_of", "overlap", "rank")
_DAY_BITS = 8  # day offsets up to 255 fit beside a 32-bit shingle hash in one int64


def boilerplate_shingles(
    shingle_sets: list[np.ndarray], day_offsets: np.ndarray, min_days: int
) -> np.ndarray:
    """Sorted shingle hashes that occur on at least ``min_days`` distinct days."""
    if not shingle_sets:
        return np.zeros(0, dtype=np.uint32)
    lengths = np.array([len(s) for s in shingle_sets])
    days = np.repeat(np.asarray(day_offsets, dtype=np.int64) & ((1 << _DAY_BITS) - 1), lengths)
    keyed = np.sort((np.concatenate(shingle_sets).astype(np.int64) << _DAY_BITS) | days)
    # Sort-based distinct values: numpy's hash-based ``unique`` is far slower on millions of keys.
    keyed = keyed[np.concatenate([[True], keyed[1:] != keyed[:-1]])]
    shingle, n_days = np.unique(keyed >> _DAY_BITS, return_counts=True)
    return shingle[n_days >= min_days].astype(np.uint32)


@dataclass
class CopyIndex:
    """Articles a new article may copy: their LSH index and what scoring needs, by position."""

    lsh: MinHashLSH
    article_id: np.ndarray  # str
    source_id: np.ndarray  # str
    published: np.ndarray  # datetime64
    shingles: list[np.ndarray]  # sorted unique uint32 shingle hashes
    copy_group: np.ndarray  # str

    @classmethod
    def build(cls, rows: pd.DataFrame, config: CopyConfig, num_perm: int) -> CopyIndex:
        """Index state ``rows`` (article_id, source_id, published, signature, shingles, copy_group)."""
        sig = signature_matrix(rows["signature"], num_perm)
        return cls(
            lsh=_lsh(sig, config, num_perm),
            article_id=rows["article_id"].to_numpy(dtype=object),
            source_id=rows["source_id"].to_numpy(dtype=object),
            published=rows["published"].to_numpy(dtype="datetime64[ns]"),
            shingles=[np.asarray(s, dtype=np.uint32) for s in rows["shingles"]],
            copy_group=rows["copy_group"].to_numpy(dtype=object),
        )


def signature_matrix(signatures: pd.Series, num_perm: int) -> np.ndarray:
    """Stored signatures (lists or arrays) as one (n, num_perm) uint32 array."""
    if len(signatures) == 0:
        return np.zeros((0, num_perm), dtype=np.uint32)
    return np.stack([np.asarray(s, dtype=np.uint32) for s in signatures])


def _sig(hashvalues: np.ndarray) -> LeanMinHash:
    # The seed only labels the sketch here; the values were computed with the configured seed.
    return LeanMinHash(seed=1, hashvalues=hashvalues, scheme="affine32")


def _lsh(sig: np.ndarray, config: CopyConfig, num_perm: int) -> MinHashLSH:
    """An LSH index over the rows of ``sig``, keyed by row position."""
    if config.lsh_bands * config.lsh_rows != num_perm:
        raise ValueError(f"lsh_bands x lsh_rows must equal num_perm ({num_perm})")
    lsh = MinHashLSH(num_perm=num_perm, params=(config.lsh_bands, config.lsh_rows))
    with lsh.insertion_session() as session:
        for i, row in enumerate(sig):
            session.insert(i, _sig(row), check_duplication=False)
    return lsh


class _Scorer:
    """Exact containment of shingle sets with formula shingles left out."""

    def __init__(self, shingle_sets: list[np.ndarray], boilerplate: np.ndarray, config: CopyConfig) -> None:
        self.raw = shingle_sets
        self.boilerplate = boilerplate
        self.filtered: dict[int, np.ndarray] = {}
        self.sizes = np.array([len(s) for s in shingle_sets])
        self.config = config
        self.cache: dict[tuple[int, int], tuple[bool, float, float]] = {}

    def score(self, a: int, b: int) -> tuple[bool, float, float]:
        """(is a copy, Jaccard, plain containment) of positions a and b; the test and the Jaccard
        leave formula shingles out, the containment (what ``overlap`` reports) does not."""
        key = (a, b) if a > b else (b, a)
        if key not in self.cache:
            self.cache[key] = self._score(*key)
        return self.cache[key]

    def specific(self, k: int) -> np.ndarray:
        """The shingles of position k that are not formula (computed when first needed)."""
        if k not in self.filtered:
            s = self.raw[k]
            self.filtered[k] = (
                s[~np.isin(s, self.boilerplate, assume_unique=True)] if len(self.boilerplate) else s
            )
        return self.filtered[k]

    def _score(self, a: int, b: int) -> tuple[bool, float, float]:
        sa, sb = self.specific(a), self.specific(b)
        small = min(len(sa), len(sb))
        # Too short a text, or one that is all formula, copies nothing recognisably.
        if (
            min(self.sizes[a], self.sizes[b]) < self.config.min_shingles
            or small < self.config.min_specific_shingles
        ):
            return False, 0.0, 0.0
        inter = len(np.intersect1d(sa, sb, assume_unique=True))
        jaccard = inter / (len(sa) + len(sb) - inter)
        contained, covered = inter / small, inter / max(len(sa), len(sb))
        c = self.config
        ok = contained >= c.min_containment and (covered >= c.min_coverage or contained >= c.full_containment)
        plain = len(np.intersect1d(self.raw[a], self.raw[b], assume_unique=True)) if ok else 0
        return ok, jaccard, plain / max(min(self.sizes[a], self.sizes[b]), 1)


def find_copies(
    articles: pd.DataFrame,
    history: CopyIndex,
    config: CopyConfig,
    num_perm: int,
    boilerplate: np.ndarray | None = None,
    extra_candidates: list[tuple[str, str]] | None = None,
) -> pd.DataFrame:
    """Copy assignments for one day's ``articles`` against the ``history`` index.

    ``articles`` carries article_id, source_id, published, signature, shingles, in the caller's
    order (time, then id). ``boilerplate`` holds sorted formula shingle hashes
    (``boilerplate_shingles``); ``extra_candidates`` pairs (new article id, target article id, new
    or in the history) to score besides the LSH hits.

    The new articles are then taken one by one: the agency's items first, then the texts most
    others copy closely (summed Jaccard of their links), then the caller's order, so that a
    group's first article is the agency's item or the fullest version of a release, not
    whichever came first alphabetically.
    Returns one row per article, in input order: article_id, copy_group (never null: its own id
    when it copies nothing), copy_of (article_id or None), overlap (plain containment of the
    smaller of the two texts' shingles in the other, or NaN) and rank (the processing order, which
    story grouping follows too).
    """
    n = len(articles)
    sig = signature_matrix(articles["signature"], num_perm)
    ids = articles["article_id"].to_numpy(dtype=object)
    n_hist = len(history.article_id)
    all_ids = np.concatenate([history.article_id, ids])
    all_sources = np.concatenate([history.source_id, articles["source_id"].to_numpy(dtype=object)])
    all_published = np.concatenate(
        [history.published, articles["published"].to_numpy(dtype="datetime64[ns]")]
    )
    shingle_sets = [*history.shingles, *(np.asarray(s, dtype=np.uint32) for s in articles["shingles"])]
    scorer = _Scorer(shingle_sets, np.zeros(0, np.uint32) if boilerplate is None else boilerplate, config)
    pos_of = {a: k for k, a in enumerate(all_ids)}

    # Candidate pairs of positions (history first, then the new rows), as (larger, smaller).
    pairs: set[tuple[int, int]] = set()
    batch_lsh = _lsh(sig, config, num_perm)
    for i in range(n):
        probe = _sig(sig[i])
        pairs.update((n_hist + i, int(t)) for t in history.lsh.query(probe))
        pairs.update((n_hist + i, n_hist + int(j)) for j in batch_lsh.query(probe) if int(j) < i)
    for new_id, target_id in extra_candidates or ():
        p, q = pos_of.get(new_id, -1), pos_of.get(target_id, -1)
        if p >= n_hist and q >= 0 and p != q:
            pairs.add((max(p, q), min(p, q)))
    # Links: candidate pairs that pass the copy test, with their Jaccard.
    links: dict[int, dict[int, float]] = {n_hist + i: {} for i in range(n)}
    for p, q in sorted(pairs):
        ok, jaccard, _ = scorer.score(p, q)
        if ok:
            links[p][q] = jaccard
            if q >= n_hist:
                links[q][p] = jaccard

    agency = np.array([s in config.agency_sources for s in all_sources[n_hist:]], dtype=bool)
    # Centrality: the summed Jaccard of an article's links. A round-up that holds pieces of many
    # items has many links but low Jaccard with each; the full text of a release has close copies.
    centrality = np.array([sum(links[n_hist + i].values()) for i in range(n)])
    order = np.lexsort((np.arange(n), -np.round(centrality, 6), ~agency))
    done = np.zeros(n_hist + n, dtype=bool)
    done[:n_hist] = True
    group = np.concatenate([history.copy_group, np.empty(n, dtype=object)])
    copy_of: list[str | None] = [None] * n
    overlap = np.full(n, np.nan)
    for i in order:
        own = n_hist + i
        done[own] = True
        group[own] = ids[i]
        partners = {t: j for t, j in links[own].items() if done[t] and t != own}
        # The group of the most similar partner (Jaccard; a short item inside a long round-up is
        # closer to its own copies than to the round-up), provided that this article also
        # overlaps the group's first article (the root) itself, which must be in the window, or
        # is a near duplicate of that partner (which then stands in the same relation to the root).
        best_root = -1
        for t, jaccard in sorted(partners.items(), key=lambda x: (-x[1], x[0])):
            root = pos_of.get(group[t], -1)
            if (
                root >= 0
                and done[root]
                and (root == t or jaccard >= config.near_duplicate or scorer.score(own, root)[0])
            ):
                best_root = root
                break
        if best_root < 0:
            continue
        chosen = group[best_root]
        group[own] = chosen
        target = best_root
        in_agency = [t for t in partners if group[t] == chosen and all_sources[t] in config.agency_sources]
        if in_agency:
            # The agency's own item it is most similar to (then the earliest).
            target = min(in_agency, key=lambda t: (-partners[t], all_published[t], t))
        if all_sources[own] in config.agency_sources and all_sources[target] not in config.agency_sources:
            # An agency's item that reaches us after an outlet printed it shares the outlet's
            # group, but the agency copied nobody.
            continue
        copy_of[i] = str(all_ids[target])
        overlap[i] = scorer.score(own, target)[2]
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    return pd.DataFrame(
        {
            "article_id": ids,
            "copy_group": group[n_hist:],
            "copy_of": copy_of,
            "overlap": overlap,
            "rank": rank,
        },
        index=articles.index,
    )
