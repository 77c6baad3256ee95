"""Audit shipping to a SIEM file: every event once, resumable, and as a supervised service."""

from __future__ import annotations

import json
import time
from pathlib import Path

from appliance.audit.log import Actor
from appliance.audit.service import auditship_service_spec
from appliance.audit.shipper import ship_once, shipped_seq
from appliance.box import Box
from appliance.supervisor.supervisor import Supervisor


def test_when_shipped_twice_then_each_event_appears_once(box: Box, tmp_path: Path) -> None:
    out = tmp_path / "siem" / "audit.jsonl"
    for i in range(3):
        box.audit.record(Actor("alice", "data_officer"), "source.add", f"source:{i}")
    first = ship_once(box.audit, out)
    box.audit.record(Actor("alice", "data_officer"), "source.add", "source:late")
    second = ship_once(box.audit, out)
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert first >= 4 and second == 1
    assert [e["seq"] for e in lines] == sorted({e["seq"] for e in lines})
    assert lines[-1]["target"] == "source:late" and shipped_seq(out) == lines[-1]["seq"]
    assert set(lines[0]) >= {"seq", "ts", "actor", "role", "action", "target", "outcome", "details", "hash"}


def test_when_run_as_a_service_then_new_events_reach_the_file(box: Box, tmp_path: Path) -> None:
    out = tmp_path / "audit.jsonl"
    box.settings.audit.ship_to = out
    sup = Supervisor(box.home, [auditship_service_spec(box.settings)], start_timeout=30, stop_timeout=5)
    sup.up()
    try:
        box.audit.record(Actor("bob", "admin"), "user.create", "user:shipped")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and "user:shipped" not in (out.read_text() if out.exists() else ""):
            time.sleep(0.5)
        assert "user:shipped" in out.read_text()
    finally:
        sup.down()


def test_when_service_spec_built_then_child_is_pinned_to_this_box(box: Box, tmp_path: Path) -> None:
    """The child must not fall back to the default data root (and a session there) of the supervisor's user."""
    box.settings.audit.ship_to = tmp_path / "audit.jsonl"
    spec = auditship_service_spec(box.settings)
    assert spec.env["CORPUSBOX_HOME"] == str(box.home) and spec.env["CORPUSBOX_TOKEN"] == ""
