"""How a local service is described to the supervisor."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class ServiceSpec:
    """One supervised process: its command, the port it owns and how to tell it is healthy.

    `health_url` is polled over HTTP (any answer below 500 counts as up); without it, a TCP
    connect to `host:port` is the health check.
    """

    name: str
    argv: list[str]
    port: int | None = None
    host: str = "127.0.0.1"
    health_url: str | None = None
    env: dict[str, str] = field(default_factory=dict)
    cwd: Path | None = None
    extra_ports: tuple[int, ...] = ()
    description: str = ""

    def all_ports(self) -> list[int]:
        return ([self.port] if self.port else []) + list(self.extra_ports)


def box_cli(home: Path, config_file: Path | None, *args: str) -> tuple[list[str], dict[str, str]]:
    """argv and env to run `corpusbox ARGS` as a service of the box at `home`.

    The child is pinned to this box (CORPUSBOX_HOME, --config), never to whatever data root the
    supervisor's own environment would default to; a stray CORPUSBOX_TOKEN is not inherited, so
    the service acts as the data root's owner (audited as os:<user>).
    """
    argv = [sys.executable, "-m", "appliance.cli.main"]
    if config_file:
        argv += ["--config", str(config_file)]
    return argv + list(args), {"CORPUSBOX_HOME": str(home), "CORPUSBOX_TOKEN": ""}
