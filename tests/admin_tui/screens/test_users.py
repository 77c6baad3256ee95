"""Users and tokens screen against a real box: create, change role, disable, issue and revoke tokens."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, Select, Static

from admin_tui.app import ConsoleApp
from admin_tui.screens.confirm import ConfirmDialog
from admin_tui.screens.user_dialogs import NewTokenDialog, NewUserDialog, RoleDialog, SecretDialog
from appliance.box import Box
from appliance.services import tokens, users
from appliance.services.auth import Principal
from tests.admin_tui.conftest import PASSWORD, session_for, settle

pytestmark = pytest.mark.anyio
MODE = "users"


async def _open_users(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("6")
    await settle(pilot)


def _select_row(app: ConsoleApp, table_id: str, key: str) -> None:
    table = app.screen.query_one(f"#{table_id}", DataTable)
    table.move_cursor(row=table.get_row_index(key))


async def test_when_admin_creates_user_then_listed_and_audited(box: Box, admin: Principal) -> None:
    app = ConsoleApp(box, principal=admin, start=MODE)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_users(pilot)
        await pilot.press("n")
        dialog = app.screen
        assert isinstance(dialog, NewUserDialog)
        dialog.query_one("#name", Input).value = "nina"
        dialog.query_one("#role", Select).value = "ml_engineer"
        dialog.query_one("#password", Input).value = PASSWORD
        dialog.query_one("#password2", Input).value = PASSWORD
        await pilot.click("#ok")
        await settle(pilot)
        table = app.screen.query_one("#users", DataTable)
        assert table.get_row("nina")[1] == "ml_engineer"
    assert users.get_user(box, admin, "nina").created_by == "admin"


async def test_when_form_incomplete_then_dialog_says_what_is_missing(box: Box, admin: Principal) -> None:
    app = ConsoleApp(box, principal=admin, start=MODE)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_users(pilot)
        await pilot.press("n")
        app.screen.query_one("#name", Input).value = "nina"
        app.screen.query_one("#password", Input).value = PASSWORD
        await pilot.click("#ok")
        assert "differ" in str(app.screen.query_one("#form-error", Static).render())


async def test_when_service_refuses_then_error_shown_not_crash(box: Box, admin: Principal) -> None:
    app = ConsoleApp(box, principal=admin, start=MODE)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_users(pilot)
        await pilot.press("n")
        for field, value in (("name", "Bad Name"), ("password", PASSWORD), ("password2", PASSWORD)):
            app.screen.query_one(f"#{field}", Input).value = value
        await pilot.click("#ok")
        await settle(pilot)
        assert any("invalid user name" in str(n.message) for n in app._notifications)


async def test_when_changing_role_and_disabling_then_service_state_changes(staffed: Box, admin: Principal) -> None:
    app = ConsoleApp(staffed, principal=admin, start=MODE)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_users(pilot)
        _select_row(app, "users", "emil")
        await pilot.press("o")
        assert isinstance(app.screen, RoleDialog)
        app.screen.query_one("#role", Select).value = "auditor"
        await pilot.click("#ok")
        await settle(pilot)
        _select_row(app, "users", "emil")
        await pilot.press("x")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # the default answer keeps the user
        await settle(pilot)
        assert not users.get_user(staffed, admin, "emil").disabled
        await pilot.press("x")
        await pilot.press("y")
        await settle(pilot)
    view = users.get_user(staffed, admin, "emil")
    assert view.role == "auditor" and view.disabled


async def test_when_creating_and_revoking_token_then_secret_shown_once_and_token_dies(
        staffed: Box, admin: Principal) -> None:
    officer = session_for(staffed, "olga", PASSWORD)
    app = ConsoleApp(staffed, principal=officer, start=MODE)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_users(pilot)
        assert not app.screen.query("#users")  # officers see only their own tokens
        await pilot.press("t")
        assert isinstance(app.screen, NewTokenDialog)
        app.screen.query_one("#name", Input).value = "etl"
        await pilot.click("#ok")
        await settle(pilot)
        assert isinstance(app.screen, SecretDialog)
        secret = str(app.screen.query_one("#secret", Static).render())
        assert tokens.resolve(staffed, secret).user == "olga"
        await pilot.press("escape")
        token_id = secret.split("_")[1]
        _select_row(app, "tokens", token_id)
        await pilot.press("k")
        await pilot.press("y")
        await settle(pilot)
        assert app.screen.query_one("#tokens", DataTable).get_row(token_id)[5] == "yes"


async def test_when_auditor_opens_users_then_sees_all_and_changes_nothing(staffed: Box) -> None:
    app = ConsoleApp(staffed, principal=session_for(staffed, "aud", PASSWORD), start=MODE)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_users(pilot)
        assert app.screen.query_one("#users", DataTable).row_count == 5
        shown = {b.binding.action for b in app.screen.active_bindings.values()}
        assert shown.isdisjoint({"new_user", "role", "password", "disable", "new_token", "revoke"})
        await pilot.press("n")
        assert not isinstance(app.screen, NewUserDialog)
