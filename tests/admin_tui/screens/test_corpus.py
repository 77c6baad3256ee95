"""Corpus screen against a real box: ingest and de-identify with progress, findings, review, snapshots and diffs."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from admin_tui.app import ConsoleApp
from admin_tui.screens.confirm import ConfirmDialog
from admin_tui.screens.corpus_dialogs import ReviewItemDialog, SnapshotDialog
from appliance.box import Box
from appliance.services import audit
from appliance.services.auth import Principal
from tests.admin_tui.conftest import PASSWORD, session_for, settle

pytest.importorskip("corpus.services.snapshots")
pytestmark = pytest.mark.anyio
MODE = "corpus"
SIZE = (140, 60)


@pytest.fixture
def officer(staffed: Box) -> Principal:
    return session_for(staffed, "olga", PASSWORD)


@pytest.fixture
def notes(staffed: Box, officer: Principal, tmp_path: Path) -> str:
    """A registered (not yet ingested) source of a few synthetic notes."""
    from corpus.sample import write_notes
    from corpus.services import sources

    write_notes(tmp_path / "notes", random.Random(4), count=4)
    sources.add_source(staffed, officer, "notes", str(tmp_path / "notes"))
    return "notes"


@pytest.fixture
def deidentified(staffed: Box, officer: Principal, notes: str) -> str:
    """The source ingested, de-identified and queued for review (every document, every finding)."""
    from corpus.services import deid, ingest, review

    ingest.ingest(staffed, officer, notes)
    deid.run_deid(staffed, officer, notes, executor="local")
    review.build_queue(staffed, officer, notes, sample_rate=1.0, low_confidence=1.01, max_items=50)
    return notes


def rows(app: ConsoleApp, table: str) -> list[list[str]]:
    t = app.screen.query_one(f"#{table}", DataTable)
    return [[str(c) for c in t.get_row_at(i)] for i in range(t.row_count)]


async def test_when_officer_ingests_and_deidentifies_then_runs_progress_and_findings_shown(
        staffed: Box, officer: Principal, notes: str) -> None:
    app = ConsoleApp(staffed, principal=officer, start=MODE)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert rows(app, "sources")[0][:2] == ["notes", "notes"]
        await pilot.press("i")
        assert app.screen.query_one("#job").display  # the progress line shows while the worker runs
        await settle(pilot)
        assert not app.screen.query_one("#job").display
        assert app.screen.last_progress == (3, 3)  # the service's progress callback reached the bar
        assert rows(app, "sources")[0][4:] == ["3", "0", "8"]  # 3 files, none failed, 8 documents
        await pilot.press("d")
        await settle(pilot)
        assert app.screen.last_progress == (3, 3)  # three parts de-identified
        runs = rows(app, "runs")
        assert [r[1:4] for r in runs] == [["deid", "notes", "completed"], ["ingest", "notes", "completed"]]
        assert runs[0][4] == "8 documents"
        findings = {r[0]: int(r[1]) for r in rows(app, "findings")}
        assert findings["PERSON"] > 0 and findings["PHONE"] > 0
        assert "run 2" in str(app.screen.query_one("#findings-box").border_title)
        text = "\n".join(str(c) for r in rows(app, "findings") for c in r)
        assert "Whitcombe" not in text and "617-555" not in text  # counts, never PHI
    actions = {e.action for e in audit.list_events(staffed, officer, limit=200)}
    assert {"ingest.run", "deid.run"} <= actions


async def test_when_officer_opens_approves_and_rejects_items_then_decided_and_audited(
        staffed: Box, officer: Principal, deidentified: str) -> None:
    app = ConsoleApp(staffed, principal=officer, start=MODE)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = rows(app, "review")
        assert before[0][1] == "sample" and any(r[1] == "low_confidence" for r in before)
        assert "residual risk not estimated" in str(app.screen.query_one("#review-box").border_title)
        app.screen.query_one("#review", DataTable).focus()
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, ReviewItemDialog)
        assert "original_text" in app.screen.item  # data officers see the original beside the replacement
        await pilot.press("a")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        first_finding = next(i for i, r in enumerate(rows(app, "review")) if r[1] == "low_confidence")
        rejected = rows(app, "review")[first_finding][0]
        app.screen.query_one("#review", DataTable).move_cursor(row=first_finding)
        await pilot.press("x")
        await pilot.press("y")
        await settle(pilot)
        left = {r[0] for r in rows(app, "review")}
        assert before[0][0] not in left and rejected not in left  # decided items leave the open queue
        await pilot.press("e")
        await settle(pilot)
        assert "residual risk 0.0 misses per 1,000 (1 reviewed" in str(app.screen.query_one("#review-box").border_title)
    decided = audit.list_events(staffed, officer, action="deid.review.decide")
    assert sorted(e.details["verdict"] for e in decided) == ["false_positive", "ok"]
    assert audit.list_events(staffed, officer, action="deid.review.view")


async def test_when_officer_cuts_snapshots_then_listed_diffed_and_names_kept_unique(
        staffed: Box, officer: Principal, deidentified: str) -> None:
    app = ConsoleApp(staffed, principal=officer, start=MODE)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for name in ("first", "second"):
            await pilot.press("n")
            assert isinstance(app.screen, SnapshotDialog)
            app.screen.query_one("#name").value = name
            await pilot.click("#ok")
            await settle(pilot)
        snaps = rows(app, "snapshots")
        assert [r[0] for r in snaps] == ["second", "first"]
        assert snaps[0][1] == "8" and snaps[0][6] == "first"  # the newest became the parent by default
        assert sum(int(c) for c in snaps[0][2:5]) == 8
        await pilot.press("f")  # the highlighted snapshot against its neighbour
        await settle(pilot)
        diff = str(app.screen.query_one("#diff", Static).render())
        assert "first -> second" in diff and "+0 added, -0 removed, 8 kept" in diff
        await pilot.press("n")
        app.screen.query_one("#name").value = "first"
        await pilot.click("#ok")
        await settle(pilot)
        assert not app.screen.query_one("#job").display
        assert any("exists" in str(n.message) for n in app._notifications)  # the service's refusal, shown
        assert len(rows(app, "snapshots")) == 2
    assert len(audit.list_events(staffed, officer, action="snapshot.create")) == 2


async def test_when_auditor_opens_corpus_then_reads_only_and_is_told_why(staffed: Box, deidentified: str) -> None:
    auditor = session_for(staffed, "aud", PASSWORD)
    app = ConsoleApp(staffed, principal=auditor, start=MODE)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = {b.binding.action for b in app.screen.active_bindings.values()}
        assert shown.isdisjoint({"ingest", "deid", "snapshot", "queue", "decide('ok')", "estimate"})
        reasons = str(app.screen.query_one("#reasons", Static).render())
        assert "needs deid.run" in reasons and "needs snapshot.create" in reasons and "read-only" in reasons
        assert rows(app, "review")  # auditors see the queue (no text)
        app.screen.query_one("#review", DataTable).focus()
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, ReviewItemDialog)
        assert "original_text" not in app.screen.item and "original_span" not in app.screen.item
        await pilot.press("a")  # no decisions without deid.review
        assert isinstance(app.screen, ReviewItemDialog)
    assert not audit.list_events(staffed, auditor, action="deid.review.view")
