"""GPU health checks: ECC errors, retired/remapped memory, PCIe, NVLink, fabric, temperature, power."""

from __future__ import annotations

from collections.abc import Callable

from appliance.hardware.checks import CheckRow, row
from appliance.hardware.facts import GpuFacts
from appliance.hardware.gpu_checks import offenders
from appliance.hardware.profile import GpuSpec

ServiceProbe = Callable[[str], "bool | None"]


def check_ecc_errors(spec: GpuSpec, gpus: list[GpuFacts]) -> CheckRow:
    """No uncorrected ECC errors; corrected ones below the warning threshold."""
    def uncorrected(g: GpuFacts) -> str | None:
        vol, agg = g.ecc_volatile_uncorrected or 0, g.ecc_aggregate_uncorrected or 0
        return f"{vol} volatile / {agg} aggregate uncorrected" if vol or agg else None

    bad = offenders(gpus, uncorrected)
    if bad:
        return row("gpu.ecc_errors", "fail", "; ".join(bad), "0 uncorrected",
                   "Uncorrected memory errors: drain jobs, reset the GPU (`nvidia-smi -i <gpu> -r`) so "
                   "rows get remapped, then run `corpusbox doctor --deep`. If errors return or "
                   "remapping fails, the GPU needs an RMA.")
    noisy = offenders(gpus, lambda g: f"{g.ecc_aggregate_corrected} corrected"
                      if (g.ecc_aggregate_corrected or 0) > spec.ecc_corrected_warn else None)
    return row("gpu.ecc_errors", "warn" if noisy else "pass", "; ".join(noisy) or "0 uncorrected",
               f"0 uncorrected, <= {spec.ecc_corrected_warn} corrected",
               "Many corrected errors suggest degrading HBM; watch the trend in telemetry and "
               "schedule `dcgmi diag -r 3` at the next maintenance window.")


def check_memory_repair(gpus: list[GpuFacts]) -> CheckRow:
    """Row remapping (Ampere+) or page retirement (older) healthy: no failure, nothing pending."""
    failed = offenders(gpus, lambda g: "row remap failed" if g.remap_failure else None)
    if failed:
        return row("gpu.memory_repair", "fail", "; ".join(failed), "no remap failure",
                   "A memory bank ran out of spare rows: the GPU cannot repair itself. "
                   "Take it out of service and open an RMA.")
    pending = offenders(gpus, lambda g: "reset pending"
                        if g.remap_pending or g.retired_pages_pending else None)
    if pending:
        return row("gpu.memory_repair", "warn", "; ".join(pending), "nothing pending",
                   "A row remap / page retirement waits for a GPU reset: drain jobs and run "
                   "`nvidia-smi -i <gpu> -r` (or reboot).")
    counts = [f"GPU{g.index}: {g.remapped_rows_uncorrectable} rows"
              for g in gpus if g.remapped_rows_uncorrectable]
    return row("gpu.memory_repair", "pass", "; ".join(counts) or "no remapped rows",
               "no failure, nothing pending")


def check_pcie(spec: GpuSpec, gpus: list[GpuFacts]) -> CheckRow:
    """Link width at max and >= floor; link capable of the profile's generation."""
    def problem(g: GpuFacts) -> str | None:
        cur, top = g.pcie_width_current, g.pcie_width_max
        if cur is not None and ((top and cur < top) or cur < spec.pcie_width_min):
            return f"x{cur} (max x{top})"
        if g.pcie_gen_max is not None and g.pcie_gen_max < spec.pcie_gen_min:
            return f"Gen{g.pcie_gen_max} capable"
        return None

    expected = f"x{spec.pcie_width_min or 'max'}, Gen{spec.pcie_gen_min}+ capable"
    bad = offenders(gpus, problem)
    if bad:
        return row("gpu.pcie", "fail", "; ".join(bad), expected,
                   "Degraded PCIe link: reseat the GPU/riser and its cables, check the slot is wired "
                   "x16 and the BIOS sets Gen4/Gen5 (not Auto/Gen1), then re-run doctor. "
                   "`lspci -vv | grep LnkSta` shows the trained link.")
    idle = sum(1 for g in gpus if g.pcie_gen_current and g.pcie_gen_max
               and g.pcie_gen_current < g.pcie_gen_max)
    gens = sorted({g.pcie_gen_max for g in gpus if g.pcie_gen_max})
    widths = sorted({g.pcie_width_current for g in gpus if g.pcie_width_current})
    observed = f"x{'/'.join(map(str, widths)) or '?'}, Gen{'/'.join(map(str, gens)) or '?'} capable"
    if idle:  # idle GPUs drop link speed to save power; that is normal
        observed += f" ({idle} GPU(s) idling at a lower gen)"
    return row("gpu.pcie", "pass", observed, expected)


def check_nvlink(spec: GpuSpec, gpus: list[GpuFacts]) -> CheckRow:
    """Every GPU has the expected NVLink links active; error counters below the threshold."""
    want = spec.nvlink.links_per_gpu
    if want == 0:
        return row("gpu.nvlink", "skip", "-", "no NVLink in this profile")
    down = offenders(gpus, lambda g: f"{g.nvlink_active or 0}/{want} links active"
                     if (g.nvlink_active or 0) < want else None)
    if down:
        return row("gpu.nvlink", "fail", "; ".join(down), f"{want} active links per GPU",
                   "NVLink down: check `nvidia-smi nvlink -s`; make sure nvidia-fabricmanager is "
                   "running (NVSwitch boxes), then reset the GPUs or power-cycle the node. Links that "
                   "stay down point to the baseboard: open a case with the OEM.")
    noisy = offenders(gpus, lambda g: f"{g.nvlink_errors} errors"
                      if (g.nvlink_errors or 0) > spec.nvlink.max_error_count else None)
    return row("gpu.nvlink", "warn" if noisy else "pass",
               "; ".join(noisy) or f"{want}/{want} active on {len(gpus)} GPU(s)",
               f"{want} active links per GPU, <= {spec.nvlink.max_error_count} errors",
               "NVLink replay/CRC errors are rising: reset counters (`nvidia-smi nvlink -r 0`), "
               "run `corpusbox doctor --deep`, and report persistent errors to the OEM.")


def check_fabric_manager(spec: GpuSpec, gpus: list[GpuFacts], service_active: ServiceProbe) -> CheckRow:
    """nvidia-fabricmanager running and GPUs registered with the NVSwitch fabric."""
    if spec.fabric_manager == "ignore":
        return row("gpu.fabric_manager", "skip", "-", "not needed")
    level = "fail" if spec.fabric_manager == "required" else "warn"
    active = service_active("nvidia-fabricmanager")
    advice = ("Start it: `systemctl enable --now nvidia-fabricmanager` (its version must equal the "
              "driver's); see `journalctl -u nvidia-fabricmanager`.")
    if active is False:
        return row("gpu.fabric_manager", level, "service inactive", "active, fabric completed", advice)
    unregistered = offenders(gpus, lambda g: g.fabric_state
                             if g.fabric_state not in (None, "completed", "not_supported") else None)
    if unregistered:
        return row("gpu.fabric_manager", level, "; ".join(unregistered), "fabric completed", advice)
    observed = "active" if active else "service state unknown (no systemd)"
    return row("gpu.fabric_manager", "pass" if active else "warn", observed, "active, fabric completed",
               "Could not query systemd; check `systemctl status nvidia-fabricmanager` by hand.")


def check_temperature(spec: GpuSpec, gpus: list[GpuFacts]) -> CheckRow:
    """GPU temperatures below the profile's limit."""
    hot = offenders(gpus, lambda g: f"{g.temperature_c} C"
                    if g.temperature_c is not None and g.temperature_c > spec.temperature_max_c else None)
    temps = [g.temperature_c for g in gpus if g.temperature_c is not None]
    observed = "; ".join(hot) or (f"max {max(temps)} C" if temps else "unknown")
    return row("gpu.temperature", "fail" if hot else "pass", observed, f"<= {spec.temperature_max_c} C",
               "GPU too hot: check chassis fans and their BMC profile, blanking panels, inlet "
               "temperature and dust filters before running jobs.")


def check_power_limit(spec: GpuSpec, gpus: list[GpuFacts]) -> CheckRow:
    """Enforced power limits at or above the floor (a low cap silently slows training)."""
    if not spec.power_limit_min_w:
        return row("gpu.power_limit", "skip", "-", "not checked")
    low = offenders(gpus, lambda g: f"{g.power_limit_w:.0f} W"
                    if g.power_limit_w is not None and g.power_limit_w < spec.power_limit_min_w else None)
    limits = sorted({round(g.power_limit_w) for g in gpus if g.power_limit_w is not None})
    observed = "; ".join(low) or (", ".join(f"{w} W" for w in limits) or "unknown")
    return row("gpu.power_limit", "warn" if low else "pass", observed, f">= {spec.power_limit_min_w:.0f} W",
               "Power capped below the board default: restore it with `nvidia-smi -i <gpu> -pl <watts>` "
               "(default in `nvidia-smi -q -d POWER`) and check the BMC/PSU power policy.")
