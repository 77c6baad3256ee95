"""The compliance-report form: period, format, language and where to write it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input, Label, Select

from admin_tui.screens.user_dialogs import FormDialog

FORMATS = [("PDF", "pdf"), ("CSV (folder)", "csv"), ("JSON", "json"), ("signed evidence bundle", "bundle")]
LANGS = [("English", "en"), ("Chinese", "zh")]
SUFFIX = {"pdf": ".pdf", "json": ".json", "csv": "", "bundle": ".zip"}


class ReportDialog(FormDialog):
    """Returns start, end, format, lang and output; the reports service checks and writes."""

    TITLE_TEXT = "Compliance report (the audit chain is verified first)"

    def __init__(self, home: Path) -> None:
        super().__init__()
        self.home = home

    def fields(self) -> ComposeResult:
        yield Label("From (YYYY-MM-DD, UTC; empty: 30 days ago)")
        yield Input(id="start", compact=True)
        yield Label("To (included; empty: today)")
        yield Input(id="end", compact=True)
        yield Label("Format")
        yield Select(FORMATS, value="pdf", allow_blank=False, id="format", compact=True)
        yield Label("Language")
        yield Select(LANGS, value="en", allow_blank=False, id="lang", compact=True)
        yield Label("Write to (empty: the box's reports folder)")
        yield Input(id="output", compact=True)

    def values(self) -> dict[str, Any] | str:
        fmt = str(self.query_one("#format", Select).value)
        output = self.text("output")
        path = Path(output).expanduser() if output else (
            self.home / "reports" / f"compliance-{date.today().isoformat()}{SUFFIX[fmt]}")
        return {"start": self.text("start") or None, "end": self.text("end") or None, "format": fmt,
                "lang": str(self.query_one("#lang", Select).value), "output": path}
