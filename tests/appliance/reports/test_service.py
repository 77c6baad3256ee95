"""Compliance reports over a demo-like box: numbers reconcile with the database; every report is audited."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import text

from appliance.errors import CorpusBoxError, PermissionDenied
from appliance.reports import service
from appliance.reports.bundle import sha256
from appliance.reports.period import parse_period
from appliance.services.auth import Principal
from tests.appliance.reports.conftest import FINDINGS, DemoBox


def _sql(demo: DemoBox, statement: str, **params: object) -> list[tuple]:
    with demo.box.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(statement), params)]


def _json_report(demo: DemoBox, tmp_path: Path) -> dict:
    out = tmp_path / "report.json"
    service.compliance_report(demo.box, demo.auditor, parse_period(None, None), "json", out)
    return json.loads(out.read_text())


def test_when_report_built_then_access_numbers_reconcile_with_audit_table(
    demo: DemoBox, tmp_path: Path
) -> None:
    data = _json_report(demo, tmp_path)
    last = data["summary"]["last_seq"]
    by_outcome = dict(
        _sql(demo, "SELECT outcome, COUNT(*) FROM audit_events WHERE seq <= :s GROUP BY outcome", s=last)
    )
    assert data["summary"]["events"] == sum(by_outcome.values()) == last
    assert {k: data["summary"][k] for k in ("ok", "refused", "failed")} == {
        k: by_outcome.get(k, 0) for k in ("ok", "refused", "failed")
    }
    access = data["sections"]["access_by_user"]
    assert access["totals"]["total"] == last
    grouped = _sql(
        demo,
        "SELECT actor, role, action, COUNT(*) FROM audit_events WHERE seq <= :s GROUP BY actor, role, action",
        s=last,
    )
    reported = {(r["user"], r["role"], r["action"]): r["total"] for r in access["rows"]}
    assert {g[:3]: g[3] for g in grouped} == reported
    refused = _sql(
        demo, "SELECT seq FROM audit_events WHERE outcome != 'ok' AND seq <= :s ORDER BY seq", s=last
    )
    assert [r["seq"] for r in data["sections"]["refused_failed"]["rows"]] == [s for (s,) in refused]
    days = data["sections"]["activity_per_day"]["rows"]
    assert len(days) == 30 and sum(d["events"] for d in days) == last
    accounts = {r["user"]: r for r in data["sections"]["accounts"]["rows"]}
    assert set(accounts) == {n for (n,) in _sql(demo, "SELECT name FROM users")}
    assert accounts["audrey"]["role"] == "auditor" and accounts["audrey"]["tokens_active"] == 2


def test_when_report_built_then_pipeline_privacy_and_models_reconcile(demo: DemoBox, tmp_path: Path) -> None:
    sections = _json_report(demo, tmp_path)["sections"]
    findings = {r["entity_type"]: r["count"] for r in sections["findings_by_entity"]["rows"]}
    assert findings == FINDINGS
    runs = {r["kind"]: r for r in sections["pipeline_runs"]["rows"]}
    assert runs["deid"]["findings"] == sum(FINDINGS.values()) and runs["deid"]["policy_version"] == "notes-v3"
    assert runs["ingest"]["documents"] == 120 and runs["ingest"]["failed"] == 2
    assert sections["review_risk"]["rows"][0]["misses_per_1000"] == 5.0
    (budget,) = sections["privacy_budget"]["rows"]
    ((spent,),) = _sql(demo, "SELECT SUM(epsilon) FROM privacy_releases WHERE dataset = 'notes-2024'")
    assert budget["spent_epsilon"] == pytest.approx(spent) == pytest.approx(1.25)
    assert budget["remaining_epsilon"] == pytest.approx(0.75) and budget["releases_in_period"] == 2
    assert len(sections["privacy_releases"]["rows"]) == 2
    snaps = {r["snapshot"]: r for r in sections["snapshots"]["rows"]}
    assert snaps["snap-b"]["parent"] == "snap-a"
    (job,) = sections["training_jobs"]["rows"]
    assert (job["snapshot"], job["method"], job["dp_target_epsilon"]) == ("snap-a", "lora", 3.0)
    (promo,) = sections["promotions"]["rows"]
    assert (promo["promoted"], promo["candidate_accuracy"], promo["margin_points"]) == (True, 0.71, 2.0)
    usage = {r["terminal"]: r for r in sections["inference_usage"]["rows"]}
    assert (usage["kiosk-1"]["requests"], usage["kiosk-1"]["tokens"], usage["kiosk-1"]["model"]) == (
        4,
        128,
        "triage:1",
    )
    assert (usage["kiosk-2"]["requests"], usage["kiosk-2"]["refused"]) == (1, 1)
    assert any(r["action"] == "service.up" for r in sections["service_events"]["rows"])


def test_when_report_produced_then_an_audit_event_records_its_hash(demo: DemoBox, tmp_path: Path) -> None:
    data = _json_report(demo, tmp_path)
    event = demo.box.audit.events(action="report.compliance", newest_first=True, limit=1)[0]
    assert event.actor == "audrey" and event.role == "auditor" and event.outcome == "ok"
    assert event.details["sha256"] == sha256((tmp_path / "report.json").read_bytes())
    assert event.details["events"] == data["summary"]["events"]
    assert data["chain"]["verification"]["ok"] and data["chain"]["head"]["seq"] >= data["summary"]["last_seq"]


def test_when_period_has_no_activity_then_sections_say_so(demo: DemoBox, tmp_path: Path) -> None:
    out = tmp_path / "old.json"
    service.compliance_report(demo.box, demo.auditor, parse_period("2020-01-01", "2020-01-31"), "json", out)
    data = json.loads(out.read_text())
    assert data["summary"]["events"] == 0
    assert data["sections"]["pipeline_runs"]["rows"] == [] and data["sections"]["pipeline_runs"]["note"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_when_pdf_requested_then_it_renders_with_charts_and_fonts(
    demo: DemoBox, tmp_path: Path, lang: str
) -> None:
    out = tmp_path / f"report.{lang}.pdf"
    service.compliance_report(demo.box, demo.auditor, parse_period(None, None), "pdf", out, lang=lang)
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") >= 2
    assert pdf.count(b"/Subtype /Image") >= 2  # the activity and findings charts
    if lang == "zh":
        assert b"/FontFile2" in pdf  # the CJK subset is embedded, not left to the viewer
    if shutil.which("pdftotext"):
        text_out = subprocess.run(
            ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert ("合规审计报告" if lang == "zh" else "Compliance report") in text_out
        assert "notes-2024" in text_out


def test_when_csv_requested_then_one_file_per_section(demo: DemoBox, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    result = service.compliance_report(demo.box, demo.admin, parse_period(None, None), "csv", out)
    assert {"summary.csv", "findings_by_entity.csv", "privacy_budget.csv"} <= set(result.files)
    rows = (out / "findings_by_entity.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "entity_type,count" and len(rows) == 1 + len(FINDINGS)


def test_when_bad_input_then_clear_errors(demo: DemoBox, tmp_path: Path) -> None:
    with pytest.raises(CorpusBoxError, match="not a date"):
        parse_period("last week", None)
    with pytest.raises(CorpusBoxError, match="after"):
        parse_period("2025-02-01", "2025-01-01")
    with pytest.raises(CorpusBoxError, match="unknown format"):
        service.compliance_report(demo.box, demo.admin, parse_period(None, None), "docx", tmp_path / "x")
    (tmp_path / "precious").mkdir()
    (tmp_path / "precious" / "notes.txt").write_text("not a report")
    with pytest.raises(CorpusBoxError, match="does not hold an earlier report"):
        service.compliance_report(
            demo.box, demo.admin, parse_period(None, None), "csv", tmp_path / "precious", force=True
        )
    assert (tmp_path / "precious" / "notes.txt").exists()
    for _ in range(2):  # an earlier report's folder may be replaced with --force
        service.compliance_report(
            demo.box, demo.admin, parse_period(None, None), "csv", tmp_path / "again", force=True
        )
    (tmp_path / "exists.json").write_text("{}")
    with pytest.raises(CorpusBoxError, match="already exists"):
        service.compliance_report(
            demo.box, demo.admin, parse_period(None, None), "json", tmp_path / "exists.json"
        )


def test_when_data_officer_reports_then_chain_checked_on_their_behalf(demo: DemoBox, tmp_path: Path) -> None:
    """Data officers may read reports but not run `audit verify`: the report still carries the check."""
    officer = Principal("dora", "data_officer")
    result = service.compliance_report(
        demo.box, officer, parse_period(None, None), "json", tmp_path / "d.json"
    )
    assert result.chain_ok
    verify_event = demo.box.audit.events(action="audit.verify", newest_first=True, limit=1)[0]
    assert (verify_event.actor, verify_event.outcome, verify_event.details["via"]) == ("dora", "ok", "report")
    assert not demo.box.audit.events(actor="dora", outcome="refused", action="audit.verify")


def test_when_terminal_asks_for_a_report_then_refused_and_audited(demo: DemoBox, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied):
        service.compliance_report(
            demo.box,
            Principal("kiosk-1", "clinician_terminal"),
            parse_period(None, None),
            "json",
            tmp_path / "k.json",
        )
    assert demo.box.audit.events(actor="kiosk-1", action="report.read", outcome="refused")
    assert not (tmp_path / "k.json").exists()
