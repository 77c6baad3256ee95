"""Inference: deployments, serving models and adapters, A/B weights, debug switches, serving metrics."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label

from admin_tui.screens.base import BaseScreen
from admin_tui.screens.user_dialogs import FormDialog
from admin_tui.widgets.format import when
from admin_tui.widgets.table import Table
from admin_tui.widgets.unavailable import NotAvailable


# inference.services.stats.terminal_stats(box, principal) returns one dict per terminal (a user or token):
# terminal, requests, refused (401/403/429), errors (other failures), prompt_tokens, completion_tokens,
# p50_ms, p95_ms (latency; None without requests) and last (ISO time of the last request).
USAGE_COLUMNS = ("terminal", "requests", "refused", "errors", "prompt tok", "completion tok", "p50 ms", "p95 ms",
                 "last (UTC)")


def usage_row(r: dict[str, Any]) -> tuple[str, ...]:
    """One terminal's serving counts (never text)."""
    def ms(v: float | None) -> str:
        return "-" if v is None else f"{v:.0f}"

    return (str(r["terminal"]), str(r["requests"]), str(r["refused"]), str(r.get("errors", 0)),
            str(r["prompt_tokens"]), str(r["completion_tokens"]), ms(r.get("p50_ms")), ms(r.get("p95_ms")),
            when(r.get("last")))


class WeightDialog(FormDialog):
    """Candidate model and the share of traffic it gets."""

    def __init__(self, deployment: str, candidate: str | None, weight: float) -> None:
        super().__init__()
        self.TITLE_TEXT = f"A/B weights of {deployment}"
        self.candidate, self.weight = candidate, weight

    def fields(self) -> ComposeResult:
        yield Label("Candidate model NAME[:VERSION] (empty: keep the current one)")
        yield Input(self.candidate or "", id="candidate", compact=True)
        yield Label("Share of traffic to the candidate, 0 to 1")
        yield Input(f"{self.weight:g}", id="weight", compact=True, type="number")

    def values(self) -> dict[str, Any] | str:
        try:
            weight = float(self.text("weight"))
        except ValueError:
            return "type a number between 0 and 1"
        return {"candidate": self.text("candidate") or None, "weight": weight}


class InferenceScreen(BaseScreen):
    """Deployments (serve.read); changes need serve.manage and are confirmed."""

    MODE = "inference"
    CSS_PATH = "inference.tcss"
    BINDINGS = [
        Binding("r", "refresh", "Refresh"),
        Binding("w", "weights", "A/B weights"),
        Binding("p", "promote", "Promote candidate"),
        Binding("b", "rollback", "Roll back"),
    ]
    ACTION_PERMISSIONS = {"weights": "serve.manage", "promote": "serve.manage", "rollback": "serve.manage"}
    ACTION_CAPABILITIES = {a: "serving" for a in ("refresh", "weights", "promote", "rollback")}

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="panels"):
            if not self.console_app.has("serving"):
                yield NotAvailable("serving")
                return
            with Vertical(id="deployments-box", classes="section"):
                yield Table(id="deployments", cursor_type="row")
            if self.console_app.has("debug"):
                with Vertical(id="switches-box", classes="section"):
                    yield Table(id="switches", cursor_type="row")
            if not self.console_app.has("serving_stats"):
                yield NotAvailable("serving_stats")
            else:
                with Vertical(id="usage-box", classes="section"):
                    yield Table(id="usage", cursor_type="row")

    def on_mount(self) -> None:
        self._deployments: dict[str, Any] = {}
        if not self.console_app.has("serving"):
            return
        self.query_one("#deployments-box").border_title = "Deployments"
        self.query_one("#deployments", Table).add_columns(
            "name", "status", "engine", "serving", "candidate", "weight", "adapters", "updated (UTC)")
        if self.query("#switches"):
            self.query_one("#switches-box").border_title = "Debug switches (prompt text logged while active)"
            self.query_one("#switches", Table).add_columns("deployment", "by", "reason", "started", "expires")
        if self.query("#usage"):
            self.query_one("#usage-box").border_title = "Serving per terminal (request log)"
            self.query_one("#usage", Table).add_columns(*USAGE_COLUMNS)
        self.action_refresh()

    def action_refresh(self) -> None:
        from inference.services import deployments

        self.call("deployments", deployments.list_deployments, self.box, self.principal)
        if self.query("#switches"):
            from inference.services import debug

            self.call("switches", debug.list_switches, self.box, self.principal)
        if self.query("#usage"):
            from inference.services import stats

            self.call("usage", stats.terminal_stats, self.box, self.principal)

    def selected(self) -> Any | None:
        table = self.query_one("#deployments", Table)
        if not table.row_count:
            self.notify("no deployments to act on", markup=False)
            return None
        return self._deployments.get(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))

    def action_weights(self) -> None:
        from inference.services import deployments

        dep = self.selected()
        if dep is None:
            return

        def done(values: dict[str, Any] | None) -> None:
            if values is not None:
                self.call("changed", deployments.set_candidate, self.box, self.principal, dep.name,
                          values["candidate"], values["weight"])

        self.app.push_screen(WeightDialog(dep.name, dep.candidate, dep.candidate_weight), done)

    def action_promote(self) -> None:
        from inference.services import deployments

        dep = self.selected()
        if dep is not None:
            self.confirm(f"Send all of {dep.name}'s traffic to its candidate {dep.candidate or '(none)'}?",
                         lambda: self.call("changed", deployments.promote, self.box, self.principal, dep.name),
                         "Promote")

    def action_rollback(self) -> None:
        from inference.services import deployments

        dep = self.selected()
        if dep is not None:
            self.confirm(f"Serve again the model {dep.name}'s last promotion replaced?",
                         lambda: self.call("changed", deployments.rollback, self.box, self.principal, dep.name),
                         "Roll back")

    def show_deployments(self, views: list[Any]) -> None:
        table = self.query_one("#deployments", Table)
        table.clear()
        self._deployments = {v.name: v for v in views}
        for v in views:
            adapters = ", ".join(str(a.get("name", a)) for a in v.adapters) or "-"
            table.add_row(v.name, v.status, v.engine, v.serving or "-", v.candidate or "-",
                          f"{v.candidate_weight:.0%}", adapters, when(v.updated_at), key=v.name)
        if not views:
            table.add_row("-", "-", "-", "no deployments yet (`corpusbox serve create`)", "-", "-", "-", "-")

    def show_switches(self, views: list[Any]) -> None:
        table = self.query_one("#switches", Table)
        table.clear()
        for v in views:
            table.add_row(v.deployment, v.enabled_by, v.reason, when(v.started_at), when(v.expires_at))
        if not views:
            table.add_row("-", "-", "none active", "-", "-")

    def show_usage(self, rows: list[dict[str, Any]]) -> None:
        table = self.query_one("#usage", Table)
        table.clear()
        for r in rows:
            table.add_row(*usage_row(r))
        if not rows:
            table.add_row("-", "no requests logged yet", *("-",) * (len(USAGE_COLUMNS) - 2))

    def show_changed(self, view: Any) -> None:
        self.notify(f"{view.name}: serving {view.serving or '-'}, candidate {view.candidate or '-'} "
                    f"at {view.candidate_weight:.0%}", markup=False)
        self.action_refresh()
