"""Host checks: InfiniBand ports, Ethernet, disks and free space, CPU, memory, kernel, services."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from appliance.hardware.checks import CheckRow, at_least, gib, row
from appliance.hardware.facts import HostFacts, IbPortFacts
from appliance.hardware.profile import HardwareProfile, InfinibandSpec

ServiceProbe = Callable[[str], "bool | None"]
_TB = 1e12


def systemd_active(unit: str) -> bool | None:
    """True when systemd reports `unit` active; None when the host does not run systemd."""
    if shutil.which("systemctl") is None or not Path("/run/systemd/system").is_dir():
        return None  # containers/CI: systemctl exists but systemd is not PID 1
    try:
        done = subprocess.run(["systemctl", "is-active", "--quiet", unit], timeout=5, check=False,
                              capture_output=True)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.returncode == 0


def _port_name(p: IbPortFacts) -> str:
    """mlx5_0/1."""
    return f"{p.device}/{p.port}"


def check_ib(spec: InfinibandSpec, ports: list[IbPortFacts]) -> list[CheckRow]:
    """HCA ports present and ACTIVE, at the expected rate and link layer."""
    if spec.hca_count == 0:
        return [row("ib.ports", "pass" if not ports else "skip",
                    f"{len(ports)} RDMA port(s)", "none required")]
    compute = [p for p in ports if p.device.startswith(spec.hca_prefix)]
    not_active = [f"{_port_name(p)}: {p.state or '?'} ({p.phys_state or '?'})"
                  for p in compute if p.state != "ACTIVE"]
    active = [p for p in compute if p.state == "ACTIVE"]
    rows = []
    if len(compute) < spec.hca_count:
        rows.append(row("ib.ports", "fail", f"{len(compute)} {spec.hca_prefix}* port(s)",
                        f"{spec.hca_count} ports ACTIVE",
                        "HCA ports missing: check `lspci | grep -i mellanox`, the MLNX_OFED/rdma-core "
                        "install (`ibv_devinfo`), and that the adapters are not disabled in BIOS."))
    elif not_active or len(active) < spec.hca_count:
        rows.append(row("ib.ports", "fail", "; ".join(not_active) or f"{len(active)} ACTIVE",
                        f"{spec.hca_count} ports ACTIVE",
                        "IB port down: check the cable and switch port (`ibstat`, link lights); "
                        "Polling = no peer/bad cable, INIT/ARMED = no subnet manager: start opensm "
                        "or enable the SM on the switch."))
    else:
        rows.append(row("ib.ports", "pass", f"{len(active)} ACTIVE", f"{spec.hca_count} ports ACTIVE"))
    rows.append(_check_rate(spec, active))
    rows.append(_check_link_layer(spec, compute))
    return rows


def _check_rate(spec: InfinibandSpec, active: list[IbPortFacts]) -> CheckRow:
    """Active ports negotiated the expected rate."""
    if not active:
        return row("ib.rate", "skip", "no active port", f">= {spec.rate_gbps} Gb/s")
    slow = [f"{_port_name(p)}: {p.rate_gbps:g} Gb/s" for p in active if p.rate_gbps < spec.rate_gbps]
    rates = sorted({p.rate_gbps for p in active})
    observed = "; ".join(slow) or (", ".join(f"{r:g} Gb/s" for r in rates) or "no active port")
    return row("ib.rate", "warn" if slow else "pass", observed, f">= {spec.rate_gbps} Gb/s",
               "Port negotiated below its rated speed: replace the cable/transceiver with one rated "
               "for the speed, check the switch port config and HCA firmware (`mlxfwmanager`).")


def _check_link_layer(spec: InfinibandSpec, ports: list[IbPortFacts]) -> CheckRow:
    """Ports run the expected link layer (InfiniBand vs RoCE Ethernet)."""
    if spec.link_layer == "any" or not ports:
        return row("ib.link_layer", "skip", "no port" if not ports else "-", spec.link_layer)
    bad = [f"{_port_name(p)}: {p.link_layer}" for p in ports if p.link_layer != spec.link_layer]
    return row("ib.link_layer", "fail" if bad else "pass", "; ".join(bad) or spec.link_layer,
               spec.link_layer,
               "Port in the wrong mode: set LINK_TYPE_P1 with `mlxconfig -d <dev> set LINK_TYPE_P1=1` "
               "(1 = IB, 2 = Ethernet) and reboot, or use the RoCE variant of the profile.")


def check_network(profile: HardwareProfile, host: HostFacts) -> CheckRow:
    """At least one non-loopback interface is up (and fast enough when the profile says so)."""
    up = [i for i in host.interfaces if i.is_up and i.name != "lo"]
    want = profile.network.ethernet_min_gbps
    fast = [i for i in up if i.speed_mbps >= want * 1000]
    observed = ", ".join(f"{i.name} {i.speed_mbps / 1000:g}G" if i.speed_mbps else f"{i.name} up"
                         for i in up) or "no interface up"
    if not up:
        return row("net.uplink", "fail", observed, "one interface up",
                   "No network link: check cabling and `ip link`; the box needs its hospital uplink.")
    if want and not fast:
        return row("net.uplink", "warn", observed, f">= {want:g} Gb/s",
                   "Uplink slower than specified: check the NIC/switch negotiation (`ethtool <if>`).")
    return row("net.uplink", "pass", observed, f">= {want:g} Gb/s" if want else "one interface up")


def check_storage(profile: HardwareProfile, host: HostFacts) -> list[CheckRow]:
    """NVMe count/capacity, HDD capacity and free space under the data root."""
    spec = profile.storage
    nvme = [d for d in host.disks if d.nvme]
    nvme_tb = sum(d.size_bytes for d in nvme) / _TB
    hdd_tb = sum(d.size_bytes for d in host.disks if d.rotational and not d.nvme) / _TB
    nvme_ok = len(nvme) >= spec.nvme_count_min and nvme_tb >= spec.nvme_total_tb_min
    free = gib(host.data_root_free_bytes)
    return [
        row("storage.nvme", "pass" if nvme_ok else "fail", f"{len(nvme)} device(s), {nvme_tb:.1f} TB",
            f">= {spec.nvme_count_min} device(s), >= {spec.nvme_total_tb_min:g} TB",
            "NVMe hot tier short: check `nvme list` and BIOS/backplane (VMD/RAID mode hides drives)."),
        row("storage.hdd", "pass" if hdd_tb >= spec.hdd_total_tb_min else "fail", f"{hdd_tb:.1f} TB",
            f">= {spec.hdd_total_tb_min:g} TB",
            "HDD cold tier short: check the HBA/JBOD (`lsblk -d -o NAME,ROTA,SIZE`) and failed drives."),
        row("storage.data_root_free", "pass" if free >= spec.data_root_free_gib_min else "fail",
            f"{free} GiB free at {host.data_root}", f">= {spec.data_root_free_gib_min:g} GiB",
            "Free space on the data root: prune old checkpoints/snapshots with the CLI or move the "
            "data root (`home` in corpusbox.toml) to the NVMe tier."),
    ]


def check_cpu_memory(profile: HardwareProfile, host: HostFacts) -> list[CheckRow]:
    """CPU cores/model and RAM at or above the floors."""
    cores = host.cpu_physical_cores or host.cpu_logical
    kind = "physical" if host.cpu_physical_cores else "logical"
    model_ok = not profile.cpu.model_contains or profile.cpu.model_contains in host.cpu_model
    cpu_ok = cores >= profile.cpu.cores_min and model_ok
    expected = f">= {profile.cpu.cores_min} cores" + (
        f", *{profile.cpu.model_contains}*" if profile.cpu.model_contains else "")
    mem = gib(host.memory_total_bytes)
    return [
        row("cpu", "pass" if cpu_ok else "fail", f"{cores} {kind} cores, {host.cpu_model or '?'}",
            expected, "Fewer cores/other CPU than qualified: check BIOS (SMT, cores disabled, one socket "
            "offline) or pick the matching profile."),
        row("memory", "pass" if mem >= profile.memory.total_gib_min else "fail", f"{mem} GiB",
            f">= {profile.memory.total_gib_min:g} GiB",
            "RAM below the floor: check for failed DIMMs in the BMC event log and `dmidecode -t memory`."),
    ]


def check_kernel(profile: HardwareProfile, host: HostFacts) -> CheckRow:
    """Kernel release at or above the floor."""
    floor = profile.os.kernel_min
    if not floor:
        return row("os.kernel", "skip", host.kernel, "any")
    ok = at_least(host.kernel, floor)
    return row("os.kernel", "pass" if ok else "fail", host.kernel, f">= {floor}",
               "Kernel too old for the qualified driver/OFED stack: upgrade the OS image.")


def check_services(profile: HardwareProfile, service_active: ServiceProbe) -> list[CheckRow]:
    """Required units active (fail) and recommended units active (warn)."""
    rows = []
    for units, level in ((profile.os.required_services, "fail"),
                         (profile.os.recommended_services, "warn")):
        for unit in units:
            active = service_active(unit)
            if active is None:
                rows.append(row(f"service.{unit}", "warn", "unknown (no systemd)", "active",
                                f"Check `systemctl status {unit}` by hand."))
                continue
            rows.append(row(f"service.{unit}", "pass" if active else level,
                            "active" if active else "inactive", "active",
                            f"`systemctl enable --now {unit}`; see `journalctl -u {unit}` if it fails."))
    return rows
