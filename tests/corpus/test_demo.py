"""The corpus demo stage on a real box: every kind ingested, de-identified and snapshotted; rerun reuses it."""

from __future__ import annotations

from appliance.box import Box
from appliance.services.auth import Principal
from corpus import demo, snapshots


def test_when_demo_stage_runs_twice_then_snapshot_is_cut_once_and_readable(box: Box, admin: Principal) -> None:
    lines: list[str] = []
    first = demo.stage(box, admin, lines.append)
    assert set(first["sources"]) == {"demo-notes", "demo-visits", "demo-fhir", "demo-ct"}
    assert sum(first["counts"].values()) > 20
    again = demo.stage(box, admin, lines.append)
    assert again["content_sha256"] == first["content_sha256"]
    kinds = {d["kind"] for d in snapshots.iter_documents(box, snapshots.load_manifest(box, demo.SNAPSHOT))}
    assert kinds == {"note", "table", "fhir", "dicom"}
