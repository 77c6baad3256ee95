"""Telemetry: a sampler, bounded on-disk retention, and Prometheus exposition.

The console reads samples through `recent_samples()`; the exporter process serves `/metrics`.
"""

from appliance.hardware.telemetry.models import GpuSample, TelemetrySample
from appliance.hardware.telemetry.store import TelemetryStore, recent_samples, telemetry_db_path

__all__ = ["GpuSample", "TelemetrySample", "TelemetryStore", "recent_samples", "telemetry_db_path"]
