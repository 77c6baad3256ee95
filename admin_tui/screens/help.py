"""`?`: the keys of the current screen (only those this role may use)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


class HelpScreen(ModalScreen[None]):
    """Lists key, action description, for the screen it was opened from."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape,q,question_mark", "close", "Close")]

    def __init__(self, title: str, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.help_title, self.keys = title, keys

    def compose(self) -> ComposeResult:
        width = max((len(k) for k, _ in self.keys), default=4)
        text = Text()
        for key, description in self.keys:
            text.append(key.rjust(width), style="bold")
            text.append(f"  {description}\n")
        text.append("\nctrl+p opens the command palette; escape closes this help.")
        with Vertical(classes="dialog"):
            yield Static(f"Keys: {self.help_title}", markup=False, classes="title")
            with VerticalScroll(classes="keys"):
                yield Static(text)

    def action_close(self) -> None:
        self.dismiss(None)
