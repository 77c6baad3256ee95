"""Cutting a snapshot from curated parts in two streaming passes.

Pass 1 reads every part in a fixed order and keeps only compact arrays (text hash, MinHash signature,
quality verdict) to decide what stays. Pass 2 reads the parts again and writes the kept documents into
per-split shards. The input order is sorted by (source, input hash, part), so the result is the same
however the de-identification was scheduled or interrupted.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel, Field

from appliance.errors import IntegrityError
from appliance.storage.layout import CURATED
from corpus.curate.dedup import exact_duplicates, near_duplicates
from corpus.curate.minhash import NUM_PERM
from corpus.curate.quality import QualityConfig, verdict
from corpus.curate.splits import SPLITS, SplitConfig, split_of
from corpus.snapshots.manifest import ShardRef
from corpus.snapshots.shards import ShardWriter

if TYPE_CHECKING:
    from appliance.box import Box

REASONS = ("too_short", "too_long", "language", "boilerplate", "not_text")


class CurationConfig(BaseModel):
    """How a snapshot is curated (recorded in its manifest)."""

    quality: QualityConfig = Field(default_factory=QualityConfig)
    splits: SplitConfig = Field(default_factory=SplitConfig)
    near_duplicate_threshold: float = Field(0.8, gt=0, le=1, description="Estimated Jaccard at which texts are near-duplicates")
    shard_documents: int = Field(10_000, ge=1, description="Documents per shard")


@dataclass(frozen=True)
class PartRef:
    """A curated part to read, with the SHA-256 its row recorded."""

    source: str
    key: str
    sha256: str
    documents: int


@dataclass
class CurationResult:
    """Shards written and what curation removed."""

    shards: list[ShardRef] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    per_source: dict[str, int] = field(default_factory=dict)
    input_documents: int = 0
    dropped: dict[str, int] = field(default_factory=dict)
    patients: dict[str, int] = field(default_factory=dict)


def read_part(box: Box, part: PartRef) -> Iterator[dict[str, Any]]:
    """The curated documents of one part, checked against the SHA-256 its row recorded."""
    data = box.store.get_bytes(CURATED, part.key)
    if hashlib.sha256(data).hexdigest() != part.sha256:
        raise IntegrityError(f"curated part {part.key} does not match its recorded SHA-256",
                             hint="re-run `corpusbox deid run` for its source")
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _pass1(box: Box, parts: list[PartRef], cfg: CurationConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    total = sum(p.documents for p in parts)  # preallocated: no per-part copies to concatenate
    keys = np.zeros(total, dtype=np.uint64)
    sigs = np.zeros((total, NUM_PERM), dtype=np.uint32)
    verdicts = np.zeros(total, dtype=np.int8)
    n = 0
    for part in parts:
        for doc in read_part(box, part):
            if n >= total:
                raise IntegrityError(f"curated part {part.key} holds more documents than its row records")
            cur = doc["_curation"]
            keys[n] = np.uint64(int(cur["text_sha256"][:16], 16))
            sigs[n] = cur["minhash"]
            why = verdict(doc["text"], doc["language"], cfg.quality)
            verdicts[n] = 0 if why is None else REASONS.index(why) + 1
            n += 1
    return keys[:n], sigs[:n], verdicts[:n]


def _digest64(value: str) -> int:
    """A stable 64-bit digest of a string (the same in every process)."""
    return int.from_bytes(hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest(), "big")


def curate(box: Box, parts: list[PartRef], cfg: CurationConfig) -> CurationResult:
    """Filter, de-duplicate, split and shard; returns the shards and counts."""
    keys, sigs, verdicts = _pass1(box, parts, cfg)
    result = CurationResult(input_documents=len(keys))
    low_quality = verdicts > 0
    # A low-quality document gets a key of its own (its index, top bit set): it hides no copy of its text.
    keys[low_quality] = np.flatnonzero(low_quality).astype(np.uint64) | np.uint64(1 << 63)
    exact = exact_duplicates(keys)
    exact &= ~low_quality
    near = near_duplicates(sigs, cfg.near_duplicate_threshold, skip=low_quality | exact)
    keep = ~(low_quality | exact | near)
    for i, reason in enumerate(REASONS, 1):
        if int((verdicts == i).sum()):
            result.dropped[reason] = int((verdicts == i).sum())
    result.dropped["exact_duplicate"] = int(exact.sum())
    result.dropped["near_duplicate"] = int(near.sum())
    del sigs, keys
    _pass2(box, parts, cfg, keep, result)
    return result


def _pass2(box: Box, parts: list[PartRef], cfg: CurationConfig, keep: np.ndarray, result: CurationResult) -> None:
    """Write the kept documents into per-split shards; count documents per source and patients per split."""
    writers = {split: ShardWriter(box, split, cfg.shard_documents) for split in SPLITS}
    # Patients as 64-bit digests in one preallocated array (8 bytes per kept document, no per-patient objects);
    # a stable digest, not hash(), whose salt changes per process.
    kept = int(keep.sum())
    digests = np.zeros(kept, dtype=np.uint64)
    split_codes = np.full(kept, -1, dtype=np.int8)
    index = slot = 0
    for part in parts:
        for doc in read_part(box, part):
            if keep[index]:
                group = doc.get("patient") or f"doc:{doc['id']}"
                split = split_of(group, cfg.splits)
                writers[split].write(doc)
                result.per_source[part.source] = result.per_source.get(part.source, 0) + 1
                if doc.get("patient"):
                    digests[slot] = _digest64(doc["patient"])
                    split_codes[slot] = SPLITS.index(split)
                slot += 1
            index += 1
    for code, split in enumerate(SPLITS):
        shards = writers[split].close()
        result.shards += shards
        result.counts[split] = sum(s.documents for s in shards)
        result.patients[split] = len(np.unique(digests[split_codes == code]))
