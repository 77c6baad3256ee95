"""Overview: services and health, storage per bucket, database and audit, GPUs, jobs, models, HA."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from admin_tui.screens.base import BaseScreen
from admin_tui.widgets.facts import Facts
from admin_tui.widgets.format import duration, size, when, yes_no
from admin_tui.widgets.gpus import GpuPanel
from admin_tui.widgets.table import Table
from admin_tui.widgets.unavailable import NotAvailable

REFRESH_S = 10.0
# Optional capability -> permission needed to see its line on the overview.
WORK_PANELS = {"jobs": "train.read", "serving": "serve.read", "ha": "ha.read"}


def _lock(value: Any) -> str:
    if not value:
        return "-"
    days = value.get("Days") or value.get("Years", 0) * 365
    return f"{str(value.get('Mode', '')).lower()} {days}d"


class OverviewScreen(BaseScreen):
    """The box at a glance; refreshes itself every few seconds in a worker."""

    MODE = "overview"
    CSS_PATH = "overview.tcss"
    BINDINGS = [
        Binding("r", "refresh", "Refresh"),
        Binding("u", "up", "Start services"),
        Binding("d", "down", "Stop services"),
    ]
    ACTION_PERMISSIONS = {"up": "box.manage", "down": "box.manage"}

    def compose_body(self) -> ComposeResult:
        yield Static("loading...", id="updated", classes="status-line", markup=False)
        with VerticalScroll(id="panels"):
            with Vertical(id="services", classes="section"):
                yield Table(id="services-table", cursor_type="row", zebra_stripes=False)
            with Vertical(id="storage", classes="section"):
                yield Table(id="storage-table", cursor_type="row")
                yield Static("", id="free", markup=False, classes="note")
            with Vertical(id="dbaudit", classes="section"):
                yield Facts(id="db-facts")
            with Vertical(id="gpus", classes="section"):
                yield GpuPanel(id="gpu-panel")
            with Vertical(id="work", classes="section"):
                yield from self._work_panels()

    def _work_panels(self) -> ComposeResult:
        for capability, permission in WORK_PANELS.items():
            if not self.console_app.has(capability):
                yield NotAvailable(capability)
            elif self.console_app.may(permission):
                yield Facts(id=f"{capability}-facts")

    def on_mount(self) -> None:
        titles = {"services": "Services", "storage": "Storage", "dbaudit": "Database and audit",
                  "gpus": "GPUs and host", "work": "Jobs, serving models, HA"}
        for widget_id, title in titles.items():
            self.query_one(f"#{widget_id}").border_title = title
        services = self.query_one("#services-table", Table)
        services.add_columns("service", "state", "healthy", "pid", "port", "up", "message")
        storage = self.query_one("#storage-table", Table)
        storage.add_columns("bucket", "objects", "used", "versioning", "lock", "encryption")
        self.action_refresh()
        self.set_interval(REFRESH_S, self.action_refresh)

    # ----- actions ----------------------------------------------------------------------------
    def action_refresh(self) -> None:
        from appliance.hardware import api
        from appliance.services import boxops

        self.call("status", boxops.status, self.box, self.principal)
        self.call("telemetry", api.recent, self.box.settings, 60)
        if self.query("#jobs-facts"):
            from training.services import jobs

            self.call("jobs", jobs.list_jobs, self.box, self.principal, status="running", limit=20)
        if self.query("#serving-facts"):
            from inference.services import deployments

            self.call("serving", deployments.list_deployments, self.box, self.principal)
        if self.query("#ha-facts"):
            self.call("ha", _ha_status, self.box, self.principal)

    def action_up(self) -> None:
        from appliance.services import boxops

        self.notify("starting services...", markup=False)
        self.call("up", boxops.up, self.box, self.principal)

    def action_down(self) -> None:
        from appliance.services import boxops

        self.confirm("Stop every local service of this box? Jobs, serving and the object store stop with them.",
                     lambda: self.call("down", boxops.down, self.box, self.principal), danger="Stop services")

    # ----- results ----------------------------------------------------------------------------
    def show_status(self, status: Any) -> None:
        self._show_services(status.services)
        self._show_storage(status.storage)
        db, audit = status.database, status.audit
        dialect = str(db.get("url", "")).split(":", 1)[0].split("+", 1)[0]
        state = "reachable" if db.get("reachable") else f"NOT reachable: {db.get('error', '')}"
        rows = [("database", f"{dialect}, {state}, schema {db.get('revision') or '-'}")]
        if audit:
            head = audit.get("signed_head_seq")
            rows.append(("audit log", f"{audit.get('events', 0)} events"))
            rows.append(("signed head", f"at event {head}, in audit bucket: {yes_no(audit.get('head_in_bucket'))}"
                         if head else "none signed yet"))
        self.query_one("#db-facts", Facts).show(rows)
        self.query_one("#updated", Static).update(
            f"box {status.box_name} - updated {when(_now())} UTC - refreshes every {REFRESH_S:.0f}s (r: now)")

    def _show_services(self, services: list[dict[str, Any]]) -> None:
        table = self.query_one("#services-table", Table)
        table.clear()
        for s in services:
            table.add_row(s["name"], s["state"], yes_no(s.get("healthy")), s.get("pid") or "-",
                          s.get("port") or "-", duration(s.get("uptime_s")), s.get("message") or "")
        if not services:
            table.add_row("(none)", "-", "-", "-", "-", "-", "none configured here")

    def _show_storage(self, storage: list[dict[str, Any]]) -> None:
        table = self.query_one("#storage-table", Table)
        table.clear()
        for b in storage:
            if "error" in b:
                table.add_row(b.get("bucket", "-"), "-", "-", "-", "-", f"error: {b['error']}"[:60])
                continue
            table.add_row(self._short(b), b.get("objects", "-"),
                          size(b.get("bytes")), b.get("versioning", "-"), _lock(b.get("object_lock")),
                          b.get("encryption", "-"))

    def _short(self, bucket: dict[str, Any]) -> str:
        """The bucket's role name (quarantine, audit...) without the site's prefix."""
        return str(bucket.get("bucket", "-")).removeprefix(self.box.settings.storage.bucket_prefix)

    def show_telemetry(self, samples: list[Any]) -> None:
        self.query_one("#gpu-panel", GpuPanel).samples = list(samples)
        free = self.query_one("#free", Static)
        if samples:
            s = samples[-1]
            free.update(f"free on the data root: {size(s.disk_total_bytes - s.disk_used_bytes)} "
                        f"of {size(s.disk_total_bytes)}")
        else:
            free.update("free space: unknown until telemetry has a sample")

    def show_jobs(self, running: list[Any]) -> None:
        rows = [("running jobs", str(len(running)) if running else "none")]
        rows += [(f"job {j.id}", f"{j.name} ({j.method}) since {when(j.started_at)} UTC") for j in running[:5]]
        self.query_one("#jobs-facts", Facts).show(rows)

    def show_serving(self, deployments: list[Any]) -> None:
        rows = [(f"serving {d.name}", f"{d.serving or '-'} [{d.status}]" + (
            f", candidate {d.candidate} at {d.candidate_weight:.0%}" if d.candidate else "")) for d in deployments]
        self.query_one("#serving-facts", Facts).show(rows or [("serving", "no deployments yet")])

    def show_ha(self, st: Any) -> None:
        if st is None:
            self.query_one("#ha-facts", Facts).show([("HA", "single box, not paired (`corpusbox ha init` pairs two)")])
            return
        me = next((m for m in st.members if m.get("name") == st.member), {})
        peers = [m for m in st.members if m.get("name") != st.member]
        rows = [("HA role", f"{me.get('role', 'unknown')} ({st.member}), VIP {'here' if st.vip_here else 'elsewhere'}")]
        for p in peers or [{}]:
            rows.append(("HA peer", f"{p.get('name', '-')} {p.get('role', '-')} {p.get('state', 'unreachable')}"
                                    f", lag {p.get('lag', '-')}" if p else "no peer reachable"))
        rows += [("HA problem", text) for text in st.problems]
        self.query_one("#ha-facts", Facts).show(rows)

    def failed_ha(self, error: Any) -> None:
        self.query_one("#ha-facts", Facts).show([("HA", error.message + (f" ({error.hint})" if error.hint else ""))])

    def show_up(self, result: list[Any]) -> None:
        self.notify("services: " + (", ".join(f"{s.name} {s.state}" for s in result) or "none configured"),
                    markup=False)
        self.action_refresh()

    def show_down(self, result: list[Any]) -> None:
        self.show_up(result)


def _ha_status(box: Any, principal: Any) -> Any:
    """The pair's state, or None on a box that was never paired."""
    from appliance.ha import service as ha
    from appliance.ha.settings import pair_path

    if not pair_path(box.home).exists():
        return None
    return ha.status(box, principal)


def _now() -> Any:
    from datetime import datetime

    return datetime.now(UTC)
