"""CPU, memory, kernel, disks, free space and network interfaces of the host."""

from __future__ import annotations

import platform
import re
import shutil
from pathlib import Path

import psutil

from appliance.hardware.facts import DiskFacts, HostFacts, NetIfFacts
from appliance.hardware.infiniband import SYSFS_ROOT

_VIRTUAL_BLOCK = re.compile(r"^(loop|ram|zram|dm-|sr|fd|nbd|md|nvme\d+c\d+n)")
_SECTOR = 512  # /sys/block/*/size is always in 512-byte units


def _read(path: Path) -> str:
    """A sysfs/procfs attribute, stripped; empty when missing."""
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def read_disks(sysfs_root: Path = SYSFS_ROOT) -> list[DiskFacts]:
    """Whole physical block devices (loop, zram, device-mapper and multipath paths skipped)."""
    base = sysfs_root / "block"
    if not base.is_dir():
        return []
    disks = []
    for dev in sorted(base.iterdir()):
        if _VIRTUAL_BLOCK.match(dev.name):
            continue
        sectors = _read(dev / "size")
        disks.append(DiskFacts(
            name=dev.name,
            size_bytes=int(sectors) * _SECTOR if sectors.isdigit() else 0,
            rotational=_read(dev / "queue" / "rotational") == "1",
            nvme=dev.name.startswith("nvme"),
        ))
    return disks


def cpu_model(procfs_root: Path = Path("/proc")) -> str:
    """CPU model name from /proc/cpuinfo (falls back to platform.processor())."""
    for line in _read(procfs_root / "cpuinfo").splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def free_bytes(path: Path) -> tuple[Path, int]:
    """Free space of the filesystem that holds `path` (or its nearest existing parent)."""
    probe = path.resolve()
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    return probe, shutil.disk_usage(probe).free


def read_interfaces() -> list[NetIfFacts]:
    """Network interfaces with link state and speed."""
    return [NetIfFacts(name=name, is_up=st.isup, speed_mbps=max(st.speed, 0))
            for name, st in sorted(psutil.net_if_stats().items())]


def read_host(data_root: Path, sysfs_root: Path = SYSFS_ROOT,
              procfs_root: Path = Path("/proc")) -> HostFacts:
    """Everything about the host that doctor checks."""
    probe, free = free_bytes(data_root)
    return HostFacts(
        cpu_model=cpu_model(procfs_root),
        cpu_physical_cores=psutil.cpu_count(logical=False),
        cpu_logical=psutil.cpu_count() or 1,
        memory_total_bytes=psutil.virtual_memory().total,
        kernel=platform.release(),
        disks=read_disks(sysfs_root),
        data_root=str(probe),
        data_root_free_bytes=free,
        interfaces=read_interfaces(),
    )
