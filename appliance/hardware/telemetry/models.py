"""One telemetry sample: host counters always, one entry per GPU when NVML is available."""

from __future__ import annotations

from pydantic import BaseModel, Field


class GpuSample(BaseModel):
    """One GPU at one instant."""

    index: int = Field(0, description="NVML device index.")
    uuid: str | None = Field(None, description="GPU UUID (stable across reboots, unlike the index).")
    name: str = Field("", description="Device name.")
    utilization_pct: int | None = Field(None, description="GPU busy percentage.")
    memory_used_bytes: int | None = Field(None, description="Framebuffer in use.")
    memory_total_bytes: int = Field(0, description="Framebuffer size.")
    temperature_c: int | None = Field(None, description="Core temperature.")
    power_w: float | None = Field(None, description="Board power draw.")
    ecc_volatile_uncorrected: int | None = Field(None, description="Uncorrected ECC errors, this boot.")


class TelemetrySample(BaseModel):
    """The box at one instant."""

    ts: float = Field(0.0, description="Unix time of the sample.")
    cpu_percent: float = Field(0.0, description="CPU busy percentage over all cores since the last sample.")
    load1: float = Field(0.0, description="1-minute load average.")
    memory_used_bytes: int = Field(0, description="RAM in use (total - available).")
    memory_total_bytes: int = Field(0, description="RAM installed.")
    disk_path: str = Field("", description="Filesystem measured (the data root).")
    disk_used_bytes: int = Field(0, description="Used space on the data root's filesystem.")
    disk_total_bytes: int = Field(0, description="Size of the data root's filesystem.")
    net_rx_bytes: int = Field(0, description="Bytes received on non-loopback interfaces since boot.")
    net_tx_bytes: int = Field(0, description="Bytes sent on non-loopback interfaces since boot.")
    net_rx_bps: float | None = Field(None, description="Receive rate since the previous sample (bytes/s).")
    net_tx_bps: float | None = Field(None, description="Send rate since the previous sample (bytes/s).")
    nvml_error: str | None = Field(None, description="Why there are no GPU samples, when NVML is missing.")
    gpus: list[GpuSample] = Field(default_factory=list, description="One entry per GPU.")
