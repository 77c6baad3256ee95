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
    assert {name: src["new"] for name, src in again["sources"].items()} == dict.fromkeys(first["sources"], 0)
    kinds = {d["kind"] for d in snapshots.iter_documents(box, snapshots.load_manifest(box, demo.SNAPSHOT))}
    assert kinds == {"note", "table", "fhir", "dicom"}


def test_when_report_built_after_demo_stage_then_pipeline_sections_are_filled(box: Box, admin: Principal) -> None:
    from appliance.reports.period import parse_period
    from appliance.reports.service import build

    demo.stage(box, admin, lambda _: None)
    report = build(box, admin, parse_period(None, None), "en")
    sections = {s.key: s for s in report.sections}
    snap = next(r for r in sections["snapshots"].rows if r["snapshot"] == demo.SNAPSHOT)
    assert snap["documents"] > 20 and "demo-notes" in snap["sources"] and snap["policy_versions"]["demo-ct"]
    runs = sections["pipeline_runs"].rows
    assert {r["kind"] for r in runs} >= {"ingest", "deid"} and all(r["status"] == "completed" for r in runs)
    assert sum(r["count"] for r in sections["findings_by_entity"].rows) > 0
