"""Snapshot manifests and readers on a real object store and database (manifest built by hand)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from appliance.box import Box
from appliance.db.models import Snapshot
from appliance.errors import IntegrityError, NotFound, PermissionDenied
from appliance.services.auth import Principal
from appliance.storage.layout import SNAPSHOTS
from corpus import snapshots
from corpus.snapshots import ShardWriter, SnapshotManifest, SourceRef


def _doc(i: int, split: str) -> dict:
    return {"id": f"d{i:03d}", "patient": f"PATIENT_{i % 3:012x}", "source": "notes", "kind": "note",
            "language": "en", "text": f"Note {i}: stable angina, follow up.", "fields": {"n": i}, "split": split}


def _cut(box: Box, name: str, docs_per_split: int = 5, max_docs: int = 2) -> SnapshotManifest:
    shards, counts = [], {}
    for split in ("train", "validation"):
        writer = ShardWriter(box, split, max_documents=max_docs)
        for i in range(docs_per_split):
            writer.write(_doc(i, split))
        shards += writer.close()
        counts[split] = docs_per_split
    manifest = SnapshotManifest(
        name=name, created_at="2025-01-01T00:00:00+00:00", sources=[SourceRef(name="notes", kind="notes",
        policy_version="p1", documents=2 * docs_per_split)], policy_versions={"notes": "p1"}, counts=counts,
        deid={"findings": {"PERSON": 3}}, dp={}, shards=shards,
    )
    key, sha = snapshots.store_manifest(box, manifest)
    with box.sessions() as s, s.begin():
        s.add(Snapshot(name=name, manifest_key=key, manifest_sha256=sha, stats={}))
    return manifest


def test_when_manifest_is_stored_then_it_loads_and_streams_every_document(box: Box) -> None:
    _cut(box, "hand")
    manifest = snapshots.load_manifest(box, "hand")
    assert manifest.counts == {"train": 5, "validation": 5}
    assert len(manifest.shards) == 6  # 3 shards of at most 2 documents per split
    assert manifest.content_sha256 == manifest.compute_content_sha256()
    train = list(snapshots.iter_documents(box, manifest, "train"))
    assert [d["id"] for d in train] == [f"d{i:03d}" for i in range(5)]
    assert set(train[0]) == {"id", "patient", "source", "kind", "language", "text", "fields", "split"}
    assert len(list(snapshots.iter_documents(box, manifest))) == 10


def test_when_same_documents_are_cut_twice_then_content_hash_and_shards_are_equal(box: Box) -> None:
    a, b = _cut(box, "a"), _cut(box, "b")
    ma, mb = snapshots.load_manifest(box, "a"), snapshots.load_manifest(box, "b")
    assert ma.content_sha256 == mb.content_sha256
    assert [s.key for s in a.shards] == [s.key for s in b.shards]


def test_when_a_shard_is_altered_then_reading_refuses_it(box: Box) -> None:
    manifest = _cut(box, "tampered", docs_per_split=2, max_docs=10)
    shard = manifest.shards[0]
    box.store.put_bytes(SNAPSHOTS, shard.key, b"not the shard")
    loaded = snapshots.load_manifest(box, "tampered")
    with pytest.raises(IntegrityError):
        list(snapshots.iter_documents(box, loaded, shard.split))


def test_when_snapshot_is_unknown_then_not_found(box: Box) -> None:
    with pytest.raises(NotFound):
        snapshots.load_manifest(box, "nope")


@pytest.mark.parametrize("fmt,suffix", [("jsonl", ".jsonl"), ("chat", ".jsonl"), ("text", ".txt")])
def test_when_exported_then_one_file_per_split_with_every_document(
    box: Box, admin: Principal, tmp_path: Path, fmt: str, suffix: str
) -> None:
    _cut(box, "exp")
    result = snapshots.export(box, admin, "exp", tmp_path / "out", format=fmt)
    assert result.documents == 10
    train = (tmp_path / "out" / f"train{suffix}").read_text(encoding="utf-8")
    assert "Note 4: stable angina" in train
    if fmt == "chat":
        first = json.loads(train.splitlines()[0])
        assert first["messages"][-1]["role"] == "assistant"


def test_when_operator_may_not_export_then_refused(box: Box, tmp_path: Path) -> None:
    _cut(box, "secret")
    with pytest.raises(PermissionDenied):
        snapshots.export(box, Principal("eve", "clinician_terminal"), "secret", tmp_path)
