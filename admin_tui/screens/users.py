"""Users and tokens: who may use the box, their roles, and API tokens (admin manages; others see their own)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll

from admin_tui.screens.base import BaseScreen
from admin_tui.screens.user_dialogs import (
    NewTokenDialog,
    NewUserDialog,
    PasswordDialog,
    RoleDialog,
    SecretDialog,
)
from admin_tui.widgets.format import when, yes_no
from admin_tui.widgets.table import Table


class UsersScreen(BaseScreen):
    """Users table (with user.read) and tokens table; every change goes through the users/tokens services."""

    MODE = "users"
    CSS_PATH = "users.tcss"
    BINDINGS = [
        Binding("r", "refresh", "Refresh"),
        Binding("n", "new_user", "New user"),
        Binding("o", "role", "Role"),
        Binding("p", "password", "Password"),
        Binding("x", "disable", "Disable/enable"),
        Binding("t", "new_token", "New token"),
        Binding("k", "revoke", "Revoke token"),
    ]
    ACTION_PERMISSIONS = {"new_user": "user.manage", "role": "user.manage", "password": "user.manage",
                          "disable": "user.manage", "new_token": "token.own", "revoke": "token.own"}

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="panels"):
            if self.console_app.may("user.read"):
                with Vertical(id="users-box", classes="section"):
                    yield Table(id="users", cursor_type="row")
            with Vertical(id="tokens-box", classes="section"):
                yield Table(id="tokens", cursor_type="row")

    def on_mount(self) -> None:
        self._users: dict[str, Any] = {}
        self._tokens: dict[str, Any] = {}
        if self.all_users:
            self.query_one("#users-box").border_title = "Users"
            self.query_one("#users", Table).add_columns("name", "role", "display name", "disabled",
                                                            "created (UTC)", "by")
        self.query_one("#tokens-box").border_title = "API tokens" + ("" if self.all_users else " (yours)")
        self.query_one("#tokens", Table).add_columns("id", "owner", "name", "scopes", "expires (UTC)",
                                                         "revoked", "last used")
        self.action_refresh()

    @property
    def all_users(self) -> bool:
        return self.console_app.may("user.read")

    def selected(self, table_id: str, rows: dict[str, Any]) -> Any | None:
        """The highlighted row's item, or None (with a hint) when the table is empty."""
        table = self.query_one(f"#{table_id}", Table)
        if not table.row_count:
            self.notify(f"no {table_id} to act on", markup=False)
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return rows.get(str(key))

    # ----- actions ----------------------------------------------------------------------------
    def action_refresh(self) -> None:
        from appliance.services import tokens, users

        if self.all_users:
            self.call("users", users.list_users, self.box, self.principal)
        self.call("tokens", tokens.list_tokens, self.box, self.principal, all_users=self.all_users)

    def action_new_user(self) -> None:
        from appliance.services import users

        self._form(NewUserDialog(), lambda v: self.call("changed", users.create_user, self.box, self.principal,
                                                         v["name"], v["role"], v["password"], v["display_name"]))

    def action_role(self) -> None:
        from appliance.services import users

        user = self.selected("users", self._users)
        if user is not None:
            self._form(RoleDialog(user.name, user.role),
                       lambda v: self.call("changed", users.set_role, self.box, self.principal, user.name, v["role"]))

    def action_password(self) -> None:
        from appliance.services import users

        user = self.selected("users", self._users)
        if user is not None:
            self._form(PasswordDialog(user.name), lambda v: self.call(
                "changed", users.set_password, self.box, self.principal, user.name, v["password"]))

    def action_disable(self) -> None:
        from appliance.services import users

        user = self.selected("users", self._users)
        if user is None:
            return
        if user.disabled:
            self.call("changed", users.set_disabled, self.box, self.principal, user.name, False)
            return
        self.confirm(f"Disable {user.name} ({user.role})? Their sessions and API tokens are revoked.",
                     lambda: self.call("changed", users.set_disabled, self.box, self.principal, user.name, True),
                     danger="Disable")

    def action_new_token(self) -> None:
        from appliance.services import tokens

        owners = sorted(self._users) if self.console_app.may("user.manage") else None
        self._form(NewTokenDialog(owners, self.principal.user), lambda v: self.call(
            "token", tokens.create_token, self.box, self.principal, v["name"], v["scopes"], v["days"], v["owner"]))

    def action_revoke(self) -> None:
        from appliance.services import tokens

        token = self.selected("tokens", self._tokens)
        if token is None:
            return
        if token.revoked:
            self.notify(f"token {token.id} is already revoked", markup=False)
            return
        self.confirm(f"Revoke token {token.id} ({token.name}) of {token.user}? Clients using it stop working.",
                     lambda: self.call("changed", tokens.revoke_token, self.box, self.principal, token.id),
                     danger="Revoke")

    def _form(self, dialog: Any, then: Callable[[dict[str, Any]], None]) -> None:
        def done(values: dict[str, Any] | None) -> None:
            if values is not None:
                then(values)

        self.app.push_screen(dialog, done)

    # ----- results ----------------------------------------------------------------------------
    def show_users(self, views: list[Any]) -> None:
        table = self.query_one("#users", Table)
        table.clear()
        self._users = {v.name: v for v in views}
        for v in views:
            table.add_row(v.name, v.role, v.display_name or "-", yes_no(v.disabled), when(v.created_at),
                          v.created_by or "-", key=v.name)

    def show_tokens(self, views: list[Any]) -> None:
        table = self.query_one("#tokens", Table)
        table.clear()
        self._tokens = {v.id: v for v in views}
        for v in views:
            table.add_row(v.id, v.user, v.name, ",".join(v.scopes), when(v.expires_at), yes_no(v.revoked),
                          when(v.last_used_at), key=v.id)
        if not views:
            table.add_row("-", "-", "no API tokens yet" + (" (t creates one)" if self.console_app.may("token.own")
                                                          else ""), "-", "-", "-", "-")

    def show_changed(self, result: Any) -> None:
        name = getattr(result, "name", None)
        self.notify(f"done{f': {name}' if name else ''}", markup=False)
        self.action_refresh()

    def show_token(self, issued: Any) -> None:
        self.app.push_screen(SecretDialog(issued.view.id, issued.view.user, issued.secret))
        self.action_refresh()
