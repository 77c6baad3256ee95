"""Overview against a real box: storage per bucket, database and audit, telemetry (no GPU here), stop services."""

from __future__ import annotations

import time

import pytest
from textual.widgets import DataTable, Sparkline, Static

from admin_tui.app import ConsoleApp
from admin_tui.screens.confirm import ConfirmDialog
from admin_tui.widgets.facts import Facts
from admin_tui.widgets.gpus import GpuPanel
from appliance.box import Box
from appliance.hardware.telemetry.models import GpuSample, TelemetrySample
from appliance.hardware.telemetry.store import TelemetryStore, telemetry_db_path
from appliance.services import audit
from appliance.services.auth import Principal
from tests.admin_tui.conftest import PASSWORD, session_for, settle

pytestmark = pytest.mark.anyio
GIB = 1024**3


def _text(widget: Static) -> str:
    return str(widget.render())


async def test_when_opened_then_buckets_database_and_audit_shown(box: Box, admin: Principal) -> None:
    app = ConsoleApp(box, principal=admin)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        storage = app.screen.query_one("#storage-table", DataTable)
        buckets = {storage.get_row_at(i)[0] for i in range(storage.row_count)}
        assert buckets == {"quarantine", "curated", "snapshots", "models", "audit"}
        facts = _text(app.screen.query_one("#db-facts", Facts))
        assert "sqlite" in facts and "reachable" in facts and "events" in facts
        assert "no telemetry yet" in _text(app.screen.query_one("#gpu-panel", GpuPanel).query_one(Static))


async def test_when_telemetry_has_no_gpu_then_says_so(box: Box, admin: Principal) -> None:
    from appliance.hardware import api

    api.take_sample(box.settings, warmup_s=0.05)  # this machine, for real
    app = ConsoleApp(box, principal=admin)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        panel = app.screen.query_one("#gpu-panel", GpuPanel)
        shown = " ".join(_text(s) for s in panel.query(Static))
        assert "CPU" in shown and ("no GPU" in shown or "GPU0" in shown)
        assert "free on the data root" in _text(app.screen.query_one("#free", Static))


async def test_when_gpus_reported_then_one_sparkline_per_gpu(box: Box, admin: Principal) -> None:
    store = TelemetryStore(telemetry_db_path(box.home))
    for i in range(5):  # NVML cannot exist here: GPU readings are the only fake
        gpus = [GpuSample(index=g, name="H100", utilization_pct=20 * i + g, memory_used_bytes=10 * GIB,
                          memory_total_bytes=80 * GIB, temperature_c=60, power_w=300.0, ecc_volatile_uncorrected=0)
                for g in range(2)]
        store.append(TelemetrySample(ts=time.time() + i, cpu_percent=10.0 * i, gpus=gpus))
    app = ConsoleApp(box, principal=admin)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        panel = app.screen.query_one("#gpu-panel", GpuPanel)
        lines = [_text(s) for s in panel.query(".reading")]
        assert any(line.startswith("GPU1 util 81%") and "60C" in line and "ECC 0" in line for line in lines)
        sparks = list(panel.query(Sparkline))
        assert len(sparks) == 3 and list(sparks[2].data) == [1.0, 21.0, 41.0, 61.0, 81.0]


async def test_when_admin_stops_services_then_asked_first_and_action_audited(box: Box, admin: Principal) -> None:
    app = ConsoleApp(box, principal=admin)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
    assert audit.list_events(box, admin, action="service.down")


async def test_when_ml_engineer_opens_overview_then_cannot_stop_services(staffed: Box) -> None:
    app = ConsoleApp(staffed, principal=session_for(staffed, "emil", PASSWORD))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        assert not isinstance(app.screen, ConfirmDialog)
        assert "Stop services" not in {b.binding.description for b in app.screen.active_bindings.values()}
