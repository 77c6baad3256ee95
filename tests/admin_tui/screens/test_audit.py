"""Audit screen against a real box: filter the log, read an event, verify the chain, sign the head."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, Static

from admin_tui.app import ConsoleApp
from appliance.box import Box
from appliance.services.auth import Principal
from tests.admin_tui.conftest import PASSWORD, session_for, settle

pytestmark = pytest.mark.anyio
MODE = "audit"


async def _open_audit(app: ConsoleApp, pilot) -> DataTable:  # type: ignore[no-untyped-def]
    await pilot.press("5")
    await settle(pilot)
    return app.screen.query_one("#events", DataTable)


async def test_when_filtering_by_action_then_only_matching_events_listed(box: Box, admin: Principal) -> None:
    app = ConsoleApp(box, principal=admin, start=MODE)
    async with app.run_test(size=(100, 30)) as pilot:
        table = await _open_audit(app, pilot)
        assert table.row_count > 1
        app.screen.query_one("#f-action", Input).value = "user.*"
        await pilot.press("slash")
        await pilot.press("enter")
        await settle(pilot)
        actions = {table.get_row_at(i)[4] for i in range(table.row_count)}
        assert actions == {"user.create"}
        detail = str(app.screen.query_one("#detail", Static).render())
        assert "user.create" in detail and "admin" in detail


async def test_when_verifying_then_chain_ok_shown_and_verification_audited(box: Box, admin: Principal) -> None:
    app = ConsoleApp(box, principal=admin, start=MODE)
    async with app.run_test(size=(100, 30)) as pilot:
        table = await _open_audit(app, pilot)
        await pilot.press("v")
        await settle(pilot)
        assert "chain OK" in str(app.screen.query_one("#chain", Static).render())
        assert "audit.verify" in {table.get_row_at(i)[4] for i in range(table.row_count)}
        await pilot.press("c")
        await settle(pilot)
        assert "audit.checkpoint" in {table.get_row_at(i)[4] for i in range(table.row_count)}


async def test_when_chain_tampered_then_broken_event_named(box: Box, admin: Principal) -> None:
    from sqlalchemy import text

    with box.engine.begin() as conn:  # a database admin drops the append-only guard and edits history
        conn.exec_driver_sql("DROP TRIGGER audit_events_no_update")
        conn.execute(text("UPDATE audit_events SET target = 'user:mallory' WHERE seq = 2"))
    app = ConsoleApp(box, principal=admin, start=MODE)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_audit(app, pilot)
        await pilot.press("v")
        await settle(pilot)
        assert "chain BROKEN: first bad event 2" in str(app.screen.query_one("#chain", Static).render())


async def test_when_data_officer_opens_audit_then_no_verify_key(staffed: Box) -> None:
    app = ConsoleApp(staffed, principal=session_for(staffed, "olga", PASSWORD), start=MODE)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_audit(app, pilot)
        actions = {b.binding.action for b in app.screen.active_bindings.values()}
        assert "refresh" in actions and "verify" not in actions and "checkpoint" not in actions
        await pilot.press("v")  # hidden actions do not run either
        await settle(pilot)
        assert "not verified" in str(app.screen.query_one("#chain", Static).render())


async def test_when_exporting_report_then_file_written_and_export_audited(box: Box, admin: Principal,
                                                                          tmp_path) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import Select

    from admin_tui.screens.report_dialog import ReportDialog
    from appliance.services import audit

    target = tmp_path / "report.json"
    app = ConsoleApp(box, principal=admin, start=MODE)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_audit(app, pilot)
        await pilot.press("e")
        assert isinstance(app.screen, ReportDialog)
        app.screen.query_one("#format", Select).value = "json"
        app.screen.query_one("#output", Input).value = str(target)
        await pilot.click("#ok")
        await settle(pilot)
    assert target.stat().st_size > 0
    assert audit.list_events(box, admin, action="report.compliance")
