"""The bucket layout of a box. Only features MinIO, Ceph RGW and SeaweedFS share are used."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class BucketSpec:
    """What a bucket is for and how it is protected."""

    name: str
    purpose: str
    versioning: bool = True
    object_lock: Literal["governance", "compliance"] | None = None
    encrypted: bool = True
    servable: bool = True  # whether presigned download links may ever be issued


QUARANTINE = "quarantine"
CURATED = "curated"
SNAPSHOTS = "snapshots"
MODELS = "models"
AUDIT = "audit"


def bucket_layout() -> list[BucketSpec]:
    """The five buckets every box has."""
    return [
        BucketSpec(QUARANTINE, "raw data with PHI; never served", object_lock="governance", servable=False),
        BucketSpec(CURATED, "de-identified documents and findings"),
        BucketSpec(SNAPSHOTS, "immutable, content-addressed snapshot manifests"),
        BucketSpec(MODELS, "base models, checkpoints, adapters"),
        BucketSpec(AUDIT, "signed audit heads and evidence", object_lock="compliance", servable=False),
    ]


def spec_for(name: str) -> BucketSpec:
    for spec in bucket_layout():
        if spec.name == name:
            return spec
    raise KeyError(f"unknown bucket {name!r}")
