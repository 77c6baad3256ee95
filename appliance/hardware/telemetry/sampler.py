"""Take telemetry samples: psutil for the host, the NVML adapter for GPUs."""

from __future__ import annotations

import os
import time
from pathlib import Path
from types import ModuleType
from typing import Any, Self

import psutil

from appliance.hardware.host import free_bytes
from appliance.hardware.nvml import Nvml, load_module
from appliance.hardware.telemetry.models import GpuSample, TelemetrySample


def _net_counters() -> tuple[int, int]:
    """Received and sent bytes summed over non-loopback interfaces."""
    rx = tx = 0
    for name, c in psutil.net_io_counters(pernic=True).items():
        if name != "lo":
            rx, tx = rx + c.bytes_recv, tx + c.bytes_sent
    return rx, tx


class Sampler:
    """Keeps NVML open and the previous counters, so each sample is cheap and has rates."""

    def __init__(self, data_root: Path, nvml_module: ModuleType | Any | None = None) -> None:
        self.data_root = data_root
        self._nvml = Nvml(nvml_module if nvml_module is not None else load_module())
        self._nvml.open()
        self._prev: tuple[float, int, int] | None = None
        psutil.cpu_percent(interval=None)  # prime: the first call always returns 0.0

    def close(self) -> None:
        """Release NVML."""
        self._nvml.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _gpus(self) -> tuple[list[GpuSample], str | None]:
        """Per-GPU samples, or the reason there are none."""
        facts = self._nvml.read(full=False)
        if not facts.available:
            return [], facts.error
        return [GpuSample(index=g.index, uuid=g.uuid, name=g.name, utilization_pct=g.utilization_pct,
                          memory_used_bytes=g.memory_used_bytes, memory_total_bytes=g.memory_total_bytes,
                          temperature_c=g.temperature_c, power_w=g.power_usage_w,
                          ecc_volatile_uncorrected=g.ecc_volatile_uncorrected) for g in facts.gpus], None

    def sample(self) -> TelemetrySample:
        """One sample of the whole box."""
        now = time.time()
        mem = psutil.virtual_memory()
        probe, _ = free_bytes(self.data_root)
        disk = psutil.disk_usage(str(probe))
        rx, tx = _net_counters()
        rates: tuple[float | None, float | None] = (None, None)
        if self._prev and now > self._prev[0]:
            dt = now - self._prev[0]
            rates = (max(rx - self._prev[1], 0) / dt, max(tx - self._prev[2], 0) / dt)
        self._prev = (now, rx, tx)
        gpus, nvml_error = self._gpus()
        return TelemetrySample(
            ts=now, cpu_percent=psutil.cpu_percent(interval=None), load1=os.getloadavg()[0],
            memory_used_bytes=mem.total - mem.available, memory_total_bytes=mem.total,
            disk_path=str(probe), disk_used_bytes=disk.used, disk_total_bytes=disk.total,
            net_rx_bytes=rx, net_tx_bytes=tx, net_rx_bps=rates[0], net_tx_bps=rates[1],
            nvml_error=nvml_error, gpus=gpus)
