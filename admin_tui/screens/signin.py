"""Sign-in: user name and password checked by the users service; a session token from the tokens service."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static
from textual.worker import get_current_worker

from admin_tui.screens.base import as_user_error
from appliance.errors import CorpusBoxError

if TYPE_CHECKING:
    from admin_tui.app import ConsoleApp
    from appliance.box import Box
    from appliance.services.auth import Principal


def sign_in(box: Box, name: str, password: str, admits: Callable[[str], bool]) -> Principal:
    """Check the password, open a console session, and return who signed in (all audited by the services).

    Roles `admits` rejects get no session: they have nothing to do in the console.
    """
    from appliance.services import tokens, users

    box.require_schema()
    user = users.verify_password(box, name, password)
    if not admits(user.role):
        raise CorpusBoxError(f"{user.name} ({user.role}) has no console screens",
                             hint="clinician terminals call the inference API with an API token")
    return tokens.resolve(box, tokens.create_session(box, user))


class SignInScreen(Screen[None]):
    """Asks for user name and password; the app then opens the screens this role may use."""

    CSS_PATH = "signin.tcss"
    BINDINGS = [Binding("ctrl+q", "app.quit", "Quit", priority=True)]

    class SignedIn(Message):
        def __init__(self, principal: Principal) -> None:
            super().__init__()
            self.principal = principal

    class Refused(Message):
        def __init__(self, error: CorpusBoxError) -> None:
            super().__init__()
            self.error = error

    def __init__(self, user: str | None = None) -> None:
        super().__init__()
        self.prefill = user or ""

    def compose(self) -> ComposeResult:
        app: ConsoleApp = self.app  # type: ignore[assignment]
        with Center(), Vertical(id="signin"):
            yield Static("CorpusBox console", id="brand", markup=False)
            yield Static(f"box {app.box.settings.box_name}", id="boxname", markup=False)
            yield Label("User name")
            yield Input(self.prefill, placeholder="name", id="user")
            yield Label("Password")
            yield Input(placeholder="password", password=True, id="password")
            yield Button("Sign in", id="go", variant="primary")
            yield Static("", id="message", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#password" if self.prefill else "#user", Input).focus()

    def say(self, text: str) -> None:
        self.query_one("#message", Static).update(text)

    @on(Input.Submitted, "#user")
    def _next(self) -> None:
        self.query_one("#password", Input).focus()

    @on(Input.Submitted, "#password")
    @on(Button.Pressed, "#go")
    def submit(self) -> None:
        name = self.query_one("#user", Input).value.strip()
        password = self.query_one("#password", Input).value
        if not name or not password:
            self.say("type your user name and password")
            return
        self.say("signing in...")
        self.query_one("#go", Button).disabled = True
        self.run_worker(lambda: self._sign_in(name, password), thread=True, exclusive=True, group="signin")

    def _sign_in(self, name: str, password: str) -> None:
        app: ConsoleApp = self.app  # type: ignore[assignment]
        try:
            principal = sign_in(app.box, name, password, app.admits)
        except Exception as exc:  # noqa: BLE001 - every failure is shown on the form
            message: Message = self.Refused(as_user_error(exc))
        else:
            message = self.SignedIn(principal)
        if not get_current_worker().is_cancelled:
            self.post_message(message)

    def on_sign_in_screen_signed_in(self, message: SignedIn) -> None:
        self.query_one("#password", Input).value = ""
        self.query_one("#go", Button).disabled = False
        app: ConsoleApp = self.app  # type: ignore[assignment]
        refusal = app.signed_in(message.principal, owns_session=True)
        self.say(refusal or "")

    def on_sign_in_screen_refused(self, message: Refused) -> None:
        error = message.error
        self.query_one("#go", Button).disabled = False
        self.query_one("#password", Input).value = ""
        self.query_one("#password", Input).focus()
        self.say(error.message + (f"\nhint: {error.hint}" if error.hint else ""))
