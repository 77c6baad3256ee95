"""Host facts: disks from a fake sysfs tree, free space, and this machine's CPU/memory."""

from __future__ import annotations

from pathlib import Path

from appliance.hardware.host import free_bytes, read_disks, read_host


def _disk(root: Path, name: str, sectors: int, rotational: int) -> None:
    dev = root / "block" / name
    (dev / "queue").mkdir(parents=True)
    (dev / "size").write_text(f"{sectors}\n")
    (dev / "queue" / "rotational").write_text(f"{rotational}\n")


def test_when_sysfs_has_nvme_hdd_and_loop_then_only_real_disks_are_listed(tmp_path):
    _disk(tmp_path, "nvme0n1", 7_500_000_000, 0)
    _disk(tmp_path, "sda", 15_625_000_000, 1)
    _disk(tmp_path, "loop0", 100, 0)
    _disk(tmp_path, "nvme0c0n1", 7_500_000_000, 0)  # multipath path, not a second drive
    disks = read_disks(tmp_path)
    assert [(d.name, d.nvme, d.rotational) for d in disks] == [("nvme0n1", True, False), ("sda", False, True)]
    assert disks[0].size_bytes == 7_500_000_000 * 512


def test_when_data_root_does_not_exist_yet_then_parent_free_space_is_measured(tmp_path):
    probe, free = free_bytes(tmp_path / "not" / "yet")
    assert probe == tmp_path and free > 0


def test_when_reading_this_host_then_cpu_memory_and_kernel_are_known(tmp_path):
    host = read_host(tmp_path)
    assert host.cpu_logical >= 1 and host.memory_total_bytes > 2**30 and host.kernel
