"""GPU inventory checks: driver, CUDA, count, model, memory, VBIOS, persistence, MIG, ECC mode."""

from __future__ import annotations

from collections.abc import Callable

from appliance.hardware.checks import CheckRow, at_least, gib, row, version_tuple
from appliance.hardware.facts import GpuFacts, NvmlFacts
from appliance.hardware.profile import GpuSpec

DRIVER_ADVICE = ("Install the NVIDIA data-centre driver (R{floor} or newer) from the box's offline "
                 "package bundle (the NVIDIA step of the provisioning playbook), reboot, re-run doctor.")


def offenders(gpus: list[GpuFacts], problem: Callable[[GpuFacts], str | None]) -> list[str]:
    """'GPU<i>: <problem>' for every GPU where `problem` returns text."""
    return [f"GPU{g.index}: {text}" for g in gpus if (text := problem(g))]


def check_driver(spec: GpuSpec, nvml: NvmlFacts) -> CheckRow:
    """NVML reachable and the driver at or above the floor."""
    if spec.count == 0:
        observed = nvml.error if not nvml.available else f"driver {nvml.driver_version}"
        return row("gpu.driver", "pass", observed or "no NVIDIA driver", "none needed (CPU-only profile)")
    floor = spec.driver_min or "any"
    if not nvml.available:
        return row("gpu.driver", "fail", nvml.error or "NVML unavailable", f">= {floor}",
                   DRIVER_ADVICE.format(floor=floor.split(".")[0]))
    if spec.driver_min and not at_least(nvml.driver_version, spec.driver_min):
        return row("gpu.driver", "fail", nvml.driver_version or "unknown", f">= {floor}",
                   f"Driver {nvml.driver_version} is below the qualified floor. "
                   + DRIVER_ADVICE.format(floor=floor.split(".")[0]))
    return row("gpu.driver", "pass", nvml.driver_version or "unknown", f">= {floor}")


def check_cuda(spec: GpuSpec, nvml: NvmlFacts) -> CheckRow:
    """The driver supports at least the profile's CUDA version."""
    if not spec.cuda_min:
        return row("gpu.cuda", "skip", nvml.cuda_version or "-", "any")
    if at_least(nvml.cuda_version, spec.cuda_min):
        return row("gpu.cuda", "pass", nvml.cuda_version or "", f">= {spec.cuda_min}")
    return row("gpu.cuda", "fail", nvml.cuda_version or "unknown", f">= {spec.cuda_min}",
               "The driver is too old for the CUDA version training images are built for; "
               "upgrade the driver (the CUDA runtime ships inside the wheels).")


def check_count(spec: GpuSpec, gpus: list[GpuFacts]) -> CheckRow:
    """Exactly the profile's number of GPUs is visible."""
    have, want = len(gpus), spec.count
    if have == want:
        return row("gpu.count", "pass", str(have), str(want))
    if want == 0:
        return row("gpu.count", "warn", str(have), "0",
                   "This machine has GPUs but the profile is CPU-only; run `corpusbox profile detect` "
                   "and set `hardware.profile` to the matching box.")
    if have < want:
        return row("gpu.count", "fail", str(have), str(want),
                   f"{want - have} GPU(s) missing from the bus. Check `dmesg | grep -i -e nvrm -e xid` "
                   "for Xid 79 (fallen off the bus); reseat or power-cycle the baseboard; if a GPU stays "
                   "missing, open an RMA with the serial from `nvidia-smi -q`.")
    return row("gpu.count", "fail", str(have), str(want),
               "More GPUs than this profile describes: the box is a different model. "
               "Run `corpusbox profile detect` and use the matching profile.")


def check_model(spec: GpuSpec, gpus: list[GpuFacts]) -> CheckRow:
    """Every GPU is the profile's model."""
    bad = offenders(gpus, lambda g: None if spec.model in g.name else g.name or "unknown")
    names = sorted({g.name for g in gpus})
    if not bad:
        return row("gpu.model", "pass", ", ".join(names), f"*{spec.model}*")
    return row("gpu.model", "fail", "; ".join(bad), f"*{spec.model}*",
               "A GPU of another model is installed: this is not the qualified configuration. "
               "Replace it or choose the profile that matches (`corpusbox profile detect`).")


def check_memory(spec: GpuSpec, gpus: list[GpuFacts]) -> CheckRow:
    """Each GPU reports at least the profile's framebuffer."""
    bad = offenders(gpus, lambda g: f"{gib(g.memory_total_bytes)} GiB"
                    if gib(g.memory_total_bytes) < spec.memory_gib_min else None)
    observed = "; ".join(bad) or f"min {min(gib(g.memory_total_bytes) for g in gpus)} GiB"
    return row("gpu.memory", "fail" if bad else "pass", observed, f">= {spec.memory_gib_min} GiB",
               "Less memory than the model ships with: a smaller SKU, or MIG/vGPU slicing is on. "
               "Check `nvidia-smi -q -d MEMORY`.")


def check_vbios(spec: GpuSpec, gpus: list[GpuFacts]) -> CheckRow:
    """VBIOS belongs to an accepted family and is at or above the pinned floor."""
    if not spec.vbios_prefixes and not spec.vbios_min:
        return row("gpu.vbios", "skip", ", ".join(sorted({g.vbios or "?" for g in gpus})), "any")

    def problem(g: GpuFacts) -> str | None:
        if g.vbios is None:
            return "unknown"
        if spec.vbios_prefixes and not any(g.vbios.startswith(p) for p in spec.vbios_prefixes):
            return g.vbios
        if spec.vbios_min and version_tuple(g.vbios, 16) < version_tuple(spec.vbios_min, 16):
            return g.vbios
        return None

    bad = offenders(gpus, problem)
    expected = " or ".join(f"{p}*" for p in spec.vbios_prefixes) or "any"
    expected += f", >= {spec.vbios_min}" if spec.vbios_min else ""
    observed = "; ".join(bad) or ", ".join(sorted({g.vbios or "?" for g in gpus}))
    return row("gpu.vbios", "warn" if bad else "pass", observed, expected,
               "VBIOS outside the qualified firmware bundle. Flash the bundle's VBIOS with the OEM's "
               "tool (nvfwupd on HGX) during a maintenance window; other firmware may also be stale.")


def check_persistence(spec: GpuSpec, gpus: list[GpuFacts]) -> CheckRow:
    """Persistence mode on (keeps the driver loaded and NVLink trained between jobs)."""
    if spec.persistence_mode == "ignore":
        return row("gpu.persistence", "skip", "-", "not checked")
    bad = offenders(gpus, lambda g: "off" if g.persistence_mode is False else None)
    status = ("fail" if spec.persistence_mode == "required" else "warn") if bad else "pass"
    return row("gpu.persistence", status, "; ".join(bad) or "on", "on",
               "Enable persistence: `systemctl enable --now nvidia-persistenced` "
               "(or `nvidia-smi -pm 1` until the next reboot).")


def check_mig(spec: GpuSpec, gpus: list[GpuFacts]) -> CheckRow:
    """MIG mode as the profile expects."""
    if spec.mig == "any":
        return row("gpu.mig", "skip", "-", "any")
    want = spec.mig == "enabled"
    bad = offenders(gpus, lambda g: ("enabled" if g.mig_enabled else "disabled")
                    if g.mig_enabled is not None and g.mig_enabled != want else None)
    return row("gpu.mig", "fail" if bad else "pass", "; ".join(bad) or spec.mig, spec.mig,
               f"Set MIG {spec.mig}: `nvidia-smi -i <gpu> -mig {int(want)}` with no processes on the "
               "GPU, then reset it (`nvidia-smi -i <gpu> -r`) or reboot.")


def check_ecc_mode(spec: GpuSpec, gpus: list[GpuFacts]) -> CheckRow:
    """ECC enabled."""
    if spec.ecc == "ignore":
        return row("gpu.ecc_mode", "skip", "-", "not checked")
    bad = offenders(gpus, lambda g: "off" if g.ecc_enabled is False else None)
    status = ("fail" if spec.ecc == "required" else "warn") if bad else "pass"
    return row("gpu.ecc_mode", status, "; ".join(bad) or "on", "on",
               "Enable ECC: `nvidia-smi -e 1`, then reboot (takes effect after a reset).")
