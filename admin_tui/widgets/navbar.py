"""The row of screens the operator may open, with the current one marked (brackets, not only colour)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class NavBar(Static):
    """' 1 Overview  [5 Audit]  6 Users ' - the screens this role may open."""

    DEFAULT_CSS = """
    NavBar { height: 1; background: $panel; padding: 0 1; }
    """

    def __init__(self, entries: list[tuple[str, str, str]], current: str) -> None:
        super().__init__(self._render_entries(entries, current))

    @staticmethod
    def _render_entries(entries: list[tuple[str, str, str]], current: str) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        for key, mode, title in entries:
            label = f"{key} {title}"
            if mode == current:
                text.append(f"[{label}]", style="bold reverse")
            else:
                text.append(f" {label} ")
            text.append(" ")
        return text
