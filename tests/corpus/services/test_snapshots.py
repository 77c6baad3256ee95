"""Snapshots cut from a real pipeline (ingest, de-identify, snapshot) on SeaweedFS and the DB: a snapshot holds
the files now in the source, never superseded or removed versions, and earlier snapshots do not change."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from appliance.box import Box
from appliance.errors import CorpusBoxError
from appliance.services.auth import Principal
from corpus import snapshots
from corpus.services import deid, ingest, sources
from corpus.services import snapshots as snapshot_service

CARE = {
    "alpha": "Seen for stable angina with exertional chest tightness; continue aspirin and atorvastatin, "
             "stress echocardiogram booked, advised graded walking and a low-salt diet.",
    "beta": "Reviewed for type 2 diabetes with poor glycaemic control; metformin increased to twice daily, "
            "dietitian referral made, foot examination normal, retinal screening requested.",
    "gamma": "Follow-up of chronic obstructive pulmonary disease after a winter exacerbation; inhaler technique "
             "checked, tiotropium continued, pulmonary rehabilitation offered, vaccinations up to date.",
}
LETTER = ("Assessment of knee osteoarthritis with morning stiffness under thirty minutes; paracetamol and "
          "topical diclofenac, physiotherapy referral, weight loss discussed, review in three months.")


def _write(folder: Path, records: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps({"note_id": k, "patient_id": f"MRN{i:04d}", "text": f"Note {k}. {v}"})
             for i, (k, v) in enumerate(records.items())]
    (folder / "notes.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _cut(box: Box, admin: Principal, name: str) -> str:
    ingest.ingest(box, admin, "notes")
    deid.run_deid(box, admin, "notes", executor="local")
    snapshot_service.create_snapshot(box, admin, name, ["notes"])
    return _text(box, name)


def _text(box: Box, name: str) -> str:
    return "\n".join(d["text"] for d in snapshots.iter_documents(box, snapshots.load_manifest(box, name)))


def test_when_a_file_is_edited_and_reingested_then_the_next_snapshot_has_only_its_new_version(
    box: Box, admin: Principal, tmp_path: Path
) -> None:
    folder = tmp_path / "notes"
    _write(folder, CARE)
    (folder / "letter.txt").write_text(f"Letter. {LETTER}", encoding="utf-8")
    sources.add_source(box, admin, "notes", str(folder))
    first = _cut(box, admin, "v1")
    assert "stable angina" in first and "metformin increased" in first and "knee osteoarthritis" in first
    before = snapshots.load_manifest(box, "v1").content_sha256
    edited = {"beta": CARE["beta"].replace("metformin increased to twice daily", "insulin glargine started at night"),
              "gamma": CARE["gamma"]}  # alpha removed from the export, beta edited
    _write(folder, edited)
    os.utime(folder / "notes.jsonl", ns=(1, 1))  # a new mtime even on a coarse clock
    second = _cut(box, admin, "v2")
    assert "stable angina" not in second and "metformin increased" not in second
    assert "insulin glargine started" in second and "pulmonary rehabilitation" in second
    assert "knee osteoarthritis" in second
    assert snapshots.load_manifest(box, "v2").counts and sum(snapshots.load_manifest(box, "v2").counts.values()) == 3
    assert _text(box, "v1") == first and snapshots.load_manifest(box, "v1").content_sha256 == before
    diff = snapshot_service.diff_snapshots(box, admin, "v1", "v2")
    assert (diff["documents_removed"], diff["documents_added"], diff["documents_kept"]) == (3, 2, 1)


def test_when_a_file_leaves_the_source_then_it_is_marked_removed_and_comes_back_when_it_returns(
    box: Box, admin: Principal, tmp_path: Path
) -> None:
    folder = tmp_path / "notes"
    _write(folder, CARE)
    letter = folder / "letter.txt"
    letter.write_text(f"Letter. {LETTER}", encoding="utf-8")
    sources.add_source(box, admin, "notes", str(folder))
    assert "knee osteoarthritis" in _cut(box, admin, "v1")
    kept = folder.parent / "letter.txt"
    letter.rename(kept)
    report = ingest.ingest(box, admin, "notes")
    assert (report.removed, report.skipped) == (1, 1)
    assert "knee osteoarthritis" not in _cut(box, admin, "v2")
    assert sources.show_source(box, admin, "notes")["source"].files.get("removed") == 1
    kept.rename(letter)  # same size and mtime as when first ingested: must not be skipped
    back = ingest.ingest(box, admin, "notes")
    assert (back.new, back.removed) == (1, 0)
    assert "knee osteoarthritis" in _cut(box, admin, "v3")
    assert snapshots.load_manifest(box, "v3").content_sha256 == snapshots.load_manifest(box, "v1").content_sha256


def test_when_a_source_suddenly_lists_nothing_then_ingest_refuses_instead_of_removing_everything(
    box: Box, admin: Principal, tmp_path: Path
) -> None:
    folder = tmp_path / "notes"
    _write(folder, CARE)
    sources.add_source(box, admin, "notes", str(folder))
    ingest.ingest(box, admin, "notes")
    (folder / "notes.jsonl").unlink()  # an empty mount point looks like this
    with pytest.raises(CorpusBoxError, match="lists no files"):
        ingest.ingest(box, admin, "notes")
    assert sources.show_source(box, admin, "notes")["source"].files == {"stored": 1}
