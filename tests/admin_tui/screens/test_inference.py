"""Inference screen against a real box: deployments, A/B weights, promote and roll back a candidate."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from admin_tui.app import ConsoleApp
from admin_tui.screens.confirm import ConfirmDialog
from admin_tui.screens.inference import WeightDialog
from admin_tui.widgets.facts import Facts
from appliance.box import Box
from appliance.services import audit
from appliance.services.auth import Principal
from tests.admin_tui.conftest import PASSWORD, session_for, settle

pytest.importorskip("inference.services.deployments")
pytestmark = pytest.mark.anyio
MODE = "inference"


@pytest.fixture
def deployed(box: Box, admin: Principal, tmp_path: Path) -> str:
    """Two registered versions of a (tiny, fake-weight) model and a deployment serving the first."""
    from inference.services import deployments
    from training import registry

    for version in (1, 2):
        folder = tmp_path / f"m{version}"
        folder.mkdir()
        (folder / "config.json").write_text('{"model_type": "llama"}')
        registry.register(box, admin, name="triage", kind="base", local_dir=folder)
    deployments.create_deployment(box, admin, "triage", "triage:1")
    return "triage"


async def test_when_candidate_weighted_promoted_and_rolled_back_then_deployment_follows(
        box: Box, admin: Principal, deployed: str) -> None:
    app = ConsoleApp(box, principal=admin, start=MODE)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#deployments", DataTable)
        assert table.get_row(deployed)[3] == "triage:1"
        await pilot.press("w")
        assert isinstance(app.screen, WeightDialog)
        app.screen.query_one("#candidate", Input).value = "triage:2"
        app.screen.query_one("#weight", Input).value = "0.25"
        await pilot.click("#ok")
        await settle(pilot)
        assert table.get_row(deployed)[4:6] == ["triage:2", "25%"]
        await pilot.press("p")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert table.get_row(deployed)[3] == "triage:2"
        await pilot.press("b", "y")
        await settle(pilot)
        assert table.get_row(deployed)[3] == "triage:1"
        await pilot.press("1")
        await settle(pilot)
        assert "triage:1 [active]" in str(app.screen.query_one("#serving-facts", Facts).render())
    actions = {e.action for e in audit.list_events(box, admin, action="serve.deployment.*")}
    assert {"serve.deployment.weights", "serve.deployment.promote", "serve.deployment.rollback"} <= actions


async def test_when_auditor_opens_inference_then_cannot_change_weights(staffed: Box) -> None:
    app = ConsoleApp(staffed, principal=session_for(staffed, "aud", PASSWORD), start=MODE)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        assert not isinstance(app.screen, WeightDialog)


async def test_when_terminals_called_the_api_then_requests_tokens_and_refusals_shown_per_terminal(
        box: Box, admin: Principal) -> None:
    pytest.importorskip("inference.services.stats", reason="the serving stats service is not installed yet")
    from inference.requestlog import RequestLog, RequestRecord

    log = RequestLog(box.home / "logs" / "inference-requests.jsonl")  # the server's default place
    chat = "/v1/chat/completions"
    log.write(RequestRecord("r1", chat, user="triage-kiosk", model="triage", prompt_tokens=12, completion_tokens=30,
                            latency_ms=80.0))
    log.write(RequestRecord("r2", chat, user="triage-kiosk", model="triage", status=429, error_code="rate_limited"))
    log.write(RequestRecord("r3", chat, user="emr-plugin", model="triage", prompt_tokens=5, completion_tokens=7,
                            latency_ms=40.0))
    app = ConsoleApp(box, principal=admin, start=MODE)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#usage", DataTable)
        rows = {str(r[0]): [str(c) for c in r] for r in (table.get_row_at(i) for i in range(table.row_count))}
    assert rows["triage-kiosk"][1:6] == ["2", "1", "0", "12", "30"]
    assert rows["emr-plugin"][1:6] == ["1", "0", "0", "5", "7"]
