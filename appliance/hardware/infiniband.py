"""RDMA ports from sysfs (`<root>/class/infiniband`); the root is injectable for tests."""

from __future__ import annotations

import re
from pathlib import Path

from appliance.hardware.facts import IbPortFacts

SYSFS_ROOT = Path("/sys")


def _read(path: Path) -> str:
    """Contents of a sysfs attribute, stripped; empty when missing or unreadable."""
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def _after_colon(value: str) -> str:
    """'4: ACTIVE' -> 'ACTIVE'."""
    return value.split(":", 1)[1].strip() if ":" in value else value


def _rate_gbps(value: str) -> float:
    """'400 Gb/sec (4X NDR)' -> 400.0."""
    match = re.match(r"\s*([\d.]+)", value)
    return float(match.group(1)) if match else 0.0


def read_ib_ports(sysfs_root: Path = SYSFS_ROOT) -> list[IbPortFacts]:
    """Every port of every HCA under `<sysfs_root>/class/infiniband`, sorted by device and port."""
    base = sysfs_root / "class" / "infiniband"
    if not base.is_dir():
        return []
    ports: list[IbPortFacts] = []
    for dev in sorted(base.iterdir()):
        netdevs = sorted(p.name for p in (dev / "device" / "net").glob("*"))
        for port_dir in sorted((dev / "ports").glob("*"), key=lambda p: p.name):
            if not port_dir.name.isdigit():
                continue
            ports.append(IbPortFacts(
                device=dev.name, port=int(port_dir.name),
                state=_after_colon(_read(port_dir / "state")),
                phys_state=_after_colon(_read(port_dir / "phys_state")),
                rate_gbps=_rate_gbps(_read(port_dir / "rate")),
                link_layer=_read(port_dir / "link_layer"),
                netdev=netdevs[0] if netdevs else None,
            ))
    return ports
