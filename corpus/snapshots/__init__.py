"""Corpus snapshots: immutable, content-addressed manifests of gzip JSONL shards, read as a stream.

Training reads snapshots only through this module:

    manifest = load_manifest(box, "cardiology-2025-q1")
    for doc in iter_documents(box, manifest, split="train"):
        doc["text"], doc["patient"], doc["fields"]

Each document is {"id", "patient", "source", "kind", "language", "text", "fields", "split"}.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from appliance.db.models import Snapshot
from appliance.errors import IntegrityError, NotFound
from appliance.storage.layout import SNAPSHOTS
from corpus.snapshots.manifest import ShardRef, SnapshotManifest, SourceRef, canonical_json, manifest_key
from corpus.snapshots.shards import ShardWriter, read_shard

if TYPE_CHECKING:
    from appliance.box import Box
    from appliance.services.auth import Principal
    from corpus.snapshots.exporting import ExportResult

__all__ = [
    "ShardRef",
    "ShardWriter",
    "SnapshotManifest",
    "SourceRef",
    "canonical_json",
    "export",
    "iter_documents",
    "load_manifest",
    "manifest_from_bytes",
    "store_manifest",
]


def store_manifest(box: Box, manifest: SnapshotManifest) -> tuple[str, str]:
    """Seal and store a manifest under its own SHA-256; returns (key, sha256)."""
    data = manifest.sealed().to_bytes()
    sha = hashlib.sha256(data).hexdigest()
    key = manifest_key(sha)
    if box.store.head(SNAPSHOTS, key) is None:
        box.store.put_bytes(SNAPSHOTS, key, data, content_type="application/json")
    return key, sha


def manifest_from_bytes(data: bytes, expected_sha256: str | None = None) -> SnapshotManifest:
    """Parse stored manifest bytes, refusing them if they do not match `expected_sha256`."""
    actual = hashlib.sha256(data).hexdigest()
    if expected_sha256 is not None and actual != expected_sha256:
        raise IntegrityError(f"snapshot manifest does not match its recorded SHA-256 ({actual[:12]}...)",
                             hint="the manifest was altered after the snapshot was cut")
    manifest = SnapshotManifest.model_validate_json(data)
    if manifest.content_sha256 and manifest.compute_content_sha256() != manifest.content_sha256:
        raise IntegrityError(f"snapshot manifest {manifest.name!r} fails its content hash")
    return manifest


def load_manifest(box: Box, name: str) -> SnapshotManifest:
    """The manifest of the snapshot called `name`, verified against the SHA-256 recorded in the DB."""
    with box.sessions() as s:
        row = s.scalar(select(Snapshot).where(Snapshot.name == name))
    if row is None:
        raise NotFound(f"no snapshot named {name!r}", hint="list them with `corpusbox snapshot list`")
    return manifest_from_bytes(box.store.get_bytes(SNAPSHOTS, row.manifest_key), row.manifest_sha256)


def iter_documents(box: Box, manifest: SnapshotManifest, split: str | None = None,
                   workdir: Path | None = None) -> Iterator[dict[str, Any]]:
    """Stream a snapshot's documents (one split, or all), shard by shard, each shard hash-checked."""
    for shard in manifest.shards:
        if split is None or shard.split == split:
            yield from read_shard(box, shard, workdir)


def export(box: Box, principal: Principal, name: str, output_dir: str | Path,
           format: str = "jsonl") -> ExportResult:
    """Write a snapshot's documents to `output_dir` as jsonl, chat or text files, one per split."""
    from corpus.snapshots.exporting import export_snapshot

    return export_snapshot(box, principal, name, Path(output_dir), format)
