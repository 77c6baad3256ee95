"""Gzip JSONL shards: deterministic bytes on write, SHA-256 checked on read, constant memory both ways."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from appliance.errors import IntegrityError
from appliance.storage.layout import SNAPSHOTS
from corpus.snapshots.manifest import ShardRef, shard_key

if TYPE_CHECKING:
    from appliance.box import Box

DOCUMENT_KEYS = ("id", "patient", "source", "kind", "language", "text", "fields", "split")


def document_line(doc: dict[str, Any]) -> bytes:
    """One document as a canonical JSON line (the snapshot's document schema, keys sorted)."""
    clean = {k: doc.get(k, {} if k == "fields" else None) for k in DOCUMENT_KEYS}
    return json.dumps(clean, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


class ShardWriter:
    """Writes one split's documents into shards of at most `max_documents`, uploading each when full."""

    def __init__(self, box: Box, split: str, max_documents: int = 10_000, workdir: Path | None = None) -> None:
        self.box, self.split, self.max_documents = box, split, max_documents
        self.workdir = workdir or Path(tempfile.gettempdir())
        self.shards: list[ShardRef] = []
        self._fh: Any = None
        self._gz: Any = None
        self._path: Path | None = None
        self._count = 0

    def write(self, doc: dict[str, Any]) -> None:
        if self._gz is None:
            self._open()
        self._gz.write(document_line({**doc, "split": self.split}))
        self._count += 1
        if self._count >= self.max_documents:
            self._flush()

    def close(self) -> list[ShardRef]:
        """Upload the last shard; returns every shard written."""
        if self._gz is not None:
            self._flush()
        return self.shards

    def _open(self) -> None:
        fd, name = tempfile.mkstemp(prefix=f"shard-{self.split}-", suffix=".jsonl.gz", dir=self.workdir)
        self._path = Path(name)
        self._fh = os.fdopen(fd, "wb")
        # mtime=0 and no file name: the same documents always give the same bytes.
        self._gz = gzip.GzipFile(filename="", mode="wb", fileobj=self._fh, mtime=0, compresslevel=6)
        self._count = 0

    def _flush(self) -> None:
        assert self._path is not None
        self._gz.close()
        self._fh.close()
        try:
            sha = _file_sha256(self._path)
            key = shard_key(sha)
            if self.box.store.head(SNAPSHOTS, key) is None:
                self.box.store.put_file(SNAPSHOTS, key, self._path, content_type="application/gzip")
            size = self._path.stat().st_size
            self.shards.append(ShardRef(split=self.split, key=key, sha256=sha, documents=self._count, bytes=size))
        finally:
            self._path.unlink(missing_ok=True)
            self._gz = self._fh = self._path = None
            self._count = 0


def read_shard(box: Box, shard: ShardRef, workdir: Path | None = None) -> Iterator[dict[str, Any]]:
    """Documents of one shard, after checking its bytes against the manifest's SHA-256."""
    with tempfile.TemporaryDirectory(prefix="shard-", dir=workdir) as tmp:
        local = Path(tmp) / "shard.jsonl.gz"
        box.store.get_file(SNAPSHOTS, shard.key, local)
        actual = _file_sha256(local)
        if actual != shard.sha256:
            raise IntegrityError(f"snapshot shard {shard.key} does not match its manifest (sha256 {actual[:12]}...)",
                                 hint="the snapshot's data was altered; cut a new snapshot from the sources")
        with gzip.open(local, "rb") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


@contextlib.contextmanager
def atomic_write(path: Path, mode: str = "w") -> Iterator[Any]:
    """Open a temporary file next to `path`; it replaces `path` only when the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.part")
    try:
        with open(tmp, mode, **({"encoding": "utf-8"} if "b" not in mode else {})) as fh:
            yield fh
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
