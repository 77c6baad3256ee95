"""Corpus: sources, ingestion and de-identification runs with live progress, findings by entity type,
the review queue (original beside replacement for data officers, audited), snapshots and their diffs."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import ProgressBar, Static

from admin_tui.screens.base import BaseScreen
from admin_tui.screens.corpus_dialogs import ReviewItemDialog, SnapshotDialog
from admin_tui.widgets import corpus_rows as rows
from admin_tui.widgets.facts import Facts
from admin_tui.widgets.table import Table
from admin_tui.widgets.unavailable import NotAvailable

REFRESH_S = 5.0
REVIEW_LIMIT = 20
# What each gated action is called in the line that says why the role cannot use it.
ACTION_WORDS = {"ingest": "ingest", "deid": "de-identify", "snapshot": "cut snapshots",
                "queue": "review (queue, approve, reject)"}
VERDICT_WORDS = {"ok": ("Approve", "the replacement is right; nothing changes"),
                 "false_positive": ("False positive", "the span was not PHI: it joins the source's allow list, "
                                                      "so the next de-identification run keeps it (a new policy "
                                                      "version)")}


def run_deid(box: Any, principal: Any, source: str, progress: Any) -> Any:
    """De-identify as the CLI does: on the box's Ray head when it answers, else in this worker (no private Ray)."""
    from corpus.services import deid

    try:
        from training.scheduler import head_address

        address = head_address(box.settings)
    except ImportError:
        address = None
    return deid.run_deid(box, principal, source, address=address, executor="ray" if address else "local",
                         progress=progress)


class CorpusScreen(BaseScreen):
    """Sources and runs refresh every few seconds; ingest, de-identify and cut run as background workers."""

    MODE = "corpus"
    CSS_PATH = "corpus.tcss"
    BINDINGS = [
        Binding("r", "refresh", "Refresh"),
        Binding("i", "ingest", "Ingest source"),
        Binding("d", "deid", "De-identify source"),
        Binding("n", "snapshot", "New snapshot"),
        Binding("u", "queue", "Queue for review"),
        Binding("o", "open_item", "Open review item"),
        Binding("a", "decide('ok')", "Approve item"),
        Binding("x", "decide('false_positive')", "False positive"),
        Binding("e", "estimate", "Estimate risk"),
        Binding("m", "mark", "Mark snapshot"),
        Binding("f", "diff", "Diff snapshots"),
    ]
    ACTION_PERMISSIONS = {"ingest": "ingest.run", "deid": "deid.run", "snapshot": "snapshot.create",
                          "queue": "deid.review", "decide": "deid.review", "estimate": "deid.review",
                          "open_item": "deid.read", "mark": "snapshot.read", "diff": "snapshot.read"}
    ACTION_CAPABILITIES = {"refresh": "sources", "ingest": "sources", "deid": "runs", "snapshot": "snapshots",
                           "queue": "review", "decide": "review", "estimate": "review", "open_item": "review",
                           "mark": "snapshots", "diff": "snapshots"}

    class Progressed(Message):
        """A background run reported (done, total)."""

        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done, self.total = done, total

    # ----- layout -----------------------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        app = self.console_app
        with VerticalScroll(id="panels"):
            if not app.has("sources"):
                yield NotAvailable("sources")
                return
            yield Static(self.reasons(), markup=False, classes="status-line", id="reasons")
            with Horizontal(id="job"):
                yield Static("", id="job-label", markup=False)
                yield ProgressBar(id="job-bar", show_eta=False)
            with Vertical(id="grid"):
                yield from self._section("sources", app.may("source.read"))
                yield from self._section("runs", app.may("source.read"))
                yield from self._section("findings", app.may("deid.read"))
                yield from self._section("review", app.may("deid.read") and app.has("review"))
                yield from self._section("snapshots", app.may("snapshot.read") and app.has("snapshots"))
                if app.may("snapshot.read") and app.has("snapshots"):
                    with Vertical(id="diff-box", classes="section"):
                        yield Facts(id="diff")

    def _section(self, name: str, shown: bool) -> ComposeResult:
        if shown:
            with Vertical(id=f"{name}-box", classes="section"):
                yield Table(id=name, cursor_type="row")

    def reasons(self) -> str:
        """Which actions this role lacks, and the permission each needs (hidden from keys and palette)."""
        missing = [f"{word} (needs {self.ACTION_PERMISSIONS[a]})" for a, word in ACTION_WORDS.items()
                   if not self.console_app.may(self.ACTION_PERMISSIONS[a])]
        if not missing:
            return "i ingest  d de-identify  n snapshot  o open item  a/x decide  m/f diff"
        role = self.principal.role
        return f"{role}: cannot " + "; ".join(missing) + (" - read-only" if self.console_app.read_only else "")

    def on_mount(self) -> None:
        self._sources: dict[str, Any] = {}
        self._runs: dict[str, Any] = {}
        self._items: dict[str, Any] = {}
        self._snapshots: dict[str, Any] = {}
        self._marked: str | None = None
        self._review_source: str | None = None
        self._findings_state: Any = None
        self._busy: str | None = None
        self.last_progress: tuple[int, int] | None = None
        if not self.console_app.has("sources"):
            return
        self.query_one("#job").display = False
        self._columns()
        self.action_refresh()
        self.set_interval(REFRESH_S, self._tick)

    def _columns(self) -> None:
        for name, (title, columns) in rows.COLUMNS.items():
            if self.query(f"#{name}"):
                self.query_one(f"#{name}-box").border_title = title
                self.query_one(f"#{name}", Table).add_columns(*columns)
        if self.query("#diff"):
            self.query_one("#diff-box").border_title = "Snapshot diff"
            self.query_one("#diff", Facts).show([("diff", "m marks a snapshot; f compares it with the highlighted "
                                                          "one (or the highlighted one with its parent)")])

    def _tick(self) -> None:
        if self.is_current:
            self._refresh_live()

    # ----- selection --------------------------------------------------------------------------
    def key_of(self, table_id: str) -> str | None:
        """The highlighted row's key, or None when the table is absent or empty."""
        found = self.query(f"#{table_id}")
        if not found:
            return None
        table = found.first(Table)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def picked(self, table_id: str, items: dict[str, Any], what: str) -> Any | None:
        item = items.get(self.key_of(table_id) or "")
        if item is None:
            self.notify(f"no {what} to act on", markup=False)
        return item

    @on(Table.RowHighlighted, "#sources")
    def _source_highlighted(self, event: Table.RowHighlighted) -> None:
        self._load_review(force=False)

    @on(Table.RowHighlighted, "#runs")
    def _run_highlighted(self, event: Table.RowHighlighted) -> None:
        self._load_findings()

    # ----- loading ----------------------------------------------------------------------------
    def action_refresh(self) -> None:
        self._refresh_live()
        if self.query("#snapshots"):
            from corpus.services import snapshots

            self.call("snapshots", snapshots.list_snapshots, self.box, self.principal)

    def _refresh_live(self) -> None:
        from corpus.services import runs, sources

        if self.query("#sources"):
            self.call("sources", sources.list_sources, self.box, self.principal)
            self.call("runs", runs.list_runs, self.box, self.principal, limit=30)

    def _load_findings(self) -> None:
        """Findings of the highlighted de-identification run (else the newest), when it changed."""
        if not self.query("#findings"):
            return
        run = self._runs.get(self.key_of("runs") or "")
        if run is None or run["kind"] != "deid":  # else the newest run that de-identified something
            run = next((r for r in self._runs.values()
                        if r["kind"] == "deid" and r["summary"].get("documents", 1)), None)
        state = None if run is None else (run["id"], run["status"], str(run.get("progress")))
        if state == self._findings_state and state is not None:
            return
        self._findings_state = state
        if run is None:
            self.show_findings(None)
            return
        from corpus.services import runs

        self.call("findings", runs.show_run, self.box, self.principal, run["id"])

    def _load_review(self, force: bool = True) -> None:
        """The open items of the highlighted source (only when it changed, unless forced)."""
        source = self.key_of("sources")
        if not self.query("#review") or source is None or (source == self._review_source and not force):
            return
        self._review_source = source
        from corpus.services import review, runs

        box, who = self.box, self.principal
        self.call("review", lambda: (source, review.list_items(box, who, source, "open", REVIEW_LIMIT),
                                     next(iter(runs.list_runs(box, who, source=source, kind="review", limit=1)), None)))

    # ----- results ----------------------------------------------------------------------------
    def _fill(self, table_id: str, items: dict[str, Any], render: Any, empty: tuple[str, ...]) -> None:
        table = self.query_one(f"#{table_id}", Table)
        keep = self.key_of(table_id)
        table.clear()
        for key, item in items.items():
            table.add_row(*render(item), key=key)
        if not items:
            table.add_row(*empty)
        elif keep in items:
            table.move_cursor(row=table.get_row_index(keep))

    def show_sources(self, views: list[Any]) -> None:
        self._sources = {v.name: v for v in views}
        self._fill("sources", self._sources, rows.source_row,
                   ("-", "-", "no sources yet (`corpusbox source add`)", "-", "-", "-", "-"))
        self._load_review(force=False)

    def show_runs(self, views: list[dict[str, Any]]) -> None:
        self._runs = {str(v["id"]): v for v in views}
        self._fill("runs", self._runs, rows.run_row, ("-", "-", "-", "none yet", "-", "i ingests a source", "-", "-"))
        self._load_findings()

    def show_findings(self, run: dict[str, Any] | None) -> None:
        box, table = self.query_one("#findings-box"), self.query_one("#findings", Table)
        table.clear()
        if run is None:
            box.border_title = "Findings by entity type"
            table.add_row("-", "no de-identification run yet", "-")
            return
        stats = run.get("stats") or {}
        found = stats.get("findings_by_type") or {}
        box.border_title = (f"Findings by entity type - run {run['id']} ({run['source']}, {run['status']}, "
                            f"{stats.get('documents', 0)} documents)")
        for r in rows.findings_rows(found):
            table.add_row(*r)
        if run["status"] == "running":
            table.add_row("-", "counting...", "-")
        elif stats.get("parts") == 0:
            table.add_row("-", f"nothing to do: {stats.get('parts_done_before', 0)} parts were done before", "-")
        elif not found:
            table.add_row("-", "none", "-")

    def show_review(self, result: tuple[str, list[dict[str, Any]], dict[str, Any] | None]) -> None:
        source, items, risk = result
        self._items = {str(i["id"]): i for i in items}
        shown = f"first {len(items)} open" if len(items) >= REVIEW_LIMIT else f"{len(items)} open"
        self.query_one("#review-box").border_title = f"Review queue - {source}: {shown}; {rows.risk_text(risk)}"
        self._fill("review", self._items, rows.review_row, ("-", "queue empty (u queues samples)", "-", "-", "-", "-"))

    def show_snapshots(self, views: list[dict[str, Any]]) -> None:
        self._snapshots = {v["name"]: v for v in views}
        self._fill("snapshots", self._snapshots, rows.snapshot_row,
                   ("-", "-", "-", "-", "-", "none yet (n cuts one)", "-", "-"))

    def show_diff(self, d: dict[str, Any]) -> None:
        self.query_one("#diff", Facts).show(rows.diff_lines(d))
        self.query_one("#diff-box").border_title = f"Snapshot diff {d['a']} -> {d['b']}"

    # ----- background runs with progress -----------------------------------------------------
    def start_job(self, label: str, fn: Any, *args: Any, **kwargs: Any) -> None:
        """Run a long service call in a worker; its progress callback drives the bar."""
        if self._busy:
            self.notify(f"{self._busy} is still running; wait for it", markup=False)
            return
        self._busy = label
        self.query_one("#job").display = True
        self.query_one("#job-label", Static).update(f"{label}: starting")
        self.query_one("#job-bar", ProgressBar).update(total=None, progress=0)
        self.call("job", fn, *args, **kwargs)

    def report(self, done: int, total: int, *_: Any) -> None:
        """Progress callback for the services (called from the worker thread)."""
        self.post_message(self.Progressed(done, total))

    def on_corpus_screen_progressed(self, message: CorpusScreen.Progressed) -> None:
        self.last_progress = (message.done, message.total)
        if self._busy:
            self.query_one("#job-label", Static).update(f"{self._busy}: {message.done}/{message.total}")
            self.query_one("#job-bar", ProgressBar).update(total=message.total or None, progress=message.done)

    def _job_over(self) -> None:
        self._busy = None
        self.query_one("#job").display = False
        self.action_refresh()

    def show_job(self, result: Any) -> None:
        self.notify(f"{self._busy}: {rows.describe(result)}", markup=False, timeout=10)
        self._job_over()

    def failed_job(self, error: Any) -> None:
        self.show_error(error)
        self._job_over()

    # ----- actions ----------------------------------------------------------------------------
    def action_ingest(self) -> None:
        from corpus.services import ingest

        source = self.picked("sources", self._sources, "source")
        if source is not None:
            self.start_job(f"ingest {source.name}", ingest.ingest, self.box, self.principal, source.name,
                           progress=self.report)

    def action_deid(self) -> None:
        source = self.picked("sources", self._sources, "source")
        if source is not None:
            self.start_job(f"de-identify {source.name}", run_deid, self.box, self.principal, source.name,
                           self.report)

    def action_snapshot(self) -> None:
        from corpus.services import snapshots

        def done(values: dict[str, Any] | None) -> None:
            if values is not None:
                self.start_job(f"snapshot {values['name']}", snapshots.create_snapshot, self.box, self.principal,
                               values["name"], values["sources"], values["parent"])

        ready = [v.name for v in self._sources.values() if v.documents]
        newest = next(iter(self._snapshots), None)
        name = datetime.now(UTC).strftime("corpus-%Y%m%d-%H%M")
        self.app.push_screen(SnapshotDialog(name, ready, newest), done)

    def action_queue(self) -> None:
        from corpus.services import review

        source = self.picked("sources", self._sources, "source")
        if source is not None:
            self.call("queued", review.build_queue, self.box, self.principal, source.name)

    def show_queued(self, added: dict[str, int]) -> None:
        self.notify(f"queued {added['sample']} sampled documents, {added['low_confidence']} low-confidence findings",
                    markup=False)
        self._load_review()

    def action_open_item(self) -> None:
        from corpus.services import review

        item = self.picked("review", self._items, "review item")
        if item is not None:
            reveal = self.console_app.may("deid.review")
            self.call("item", review.show_item, self.box, self.principal, item["id"], reveal=reveal)

    def show_item(self, item: dict[str, Any]) -> None:
        def done(verdict: str | None) -> None:
            if verdict:
                self._confirm_decision(item, verdict)

        self.app.push_screen(ReviewItemDialog(item, self.console_app.may("deid.review")), done)

    def action_decide(self, verdict: str) -> None:
        item = self.picked("review", self._items, "review item")
        if item is not None:
            if verdict == "false_positive" and not item.get("finding"):
                self.notify("a sampled document has no finding to reject; open it (o) and approve, or record "
                            "what was missed with `corpusbox deid review decide ID missed`", markup=False)
                return
            self._confirm_decision(item, verdict)

    def _confirm_decision(self, item: dict[str, Any], verdict: str) -> None:
        from corpus.services import review

        word, meaning = VERDICT_WORDS[verdict]
        self.confirm(f"{word} review item {item['id']} ({item['reason']})? {meaning.capitalize()}. "
                     "The decision is audited under your name.",
                     lambda: self.call("decided", review.decide, self.box, self.principal, item["id"], verdict),
                     word)

    def show_decided(self, result: dict[str, Any]) -> None:
        self.notify(f"item {result['id']} {result['status']} ({result['verdict']})", markup=False)
        self._load_review()

    def action_estimate(self) -> None:
        from corpus.services import review

        source = self.picked("sources", self._sources, "source")
        if source is not None:
            self.call("estimated", review.estimate, self.box, self.principal, source.name)

    def show_estimated(self, stats: dict[str, Any]) -> None:
        rate = stats["misses_per_1000"]
        self.notify(f"{stats['documents_reviewed']} documents reviewed, {stats['misses']} misses, "
                    f"{'-' if rate is None else rate} per 1,000", markup=False)
        self.action_refresh()
        self._load_review()

    def action_mark(self) -> None:
        snap = self.picked("snapshots", self._snapshots, "snapshot")
        if snap is not None:
            self._marked = snap["name"]
            self.notify(f"marked {snap['name']}; highlight another snapshot and press f", markup=False)

    def action_diff(self) -> None:
        from corpus.services import snapshots

        snap = self.picked("snapshots", self._snapshots, "snapshot")
        if snap is None:
            return
        names = list(self._snapshots)  # newest first
        at = names.index(snap["name"])
        neighbours = names[at + 1:at + 2] + names[max(at - 1, 0):at]
        other = self._marked if self._marked in names and self._marked != snap["name"] else (
            snap.get("parent") if snap.get("parent") in names else next(iter(neighbours), None))
        if other is None:
            self.notify("nothing to compare with: cut or mark another snapshot (m) first", markup=False)
            return
        a, b = (other, snap["name"]) if names.index(other) > at else (snap["name"], other)
        self.call("diff", snapshots.diff_snapshots, self.box, self.principal, a, b)
