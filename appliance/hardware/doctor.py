"""`corpusbox doctor`: check the live machine against a hardware profile, one row per check."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from pydantic import BaseModel, Field

import firmware_profiles
from appliance.hardware import gpu_checks as gc
from appliance.hardware import gpu_health as gh
from appliance.hardware import system_checks as sc
from appliance.hardware.checks import CheckRow, Status, row, worst
from appliance.hardware.dcgm import run_dcgm_diag
from appliance.hardware.detect import detect_machine, rank_profiles
from appliance.hardware.facts import MachineFacts
from appliance.hardware.infiniband import SYSFS_ROOT
from appliance.hardware.profile import HardwareProfile


class DoctorReport(BaseModel):
    """The doctor's verdict: the profile used, every row, and the overall status."""

    profile: str = Field("", description="Profile checked against.")
    profile_source: str = Field("", description="How the profile was chosen: option, settings or detected.")
    status: Status = Field("pass", description="Worst row status (fail > warn > pass).")
    nvidia_driver: str = Field("", description="Plain-words driver state, e.g. 'no NVIDIA driver'.")
    rows: list[CheckRow] = Field(default_factory=list, description="One row per check.")
    elapsed_s: float = Field(0, description="Wall time of the checks.")

    @property
    def ok(self) -> bool:
        """True when no row failed."""
        return self.status != "fail"


def gpu_rows(profile: HardwareProfile, facts: MachineFacts,
             service_active: sc.ServiceProbe) -> list[CheckRow]:
    """All GPU rows; only driver + count when the profile is CPU-only or NVML is missing."""
    spec, nvml, gpus = profile.gpu, facts.nvml, facts.nvml.gpus
    rows = [gc.check_driver(spec, nvml)]
    if spec.count == 0 or not nvml.available:
        rows.append(gc.check_count(spec, gpus) if nvml.available or spec.count == 0
                    else row("gpu.count", "fail", "unknown (no driver)", str(spec.count),
                             "Install the NVIDIA driver first (see gpu.driver)."))
        return rows
    rows += [gc.check_cuda(spec, nvml), gc.check_count(spec, gpus)]
    if not gpus:
        return rows
    rows += [gc.check_model(spec, gpus), gc.check_memory(spec, gpus), gc.check_vbios(spec, gpus),
             gc.check_persistence(spec, gpus), gc.check_mig(spec, gpus), gc.check_ecc_mode(spec, gpus),
             gh.check_ecc_errors(spec, gpus), gh.check_memory_repair(gpus), gh.check_pcie(spec, gpus),
             gh.check_nvlink(spec, gpus), gh.check_fabric_manager(spec, gpus, service_active),
             gh.check_temperature(spec, gpus), gh.check_power_limit(spec, gpus)]
    return rows


def run_checks(profile: HardwareProfile, facts: MachineFacts,
               service_active: sc.ServiceProbe = sc.systemd_active) -> list[CheckRow]:
    """Every check of `profile` against already-detected `facts` (pure apart from the service probe)."""
    rows = gpu_rows(profile, facts, service_active)
    rows += sc.check_ib(profile.infiniband, facts.ib_ports)
    rows.append(sc.check_network(profile, facts.host))
    rows += sc.check_storage(profile, facts.host)
    rows += sc.check_cpu_memory(profile, facts.host)
    rows.append(sc.check_kernel(profile, facts.host))
    rows += sc.check_services(profile, service_active)
    return rows


def choose_profile(name: str | None, facts: MachineFacts,
                   source: str = "option") -> tuple[HardwareProfile, str]:
    """The named profile, or the best match for `facts` when `name` is None."""
    if name:
        return firmware_profiles.load_profile(name), source
    best = rank_profiles(firmware_profiles.load_all(), facts)[0]
    return firmware_profiles.load_profile(best.profile), "detected"


def run_doctor(data_root: Path, profile_name: str | None = None, deep: bool = False, *,
               profile_source: str = "option", nvml_module: ModuleType | Any | None = None,
               sysfs_root: Path = SYSFS_ROOT, service_active: sc.ServiceProbe = sc.systemd_active,
               dcgm: Callable[[], CheckRow] = run_dcgm_diag) -> DoctorReport:
    """Detect the machine, pick the profile, run every check (plus DCGM with `deep`)."""
    started = time.monotonic()
    facts = detect_machine(data_root, nvml_module=nvml_module, sysfs_root=sysfs_root)
    profile, source = choose_profile(profile_name, facts, profile_source)
    rows = run_checks(profile, facts, service_active)
    if deep:
        rows.append(dcgm() if facts.nvml.available else
                    row("dcgm.diag", "skip", "no NVIDIA driver", "diag -r 1 passes"))
    driver = (f"NVIDIA driver {facts.nvml.driver_version}, {len(facts.nvml.gpus)} GPU(s)"
              if facts.nvml.available else (facts.nvml.error or "no NVIDIA driver"))
    return DoctorReport(profile=profile.name, profile_source=source, status=worst(rows),
                        nvidia_driver=driver, rows=rows,
                        elapsed_s=round(time.monotonic() - started, 3))
