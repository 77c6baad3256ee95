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
    exact = exact_duplicates(np.where(low_quality, np.arange(len(keys), dtype=np.uint64) | np.uint64(1 << 63), keys))
    exact &= ~low_quality
    near = near_duplicates(sigs, cfg.near_duplicate_threshold, skip=low_quality | exact)
    keep = ~(low_quality | exact | near)
    for i, reason in enumerate(REASONS, 1):
        if int((verdicts == i).sum()):
            result.dropped[reason] = int((verdicts == i).sum())
    result.dropped["exact_duplicate"] = int(exact.sum())
    result.dropped["near_duplicate"] = int(near.sum())
    del sigs, keys
    writers = {split: ShardWriter(box, split, cfg.shard_documents) for split in SPLITS}
    # 64-bit digests keep this compact; a stable digest, not hash(), whose salt changes per process.
    patients: dict[str, set[int]] = {split: set() for split in SPLITS}
    index = 0
    for part in parts:
        for doc in read_part(box, part):
            if keep[index]:
                group = doc.get("patient") or f"doc:{doc['id']}"
                split = split_of(group, cfg.splits)
                writers[split].write(doc)
                result.per_source[part.source] = result.per_source.get(part.source, 0) + 1
                if doc.get("patient"):
                    patients[split].add(_digest64(doc["patient"]))
            index += 1
    for split in SPLITS:
        shards = writers[split].close()
        result.shards += shards
        result.counts[split] = sum(s.documents for s in shards)
        result.patients[split] = len(patients[split])
    return result
