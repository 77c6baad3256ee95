"""The console app: sign-in adapts to the role, navigation, help, palette commands, sign-out."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from admin_tui.app import ConsoleApp
from admin_tui.screens.help import HelpScreen
from appliance.box import Box
from appliance.services import audit
from tests.admin_tui.conftest import PASSWORD, session_for, settle, sign_in

pytestmark = pytest.mark.anyio


async def test_when_password_wrong_then_stays_on_signin_with_message(box: Box) -> None:
    app = ConsoleApp(box)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "admin", "wrong-password-here")
        assert app.current_mode == "signin"
        assert app.principal is None
        assert "sign-in failed" in str(app.screen.query_one("#message", Static).render())


async def test_when_admin_signs_in_then_overview_and_every_screen_open(box: Box) -> None:
    app = ConsoleApp(box)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot)
        assert app.current_mode == "overview"
        for key, mode in (("2", "corpus"), ("3", "training"), ("4", "inference"), ("5", "audit"),
                          ("6", "users"), ("1", "overview")):
            await pilot.press(key)
            await settle(pilot)
            assert app.current_mode == mode
    logins = audit.list_events(box, session_for_admin(box), action="auth.login")
    assert any(e.actor == "admin" and e.outcome == "ok" for e in logins)


def session_for_admin(box: Box):  # type: ignore[no-untyped-def]
    from tests.conftest import ADMIN_PASSWORD

    return session_for(box, "admin", ADMIN_PASSWORD)


async def test_when_auditor_signs_in_then_read_only_and_no_manage_actions(staffed: Box) -> None:
    app = ConsoleApp(staffed)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "aud", PASSWORD)
        assert "read-only" in app.sub_title
        await pilot.press("1")
        await settle(pilot)
        keys = {b.binding.action for b in app.screen.active_bindings.values()}
        assert "refresh" in keys and "up" not in keys and "down" not in keys
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        listed = " ".join(d for _, d in app.screen.keys)
        assert "Refresh" in listed and "Stop services" not in listed


async def test_when_clinician_terminal_signs_in_then_refused_without_a_session(staffed: Box) -> None:
    from appliance.services import users

    users.set_password(staffed, session_for_admin(staffed), "kiosk", PASSWORD)
    app = ConsoleApp(staffed)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "kiosk", PASSWORD)
        assert app.current_mode == "signin"
        assert "has no console screens" in str(app.screen.query_one("#message", Static).render())
    sessions = audit.list_events(staffed, session_for_admin(staffed), action="auth.login", actor="kiosk")
    assert sessions == []


async def test_when_signing_out_then_session_revoked_and_back_to_signin(staffed: Box) -> None:
    app = ConsoleApp(staffed)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "olga", PASSWORD)
        assert app.current_mode == "overview"
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert app.current_mode == "signin" and app.principal is None
        await sign_in(pilot, "aud", PASSWORD)
        assert app.current_mode == "overview" and "aud" in app.sub_title
    revoked = audit.list_events(staffed, session_for_admin(staffed), action="token.revoke", actor="olga")
    assert len(revoked) == 1
