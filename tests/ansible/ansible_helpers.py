"""Shared helpers for the Ansible tests: where the tools are, how to run them, the scratch box."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ANSIBLE_DIR = REPO / "ansible"
CONVERGE_INVENTORY = Path(__file__).resolve().parent / "converge" / "hosts.yml"
PLAYBOOKS = sorted((ANSIBLE_DIR / "playbooks").glob("*.yml"))

# What an OS image plus the roles' packages would already have: the scratch tree starts here.
SKELETON = [
    "etc/chrony", "etc/sysctl.d", "etc/security/limits.d", "etc/ssh/sshd_config.d", "etc/sudoers.d",
    "etc/systemd/system", "etc/default", "etc/profile.d", "etc/keepalived", "etc/logrotate.d",
    "etc/rsyslog.d", "etc/postgresql/15/main/conf.d", "etc/modprobe.d", "etc/modules-load.d",
    "etc/udev/rules.d", "etc/apt/preferences.d", "etc/apt/sources.list.d", "etc/mdadm",
    "usr/local/bin", "usr/local/sbin", "var/spool/rsyslog",
]


def tool(name: str) -> str | None:
    """An Ansible command next to this interpreter (the venv) or on PATH."""
    local = Path(sys.executable).parent / name
    if local.exists():
        return str(local)
    return shutil.which(name)


def require_tool(name: str) -> str:
    """The tool's path, or skip the test with the reason."""
    path = tool(name)
    if path is None:
        pytest.skip(f"{name} is not installed (pip install ansible ansible-lint)")
    return path


def ansible_env(**extra: str) -> dict[str, str]:
    """Environment for ansible commands: this repo's ansible.cfg, no colour, facts cached per run."""
    env = dict(os.environ)
    env.update(
        ANSIBLE_CONFIG=str(ANSIBLE_DIR / "ansible.cfg"),
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_FORCE_COLOR="0",
        ANSIBLE_PIPELINING="True",
        ANSIBLE_GATHERING="smart",
        ANSIBLE_CACHE_PLUGIN="memory",
        ANSIBLE_RETRY_FILES_ENABLED="False",
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
    )
    env.update(extra)
    return env


def run(cmd: list[str], timeout: int = 300, **extra_env: str) -> subprocess.CompletedProcess[str]:
    """Run a command from ansible/ and capture its output."""
    return subprocess.run(cmd, cwd=ANSIBLE_DIR, env=ansible_env(**extra_env), capture_output=True,
                          text=True, timeout=timeout, check=False)


def recap(output: str) -> dict[str, dict[str, int]]:
    """Per-host counters of the last PLAY RECAP in ansible-playbook output."""
    stats: dict[str, dict[str, int]] = {}
    tail = output.rsplit("PLAY RECAP", 1)[-1]
    for host, counters in re.findall(r"^(\S+)\s+:\s+(ok=.*)$", tail, flags=re.M):
        stats[host] = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", counters)}
    return stats


def make_skeleton(root: Path) -> None:
    """Create the directories the OS and the roles' packages would provide."""
    for rel in SKELETON:
        (root / rel).mkdir(parents=True, exist_ok=True)
