"""Forms for the Users screen: new user, role, password, new token, and the token shown once."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from appliance.security.roles import SCOPES, Role

ROLE_OPTIONS = [(r.value, r.value) for r in Role]


class FormDialog(ModalScreen[dict[str, Any] | None]):
    """A titled form; OK returns the values (the service validates them), Cancel returns None."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    TITLE_TEXT = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.TITLE_TEXT, markup=False, classes="title")
            yield from self.fields()
            yield Static("", id="form-error", markup=False, classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("OK", id="ok", variant="primary")

    def fields(self) -> ComposeResult:
        yield from ()

    def values(self) -> dict[str, Any] | str:
        """The form's values, or a message saying what is missing."""
        return {}

    @on(Button.Pressed, "#ok")
    @on(Input.Submitted)
    def _ok(self) -> None:
        result = self.values()
        if isinstance(result, str):
            self.query_one("#form-error", Static).update(result)
            return
        self.dismiss(result)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def text(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()


class NewUserDialog(FormDialog):
    TITLE_TEXT = "New user"

    def fields(self) -> ComposeResult:
        yield Label("Name (lower case)")
        yield Input(id="name", compact=True)
        yield Label("Role")
        yield Select(ROLE_OPTIONS, value=Role.DATA_OFFICER.value, allow_blank=False, id="role", compact=True)
        yield Label("Display name (optional)")
        yield Input(id="display", compact=True)
        yield Label("Password (clinician terminals need none)")
        yield Input(id="password", password=True, compact=True)
        yield Label("Password again")
        yield Input(id="password2", password=True, compact=True)

    def values(self) -> dict[str, Any] | str:
        role = str(self.query_one("#role", Select).value)
        password = self.query_one("#password", Input).value
        if not self.text("name"):
            return "type a user name"
        if password != self.query_one("#password2", Input).value:
            return "the two passwords differ"
        if role != Role.CLINICIAN_TERMINAL and not password:
            return f"a {role} needs a password"
        return {"name": self.text("name"), "role": role, "display_name": self.text("display") or None,
                "password": password or None}


class RoleDialog(FormDialog):
    def __init__(self, user: str, current: str) -> None:
        super().__init__()
        self.user, self.current = user, current
        self.TITLE_TEXT = f"Role of {user}"

    def fields(self) -> ComposeResult:
        yield Select(ROLE_OPTIONS, value=self.current, allow_blank=False, id="role", compact=True)

    def values(self) -> dict[str, Any] | str:
        return {"role": str(self.query_one("#role", Select).value)}


class PasswordDialog(FormDialog):
    def __init__(self, user: str) -> None:
        super().__init__()
        self.TITLE_TEXT = f"New password for {user} (their sessions end)"

    def fields(self) -> ComposeResult:
        yield Label("New password")
        yield Input(id="password", password=True, compact=True)
        yield Label("Again")
        yield Input(id="password2", password=True, compact=True)

    def values(self) -> dict[str, Any] | str:
        password = self.query_one("#password", Input).value
        if not password:
            return "type a password"
        if password != self.query_one("#password2", Input).value:
            return "the two passwords differ"
        return {"password": password}


class NewTokenDialog(FormDialog):
    TITLE_TEXT = "New API token"

    def __init__(self, owners: list[str] | None, me: str) -> None:
        super().__init__()
        self.owners, self.me = owners, me

    def fields(self) -> ComposeResult:
        yield Label("Name (what uses it)")
        yield Input(id="name", compact=True)
        if self.owners:
            yield Label("Owner")
            yield Select([(o, o) for o in self.owners], value=self.me, allow_blank=False, id="owner", compact=True)
        yield Label(f"Scopes, comma-separated ({', '.join(SCOPES)}); empty: the role's default")
        yield Input(id="scopes", compact=True)
        yield Label("Days valid (empty: the box default)")
        yield Input(id="days", compact=True, type="integer")

    def values(self) -> dict[str, Any] | str:
        if not self.text("name"):
            return "type a name for the token"
        owner = str(self.query_one("#owner", Select).value) if self.owners else self.me
        scopes = [s.strip() for s in self.text("scopes").split(",") if s.strip()]
        days = int(self.text("days")) if self.text("days") else None
        return {"name": self.text("name"), "owner": owner, "scopes": scopes, "days": days}


class SecretDialog(ModalScreen[None]):
    """Shows a new token's secret once; it is never stored and cannot be shown again."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape,enter", "close", "Close")]

    def __init__(self, token_id: str, owner: str, secret: str) -> None:
        super().__init__()
        self.token_id, self.owner, self.secret = token_id, owner, secret

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"Token {self.token_id} for {self.owner}", markup=False, classes="title")
            yield Static("Copy it now: it is shown once and never stored.", markup=False)
            yield Static(self.secret, id="secret", markup=False, classes="secret")
            with Horizontal(classes="buttons"):
                yield Button("Done", id="done", variant="primary")

    @on(Button.Pressed, "#done")
    def action_close(self) -> None:
        self.dismiss(None)
