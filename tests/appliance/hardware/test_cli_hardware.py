"""`corpusbox doctor`, `profile` and `telemetry` through Typer's runner, on this (GPU-less) machine."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from appliance.cli.main import app


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """Invoke the CLI with a fresh data root and no config file or session."""
    monkeypatch.setenv("CORPUSBOX_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CORPUSBOX_CONFIG", raising=False)
    monkeypatch.delenv("CORPUSBOX_TOKEN", raising=False)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args), catch_exceptions=False)


def test_when_doctor_cpu_dev_json_then_it_passes_with_valid_json(cli):
    result = cli("doctor", "--profile", "cpu-dev", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["profile"] == "cpu-dev" and report["status"] in ("pass", "warn")
    assert {r["name"] for r in report["rows"]} >= {"gpu.driver", "gpu.count", "cpu", "memory", "os.kernel"}
    assert not [r for r in report["rows"] if r["status"] == "fail"]


def test_when_doctor_cpu_dev_table_then_driver_state_is_said_plainly(cli):
    result = cli("doctor", "--profile", "cpu-dev")
    assert result.exit_code == 0, result.output
    assert "gpu.driver" in result.stdout and "profile: cpu-dev" in result.stdout


def test_when_doctor_fails_then_exit_status_is_nonzero_with_advice(cli):
    result = cli("doctor", "--profile", "dgx-h100-8x")  # this machine is not a flagship box
    assert result.exit_code == 1
    assert "FAIL" in result.stdout and "cpu:" in result.stdout


def test_when_doctor_profile_unknown_then_error_lists_profiles(cli):
    result = cli("doctor", "--profile", "nope")
    assert result.exit_code == 2 and "cpu-dev" in result.output


def test_when_profile_list_json_then_all_profiles_are_listed(cli):
    names = {p["name"] for p in json.loads(cli("profile", "list", "--json").stdout)}
    assert {"dgx-h100-8x", "hgx-h100-4x", "l40s-2x-edge", "cpu-dev"} <= names


def test_when_profile_show_json_then_the_model_is_dumped(cli):
    shown = json.loads(cli("profile", "show", "dgx-h100-8x", "--json").stdout)
    assert shown["gpu"]["count"] == 8 and shown["infiniband"]["rate_gbps"] == 400
    assert "driver_min" in cli("profile", "show", "dgx-h100-8x").stdout


def test_when_profile_detect_json_then_cpu_dev_is_best_here(cli):
    report = json.loads(cli("profile", "detect", "--json").stdout)
    if report["facts"]["nvml"]["available"]:
        pytest.skip("this machine has an NVIDIA driver")
    assert report["best"] == "cpu-dev" and len(report["ranking"]) >= 4


def test_when_profile_launch_json_on_cpu_dev_then_backend_is_gloo(cli):
    launch = json.loads(cli("profile", "launch", "--profile", "cpu-dev", "--json").stdout)
    assert launch["backend"] == "gloo" and launch["ray"]["num_cpus"] >= 1


def test_when_telemetry_sampled_then_show_returns_it(cli):
    taken = json.loads(cli("telemetry", "sample", "--json").stdout)
    assert taken["memory_total_bytes"] > 0
    shown = json.loads(cli("telemetry", "show", "--json").stdout)
    assert [s["ts"] for s in shown] == [taken["ts"]]
    assert "cpu" in cli("telemetry", "show").stdout
