"""The typed hardware profile: what a supported box must have, checked by `corpusbox doctor`."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Requirement = Literal["required", "recommended", "ignore"]
"""How strictly a feature is expected: `required` fails doctor, `recommended` warns, `ignore` skips."""


class _Section(BaseModel):
    """Base for profile sections: unknown keys are an error so typos in YAML are caught in CI."""

    model_config = ConfigDict(extra="forbid")


class NvlinkSpec(_Section):
    """NVLink expectations per GPU."""

    links_per_gpu: int = Field(0, ge=0, description="Active NVLink links each GPU must show (0 = no NVLink).")
    max_error_count: int = Field(
        0, ge=0, description="Replay/recovery/CRC errors per GPU above which doctor warns."
    )
    nvswitch: bool = Field(False, description="GPUs talk through NVSwitch (needs the fabric manager).")


class GpuSpec(_Section):
    """GPU model, count, memory and the firmware/driver floors the box is qualified with."""

    vendor: Literal["nvidia", "none"] = Field("nvidia", description="GPU vendor; `none` for CPU-only boxes.")
    model: str = Field("", description="Substring of the NVML device name, e.g. `H100 80GB HBM3`.")
    count: int = Field(0, ge=0, description="Exact number of GPUs the box ships with.")
    memory_gib_min: float = Field(0, ge=0, description="Min framebuffer per GPU in GiB (as NVML reports).")
    driver_min: str | None = Field(None, description="Lowest NVIDIA driver version, e.g. `535.104.05`.")
    cuda_min: str | None = Field(None, description="Lowest CUDA the driver must support, e.g. `12.2`.")
    vbios_prefixes: list[str] = Field(
        default_factory=list, description="Accepted VBIOS families (prefix match); empty = any."
    )
    vbios_min: str | None = Field(None, description="Lowest VBIOS (dotted hex), when the OEM pins one.")
    persistence_mode: Requirement = Field("required", description="Whether persistence mode must be on.")
    mig: Literal["disabled", "enabled", "any"] = Field("disabled", description="Expected MIG mode.")
    ecc: Requirement = Field("required", description="Whether ECC must be enabled.")
    ecc_corrected_warn: int = Field(
        1000, ge=0, description="Aggregate corrected ECC errors per GPU above which doctor warns."
    )
    pcie_gen_min: int = Field(0, ge=0, description="Lowest PCIe generation the link must be capable of.")
    pcie_width_min: int = Field(0, ge=0, description="Lowest PCIe link width (lanes) the link must run at.")
    temperature_max_c: int = Field(85, description="GPU temperature above which doctor fails.")
    power_limit_min_w: float = Field(0, ge=0, description="Lowest enforced power limit per GPU (W).")
    nvlink: NvlinkSpec = Field(default_factory=NvlinkSpec, description="NVLink expectations.")
    fabric_manager: Requirement = Field("ignore", description="Whether nvidia-fabricmanager must be running.")


class InfinibandSpec(_Section):
    """RDMA adapters (HCAs) for NCCL and storage traffic."""

    hca_count: int = Field(0, ge=0, description="Number of RDMA ports that must be ACTIVE.")
    rate_gbps: int = Field(0, ge=0, description="Minimum port rate in Gb/s (e.g. 400 for NDR).")
    link_layer: Literal["InfiniBand", "Ethernet", "any"] = Field(
        "InfiniBand", description="Expected link layer: InfiniBand, Ethernet (RoCE) or any."
    )
    hca_prefix: str = Field("mlx5_", description="Device name prefix of the compute HCAs.")


class NetworkSpec(_Section):
    """Ethernet expectations (management and socket traffic)."""

    ethernet_min_gbps: float = Field(0, ge=0, description="One non-loopback link this fast (0 = any).")


class StorageSpec(_Section):
    """Local disks: the NVMe hot tier (data root) and the HDD cold tier."""

    nvme_count_min: int = Field(0, ge=0, description="Minimum number of NVMe namespaces.")
    nvme_total_tb_min: float = Field(0, ge=0, description="Minimum total NVMe capacity in TB (10^12 bytes).")
    hdd_total_tb_min: float = Field(0, ge=0, description="Minimum total rotational-disk capacity in TB.")
    data_root_free_gib_min: float = Field(10, ge=0, description="Min free space under the data root (GiB).")


class CpuSpec(_Section):
    """CPU floor."""

    cores_min: int = Field(1, ge=1, description="Minimum physical cores (logical CPUs when unknown).")
    model_contains: str | None = Field(None, description="Substring of the CPU model name, e.g. `EPYC`.")
    reserved_cores: int = Field(0, ge=0, description="Cores kept for box services, not offered to Ray.")


class MemorySpec(_Section):
    """Host memory floor."""

    total_gib_min: float = Field(1, ge=0, description="Minimum RAM in GiB as the kernel reports it.")
    reserved_gib: float = Field(0, ge=0, description="RAM kept for box services, not offered to Ray.")


class OsSpec(_Section):
    """Operating-system floor and services that must be running."""

    kernel_min: str | None = Field(None, description="Lowest Linux kernel release, e.g. `5.15`.")
    required_services: list[str] = Field(
        default_factory=list, description="systemd units that must be active (doctor fails otherwise)."
    )
    recommended_services: list[str] = Field(
        default_factory=list, description="systemd units that should be active (doctor warns otherwise)."
    )


class NcclSpec(_Section):
    """NCCL settings the box implies; HCA names are filled in from detected hardware."""

    enabled: bool = Field(True, description="Use NCCL (False = gloo, CPU-only boxes).")
    socket_ifname: str | None = Field(None, description="NCCL_SOCKET_IFNAME; None = detected interface.")
    ib_gid_index: int | None = Field(None, description="NCCL_IB_GID_INDEX; set for RoCE (usually 3).")
    env: dict[str, str] = Field(default_factory=dict, description="Extra NCCL_* variables, applied verbatim.")


class DeepSpeedSpec(_Section):
    """DeepSpeed defaults the box is tuned for; a job file may override them."""

    zero_stage: int = Field(2, ge=0, le=3, description="ZeRO stage.")
    precision: Literal["fp32", "fp16", "bf16"] = Field("bf16", description="Training precision.")
    fp8: bool = Field(False, description="Transformer Engine FP8 available (Hopper/Ada).")
    offload_optimizer: Literal["none", "cpu", "nvme"] = Field("none", description="ZeRO optimizer offload.")
    torch_adam: bool = Field(False, description="Use torch Adam (no fused-kernel compile; CPU boxes).")


class HardwareProfile(_Section):
    """One supported box: everything `corpusbox doctor` checks and what launches derive from it."""

    name: str = Field(..., pattern=r"^[a-z0-9][a-z0-9-]*$", description="Profile id, equal to the file stem.")
    description: str = Field("", description="One line for operators.")
    gpu: GpuSpec = Field(default_factory=GpuSpec, description="GPU expectations.")
    infiniband: InfinibandSpec = Field(default_factory=InfinibandSpec, description="RDMA expectations.")
    network: NetworkSpec = Field(default_factory=NetworkSpec, description="Ethernet expectations.")
    storage: StorageSpec = Field(default_factory=StorageSpec, description="Disk expectations.")
    cpu: CpuSpec = Field(default_factory=CpuSpec, description="CPU floor.")
    memory: MemorySpec = Field(default_factory=MemorySpec, description="RAM floor.")
    os: OsSpec = Field(default_factory=OsSpec, description="Kernel floor and services.")
    nccl: NcclSpec = Field(default_factory=NcclSpec, description="NCCL settings implied by the box.")
    deepspeed: DeepSpeedSpec = Field(default_factory=DeepSpeedSpec, description="DeepSpeed defaults.")
