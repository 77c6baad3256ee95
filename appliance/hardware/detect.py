"""Detection of the live machine and matching it to the best shipped profile."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

from pydantic import BaseModel, Field

from appliance.hardware.facts import MachineFacts
from appliance.hardware.host import read_host
from appliance.hardware.infiniband import SYSFS_ROOT, read_ib_ports
from appliance.hardware.nvml import read_nvml_facts
from appliance.hardware.profile import HardwareProfile


def detect_machine(data_root: Path, nvml_module: ModuleType | Any | None = None,
                   sysfs_root: Path = SYSFS_ROOT) -> MachineFacts:
    """Gather GPU, RDMA and host facts (NVML through `nvml_module` when given)."""
    return MachineFacts(
        nvml=read_nvml_facts(nvml_module),
        ib_ports=read_ib_ports(sysfs_root),
        host=read_host(data_root, sysfs_root),
    )


class ProfileMatch(BaseModel):
    """How well one profile fits the detected machine."""

    profile: str = Field("", description="Profile name.")
    score: int = Field(0, description="Higher is better; negative = the machine lacks what it needs.")
    reasons: list[str] = Field(default_factory=list, description="What matched and what did not.")


def _score(profile: HardwareProfile, facts: MachineFacts) -> ProfileMatch:
    """Score one profile: GPU model and count dominate, then HCAs, then CPU/RAM floors."""
    gpus = facts.nvml.gpus
    spec = profile.gpu
    reasons: list[str] = []
    score = 0
    if spec.count == 0:
        score += 10 if not gpus else -5
        reasons.append("CPU-only profile" + ("" if not gpus else f", but {len(gpus)} GPU(s) present"))
    else:
        models_ok = bool(gpus) and all(spec.model in g.name for g in gpus)
        score += 100 if models_ok else -100
        verdict = "GPU model matches" if models_ok else "GPU model differs from"
        reasons.append(f"{verdict} {spec.model!r}" if gpus else f"no GPU (needs {spec.model})")
        score += 50 if len(gpus) == spec.count else -20 * abs(len(gpus) - spec.count)
        reasons.append(f"{len(gpus)} GPU(s), profile expects {spec.count}")
    active = [p for p in facts.ib_ports if p.state == "ACTIVE" or p.phys_state == "LinkUp"]
    if profile.infiniband.hca_count:
        score += 20 if len(facts.ib_ports) >= profile.infiniband.hca_count else -10
        reasons.append(f"{len(facts.ib_ports)} RDMA port(s) ({len(active)} up), "
                       f"profile expects {profile.infiniband.hca_count}")
        layers = {p.link_layer for p in facts.ib_ports}
        if layers and profile.infiniband.link_layer != "any":
            same = layers == {profile.infiniband.link_layer}
            score += 10 if same else -10
            reasons.append(f"link layer {'/'.join(sorted(layers))}")
    elif facts.ib_ports:
        score -= 5
    cores = facts.host.cpu_physical_cores or facts.host.cpu_logical
    if cores < profile.cpu.cores_min:
        score -= 5
        reasons.append(f"{cores} cores < {profile.cpu.cores_min}")
    return ProfileMatch(profile=profile.name, score=score, reasons=reasons)


def rank_profiles(profiles: list[HardwareProfile], facts: MachineFacts) -> list[ProfileMatch]:
    """All profiles ranked best-first for this machine (ties broken by the bigger box)."""
    scored = [(_score(p, facts), p.gpu.count) for p in profiles]
    scored.sort(key=lambda item: (item[0].score, item[1]), reverse=True)
    return [match for match, _ in scored]
