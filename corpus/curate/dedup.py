"""Exact and near-duplicate detection over whole corpora with compact arrays (no per-document objects).

Exact: equal normalised-text hashes. Near: MinHash signatures banded LSH-style (BANDS x ROWS);
candidates sharing a band are confirmed by estimated Jaccard >= threshold. In every group the
first document in corpus order is kept, so the result does not depend on how work was scheduled.

Memory: besides the signatures themselves (NUM_PERM x 4 bytes per document), a band costs a few
8-byte arrays reused across bands, and candidates are confirmed CONFIRM_CHUNK pairs at a time
(templated clinical notes make most documents candidates in some band, so gathering every
candidate's signature at once would cost ~0.5 KB per document).
"""

from __future__ import annotations

import numpy as np

from corpus.curate.minhash import NUM_PERM, jaccard

BANDS = 16
ROWS = NUM_PERM // BANDS
CONFIRM_CHUNK = 4096  # candidate pairs whose signatures are compared at a time (~2.5 MB)
_MULT = np.uint64(1_000_003)
_DROPPED = np.uint64(0xFFFFFFFFFFFFFFFF)  # band key of dropped documents: they never represent a group


def exact_duplicates(keys: np.ndarray) -> np.ndarray:
    """Mask of documents whose key (uint64 prefix of the text hash) appeared earlier."""
    order = np.argsort(keys, kind="stable")
    repeat = np.zeros(len(keys), dtype=bool)
    sorted_keys = keys[order]
    np.equal(sorted_keys[1:], sorted_keys[:-1], out=repeat[1:])
    del sorted_keys
    mask = np.zeros(len(keys), dtype=bool)
    mask[order] = repeat
    return mask


def _band_keys(signatures: np.ndarray, band: int, out: np.ndarray) -> np.ndarray:
    """Fold one band's ROWS values of every signature into one 64-bit key, in place in `out`."""
    out.fill(0)
    for c in range(band * ROWS, (band + 1) * ROWS):
        np.multiply(out, _MULT, out=out)
        np.bitwise_xor(out, signatures[:, c], out=out)
    return out


def _band_candidates(keys: np.ndarray, idx: np.ndarray, buf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(member, representative) pairs: documents sharing a band key with the group's first document."""
    order = np.argsort(keys, kind="stable")
    sk = np.take(keys, order, out=buf)
    starts = np.ones(len(keys), dtype=bool)
    np.not_equal(sk[1:], sk[:-1], out=starts[1:])
    cand = np.flatnonzero(~starts & (sk != _DROPPED))
    first = buf.view(np.int64)  # sorted keys are no longer needed: reuse their buffer
    np.multiply(idx, starts, out=first)
    np.maximum.accumulate(first, out=first)
    return order[cand], order[first[cand]]


def near_duplicates(signatures: np.ndarray, threshold: float = 0.8, skip: np.ndarray | None = None) -> np.ndarray:
    """Mask of documents that are near-duplicates of an earlier kept document (`skip`: already dropped)."""
    n = len(signatures)
    skip = np.zeros(n, dtype=bool) if skip is None else skip
    dup = skip.copy()
    if n < 2:
        return np.zeros(n, dtype=bool)
    keys, buf, idx = np.empty(n, dtype=np.uint64), np.empty(n, dtype=np.uint64), np.arange(n, dtype=np.int64)
    for band in range(BANDS):
        _band_keys(signatures, band, keys)
        keys[dup] = _DROPPED
        members, reps = _band_candidates(keys, idx, buf)
        for i in range(0, len(members), CONFIRM_CHUNK):
            m, r = members[i:i + CONFIRM_CHUNK], reps[i:i + CONFIRM_CHUNK]
            dup[m[jaccard(signatures[m], signatures[r]) >= threshold]] = True
    return dup & ~skip
