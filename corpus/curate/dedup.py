"""Exact and near-duplicate detection over whole corpora with compact arrays (no per-document objects).

Exact: equal normalised-text hashes. Near: MinHash signatures banded LSH-style (BANDS x ROWS);
candidates sharing a band are confirmed by estimated Jaccard >= threshold. In every group the
first document in corpus order is kept, so the result does not depend on how work was scheduled.
"""

from __future__ import annotations

import numpy as np

from corpus.curate.minhash import NUM_PERM, jaccard

BANDS = 16
ROWS = NUM_PERM // BANDS


def exact_duplicates(keys: np.ndarray) -> np.ndarray:
    """Mask of documents whose key (uint64 prefix of the text hash) appeared earlier."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    repeat = np.zeros(len(keys), dtype=bool)
    repeat[1:] = sorted_keys[1:] == sorted_keys[:-1]
    mask = np.zeros(len(keys), dtype=bool)
    mask[order] = repeat
    return mask


def near_duplicates(signatures: np.ndarray, threshold: float = 0.8, skip: np.ndarray | None = None) -> np.ndarray:
    """Mask of documents that are near-duplicates of an earlier kept document (`skip`: already dropped)."""
    n = len(signatures)
    skip = np.zeros(n, dtype=bool) if skip is None else skip
    dup = skip.copy()
    if n < 2:
        return np.zeros(n, dtype=bool)
    for band in range(BANDS):
        cols = signatures[:, band * ROWS:(band + 1) * ROWS].astype(np.uint64)
        keys = np.zeros(n, dtype=np.uint64)
        for c in range(ROWS):  # fold the band's values into one 64-bit key
            keys = keys * np.uint64(1_000_003) ^ cols[:, c]
        keys[dup] = np.uint64(0xFFFFFFFFFFFFFFFF)  # dropped documents never represent a group
        order = np.argsort(keys, kind="stable")
        sk = keys[order]
        starts = np.ones(n, dtype=bool)
        starts[1:] = sk[1:] != sk[:-1]
        rep = order[np.maximum.accumulate(np.where(starts, np.arange(n), 0))]
        cand = (~starts) & (sk != np.uint64(0xFFFFFFFFFFFFFFFF))
        members, reps = order[cand], rep[cand]
        if len(members):
            similar = jaccard(signatures[members], signatures[reps]) >= threshold
            dup[members[similar]] = True
    return dup & ~skip
