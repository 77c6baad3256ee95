"""What detection observed on the live machine; checks and the sampler read only these models."""

from __future__ import annotations

from pydantic import BaseModel, Field


class GpuFacts(BaseModel):
    """One GPU as NVML reports it; None means the query is not supported on this GPU/driver."""

    index: int = Field(0, description="NVML device index.")
    name: str = Field("", description="NVML device name, e.g. `NVIDIA H100 80GB HBM3`.")
    uuid: str | None = Field(None, description="GPU UUID.")
    pci_bus_id: str | None = Field(None, description="PCI bus id, e.g. `00000000:18:00.0`.")
    memory_total_bytes: int = Field(0, description="Framebuffer size.")
    memory_used_bytes: int | None = Field(None, description="Framebuffer in use.")
    utilization_pct: int | None = Field(None, description="GPU busy percentage over the last sample period.")
    vbios: str | None = Field(None, description="VBIOS version string.")
    persistence_mode: bool | None = Field(None, description="Persistence mode on.")
    mig_enabled: bool | None = Field(None, description="MIG mode currently enabled (None = no MIG support).")
    ecc_enabled: bool | None = Field(None, description="ECC currently enabled (None = no ECC support).")
    ecc_volatile_uncorrected: int | None = Field(None, description="Uncorrected ECC errors, this boot.")
    ecc_volatile_corrected: int | None = Field(None, description="Corrected ECC errors since driver load.")
    ecc_aggregate_uncorrected: int | None = Field(None, description="Uncorrected ECC errors, lifetime.")
    ecc_aggregate_corrected: int | None = Field(None, description="Corrected ECC errors, lifetime.")
    retired_pages_dbe: int | None = Field(None, description="Pages retired, double-bit (pre-Ampere).")
    retired_pages_pending: bool | None = Field(None, description="A page retirement awaits a reset.")
    remapped_rows_uncorrectable: int | None = Field(None, description="Rows remapped, uncorrectable errors.")
    remapped_rows_correctable: int | None = Field(None, description="Rows remapped for correctable errors.")
    remap_pending: bool | None = Field(None, description="A row remap awaits a GPU reset.")
    remap_failure: bool | None = Field(None, description="A row remap failed (bank out of spare rows).")
    pcie_gen_current: int | None = Field(None, description="Current PCIe link generation.")
    pcie_gen_max: int | None = Field(None, description="Max PCIe generation of GPU and slot together.")
    pcie_width_current: int | None = Field(None, description="Current PCIe link width (lanes).")
    pcie_width_max: int | None = Field(None, description="Max PCIe link width (lanes).")
    nvlink_active: int | None = Field(None, description="NVLink links in state active (None = no NVLink).")
    nvlink_supported: int | None = Field(None, description="NVLink links the GPU exposes.")
    nvlink_errors: int | None = Field(None, description="Replay + recovery + CRC errors over all links.")
    temperature_c: int | None = Field(None, description="GPU core temperature.")
    power_usage_w: float | None = Field(None, description="Current board power draw.")
    power_limit_w: float | None = Field(None, description="Enforced power limit.")
    power_default_limit_w: float | None = Field(None, description="Factory default power limit.")
    fabric_state: str | None = Field(None, description="NVLink fabric registration state, when reported.")


class NvmlFacts(BaseModel):
    """The NVIDIA driver as seen through NVML."""

    available: bool = Field(False, description="NVML initialised (driver and library present).")
    error: str | None = Field(None, description="Why NVML is unavailable, in plain words.")
    driver_version: str | None = Field(None, description="Kernel driver version, e.g. `535.161.08`.")
    cuda_version: str | None = Field(None, description="Highest CUDA the driver supports, e.g. `12.2`.")
    gpus: list[GpuFacts] = Field(default_factory=list, description="One entry per GPU.")


class IbPortFacts(BaseModel):
    """One RDMA port from /sys/class/infiniband."""

    device: str = Field("", description="HCA name, e.g. `mlx5_0`.")
    port: int = Field(1, description="Port number on the HCA.")
    state: str = Field("", description="Port state: ACTIVE, DOWN, INIT, ARMED.")
    phys_state: str = Field("", description="Physical state: LinkUp, Polling, Disabled.")
    rate_gbps: float = Field(0, description="Negotiated rate in Gb/s.")
    link_layer: str = Field("", description="InfiniBand or Ethernet (RoCE).")
    netdev: str | None = Field(None, description="Associated network interface, if any.")


class DiskFacts(BaseModel):
    """One whole block device."""

    name: str = Field("", description="Kernel name, e.g. `nvme0n1`, `sda`.")
    size_bytes: int = Field(0, description="Capacity.")
    rotational: bool = Field(False, description="Spinning disk.")
    nvme: bool = Field(False, description="NVMe namespace.")


class NetIfFacts(BaseModel):
    """One network interface."""

    name: str = Field("", description="Interface name.")
    is_up: bool = Field(False, description="Link up.")
    speed_mbps: int = Field(0, description="Negotiated speed (0 = unknown, common on virtual NICs).")


class HostFacts(BaseModel):
    """CPU, memory, kernel, disks and network of the host."""

    cpu_model: str = Field("", description="CPU model name.")
    cpu_physical_cores: int | None = Field(None, description="Physical cores (None = unknown).")
    cpu_logical: int = Field(1, description="Logical CPUs.")
    memory_total_bytes: int = Field(0, description="RAM the kernel reports.")
    kernel: str = Field("", description="Kernel release.")
    disks: list[DiskFacts] = Field(default_factory=list, description="Whole block devices.")
    data_root: str = Field("", description="Path whose free space was measured.")
    data_root_free_bytes: int = Field(0, description="Free space under the data root.")
    interfaces: list[NetIfFacts] = Field(default_factory=list, description="Network interfaces.")


class MachineFacts(BaseModel):
    """Everything detection found: the input of doctor, profile matching and launch settings."""

    nvml: NvmlFacts = Field(default_factory=NvmlFacts, description="GPU side.")
    ib_ports: list[IbPortFacts] = Field(default_factory=list, description="RDMA ports.")
    host: HostFacts = Field(default_factory=HostFacts, description="Host side.")
