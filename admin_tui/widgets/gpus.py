"""GPUs and host load from telemetry samples, with sparklines (bar heights read without colour)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import Sparkline, Static

from admin_tui.widgets.format import pct, size

NO_SAMPLES = ("no telemetry yet: add \"telemetry\" to supervisor.services and `corpusbox up`, "
              "or take one sample with `corpusbox telemetry sample`")


def gpu_line(gpu: Any) -> str:
    """One GPU's latest readings as plain text."""
    mem = (f"{size(gpu.memory_used_bytes)}/{size(gpu.memory_total_bytes)}"
           if gpu.memory_used_bytes is not None else "-")
    temp = "-" if gpu.temperature_c is None else f"{gpu.temperature_c}C"
    power = "-" if gpu.power_w is None else f"{gpu.power_w:.0f}W"
    ecc = "-" if gpu.ecc_volatile_uncorrected is None else str(gpu.ecc_volatile_uncorrected)
    return f"GPU{gpu.index} util {pct(gpu.utilization_pct)} mem {mem} {temp} {power} ECC {ecc}"


def host_line(sample: Any) -> str:
    """CPU, memory and data-root disk of the latest sample."""
    return (f"CPU {pct(sample.cpu_percent)}  RAM {size(sample.memory_used_bytes)}/{size(sample.memory_total_bytes)}"
            f"  disk {size(sample.disk_used_bytes)}/{size(sample.disk_total_bytes)}")


def gpu_series(samples: Sequence[Any], index: int) -> list[float]:
    """Utilisation of GPU `index` across the samples (missing readings as 0)."""
    out = []
    for s in samples:
        match = next((g for g in s.gpus if g.index == index), None)
        out.append(float(match.utilization_pct or 0) if match else 0.0)
    return out


class GpuPanel(Vertical):
    """Host line and one line per GPU with a utilisation sparkline; says 'no GPU' plainly."""

    DEFAULT_CSS = """
    GpuPanel { height: auto; }
    GpuPanel Horizontal { height: 1; }
    GpuPanel .reading { width: auto; max-width: 60; margin-right: 1; }
    GpuPanel Sparkline { width: 1fr; min-width: 8; height: 1; }
    """

    samples: reactive[list[Any]] = reactive(list, recompose=True)

    def compose(self) -> ComposeResult:
        if not self.samples:
            yield Static(NO_SAMPLES, markup=False, classes="note")
            return
        latest = self.samples[-1]
        with Horizontal():
            yield Static(host_line(latest), markup=False, classes="reading")
            yield Sparkline([s.cpu_percent for s in self.samples], summary_function=max)
        if not latest.gpus:
            reason = latest.nvml_error or "NVML reports no devices"
            yield Static(f"no GPU on this machine ({reason})", markup=False, classes="note")
            return
        for gpu in latest.gpus:
            with Horizontal():
                yield Static(gpu_line(gpu), markup=False, classes="reading")
                yield Sparkline(gpu_series(self.samples, gpu.index), summary_function=max)
