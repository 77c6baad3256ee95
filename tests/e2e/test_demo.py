"""The README's main job, `corpusbox demo`, run for real as a user would (own process, embedded services)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.harness.ports import free_port, free_port_block


def _run(args: list[str], env: dict[str, str], timeout: int = 900) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "appliance.cli.main", *args]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)


def test_when_demo_runs_on_a_fresh_box_then_every_stage_succeeds_and_audit_verifies(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "CORPUSBOX_HOME": str(tmp_path / "box"),
        "CORPUSBOX_CONFIG": "",
        "CORPUSBOX_TOKEN": "",
        "CORPUSBOX_STORAGE__S3_PORT": str(free_port()),
        "CORPUSBOX_STORAGE__INTERNAL_PORT_BASE": str(free_port_block()),
        "CORPUSBOX_HARDWARE__METRICS_PORT": str(free_port()),
    }
    try:
        result = _run(["demo", "--json"], env)
        assert result.returncode == 0, result.stderr[-3000:]
        report = json.loads(result.stdout)
        stages = {s["name"]: s for s in report["stages"]}
        assert {"services", "storage", "users", "audit"} <= set(stages)
        assert all(s["ok"] for s in stages.values())
        assert stages["audit"]["summary"]["ok"] and stages["audit"]["summary"]["heads"] >= 2
        assert stages["storage"]["summary"]["quarantine_link_refused"]
        # The operator is left signed in and the services running: the next steps work.
        status = json.loads(_run(["status", "--json"], env).stdout)
        assert {s["name"]: s["state"] for s in status["services"]}["objectstore"] == "running"
        verify = _run(["audit", "verify"], env)
        assert verify.returncode == 0 and "audit chain OK" in verify.stdout
        # A second demo on the same box reuses it rather than failing.
        again = _run(["demo", "--json"], env)
        assert again.returncode == 0, again.stderr[-2000:]
    finally:
        _run(["down"], env, timeout=120)
