"""A panel saying a capability is not installed yet (never a fake view)."""

from __future__ import annotations

from textual.widgets import Static

from admin_tui.capabilities import missing_text


class NotAvailable(Static):
    """Says plainly that a capability is missing, and what will appear here once it lands."""

    DEFAULT_CSS = """
    NotAvailable { border: round $warning; padding: 0 1; height: auto; color: $text-muted; }
    """

    def __init__(self, capability: str, *, id: str | None = None) -> None:
        super().__init__(f"[not available] {missing_text(capability)}", id=id, markup=False)
