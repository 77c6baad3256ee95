"""The telemetry exporter as a supervised service (`corpusbox up` starts it)."""

from __future__ import annotations

import sys

from appliance.config import Settings
from appliance.supervisor.spec import ServiceSpec

TELEMETRY_SERVICE = "telemetry"


def telemetry_service_spec(settings: Settings, host: str = "127.0.0.1") -> ServiceSpec:
    """Run the exporter module with this box's data root, port, interval and retention."""
    hw = settings.hardware
    argv = [sys.executable, "-m", "appliance.hardware.telemetry.exporter",
            "--home", str(settings.home), "--port", str(hw.metrics_port), "--host", host,
            "--interval", str(hw.telemetry_interval_s), "--retention", str(hw.telemetry_retention_samples)]
    return ServiceSpec(name=TELEMETRY_SERVICE, argv=argv, port=hw.metrics_port, host=host,
                       health_url=f"http://{host}:{hw.metrics_port}/healthz",
                       description="GPU/host telemetry sampler and Prometheus /metrics endpoint")
