"""Audit: the log with filters, event details, chain verification, head signing, report export."""

from __future__ import annotations

import json
from datetime import UTC
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Select, Static

from admin_tui.capabilities import missing_text
from admin_tui.screens.base import BaseScreen
from admin_tui.widgets.format import when
from admin_tui.widgets.table import Table

LIMIT = 500
OUTCOMES = [("any outcome", ""), ("ok", "ok"), ("refused", "refused"), ("failed", "failed")]


def chain_text(report: Any) -> str:
    """A verification report in one or two plain sentences."""
    if report.ok:
        return (f"chain OK: {report.events_checked} events and {report.heads_checked} signed heads verified "
                f"(head at event {report.last_seq}) - {when(_now())} UTC")
    bad = report.first_bad
    more = f"; {len(report.problems) - 1} more problems" if len(report.problems) > 1 else ""
    return f"chain BROKEN: first bad event {bad.seq} ({bad.kind}): {bad.message}{more}"


def event_text(ev: Any) -> Text:
    """Everything about one event, for the details panel."""
    text = Text()
    text.append(f"event {ev.seq}", style="bold")
    text.append(f"  {when(ev.ts)} UTC  {ev.actor} ({ev.role})  {ev.action} {ev.target}  outcome {ev.outcome}\n")
    text.append("details ", style="bold")
    text.append(json.dumps(ev.details, ensure_ascii=False, sort_keys=True) if ev.details else "-")
    text.append("\nhash ", style="bold")
    text.append(ev.hash)
    return text


class AuditScreen(BaseScreen):
    """Filter the log, read an event, verify the chain; auditors see it all read-only."""

    MODE = "audit"
    CSS_PATH = "audit.tcss"
    BINDINGS = [
        Binding("r", "refresh", "Refresh"),
        Binding("v", "verify", "Verify chain"),
        Binding("c", "checkpoint", "Sign head"),
        Binding("e", "export", "Export report"),
        Binding("slash", "filters", "Filter"),
        Binding("escape", "table", "To table", show=False),
    ]
    ACTION_PERMISSIONS = {"verify": "audit.verify", "checkpoint": "audit.verify", "export": "report.read"}
    ACTION_CAPABILITIES = {"export": "reports"}

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="filters"):
            yield Input(placeholder="actor", id="f-actor", compact=True)
            yield Input(placeholder="action (user.*)", id="f-action", compact=True)
            yield Select(OUTCOMES, value="", allow_blank=False, id="f-outcome", compact=True)
            yield Input(placeholder="since YYYY-MM-DD", id="f-since", compact=True)
        yield Static("chain: not verified in this session (v verifies)", id="chain", classes="status-line",
                     markup=False)
        yield Table(id="events", cursor_type="row")
        with Vertical(id="detail-box", classes="section"):
            yield Static("", id="detail", markup=False)
        if not self.console_app.has("reports"):
            yield Static(f"report export: {missing_text('reports')}", classes="note status-line", markup=False)

    def on_mount(self) -> None:
        self.query_one("#detail-box").border_title = "Event"
        table = self.query_one("#events", Table)
        table.add_columns("seq", "time (UTC)", "outcome", "actor", "action", "target")
        self._events: dict[int, Any] = {}
        table.focus()
        self.action_refresh()

    def filters(self) -> dict[str, Any]:
        """The filter form as list_events keyword arguments."""
        values = {name: self.query_one(f"#f-{name}", Input).value.strip() for name in ("actor", "action", "since")}
        outcome = self.query_one("#f-outcome", Select).value
        return {**{k: v or None for k, v in values.items()}, "outcome": outcome or None,
                "limit": LIMIT, "newest_first": True}

    # ----- actions ----------------------------------------------------------------------------
    def action_refresh(self) -> None:
        from appliance.services import audit

        self.call("events", audit.list_events, self.box, self.principal, **self.filters())

    def action_verify(self) -> None:
        from appliance.services import audit

        self.query_one("#chain", Static).update("chain: verifying...")
        self.call("verify", audit.verify, self.box, self.principal)

    def action_checkpoint(self) -> None:
        from appliance.services import audit

        self.call("checkpoint", audit.checkpoint, self.box, self.principal)

    def action_export(self) -> None:
        from admin_tui.screens.report_dialog import ReportDialog
        from appliance.reports import service
        from appliance.reports.period import parse_period

        def done(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            self.notify("building the report (verifies the chain first)...", markup=False)
            self.call("report", lambda: service.compliance_report(
                self.box, self.principal, parse_period(values["start"], values["end"]), values["format"],
                values["output"], values["lang"]))

        self.app.push_screen(ReportDialog(self.box.home), done)

    def action_filters(self) -> None:
        self.query_one("#f-actor", Input).focus()

    def action_table(self) -> None:
        self.query_one("#events", Table).focus()

    @on(Input.Submitted)
    @on(Select.Changed)
    def _apply(self) -> None:
        self.action_refresh()

    @on(Table.RowHighlighted, "#events")
    def _highlight(self, event: Table.RowHighlighted) -> None:
        ev = self._events.get(int(event.row_key.value or 0))
        if ev is not None:
            self.query_one("#detail", Static).update(event_text(ev))

    # ----- results ----------------------------------------------------------------------------
    def show_events(self, events: list[Any]) -> None:
        table = self.query_one("#events", Table)
        table.clear()
        self._events = {ev.seq: ev for ev in events}
        for ev in events:
            table.add_row(str(ev.seq), when(ev.ts), ev.outcome, ev.actor, ev.action, ev.target, key=str(ev.seq))
        self.query_one("#detail-box").border_title = f"Event ({len(events)} shown, newest first)"
        if not events:
            self.query_one("#detail", Static).update("no events match the filters")

    def show_verify(self, report: Any) -> None:
        self.query_one("#chain", Static).update(chain_text(report))
        self.action_refresh()  # verification is itself audited

    def failed_verify(self, error: Any) -> None:
        self.query_one("#chain", Static).update(f"chain: verification failed to run: {error.message}")
        self.show_error(error)

    def show_report(self, result: Any) -> None:
        s = result.summary
        warning = "" if result.chain_ok else " - WARNING: the audit chain did not verify; the report says where"
        self.notify(f"wrote {result.format} report to {result.path} ({s.get('events', 0)} events){warning}",
                    markup=False, timeout=12, severity="information" if result.chain_ok else "warning")
        self.action_refresh()

    def show_checkpoint(self, head: Any) -> None:
        self.notify(f"signed head at event {head.seq}" if head else "nothing to sign", markup=False)
        self.action_refresh()


def _now() -> Any:
    from datetime import datetime

    return datetime.now(UTC)
