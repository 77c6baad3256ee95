"""Object keys of the pipeline: content-addressed, so a rerun writes the same object to the same key."""

from __future__ import annotations


def quarantine_key(sha256: str) -> str:
    """Where a raw file with this SHA-256 lives in the quarantine bucket."""
    return f"sha256/{sha256[:2]}/{sha256}"


def curated_part_key(prefix: str, input_sha256: str, part: int) -> str:
    """Where the de-identified documents of one part of one input live (prefix names source and policy version)."""
    return f"{prefix}/{input_sha256[:2]}/{input_sha256}-{part:05d}.jsonl.gz"
