"""`doctor --deep`: DCGM's quick diagnostic (`dcgmi diag -r 1`) when DCGM is installed."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from typing import Any

from appliance.hardware.checks import CheckRow, row

DIAG_ARGV = ["dcgmi", "diag", "-r", "1", "-j"]
Runner = Callable[..., subprocess.CompletedProcess]


def _failures(node: Any, path: str = "") -> list[str]:
    """Names of tests whose result status is Fail anywhere in dcgmi's JSON."""
    found: list[str] = []
    if isinstance(node, dict):
        name = str(node.get("name") or node.get("test_name") or path)
        status = str(node.get("status", "")).lower()
        if status == "fail":
            found.append(name)
        for value in node.values():
            found.extend(_failures(value, name))
    elif isinstance(node, list):
        for item in node:
            found.extend(_failures(item, path))
    return sorted(set(found))


def run_dcgm_diag(runner: Runner = subprocess.run, which: Callable[[str], str | None] = shutil.which,
                  timeout_s: float = 600) -> CheckRow:
    """Run level-1 DCGM diagnostics; skip when dcgmi is missing."""
    if which("dcgmi") is None:
        return row("dcgm.diag", "skip", "dcgmi not installed", "diag -r 1 passes",
                   "Install DCGM (datacenter-gpu-manager) and start nvidia-dcgm to enable --deep.")
    advice = ("Read the failing test's output (`dcgmi diag -r 1`), then `journalctl -u nvidia-dcgm`; "
              "repeat at level 3 (`dcgmi diag -r 3`) before opening an RMA.")
    try:
        done = runner(DIAG_ARGV, capture_output=True, text=True, timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired:
        return row("dcgm.diag", "fail", f"timed out after {timeout_s:.0f} s", "diag -r 1 passes", advice)
    try:
        failures = _failures(json.loads(done.stdout or "{}"))
    except json.JSONDecodeError:
        failures = ["unparsable output"] if done.returncode else []
    if done.returncode != 0 or failures:
        stderr = (done.stderr or "").strip()[:200]
        observed = ", ".join(failures) or f"exit status {done.returncode}: {stderr}"
        return row("dcgm.diag", "fail", observed, "diag -r 1 passes", advice)
    return row("dcgm.diag", "pass", "all level-1 tests passed", "diag -r 1 passes")
