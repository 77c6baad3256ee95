"""`doctor --deep`: dcgmi diag parsing with a fake runner (DCGM cannot run here)."""

from __future__ import annotations

import json
import subprocess

from appliance.hardware.dcgm import DIAG_ARGV, run_dcgm_diag


def _runner(stdout: str, rc: int = 0):
    calls = []

    def run(argv, **kwargs):
        calls.append(argv)
        return subprocess.CompletedProcess(argv, rc, stdout=stdout, stderr="")
    run.calls = calls  # type: ignore[attr-defined]
    return run


def _diag(status: str) -> str:
    return json.dumps({"DCGM GPU Diagnostic": {"test_categories": [{"category": "Hardware", "tests": [
        {"name": "GPU Memory", "results": [{"gpu_id": "0", "status": status}]}]}]}})


def test_when_dcgmi_missing_then_row_is_skipped_with_install_advice():
    result = run_dcgm_diag(which=lambda name: None)
    assert result.status == "skip" and "datacenter-gpu-manager" in result.advice


def test_when_all_tests_pass_then_row_passes():
    run = _runner(_diag("Pass"))
    result = run_dcgm_diag(runner=run, which=lambda name: "/usr/bin/dcgmi")
    assert result.status == "pass" and run.calls == [DIAG_ARGV]


def test_when_a_test_fails_then_row_fails_naming_it():
    result = run_dcgm_diag(runner=_runner(_diag("Fail"), rc=226), which=lambda name: "/usr/bin/dcgmi")
    assert result.status == "fail" and result.observed == "GPU Memory"
