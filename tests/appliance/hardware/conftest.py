"""Fakes for hardware that cannot exist on CI: an NVML module, an InfiniBand sysfs tree, a flagship host."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pytest

from appliance.hardware.facts import DiskFacts, HostFacts, NetIfFacts

GIB = 2**30


class FakeNVMLError(Exception):
    """Mimics pynvml.NVMLError: carries the NVML return code in `value`."""

    def __init__(self, value: int) -> None:
        super().__init__(f"NVML error {value}")
        self.value = value


NOT_SUPPORTED = 3


@dataclass
class FakeGpu:
    """A healthy H100 SXM5 80GB as NVML would report it; tests break one attribute at a time."""

    name: str = "NVIDIA H100 80GB HBM3"
    memory_total: int = 81559 * 2**20
    memory_used: int = 512 * 2**20
    util: int = 0
    vbios: str = "96.00.74.00.0B"
    persistence: int = 1
    mig: tuple[int, int] | None = (0, 0)
    ecc_mode: tuple[int, int] | None = (1, 1)
    # (error type, counter type) -> count; 0=corrected/1=uncorrected, 0=volatile/1=aggregate
    ecc: dict[tuple[int, int], int] = field(default_factory=dict)
    remapped_rows: tuple[int, int, int, int] | None = (0, 0, 0, 0)
    pcie_gen: tuple[int, int] = (5, 5)
    pcie_width: tuple[int, int] = (16, 16)
    nvlink_links: int = 18
    nvlink_down: set[int] = field(default_factory=set)
    nvlink_error_per_counter: int = 0
    temperature: int = 34
    power_usage_mw: int = 72_000
    power_limit_mw: int = 700_000
    fabric_state: int = 3


class FakeNvml:
    """A module-like object with the pynvml function names the adapter calls."""

    NVMLError = FakeNVMLError

    def __init__(self, gpus: list[FakeGpu], driver: str = "535.161.08", cuda: int = 12020,
                 init_error: int | None = None) -> None:
        self.gpus, self.driver, self.cuda, self.init_error = gpus, driver, cuda, init_error
        self.initialised = False

    def nvmlInit(self) -> None:
        if self.init_error is not None:
            raise FakeNVMLError(self.init_error)
        self.initialised = True

    def nvmlShutdown(self) -> None:
        self.initialised = False

    def nvmlSystemGetDriverVersion(self) -> str:
        return self.driver

    def nvmlSystemGetCudaDriverVersion(self) -> int:
        return self.cuda

    def nvmlDeviceGetCount(self) -> int:
        return len(self.gpus)

    def nvmlDeviceGetHandleByIndex(self, i: int) -> FakeGpu:
        return self.gpus[i]

    def nvmlDeviceGetName(self, g: FakeGpu) -> str:
        return g.name

    def nvmlDeviceGetUUID(self, g: FakeGpu) -> str:
        return f"GPU-fake-{self.gpus.index(g)}"

    def nvmlDeviceGetPciInfo(self, g: FakeGpu) -> SimpleNamespace:
        return SimpleNamespace(busId=f"00000000:{0x18 + self.gpus.index(g):02X}:00.0")

    def nvmlDeviceGetMemoryInfo(self, g: FakeGpu) -> SimpleNamespace:
        return SimpleNamespace(total=g.memory_total, used=g.memory_used, free=g.memory_total - g.memory_used)

    def nvmlDeviceGetUtilizationRates(self, g: FakeGpu) -> SimpleNamespace:
        return SimpleNamespace(gpu=g.util, memory=0)

    def nvmlDeviceGetVbiosVersion(self, g: FakeGpu) -> str:
        return g.vbios

    def nvmlDeviceGetPersistenceMode(self, g: FakeGpu) -> int:
        return g.persistence

    def nvmlDeviceGetMigMode(self, g: FakeGpu) -> tuple[int, int]:
        return _supported(g.mig)

    def nvmlDeviceGetEccMode(self, g: FakeGpu) -> tuple[int, int]:
        return _supported(g.ecc_mode)

    def nvmlDeviceGetTotalEccErrors(self, g: FakeGpu, kind: int, counter: int) -> int:
        return g.ecc.get((kind, counter), 0)

    def nvmlDeviceGetRetiredPages(self, g: FakeGpu, cause: int) -> list:
        raise FakeNVMLError(NOT_SUPPORTED)  # Hopper uses row remapping instead

    def nvmlDeviceGetRemappedRows(self, g: FakeGpu) -> tuple[int, int, int, int]:
        return _supported(g.remapped_rows)

    def nvmlDeviceGetCurrPcieLinkGeneration(self, g: FakeGpu) -> int:
        return g.pcie_gen[0]

    def nvmlDeviceGetMaxPcieLinkGeneration(self, g: FakeGpu) -> int:
        return g.pcie_gen[1]

    def nvmlDeviceGetCurrPcieLinkWidth(self, g: FakeGpu) -> int:
        return g.pcie_width[0]

    def nvmlDeviceGetMaxPcieLinkWidth(self, g: FakeGpu) -> int:
        return g.pcie_width[1]

    def nvmlDeviceGetNvLinkState(self, g: FakeGpu, link: int) -> int:
        if link >= g.nvlink_links:
            raise FakeNVMLError(NOT_SUPPORTED)
        return 0 if link in g.nvlink_down else 1

    def nvmlDeviceGetNvLinkErrorCounter(self, g: FakeGpu, link: int, counter: int) -> int:
        return g.nvlink_error_per_counter

    def nvmlDeviceGetTemperature(self, g: FakeGpu, sensor: int) -> int:
        return g.temperature

    def nvmlDeviceGetPowerUsage(self, g: FakeGpu) -> int:
        return g.power_usage_mw

    def nvmlDeviceGetEnforcedPowerLimit(self, g: FakeGpu) -> int:
        return g.power_limit_mw

    def nvmlDeviceGetPowerManagementDefaultLimit(self, g: FakeGpu) -> int:
        return 700_000

    class c_nvmlGpuFabricInfo_t:
        state = 0

    def nvmlDeviceGetGpuFabricInfo(self, g: FakeGpu, info: object) -> int:
        info.state = g.fabric_state  # type: ignore[attr-defined]
        return 0


def _supported(value):
    """Return `value`, or raise NOT_SUPPORTED when the fake GPU lacks the feature (None)."""
    if value is None:
        raise FakeNVMLError(NOT_SUPPORTED)
    return value


def write_ib_tree(root: Path, ports: list[tuple[str, str, str, str]]) -> Path:
    """Build <root>/class/infiniband/<dev>/ports/1/{state,phys_state,rate,link_layer}."""
    for i, (dev, state, rate, layer) in enumerate(ports):
        port = root / "class" / "infiniband" / dev / "ports" / "1"
        port.mkdir(parents=True)
        phys = "5: LinkUp" if state == "4: ACTIVE" else "2: Polling"
        for name, value in (("state", state), ("phys_state", phys), ("rate", rate), ("link_layer", layer)):
            (port / name).write_text(value + "\n")
        (root / "class" / "infiniband" / dev / "device" / "net" / f"ibp{i}s0").mkdir(parents=True)
    return root


def healthy_ib_ports(n: int = 8) -> list[tuple[str, str, str, str]]:
    """n ConnectX-7 NDR ports, all ACTIVE at 400 Gb/s."""
    return [(f"mlx5_{i}", "4: ACTIVE", "400 Gb/sec (4X NDR)", "InfiniBand") for i in range(n)]


def flagship_host() -> HostFacts:
    """The host side of a healthy dgx-h100-8x box."""
    nvme = [DiskFacts(name=f"nvme{i}n1", size_bytes=3_840_000_000_000, nvme=True) for i in range(2)]
    hdd = [DiskFacts(name=f"sd{c}", size_bytes=8_000_000_000_000, rotational=True) for c in "abcdefghijkl"]
    return HostFacts(cpu_model="AMD EPYC 9554 64-Core Processor", cpu_physical_cores=128, cpu_logical=256,
                     memory_total_bytes=2015 * GIB, kernel="5.15.0-105-generic", disks=nvme + hdd,
                     data_root="/var/lib/corpusbox", data_root_free_bytes=3000 * GIB,
                     interfaces=[NetIfFacts(name="eno1", is_up=True, speed_mbps=25000),
                                 NetIfFacts(name="lo", is_up=True)])


@pytest.fixture
def h100x8() -> list[FakeGpu]:
    """Eight healthy H100s."""
    return [FakeGpu() for _ in range(8)]


@pytest.fixture
def ib_root(tmp_path: Path) -> Path:
    """A sysfs root with eight healthy NDR ports."""
    return write_ib_tree(tmp_path / "sys", healthy_ib_ports())


@pytest.fixture
def make_nvml():
    """Factory: FakeNvml(gpus, driver=..., cuda=..., init_error=...)."""
    return FakeNvml


@pytest.fixture
def make_ib_tree(tmp_path: Path):
    """Factory: build a fake sysfs tree from (device, state, rate, link_layer) tuples; returns its root."""
    return lambda ports: write_ib_tree(tmp_path / "sys", ports)


@pytest.fixture
def ndr_ports() -> list[tuple[str, str, str, str]]:
    """Eight healthy NDR port descriptions (copy and break one)."""
    return healthy_ib_ports()


@pytest.fixture(name="flagship_host")
def flagship_host_fixture() -> HostFacts:
    """Host facts of a healthy flagship box."""
    return flagship_host()


@pytest.fixture
def services_up():
    """A systemd probe that says every unit is active."""
    return lambda unit: True
