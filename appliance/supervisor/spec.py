"""How a local service is described to the supervisor."""

from __future__ import annotations

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
