"""Screens whose services are still being built show exactly which parts are missing."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from admin_tui.screens.base import BaseScreen
from admin_tui.widgets.unavailable import NotAvailable


class PendingScreen(BaseScreen):
    """One 'not available yet' panel per capability the screen needs."""

    CAPABILITIES: ClassVar[tuple[str, ...]] = ()
    SUMMARY: ClassVar[str] = ""

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="panels"):
            yield Static(self.SUMMARY, markup=False, classes="status-line")
            for capability in self.CAPABILITIES:
                yield NotAvailable(capability)
