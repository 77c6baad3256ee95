"""Ingestion on a real object store and database: named errors, duplicates, resume, S3 prefixes."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func, select

from appliance.box import Box
from appliance.db.models import AuditEvent
from appliance.errors import PermissionDenied
from appliance.services.auth import Principal
from appliance.storage.layout import QUARANTINE
from corpus.keys import quarantine_key
from corpus.models import IngestFile
from corpus.sample import write_notes
from corpus.services import ingest, sources


def _notes(tmp_path: Path) -> Path:
    import random

    folder = tmp_path / "notes"
    write_notes(folder, random.Random(3), count=6)
    return folder


def test_when_batch_has_malformed_files_then_each_is_named_and_the_rest_are_stored(
    box: Box, admin: Principal, tmp_path: Path
) -> None:
    folder = _notes(tmp_path)
    (folder / "latin1.txt").write_bytes("Jos\xe9 Garc\xeda, seen today".encode("latin-1"))
    (folder / "empty.jsonl").write_text("not json\n", encoding="utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    huge = folder / "huge.txt"
    subprocess.run(["truncate", "-s", "2G", str(huge)], check=True)  # sparse: no disk used
    sources.add_source(box, admin, "notes", str(folder), "notes")
    report = ingest.ingest(box, admin, "notes")
    codes = {Path(f["path"]).name: f["code"] for f in report.failures}
    assert codes == {"latin1.txt": "bad_encoding", "empty.jsonl": "invalid_jsonl", "scan.pdf": "unsupported_file",
                     "huge.txt": "file_too_large"}
    assert report.new == 4 and report.failed == 4 and report.documents == 3 + 3 + 4
    with box.sessions() as s:
        stored = s.scalars(select(IngestFile.sha256).where(IngestFile.status == "stored")).all()
        assert s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "ingest.run")) == 1
    assert all(box.store.head(QUARANTINE, quarantine_key(sha)) is not None for sha in stored)


def test_when_rerun_then_nothing_is_stored_twice_and_copies_are_duplicates(
    box: Box, admin: Principal, tmp_path: Path
) -> None:
    folder = _notes(tmp_path)
    sources.add_source(box, admin, "notes", str(folder))
    first = ingest.ingest(box, admin, "notes")
    again = ingest.ingest(box, admin, "notes")
    assert (again.new, again.skipped) == (0, first.files)
    shutil.copy(folder / "note_000.txt", folder / "copy_of_note_000.txt")
    third = ingest.ingest(box, admin, "notes")
    assert (third.new, third.duplicate, third.skipped) == (0, 1, first.files)
    keys = [o.key for o in box.store.list(QUARANTINE)]
    assert len(keys) == len(set(keys)) == first.new


def test_when_files_are_rewritten_with_the_same_bytes_then_nothing_is_new(
    box: Box, admin: Principal, tmp_path: Path
) -> None:
    folder = _notes(tmp_path)
    sources.add_source(box, admin, "notes", str(folder))
    first = ingest.ingest(box, admin, "notes")
    for path in folder.iterdir():  # an export job writes the same files again: new timestamps only
        path.write_bytes(path.read_bytes())
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 5_000_000_000))
    again = ingest.ingest(box, admin, "notes")
    assert (again.new, again.duplicate, again.skipped, again.removed) == (0, 0, first.files, 0)
    third = ingest.ingest(box, admin, "notes")  # the new timestamps were recorded
    assert third.skipped == first.files


def test_when_source_is_an_s3_prefix_then_objects_are_ingested(box: Box, admin: Principal, tmp_path: Path) -> None:
    folder = _notes(tmp_path)
    bucket = f"{box.store.prefix}hospital-export"
    box.store.client.create_bucket(Bucket=bucket)
    for f in sorted(folder.iterdir()):
        box.store.client.upload_file(str(f), bucket, f"notes/2025/{f.name}")
    sources.add_source(box, admin, "s3notes", f"s3://{bucket}/notes/2025/", "notes")
    report = ingest.ingest(box, admin, "s3notes")
    assert report.files == 4 and report.new == 4 and report.failed == 0


def test_when_operator_may_not_ingest_then_refused(box: Box, admin: Principal, tmp_path: Path) -> None:
    sources.add_source(box, admin, "notes", str(_notes(tmp_path)))
    with pytest.raises(PermissionDenied):
        ingest.ingest(box, Principal("ml", "ml_engineer"), "notes")


def test_when_two_sources_hold_the_same_file_then_each_gets_it_and_the_bytes_are_stored_once(
    box: Box, admin: Principal, tmp_path: Path
) -> None:
    from appliance.db.models import StoredObjectRow
    from corpus.services import deid, snapshots

    folder = _notes(tmp_path)
    shutil.copytree(folder, tmp_path / "again")
    sources.add_source(box, admin, "ward-a", str(folder))
    sources.add_source(box, admin, "ward-b", str(tmp_path / "again"))
    a = ingest.ingest(box, admin, "ward-a")
    b = ingest.ingest(box, admin, "ward-b")
    assert (b.new, b.duplicate) == (a.new, 0) == (4, 0)
    ward_b = sources.get_source(box, "ward-b").id
    with box.sessions() as s:
        statuses = s.scalars(select(IngestFile.status).where(IngestFile.source_id == ward_b)).all()
        objects = s.scalar(select(func.count()).select_from(StoredObjectRow).where(
            StoredObjectRow.bucket == QUARANTINE))
    assert statuses == ["stored"] * 4 and objects == 4
    assert len(list(box.store.list(QUARANTINE))) == 4
    deid.run_deid(box, admin, "ward-b", executor="local")
    manifest = snapshots.create_snapshot(box, admin, "b-only", ["ward-b"])
    assert manifest.curation["input_documents"] == a.documents


def test_when_a_file_returns_to_earlier_bytes_then_it_is_ingested_again_without_a_second_object_row(
    box: Box, admin: Principal, tmp_path: Path
) -> None:
    import os

    from appliance.db.models import StoredObjectRow

    folder = _notes(tmp_path)
    note = folder / "note_000.txt"
    original = note.read_bytes()
    sources.add_source(box, admin, "notes", str(folder))
    ingest.ingest(box, admin, "notes")
    note.write_bytes(original + b" Addendum: reviewed again today.")
    assert ingest.ingest(box, admin, "notes").new == 1
    note.write_bytes(original)
    os.utime(note, ns=(7, 7))
    back = ingest.ingest(box, admin, "notes")
    assert (back.new, back.failed) == (1, 0)
    with box.sessions() as s:
        keys = s.scalars(select(StoredObjectRow.key).where(StoredObjectRow.bucket == QUARANTINE)).all()
    assert len(keys) == len(set(keys)) == 5
