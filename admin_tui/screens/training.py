"""Training: jobs with live loss and eval curves, submit from a template, cancel and resume,
the model registry with each A/B gate outcome, promote and roll back (with confirmation)."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll

from admin_tui.screens.base import BaseScreen
from admin_tui.screens.training_dialogs import SubmitDialog
from admin_tui.widgets.curves import Curves
from admin_tui.widgets.format import when
from admin_tui.widgets.table import Table
from admin_tui.widgets.unavailable import NotAvailable

REFRESH_S = 5.0


def gate_text(metrics: dict[str, Any] | None) -> str:
    """The last A/B gate decision stored on a model, in a few words."""
    gate = (metrics or {}).get("gate")
    if not gate:
        return "-"
    word = "promoted" if gate.get("promoted") else "NOT promoted"
    cand, base = gate.get("candidate_accuracy"), gate.get("baseline_accuracy")
    nums = f" {cand:.1%} vs {base:.1%}" if isinstance(cand, float) and isinstance(base, float) else ""
    return f"{word}{nums}"


def run_submit(box: Any, principal: Any, text: str) -> Any:
    """Submit as the CLI does: queued on Ray when its head answers, else run here (in this worker)."""
    from training import scheduler
    from training.services import jobs

    inline = scheduler.head_address(box.settings) is None
    return jobs.submit(box, principal, text=text, wait=inline)


class TrainingScreen(BaseScreen):
    """Jobs and registry; the highlighted job's curves refresh every few seconds."""

    MODE = "training"
    CSS_PATH = "training.tcss"
    BINDINGS = [
        Binding("r", "refresh", "Refresh"),
        Binding("s", "submit", "Submit job"),
        Binding("c", "cancel_job", "Cancel job"),
        Binding("u", "resume", "Resume job"),
        Binding("p", "promote", "Promote model"),
        Binding("b", "rollback", "Roll back"),
    ]
    ACTION_PERMISSIONS = {"submit": "train.submit", "cancel_job": "train.submit", "resume": "train.submit",
                          "promote": "model.manage", "rollback": "model.manage"}
    ACTION_CAPABILITIES = {a: "jobs" for a in ("refresh", "submit", "cancel_job", "resume")} | {
        "promote": "registry", "rollback": "registry"}

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="panels"):
            if not self.console_app.has("jobs"):
                yield NotAvailable("jobs")
                return
            with Vertical(id="jobs-box", classes="section"):
                yield Table(id="jobs", cursor_type="row")
            with Vertical(id="curves-box", classes="section"):
                yield Curves(id="curves")
            if self.console_app.may("model.read"):
                with Vertical(id="models-box", classes="section"):
                    yield Table(id="models", cursor_type="row")

    def on_mount(self) -> None:
        self._jobs: dict[str, Any] = {}
        self._models: dict[str, Any] = {}
        if not self.console_app.has("jobs"):
            return
        self.query_one("#jobs-box").border_title = "Jobs (newest first)"
        self.query_one("#curves-box").border_title = "Curves"
        self.query_one("#jobs", Table).add_columns("id", "name", "status", "method", "base model", "snapshot",
                                                       "created (UTC)", "by", "error")
        if self.query("#models"):
            self.query_one("#models-box").border_title = "Models (registry)"
            self.query_one("#models", Table).add_columns("model", "kind", "status", "base", "job", "snapshot",
                                                             "last gate")
        self.action_refresh()
        self.set_interval(REFRESH_S, self._tick)

    def _tick(self) -> None:
        if self.is_current:
            self.action_refresh()

    def highlighted(self, table_id: str, rows: dict[str, Any]) -> Any | None:
        table = self.query_one(f"#{table_id}", Table)
        if not table.row_count:
            self.notify(f"no {table_id} to act on", markup=False)
            return None
        return rows.get(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))

    # ----- actions ----------------------------------------------------------------------------
    def action_refresh(self) -> None:
        from training.services import jobs

        self.call("jobs", jobs.list_jobs, self.box, self.principal)
        if self.query("#models"):
            from training import registry

            self.call("models", registry.list_models, self.box, self.principal)

    def action_submit(self, text: str = "", error: str = "") -> None:
        def done(values: dict[str, Any] | None) -> None:
            if values is not None:
                self._submitted_text = values["text"]
                self.notify("job submitted; validating and queueing...", markup=False)
                self.call("submitted", run_submit, self.box, self.principal, values["text"])

        self.app.push_screen(SubmitDialog(text, error), done)

    def failed_submitted(self, error: Any) -> None:
        message = error.message + (f"\nhint: {error.hint}" if error.hint else "")
        self.action_submit(getattr(self, "_submitted_text", ""), message)

    def action_cancel_job(self) -> None:
        from training.services import jobs

        job = self.highlighted("jobs", self._jobs)
        if job is not None:
            self.confirm(f"Cancel job {job.id} ({job.name}, {job.status})? It stops at its next step; "
                         "it can be resumed from its last checkpoint.",
                         lambda: self.call("changed", jobs.cancel, self.box, self.principal, job.id), "Cancel job")

    def action_resume(self) -> None:
        from training.services import jobs

        job = self.highlighted("jobs", self._jobs)
        if job is not None:
            self.call("changed", jobs.resume, self.box, self.principal, job.id)

    def action_promote(self) -> None:
        from training import gate

        model = self.highlighted("models", self._models)
        if model is not None:
            self.confirm(f"Run the A/B gate for {model.ref}? It replaces the serving {model.name} only if it "
                         f"beats it by {gate.DEFAULT_MARGIN_POINTS:g} accuracy points.",
                         lambda: self.call("gate", gate.promote, self.box, self.principal, model.ref), "Promote")

    def action_rollback(self) -> None:
        from training import gate

        model = self.highlighted("models", self._models)
        if model is not None:
            self.confirm(f"Roll back {model.name}? The version its serving model replaced serves again.",
                         lambda: self.call("changed", gate.rollback, self.box, self.principal, model.name),
                         "Roll back")

    @on(Table.RowHighlighted, "#jobs")
    def _job_highlighted(self, event: Table.RowHighlighted) -> None:
        self._load_curves()

    def _load_curves(self) -> None:
        from training.services import jobs

        job = self._jobs.get(str(self._current_job_key()))
        if job is not None:
            self.call("curves", lambda: (f"job {job.id} {job.name}",
                                         jobs.job_metrics(self.box, self.principal, job.id)))

    def _current_job_key(self) -> Any:
        table = self.query_one("#jobs", Table)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    # ----- results ----------------------------------------------------------------------------
    def show_jobs(self, views: list[Any]) -> None:
        table = self.query_one("#jobs", Table)
        keep = self._current_job_key()
        table.clear()
        self._jobs = {str(v.id): v for v in views}
        for v in views:
            table.add_row(str(v.id), v.name, v.status, v.method, v.base_model or "-", v.snapshot or "-",
                          when(v.created_at), v.created_by or "-", (v.error or "")[:40], key=str(v.id))
        if keep in self._jobs:
            table.move_cursor(row=table.get_row_index(keep))
        self._load_curves()

    def show_curves(self, result: tuple[str, list[dict[str, Any]]]) -> None:
        curves = self.query_one("#curves", Curves)
        curves.job, curves.metrics = result

    def show_models(self, records: list[Any]) -> None:
        table = self.query_one("#models", Table)
        table.clear()
        self._models = {r.ref: r for r in records}
        for r in records:
            table.add_row(r.ref, r.kind, r.status, r.base or "-", r.job_id or "-", r.snapshot or "-",
                          gate_text(r.metrics), key=r.ref)

    def show_submitted(self, view: Any) -> None:
        self.notify(f"job {view.id} ({view.name}) is {view.status}", markup=False)
        self.action_refresh()

    def show_changed(self, result: Any) -> None:
        self.notify("done", markup=False)
        self.action_refresh()

    def show_gate(self, decision: Any) -> None:
        word = "PROMOTED" if decision.promoted else "NOT promoted"
        self.notify(f"{word} {decision.candidate} (vs {decision.baseline or '-'}): {decision.reason}",
                    markup=False, timeout=12, severity="information" if decision.promoted else "warning")
        self.action_refresh()
