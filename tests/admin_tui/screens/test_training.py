"""Training screen against a real box: jobs with curves, cancel, validation messages, promote and roll back."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Sparkline, Static, TextArea

from admin_tui.app import ConsoleApp
from admin_tui.screens.confirm import ConfirmDialog
from admin_tui.screens.training_dialogs import SubmitDialog
from admin_tui.widgets.curves import Curves
from appliance.box import Box
from appliance.services import audit
from appliance.services.auth import Principal
from tests.admin_tui.conftest import PASSWORD, session_for, settle

pytest.importorskip("training.services.jobs")
pytestmark = pytest.mark.anyio
MODE = "training"


@pytest.fixture(scope="module")
def tiny_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.training.tiny import make_tiny_model

    return make_tiny_model(tmp_path_factory.mktemp("tiny") / "tiny-llama")


@pytest.fixture
def queued_job(box: Box, admin: Principal, tiny_dir: Path, tmp_path: Path) -> int:
    """A job recorded (not run) with a few steps of metrics, as the runner logs them."""
    from tests.training.conftest import job_yaml
    from training.importers import import_hf_dir
    from training.runner import log_metrics
    from training.services import jobs
    from training.synthetic import make_documents, write_jsonl

    import_hf_dir(box, admin, tiny_dir, "tiny-base")
    data = write_jsonl(tmp_path / "notes.jsonl", make_documents(40, seed=0, style="a"))
    view = jobs.submit(box, admin, text=job_yaml(data), run="none")
    for step, loss in enumerate([3.0, 2.5, 2.1, 1.8], start=1):
        log_metrics(box, view.id, step, {"loss": loss, **({"eval_loss": loss + 0.2} if step % 2 == 0 else {})})
    return view.id


async def test_when_job_highlighted_then_loss_and_eval_curves_shown(box: Box, admin: Principal,
                                                                    queued_job: int) -> None:
    app = ConsoleApp(box, principal=admin, start=MODE)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        jobs = app.screen.query_one("#jobs", DataTable)
        assert jobs.get_row(str(queued_job))[2] == "queued"
        curves = app.screen.query_one("#curves", Curves)
        lines = [str(s.render()) for s in curves.query(".reading")]
        assert lines[0].startswith("loss      3 -> 1.8") and lines[1].startswith("eval_loss 2.7 -> 2")
        assert list(curves.query(Sparkline).first().data) == [3.0, 2.5, 2.1, 1.8]
        models = app.screen.query_one("#models", DataTable)
        assert models.get_row("tiny-base:1")[1] == "base"


async def test_when_cancelling_job_then_confirmed_and_cancelled(box: Box, admin: Principal, queued_job: int) -> None:
    from training.services import jobs

    app = ConsoleApp(box, principal=admin, start=MODE)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen.query_one("#jobs", DataTable).get_row(str(queued_job))[2] == "cancelled"
    assert jobs.get_job(box, admin, queued_job).status == "cancelled"


async def test_when_job_file_invalid_then_dialog_reopens_with_the_message(box: Box, admin: Principal) -> None:
    app = ConsoleApp(box, principal=admin, start=MODE)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        assert isinstance(app.screen, SubmitDialog)
        app.screen.query_one("#yaml", TextArea).text = "name: x\nbase_modle: tiny\n"
        await pilot.click("#ok")
        await settle(pilot)
        assert isinstance(app.screen, SubmitDialog)
        assert "base_modle" in str(app.screen.query_one("#form-error", Static).render())
        assert "base_modle" in app.screen.query_one("#yaml", TextArea).text  # the operator's text is kept


async def test_when_promoting_and_rolling_back_then_gate_decides_and_both_audited(
        box: Box, admin: Principal, queued_job: int) -> None:
    app = ConsoleApp(box, principal=admin, start=MODE)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one("#models", DataTable).focus()
        await pilot.press("p")
        await pilot.press("y")
        await settle(pilot)
        row = app.screen.query_one("#models", DataTable).get_row("tiny-base:1")
        assert row[2] == "serving" and row[6] == "promoted"
        await pilot.press("b")
        await pilot.press("y")
        await settle(pilot)
        assert app.screen.query_one("#models", DataTable).get_row("tiny-base:1")[2] == "rolled_back"
    assert audit.list_events(box, admin, action="model.rollback")


async def test_when_data_officer_opens_training_then_reads_only(staffed: Box) -> None:
    app = ConsoleApp(staffed, principal=session_for(staffed, "olga", PASSWORD), start=MODE)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.current_mode == MODE
        shown = {b.binding.action for b in app.screen.active_bindings.values()}
        assert shown.isdisjoint({"submit", "cancel_job", "resume", "promote", "rollback"})
