"""Hardware roles (nvidia, infiniband, storage) in --check mode with the flagship profile's variables."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.ansible.ansible_helpers import CONVERGE_INVENTORY, make_skeleton, require_tool, run


def _check(tmp: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """hardware.yml in check+diff mode for the scratch host `single`, profile dgx-h100-8x."""
    root = tmp / "root"
    make_skeleton(root / "single")
    disk = tmp / "nvme-data.img"
    with disk.open("wb") as handle:
        handle.truncate(64 * 1024 * 1024)
    volumes = [{"device": str(disk), "tier": "nvme", "fstype": "ext4", "mountpoint": "/var/lib/corpusbox",
                "label": "cbx-data"}]
    return run([require_tool("ansible-playbook"), "-i", str(CONVERGE_INVENTORY), "--limit", "single",
                "--check", "--diff", "-e", f"converge_root={root}", "-e", "converge_wheelhouse=/nonexistent",
                "-e", "profile_name=dgx-h100-8x", "-e", json.dumps({"storage_volumes": volumes}),
                "playbooks/hardware.yml", *extra])


@pytest.fixture(scope="module")
def flagship_check(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    tmp = tmp_path_factory.mktemp("hardware")
    return tmp, _check(tmp)


def test_when_flagship_profile_then_check_mode_plans_the_driver_floor_and_gpudirect(flagship_check) -> None:  # noqa: ANN001
    _, done = flagship_check
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    assert "Pin: version 535.104.05-*" in done.stdout  # the profile's gpu.driver_min
    assert "blacklist nouveau" in done.stdout
    assert "nvidia-peermem" in done.stdout and "ib_uverbs" in done.stdout
    assert "Create filesystems on empty devices" in done.stdout


def test_when_check_mode_then_nothing_is_written(flagship_check) -> None:  # noqa: ANN001
    tmp, _ = flagship_check
    root = tmp / "root" / "single"
    assert list((root / "etc/apt/preferences.d").iterdir()) == []
    assert list((root / "etc/modules-load.d").iterdir()) == []
    # ansible.posix.mount touches a missing fstab even in check mode; it must stay empty.
    fstab = root / "etc/fstab"
    assert not fstab.exists() or "cbx-data" not in fstab.read_text()
    blkid = subprocess.run(["blkid", str(tmp / "nvme-data.img")], capture_output=True, text=True, check=False)
    assert "ext4" not in blkid.stdout


def test_when_driver_below_the_profile_floor_then_the_play_refuses(tmp_path: Path) -> None:
    done = _check(tmp_path, "-e", "nvidia_driver_version=470.57.02")
    assert done.returncode != 0
    assert "below dgx-h100-8x's floor 535.104.05" in done.stdout


def test_when_cpu_profile_then_gpu_and_rdma_roles_skip(tmp_path: Path) -> None:
    root = tmp_path / "root"
    make_skeleton(root / "single")
    done = run([require_tool("ansible-playbook"), "-i", str(CONVERGE_INVENTORY), "--limit", "single", "--check",
                "-e", f"converge_root={root}", "-e", "converge_wheelhouse=/nonexistent", "playbooks/hardware.yml"])
    assert done.returncode == 0, done.stdout[-3000:]
    assert "Profile cpu-dev has no NVIDIA GPUs" in done.stdout
    assert "Profile cpu-dev has no InfiniBand HCAs" in done.stdout
