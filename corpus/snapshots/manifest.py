"""The snapshot manifest: what a snapshot holds, content-addressed and deterministic."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pydantic import BaseModel, Field

MANIFEST_FORMAT = 1
# Fields that name or date a snapshot; everything else is its content (two runs over the same data
# with the same policies give the same content hash, whatever their names or times).
_IDENTITY_FIELDS = {"name", "created_at", "created_by", "content_sha256"}


class ShardRef(BaseModel):
    """One gzip JSONL shard of documents in the snapshots bucket."""

    split: str = Field(description="train, validation or test")
    key: str = Field(description="Object key in the snapshots bucket (content-addressed)")
    sha256: str = Field(description="SHA-256 of the shard's bytes; readers refuse a mismatch")
    documents: int = Field(description="Documents in the shard")
    bytes: int = Field(0, description="Size of the shard in bytes")


class SourceRef(BaseModel):
    """A source a snapshot was cut from, with the policy version its documents went through."""

    name: str
    kind: str
    policy_version: str
    documents: int = 0


class SnapshotManifest(BaseModel):
    """An immutable snapshot: sources, policies, counts, de-id and DP summaries, shards."""

    format: int = MANIFEST_FORMAT
    name: str
    created_at: str = Field(description="ISO-8601 UTC time the snapshot was cut")
    created_by: str | None = None
    parent: str | None = Field(None, description="Name of the parent snapshot, if any")
    sources: list[SourceRef] = Field(default_factory=list)
    policy_versions: dict[str, str] = Field(default_factory=dict, description="source name -> policy version")
    counts: dict[str, int] = Field(default_factory=dict, description="split -> documents")
    deid: dict[str, Any] = Field(default_factory=dict, description="findings per entity type, residual risk")
    dp: dict[str, Any] = Field(default_factory=dict, description="DP datasets and epsilons charged")
    curation: dict[str, Any] = Field(default_factory=dict, description="filters, duplicates removed, split seed")
    shards: list[ShardRef] = Field(default_factory=list)
    content_sha256: str = ""

    def content(self) -> dict[str, Any]:
        """The manifest without the fields that only name or date it."""
        return {k: v for k, v in self.model_dump(mode="json").items() if k not in _IDENTITY_FIELDS}

    def compute_content_sha256(self) -> str:
        """SHA-256 of the canonical JSON of :meth:`content`."""
        return hashlib.sha256(canonical_json(self.content())).hexdigest()

    def sealed(self) -> SnapshotManifest:
        """A copy with shards grouped by split (write order kept) and `content_sha256` filled in."""
        shards = sorted(self.shards, key=lambda s: s.split)
        copy = self.model_copy(update={"shards": shards})
        copy.content_sha256 = copy.compute_content_sha256()
        return copy

    def to_bytes(self) -> bytes:
        """Canonical JSON bytes of the whole manifest (what is stored)."""
        return canonical_json(self.model_dump(mode="json"))

    @property
    def total_documents(self) -> int:
        return sum(self.counts.values())


def canonical_json(data: Any) -> bytes:
    """Sorted keys, no whitespace, UTF-8: equal data gives equal bytes."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def manifest_key(manifest_sha256: str) -> str:
    """Where a manifest with these bytes lives in the snapshots bucket."""
    return f"manifests/{manifest_sha256}.json"


def shard_key(sha256: str) -> str:
    """Where a shard with these bytes lives (equal shards across snapshots are stored once)."""
    return f"shards/{sha256[:2]}/{sha256}.jsonl.gz"
