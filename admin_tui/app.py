"""`corpusbox console`: sign in, then the screens this role may use (Overview, Corpus, ... Users)."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from admin_tui import capabilities
from appliance.box import Box
from appliance.services.auth import Principal


@dataclass(frozen=True)
class NavEntry:
    """A main screen: its key, mode name, title, class, and the permissions (any of) that open it."""

    key: str
    mode: str
    title: str
    screen: str
    needs: tuple[str, ...]


NAV: list[NavEntry] = [
    NavEntry("1", "overview", "Overview", "admin_tui.screens.overview:OverviewScreen", ("box.read",)),
    NavEntry("2", "corpus", "Corpus", "admin_tui.screens.corpus:CorpusScreen",
             ("source.read", "deid.read", "snapshot.read")),
    NavEntry("3", "training", "Training", "admin_tui.screens.training:TrainingScreen", ("train.read", "model.read")),
    NavEntry("4", "inference", "Inference", "admin_tui.screens.inference:InferenceScreen", ("serve.read",)),
    NavEntry("5", "audit", "Audit", "admin_tui.screens.audit:AuditScreen", ("audit.read",)),
    NavEntry("6", "users", "Users", "admin_tui.screens.users:UsersScreen", ("user.read", "token.own")),
]


# Keys every Textual screen has; the help lists what is particular to the console.
_STANDARD_ACTIONS = {"focus_next", "focus_previous", "app.focus_next", "app.focus_previous", "copy_text",
                     "screen.copy_text", "app.copy_text", "command_palette"}


def _factory(path: str) -> type[Screen[None]]:
    module, name = path.split(":")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


class ConsoleApp(App[None]):
    """The admin console. Holds the Box and the signed-in principal; screens call services with them."""

    TITLE = "CorpusBox"
    CSS_PATH = "app.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (150, "-wide")]
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        *(Binding(n.key, f"go('{n.mode}')", n.title, show=False) for n in NAV),
        Binding("question_mark,f1", "help", "Help"),
        Binding("q", "quit", "Quit"),
        Binding("ctrl+o", "sign_out", "Sign out", show=False),
    ]

    def __init__(self, box: Box, principal: Principal | None = None, user: str | None = None,
                 start: str | None = None) -> None:
        super().__init__()
        self.box = box
        self.start = start
        self.principal = principal
        self.prefill_user = user
        self.owns_session = False
        self._capabilities: dict[str, bool] = {}

    # ----- who may see what -------------------------------------------------------------------
    def may(self, permission: str) -> bool:
        """Whether the signed-in operator holds `permission` (services check again and audit refusals)."""
        return self.principal is not None and self.principal.may(permission)

    def has(self, capability: str) -> bool:
        """Whether an optional service (corpus, training, reports...) is installed."""
        if capability not in self._capabilities:
            self._capabilities[capability] = capabilities.load(capability) is not None
        return self._capabilities[capability]

    def allowed(self, principal: Principal | None = None) -> list[NavEntry]:
        """The main screens this operator (or `principal`) may open."""
        who = principal or self.principal
        return [n for n in NAV if who is not None and any(who.may(p) for p in n.needs)]

    def admits(self, role: str) -> bool:
        """Whether a role has any console screen (checked before a session is opened)."""
        return bool(self.allowed(Principal("-", role)))

    def nav_entries(self) -> list[tuple[str, str, str]]:
        return [(n.key, n.mode, n.title) for n in self.allowed()]

    @property
    def read_only(self) -> bool:
        return self.principal is not None and self.principal.role == "auditor"

    # ----- lifecycle --------------------------------------------------------------------------
    def on_mount(self) -> None:
        from admin_tui.screens.signin import SignInScreen

        self.add_mode("signin", partial(SignInScreen, self.prefill_user))
        self._add_nav_modes()
        if self.principal is not None:
            refusal = self.signed_in(self.principal, owns_session=False)
            if refusal:
                self.exit(message=refusal)
        else:
            self.switch_mode("signin")

    def _add_nav_modes(self) -> None:
        for entry in NAV:
            self.add_mode(entry.mode, partial(lambda path: _factory(path)(), entry.screen))

    def signed_in(self, principal: Principal, owns_session: bool) -> str | None:
        """Open the first screen this role may use; a refusal message when it may use none."""
        self.principal, self.owns_session = principal, owns_session
        entries = self.allowed()
        if not entries:
            self._end_session()
            return (f"{principal.user} ({principal.role}) has no console screens; "
                    "clinician terminals use the inference API with a token")
        self.sub_title = f"{self.box.settings.box_name} - {principal.user} ({principal.role})" + (
            " - read-only" if self.read_only else "")
        chosen = next((e for e in entries if e.mode == self.start), entries[0])
        self.switch_mode(chosen.mode)
        return None

    def _end_session(self) -> None:
        """Revoke the session this console opened (audited by the tokens service)."""
        from appliance.services import tokens

        principal, self.principal = self.principal, None
        if principal is None or not self.owns_session or not principal.token_id:
            return
        if not principal.may("token.own"):
            return  # the tokens service refuses (and audits) self-revocation without it; the session expires
        try:
            tokens.revoke_token(self.box, principal, principal.token_id)
        except Exception:  # noqa: BLE001, S110 - the session expires on its own if the database is gone
            pass

    # ----- actions ----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "go":
            return any(n.mode == parameters[0] for n in self.allowed())
        if action == "sign_out":
            return self.principal is not None
        return True

    def action_go(self, mode: str) -> None:
        if mode != self.current_mode:
            self.switch_mode(mode)

    async def action_sign_out(self) -> None:
        self._end_session()
        self.sub_title = ""
        await self.switch_mode("signin")
        for entry in NAV:
            await self.remove_mode(entry.mode)
        self._add_nav_modes()

    async def action_quit(self) -> None:
        self._end_session()
        self.exit()

    def action_help(self) -> None:
        from admin_tui.screens.help import HelpScreen

        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        active = [b for b in screen.active_bindings.values()
                  if b.enabled and b.binding.description and b.binding.action not in _STANDARD_ACTIONS]
        # The screen's own keys first, then the console-wide ones; widget keys (scrolling...) are standard.
        keys = [(self.get_key_display(b.binding), b.binding.description)
                for owner in (screen, self) for b in active if b.node is owner]
        title = next((n.title for n in NAV if n.mode == self.current_mode), "Sign in")
        self.push_screen(HelpScreen(title, keys))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for entry in self.allowed():
            yield SystemCommand(f"Go to {entry.title}", f"open the {entry.title} screen (key {entry.key})",
                                partial(self.action_go, entry.mode))
        for active in screen.active_bindings.values():
            binding = active.binding
            if active.enabled and binding.description and active.node is screen:
                yield SystemCommand(binding.description, f"key {self.get_key_display(binding)} on this screen",
                                    partial(self.run_action, binding.action, screen))
        if self.principal is not None:
            yield SystemCommand("Sign out", "end this session and return to sign-in", self.action_sign_out)
        yield SystemCommand("Help", "the keys of this screen", self.action_help)
        yield from super().get_system_commands(screen)
