"""Telemetry: sampler over a fake NVML, bounded SQLite retention, Prometheus text, HTTP exporter."""

from __future__ import annotations

import subprocess
import time

import httpx
from prometheus_client.parser import text_string_to_metric_families

from appliance.config import Settings
from appliance.hardware.service import telemetry_service_spec
from appliance.hardware.telemetry.exporter import Exporter, render_metrics
from appliance.hardware.telemetry.models import TelemetrySample
from appliance.hardware.telemetry.sampler import Sampler
from appliance.hardware.telemetry.store import TelemetryStore, recent_samples, telemetry_db_path


def test_when_nvml_present_then_sample_has_one_entry_per_gpu(tmp_path, make_nvml, h100x8):
    h100x8[3].temperature, h100x8[3].util = 71, 98
    with Sampler(tmp_path, nvml_module=make_nvml(h100x8[:4])) as sampler:
        first, second = sampler.sample(), sampler.sample()
    assert [g.index for g in first.gpus] == [0, 1, 2, 3] and first.nvml_error is None
    gpu3 = first.gpus[3]
    assert (gpu3.temperature_c, gpu3.utilization_pct, gpu3.power_w) == (71, 98, 72.0)
    assert first.net_rx_bps is None and second.net_rx_bps is not None
    assert first.memory_total_bytes > 0 and first.disk_total_bytes > 0


def test_when_no_driver_then_sample_has_host_metrics_and_the_reason(tmp_path, make_nvml):
    sample = Sampler(tmp_path, nvml_module=make_nvml([], init_error=12)).sample()
    assert sample.gpus == [] and "no NVIDIA driver" in sample.nvml_error
    assert sample.memory_used_bytes > 0


def test_when_more_than_retention_appended_then_only_newest_are_kept(tmp_path):
    store = TelemetryStore(tmp_path / "t.sqlite3", retention=10)
    for i in range(25):
        store.append(TelemetrySample(ts=float(i)))
    assert store.count() == 10
    assert [s.ts for s in store.recent(3)] == [22.0, 23.0, 24.0]


def test_when_no_store_yet_then_recent_samples_is_empty(tmp_path):
    assert recent_samples(tmp_path) == []


def test_when_rendering_then_prometheus_parses_gpu_and_host_metrics(tmp_path, make_nvml, h100x8):
    sample = Sampler(tmp_path, nvml_module=make_nvml(h100x8[:2])).sample()
    families = {f.name: f for f in text_string_to_metric_families(render_metrics(sample).decode())}
    temps = {s.labels["gpu"]: s.value for s in families["corpusbox_gpu_temperature_celsius"].samples}
    assert temps == {"0": 34.0, "1": 34.0}
    assert families["corpusbox_gpu_count"].samples[0].value == 2
    assert families["corpusbox_memory_total_bytes"].samples[0].value == sample.memory_total_bytes
    assert families["corpusbox_network_received_bytes"].type == "counter"


def test_when_exporter_runs_then_metrics_and_history_are_served(tmp_path, make_nvml, h100x8):
    sampler = Sampler(tmp_path, nvml_module=make_nvml(h100x8[:1]))
    exporter = Exporter(tmp_path, port=0, interval_s=0.05, retention=3, sampler=sampler)
    exporter.start()
    try:
        time.sleep(0.4)
        body = httpx.get(f"http://127.0.0.1:{exporter.port}/metrics").text
        health = httpx.get(f"http://127.0.0.1:{exporter.port}/healthz")
    finally:
        exporter.stop()
    assert 'corpusbox_gpu_power_watts{gpu="0",uuid="GPU-fake-0"} 72.0' in body
    assert health.status_code == 200
    assert len(recent_samples(tmp_path, 100)) == 3


def test_when_supervisor_starts_the_service_spec_then_healthz_answers(tmp_path):
    settings = Settings(home=tmp_path)
    settings.hardware.metrics_port = _free_port()
    spec = telemetry_service_spec(settings)
    assert spec.name == "telemetry" and spec.port == settings.hardware.metrics_port
    proc = subprocess.Popen(spec.argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert _wait_ok(spec.health_url, timeout_s=20)
        metrics = httpx.get(spec.health_url.replace("healthz", "metrics")).text
        assert "corpusbox_cpu_utilization_ratio" in metrics
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert telemetry_db_path(tmp_path).exists()


def _free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ok(url: str, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return True
        except httpx.HTTPError:
            time.sleep(0.1)
    return False

