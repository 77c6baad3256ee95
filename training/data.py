"""Where training documents come from: a corpus snapshot, or a local JSONL file for development.

Both give the same document dicts ({"id", "text", "kind", "fields", "split", ...}); recipes never
know which one they read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from appliance.errors import NotFound
from training.errors import JobSpecError
from training.spec import DataSpec

if TYPE_CHECKING:
    from appliance.box import Box

SPLIT_ALIASES = {"train": ("train",), "validation": ("validation", "val", "dev", "valid"), "test": ("test",)}


class DocumentSource(Protocol):
    """A named collection of documents split into train / validation / test."""

    name: str
    ref: dict[str, Any]

    def documents(self, split: str) -> Iterator[dict[str, Any]]:
        """Documents of one split (train, validation or test)."""
        ...


@dataclass
class JsonlSource:
    """A JSONL file (documents carry a "split" key) or a directory of <split>.jsonl files."""

    path: Path
    name: str = ""
    ref: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        if not self.path.exists():
            raise JobSpecError(f"data.path {self.path} does not exist")
        self.name = self.name or self.path.stem
        self.ref = {"kind": "jsonl", "path": str(self.path)}

    def documents(self, split: str) -> Iterator[dict[str, Any]]:
        names = SPLIT_ALIASES.get(split, (split,))
        if self.path.is_dir():
            for alias in names:
                f = self.path / f"{alias}.jsonl"
                if f.exists():
                    yield from (dict(d, split=split) for d in _read_jsonl(f))
                    return
            return
        for doc in _read_jsonl(self.path):
            if doc.get("split", "train") in names:
                yield doc


@dataclass
class SnapshotSource:
    """A corpus snapshot, read through corpus.snapshots (the only code that knows its manifest)."""

    box: Box
    name: str
    ref: dict[str, Any] | None = None
    snapshot_id: int | None = None

    def __post_init__(self) -> None:
        from corpus import snapshots  # type: ignore[attr-defined]

        self._mod = snapshots
        self.manifest = snapshots.load_manifest(self.box, self.name)
        self.snapshot_id = _snapshot_id(self.box, self.name)
        self.ref = {"kind": "snapshot", "name": self.name, "id": self.snapshot_id,
                    "manifest_sha256": _manifest_sha(self.box, self.name)}

    def documents(self, split: str) -> Iterator[dict[str, Any]]:
        for alias in SPLIT_ALIASES.get(split, (split,)):
            found = False
            for doc in self._mod.iter_documents(self.box, self.manifest, alias):
                found = True
                yield doc
            if found:
                return


def open_source(box: Box | None, spec: DataSpec) -> DocumentSource:
    """The document source a job's `data` section names."""
    if spec.path is not None:
        return JsonlSource(Path(spec.path))
    if box is None:
        raise JobSpecError("data.snapshot needs a box (run through `corpusbox train`)")
    name = latest_snapshot(box) if spec.snapshot == "latest" else spec.snapshot
    if name is None:
        raise NotFound("no snapshot exists yet", hint="cut one with `corpusbox snapshot create`")
    try:
        return SnapshotSource(box, name)
    except ModuleNotFoundError as exc:
        raise JobSpecError("this installation has no corpus snapshots module",
                           hint="use data.path with a JSONL file") from exc


def latest_snapshot(box: Box) -> str | None:
    """Name of the newest snapshot, if any."""
    from sqlalchemy import select

    from appliance.db.models import Snapshot

    with box.sessions() as s:
        return s.scalar(select(Snapshot.name).order_by(Snapshot.created_at.desc(), Snapshot.id.desc()).limit(1))


def label_of(doc: dict[str, Any], field: str) -> str | None:
    """The task label of a document: a top-level key, or fields.<name>."""
    if field.startswith("fields."):
        value = (doc.get("fields") or {}).get(field.split(".", 1)[1])
    else:
        value = doc.get(field)
    return None if value in (None, "") else str(value)


def _snapshot_id(box: Box, name: str) -> int | None:
    from sqlalchemy import select

    from appliance.db.models import Snapshot

    with box.sessions() as s:
        return s.scalar(select(Snapshot.id).where(Snapshot.name == name))


def _manifest_sha(box: Box, name: str) -> str | None:
    from sqlalchemy import select

    from appliance.db.models import Snapshot

    with box.sessions() as s:
        return s.scalar(select(Snapshot.manifest_sha256).where(Snapshot.name == name))


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)
