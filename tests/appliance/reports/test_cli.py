"""`corpusbox report` through the real CLI: an auditor produces and verifies reports but changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import inspect, text

from appliance.box import Box
from tests.appliance.reports.conftest import DemoBox, run_cli

# What an auditor's report commands may append: their own audit trail, and nothing else.
READ_ACTIONS = {"report.compliance", "report.model", "audit.verify", "auth.login"}


def _state(box: Box) -> dict[str, list[tuple]]:
    """Every table's rows except the audit log itself and token last-use times."""
    out = {}
    with box.engine.connect() as conn:
        for table in sorted(inspect(conn).get_table_names()):
            if table in ("audit_events", "audit_heads", "alembic_version"):
                continue
            cols = [c["name"] for c in inspect(conn).get_columns(table) if c["name"] != "last_used_at"]
            quoted = ", ".join(f'"{c}"' for c in cols)
            out[table] = sorted(map(tuple, conn.execute(text(f'SELECT {quoted} FROM "{table}"'))), key=repr)
    return out


def test_when_auditor_runs_report_commands_then_reports_made_and_nothing_changed(
    demo: DemoBox, tmp_path: Path
) -> None:
    box, env, token = demo.box, demo.env, demo.auditor_token
    before, last_seq = _state(box), box.audit.events(newest_first=True, limit=1)[0].seq
    bundle = tmp_path / "evidence.zip"
    result = run_cli(
        env,
        "report",
        "compliance",
        "--format",
        "bundle",
        "--lang",
        "zh",
        "-o",
        str(bundle),
        "--json",
        token=token,
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["chain_ok"] is True
    result = run_cli(
        env,
        "report",
        "compliance",
        "--from",
        str(demo.today),
        "--to",
        str(demo.today),
        "-o",
        str(tmp_path / "r.pdf"),
        token=token,
    )
    assert result.exit_code == 0 and "wrote pdf report" in result.stdout, result.output
    result = run_cli(
        env, "report", "model", "triage", "--format", "json", "-o", str(tmp_path / "m.json"), token=token
    )
    assert result.exit_code == 0 and "transparency report for triage v1" in result.stdout, result.output
    assert run_cli(env, "report", "verify", str(bundle), token=token).exit_code == 0
    for args in (
        ["user", "disable", "dora"],
        ["dp", "budget", "notes-2024", "--total", "9"],
        ["db", "upgrade"],
    ):
        refused = run_cli(env, *args, token=token)
        assert refused.exit_code == 5 and "may not" in refused.output, (args, refused.output)
    assert _state(box) == before
    new = [e for e in box.audit.events(since_seq=last_seq) if e.actor == "audrey"]
    assert {e.action for e in new if e.outcome == "ok"} <= READ_ACTIONS
    assert [e.action for e in new].count("report.compliance") == 2


def test_when_verify_runs_without_a_box_then_it_checks_the_bundle_alone(
    demo: DemoBox, tmp_path: Path
) -> None:
    bundle = tmp_path / "evidence"
    assert (
        run_cli(
            demo.env, "report", "compliance", "-f", "bundle", "-o", str(bundle), token=demo.auditor_token
        ).exit_code
        == 0
    )
    nowhere = {"CORPUSBOX_HOME": str(tmp_path / "no-box"), "CORPUSBOX_CONFIG": str(tmp_path / "missing.toml")}
    ok = run_cli(nowhere, "report", "verify", str(bundle), "--key-id", demo.box.audit.key_id)
    assert ok.exit_code == 0 and "bundle OK" in ok.stdout, ok.output
    (bundle / "csv" / "accounts.csv").write_text("user,role\nmallory,admin\n")
    bad = run_cli(nowhere, "report", "verify", str(bundle), "--json")
    assert bad.exit_code == 6
    problems = json.loads(bad.stdout)["problems"]
    assert problems == [
        {
            "path": "csv/accounts.csv",
            "kind": "modified",
            "message": "csv/accounts.csv was modified: its SHA-256 differs from the manifest's",
        }
    ]


def test_when_no_token_or_bad_dates_then_clear_errors(demo: DemoBox, tmp_path: Path) -> None:
    anon = run_cli(demo.env, "report", "compliance", "-o", str(tmp_path / "x.pdf"))
    assert anon.exit_code == 4 and "not signed in" in anon.output
    bad = run_cli(
        demo.env,
        "report",
        "compliance",
        "--from",
        "yesterday",
        "-o",
        str(tmp_path / "x.pdf"),
        token=demo.auditor_token,
    )
    assert bad.exit_code == 2 and "not a date" in bad.output and "Traceback" not in bad.output
    terminal = run_cli(demo.env, "report", "verify", str(tmp_path / "nothing-here"))
    assert terminal.exit_code == 2 and "does not exist" in terminal.output
