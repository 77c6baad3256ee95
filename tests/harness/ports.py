"""Free loopback ports for test servers (so parallel runs and a running box never collide)."""

from __future__ import annotations

import socket


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def free_port_block(span: int = 100, start: int = 20000, stop: int = 50000) -> int:
    """A base port whose base..base+span and the matching +10000 gRPC ports are all free."""
    for base in range(start, stop, span):
        ports = list(range(base, base + span, 1))
        if all(_free(p) for p in (ports[0], ports[33], ports[40], ports[46], ports[88])) and all(
            _free(p + 10000) for p in (ports[33], ports[40], ports[46], ports[88])
        ):
            return base
    raise RuntimeError("no free port block on loopback")


def _free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False
