"""Launch settings for training: the NCCL environment and the GPU/CPU view for Ray and DeepSpeed.

Derived from the profile (what the box should be) and detection (what it is now): NCCL gets only
HCA ports that are ACTIVE, Ray gets only the GPUs NVML sees.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from appliance.hardware.facts import MachineFacts, NetIfFacts
from appliance.hardware.profile import HardwareProfile

_VIRTUAL_IF = ("lo", "docker", "veth", "virbr", "br-", "ifb", "tun", "tap", "ib")
ROCE_GID_INDEX = 3  # RoCE v2 over IPv4 on ConnectX with the default GID table


class RayResources(BaseModel):
    """What the box offers to Ray (the same numbers go to `ray start`)."""

    num_gpus: int = Field(0, description="GPUs offered (detected, capped by the profile).")
    num_cpus: int = Field(1, description="CPUs offered (logical CPUs minus those reserved for services).")
    memory_bytes: int = Field(0, description="RAM offered (total minus the profile's reservation).")
    custom: dict[str, float] = Field(default_factory=dict, description="Custom resources, e.g. `rdma_port`.")


class LaunchSettings(BaseModel):
    """Everything a training launcher needs to start a job on this box."""

    profile: str = Field("", description="Profile the settings derive from.")
    backend: str = Field("gloo", description="torch.distributed backend: nccl or gloo.")
    world_size: int = Field(1, description="Processes per node (one per GPU; 1 on CPU).")
    env: dict[str, str] = Field(default_factory=dict, description="Environment for every training process.")
    ray: RayResources = Field(default_factory=RayResources, description="Resource view for Ray.")
    deepspeed: dict[str, Any] = Field(default_factory=dict, description="DeepSpeed config fragment.")
    fp8: bool = Field(False, description="Transformer Engine FP8 may be used (profile allows, GPUs present).")
    warnings: list[str] = Field(default_factory=list, description="Where detection and profile disagree.")


def pick_socket_ifname(interfaces: list[NetIfFacts]) -> str | None:
    """The fastest physical-looking interface that is up (NCCL bootstraps over it)."""
    candidates = [i for i in interfaces if i.is_up and not i.name.startswith(_VIRTUAL_IF)]
    if not candidates:
        return None
    return max(candidates, key=lambda i: (i.speed_mbps, i.name)).name


def nccl_env(profile: HardwareProfile, facts: MachineFacts, warnings: list[str]) -> dict[str, str]:
    """NCCL variables: profile values verbatim, then HCA list, socket interface and GID index."""
    spec = profile.nccl
    if not spec.enabled:
        return {}
    env = dict(spec.env)
    ib = profile.infiniband
    ports = [p for p in facts.ib_ports
             if p.device.startswith(ib.hca_prefix) and p.state == "ACTIVE"
             and (ib.link_layer == "any" or p.link_layer == ib.link_layer)]
    if ib.hca_count and "NCCL_IB_HCA" not in env:
        if ports:  # '=' makes NCCL match names exactly (mlx5_1 must not also match mlx5_10)
            env["NCCL_IB_HCA"] = "=" + ",".join(f"{p.device}:{p.port}" for p in ports)
        else:
            env["NCCL_IB_DISABLE"] = "1"
        if len(ports) < ib.hca_count:
            warnings.append(f"{len(ports)} of {ib.hca_count} RDMA ports are ACTIVE; NCCL uses only those")
    roce = any(p.link_layer == "Ethernet" for p in ports) or ib.link_layer == "Ethernet"
    gid = spec.ib_gid_index if spec.ib_gid_index is not None else (ROCE_GID_INDEX if roce else None)
    if gid is not None and ports:
        env.setdefault("NCCL_IB_GID_INDEX", str(gid))
    ifname = spec.socket_ifname or pick_socket_ifname(facts.host.interfaces)
    if ifname:
        env.setdefault("NCCL_SOCKET_IFNAME", ifname)
    else:
        warnings.append("no network interface up for NCCL_SOCKET_IFNAME")
    return env


def deepspeed_fragment(profile: HardwareProfile, gpus: int) -> dict[str, Any]:
    """The part of a DeepSpeed config the box decides (a job file adds batch sizes etc.)."""
    ds = profile.deepspeed
    zero: dict[str, Any] = {"stage": ds.zero_stage}
    if ds.offload_optimizer != "none":
        zero["offload_optimizer"] = {"device": ds.offload_optimizer}
    fragment: dict[str, Any] = {"zero_optimization": zero,
                                "bf16": {"enabled": ds.precision == "bf16" and gpus > 0},
                                "fp16": {"enabled": ds.precision == "fp16" and gpus > 0}}
    if ds.torch_adam or gpus == 0:
        fragment["optimizer"] = {"type": "AdamW", "params": {"torch_adam": True}}
    return fragment


def launch_settings(profile: HardwareProfile, facts: MachineFacts) -> LaunchSettings:
    """Derive the NCCL environment and Ray/DeepSpeed resource view for this box."""
    warnings: list[str] = []
    gpus = min(len(facts.nvml.gpus), profile.gpu.count) if facts.nvml.available else 0
    if gpus < profile.gpu.count:
        warnings.append(f"{gpus} of {profile.gpu.count} GPUs usable; run `corpusbox doctor`")
    host = facts.host
    cpus = max(host.cpu_logical - profile.cpu.reserved_cores, 1)
    memory = max(host.memory_total_bytes - int(profile.memory.reserved_gib * 2**30), 0)
    env = nccl_env(profile, facts, warnings) if gpus else {}
    if gpus:
        env["CUDA_DEVICE_ORDER"] = "PCI_BUS_ID"  # indices match nvidia-smi and doctor rows
    custom = {"rdma_port": float(env["NCCL_IB_HCA"].count(",") + 1)} if "NCCL_IB_HCA" in env else {}
    return LaunchSettings(
        profile=profile.name, backend="nccl" if gpus and profile.nccl.enabled else "gloo",
        world_size=max(gpus, 1), env=env,
        ray=RayResources(num_gpus=gpus, num_cpus=cpus, memory_bytes=memory, custom=custom),
        deepspeed=deepspeed_fragment(profile, gpus), fp8=profile.deepspeed.fp8 and gpus > 0,
        warnings=warnings)
