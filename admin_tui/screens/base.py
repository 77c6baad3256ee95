"""What every console screen shares: chrome, role-gated actions, and service calls in workers."""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header

from admin_tui.widgets.navbar import NavBar
from appliance.errors import CorpusBoxError, ServiceUnavailable

if TYPE_CHECKING:
    from admin_tui.app import ConsoleApp
    from appliance.box import Box
    from appliance.services.auth import Principal


def as_user_error(exc: Exception) -> CorpusBoxError:
    """Any failure as a message the operator can act on; unexpected ones leave a details file."""
    if isinstance(exc, CorpusBoxError):
        return exc
    from sqlalchemy.exc import OperationalError

    if isinstance(exc, OperationalError):
        return ServiceUnavailable(f"the database is not reachable: {str(exc.orig).splitlines()[0]}",
                                  hint="start it, or check database.url (`corpusbox config show`)")
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"corpusbox-console-error-{os.getpid()}.log"
    try:
        log.write_text("".join(traceback.format_exception(exc)))
        where = f"; details in {log}"
    except OSError:
        where = ""
    return CorpusBoxError(f"internal error: {type(exc).__name__}{where}",
                          hint="this is a bug; please report it with the details file (it holds no data)")


class BaseScreen(Screen[None]):
    """A main screen: header, navigation, body, footer; actions hidden when the role lacks them."""

    MODE: ClassVar[str] = ""
    # action name -> permission it needs; actions the role lacks are hidden from footer, help and palette.
    ACTION_PERMISSIONS: ClassVar[dict[str, str]] = {}
    # action name -> capability (admin_tui.capabilities) it needs installed.
    ACTION_CAPABILITIES: ClassVar[dict[str, str]] = {}

    class Loaded(Message):
        """A service call finished; `tag` names the call, `serial` tells it from older calls of that tag."""

        def __init__(self, tag: str, serial: int, result: Any) -> None:
            super().__init__()
            self.tag, self.serial, self.result = tag, serial, result

    class Failed(Message):
        """A service call failed with an error the operator can act on."""

        def __init__(self, tag: str, serial: int, error: CorpusBoxError) -> None:
            super().__init__()
            self.tag, self.serial, self.error = tag, serial, error

    def __init__(self) -> None:
        super().__init__()
        self._serials: dict[str, int] = {}

    @property
    def console_app(self) -> ConsoleApp:
        return self.app  # type: ignore[return-value]

    @property
    def box(self) -> Box:
        return self.console_app.box

    @property
    def principal(self) -> Principal:
        principal = self.console_app.principal
        assert principal is not None, "main screens exist only once signed in"
        return principal

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield NavBar(self.console_app.nav_entries(), self.MODE)
        yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        """The screen's own widgets."""
        yield from ()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        permission = self.ACTION_PERMISSIONS.get(action)
        if permission and not self.console_app.may(permission):
            return False
        capability = self.ACTION_CAPABILITIES.get(action)
        return not (capability and not self.console_app.has(capability))

    # ----- service calls in workers -----------------------------------------------------------
    pending: int = 0
    """Service calls started and not yet shown (tests and the status line wait on it)."""

    def call(self, tag: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """Run a (slow) service call in a thread; the result comes back as Loaded/Failed."""
        self.pending += 1
        serial = self._serials[tag] = self._serials.get(tag, 0) + 1
        self.run_worker(partial(self._run_call, tag, serial, fn, args, kwargs), thread=True, group=tag, name=tag)

    def _run_call(self, tag: str, serial: int, fn: Callable[..., Any], args: tuple[Any, ...],
                  kwargs: dict[str, Any]) -> None:
        try:
            result = fn(*args, **kwargs)
        except Exception as exc:
            if os.environ.get("CORPUSBOX_DEBUG") and not isinstance(exc, CorpusBoxError):
                raise
            message: Message = self.Failed(tag, serial, as_user_error(exc))
        else:
            message = self.Loaded(tag, serial, result)
        self.post_message(message)

    def _is_stale(self, tag: str, serial: int) -> bool:
        """A newer call of the same tag was started: its answer, not this one, is shown."""
        self.pending -= 1
        return serial != self._serials.get(tag)

    def on_base_screen_loaded(self, message: BaseScreen.Loaded) -> None:
        if self._is_stale(message.tag, message.serial):
            return
        handler = getattr(self, f"show_{message.tag}", None)
        if handler is not None:
            handler(message.result)

    def on_base_screen_failed(self, message: BaseScreen.Failed) -> None:
        if self._is_stale(message.tag, message.serial):
            return
        handler = getattr(self, f"failed_{message.tag}", None)
        if handler is not None:
            handler(message.error)
        else:
            self.show_error(message.error)

    def show_error(self, error: CorpusBoxError) -> None:
        """Tell the operator what went wrong and what to do."""
        text = error.message + (f"\nhint: {error.hint}" if error.hint else "")
        self.notify(text, title="error", severity="error", timeout=8, markup=False)

    def confirm(self, question: str, then: Callable[[], None], danger: str = "Confirm") -> None:
        """Ask before a destructive action; run `then` only on an explicit yes."""
        from admin_tui.screens.confirm import ConfirmDialog

        def done(answer: bool | None) -> None:
            if answer:
                then()

        self.app.push_screen(ConfirmDialog(question, danger), done)
