"""Text similarity of articles: TF-IDF vectors over stored term counts, cosine by sparse products.

Document frequencies are counted over the articles of the days around the batch (never over a
fixed corpus), so the weights follow the news of the moment: a name everybody prints this week
weighs less than a name one happening brings. Vectors are L2-normalised, so a dot product is a
cosine, and a story centroid is the plain sum of its members' vectors.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

_CHUNK = 1024  # rows per dense block when a product is thresholded


def tfidf_matrix(
    term_ids: Sequence[np.ndarray],
    term_counts: Sequence[np.ndarray],
    n_idf_docs: int,
    idf_power: float = 1.0,
    top_terms: int = 0,
    smooth: bool = False,
) -> sparse.csr_matrix:
    """L2-normalised rows of (1 + log tf) * log(N / df) ** idf_power; df from the first
    ``n_idf_docs`` rows (later rows get weights but do not count towards frequencies).

    ``idf_power`` above 1 lets rare words (names, places, figures) outweigh the vocabulary of a
    topic; ``top_terms`` > 0 keeps only each row's heaviest terms, its keywords. ``smooth`` uses
    ``1 + log((N + 1) / (df + 1))`` for a small background, where a word two of five articles share
    would otherwise weigh next to nothing.
    """
    lengths = np.array([len(t) for t in term_ids], dtype=np.int64)
    if lengths.sum() == 0:
        return sparse.csr_matrix((len(term_ids), 1), dtype=np.float32)
    ids = np.concatenate(term_ids)
    counts = np.concatenate(term_counts).astype(np.float64)
    vocab, cols = np.unique(ids, return_inverse=True)
    df = np.bincount(cols[: lengths[:n_idf_docs].sum()], minlength=len(vocab)).astype(np.float64)
    # A term no counted document has is as rare as a term that one document has.
    smoothed = 1.0 + np.log((n_idf_docs + 1.0) / (df + 1.0))
    idf = smoothed if smooth else np.log(max(n_idf_docs, 1) / np.maximum(df, 1.0))
    data = (1.0 + np.log(np.maximum(counts, 1.0))) * idf[cols] ** idf_power
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    if top_terms > 0:
        data = _keep_top(data, indptr, top_terms)
    mat = sparse.csr_matrix((data, cols, indptr), shape=(len(term_ids), len(vocab)))
    mat.eliminate_zeros()
    norms = np.sqrt(np.asarray(mat.multiply(mat).sum(axis=1)).ravel())
    mat = sparse.diags(1.0 / np.where(norms > 0, norms, 1.0)) @ mat
    return sparse.csr_matrix(mat, dtype=np.float32)


def _keep_top(data: np.ndarray, indptr: np.ndarray, k: int) -> np.ndarray:
    """Zero all but the ``k`` largest values of each row segment (ties: the earlier column)."""
    rows = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
    order = np.lexsort((-data, rows))  # by row, heaviest first
    rank = np.empty(len(data), dtype=np.int64)
    rank[order] = np.arange(len(data)) - indptr[rows[order]]
    return np.where(rank < k, data, 0.0)


def dense_products(a: sparse.csr_matrix, b: sparse.csr_matrix) -> np.ndarray:
    """``a @ b.T`` as a dense float32 array, computed in row blocks."""
    out = np.zeros((a.shape[0], b.shape[0]), dtype=np.float32)
    bt = sparse.csc_matrix(b.T)
    for lo in range(0, a.shape[0], _CHUNK):
        out[lo : lo + _CHUNK] = (a[lo : lo + _CHUNK] @ bt).toarray()
    return out


def similar_pairs(
    a: sparse.csr_matrix, b: sparse.csr_matrix, min_cosine: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row pairs (i of a, j of b) with cosine at least ``min_cosine``, and the cosines."""
    rows, cols, sims = [], [], []
    bt = sparse.csc_matrix(b.T)
    for lo in range(0, a.shape[0], _CHUNK):
        block = (a[lo : lo + _CHUNK] @ bt).toarray()
        i, j = np.nonzero(block >= min_cosine)
        rows.append(i + lo)
        cols.append(j)
        sims.append(block[i, j])
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(sims)
