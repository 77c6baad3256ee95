"""MinHash signatures of de-identified text (datasketch), computed where the text is made: in the workers."""

from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash

NUM_PERM = 64
SHINGLE_CHARS = 5
SEED = 1
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower case, whitespace collapsed: what duplicate checks compare."""
    return _SPACE.sub(" ", text.strip().lower())


def text_sha256(text: str) -> str:
    """Exact-duplicate key of a text."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def shingles(text: str, k: int = SHINGLE_CHARS) -> list[bytes]:
    """Character k-grams (language-agnostic: works for Chinese without a tokenizer)."""
    norm = normalise(text)
    if len(norm) <= k:
        return [norm.encode("utf-8")]
    return list({norm[i:i + k].encode("utf-8") for i in range(len(norm) - k + 1)})


def signature(text: str) -> list[int]:
    """The MinHash signature (NUM_PERM 32-bit values) of a text."""
    mh = MinHash(num_perm=NUM_PERM, seed=SEED)
    mh.update_batch(shingles(text))
    return [int(v) for v in mh.hashvalues]


def jaccard(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of signature rows (the share of equal MinHash values)."""
    return (a == b).mean(axis=-1)
