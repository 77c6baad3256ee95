"""Directories in the `models` bucket: uploaded file by file with a SHA-256 manifest written last.

A directory exists only once its MANIFEST.json is there, so a job killed mid-upload leaves nothing
that looks complete. Downloads are checked against the manifest, file by file.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from appliance.storage.layout import MODELS
from appliance.storage.s3 import file_sha256
from training.errors import ArtifactIntegrityError

if TYPE_CHECKING:
    from appliance.box import Box

MANIFEST = "MANIFEST.json"


def upload_dir(box: Box, local: Path, prefix: str, extra: dict[str, Any] | None = None) -> tuple[dict[str, Any], str]:
    """Upload every file under `local` to models/<prefix>/; returns (manifest, manifest SHA-256)."""
    prefix = prefix.rstrip("/") + "/"
    files: dict[str, dict[str, Any]] = {}
    for path in sorted(p for p in local.rglob("*") if p.is_file()):
        rel = path.relative_to(local).as_posix()
        if rel == MANIFEST:
            continue
        stored = box.store.put_file(MODELS, prefix + rel, path)
        files[rel] = {"sha256": stored.sha256 or file_sha256(path), "size": stored.size}
    manifest = {"files": files, **(extra or {})}
    body = json.dumps(manifest, sort_keys=True, indent=1).encode()
    box.store.put_bytes(MODELS, prefix + MANIFEST, body, "application/json")
    return manifest, hashlib.sha256(body).hexdigest()


def read_manifest(box: Box, prefix: str) -> tuple[dict[str, Any], str] | None:
    """The manifest of a stored directory and its SHA-256, or None when the directory is incomplete."""
    key = prefix.rstrip("/") + "/" + MANIFEST
    if box.store.head(MODELS, key) is None:
        return None
    body = box.store.get_bytes(MODELS, key)
    return json.loads(body), hashlib.sha256(body).hexdigest()


def download_dir(box: Box, prefix: str, dest: Path, expected_sha: str | None = None) -> Path:
    """Fetch a stored directory into `dest`, verifying the manifest hash and every file's SHA-256."""
    found = read_manifest(box, prefix)
    if found is None:
        raise ArtifactIntegrityError(f"models/{prefix} has no manifest (incomplete upload)")
    manifest, sha = found
    if expected_sha and sha != expected_sha:
        raise ArtifactIntegrityError(f"models/{prefix}: manifest SHA-256 {sha[:12]}… does not match the registry "
                                     f"({expected_sha[:12]}…)", hint="the stored model was changed; re-import it")
    tmp = dest.with_name(dest.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for rel, meta in manifest["files"].items():
        target = tmp / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        got = box.store.get_file(MODELS, prefix.rstrip("/") + "/" + rel, target, full=True)
        if got.sha256 != meta["sha256"]:
            raise ArtifactIntegrityError(f"models/{prefix}{rel}: SHA-256 does not match its manifest")
    (tmp / MANIFEST).write_text(json.dumps(manifest, sort_keys=True, indent=1))
    shutil.rmtree(dest, ignore_errors=True)
    tmp.rename(dest)
    return dest


def verify_local(directory: Path) -> bool:
    """Whether a cached directory still matches the manifest stored inside it."""
    mf = directory / MANIFEST
    if not mf.exists():
        return False
    manifest = json.loads(mf.read_text())
    for rel, meta in manifest["files"].items():
        path = directory / rel
        if not path.exists() or path.stat().st_size != meta["size"] or file_sha256(path) != meta["sha256"]:
            return False
    return True


def delete_prefix(box: Box, prefix: str) -> int:
    """Delete every object under a prefix (old checkpoints); returns how many."""
    n = 0
    for obj in list(box.store.list(MODELS, prefix.rstrip("/") + "/")):
        box.store.delete(MODELS, obj.key)
        n += 1
    return n
