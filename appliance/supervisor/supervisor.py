"""Starts, stops and health-checks the box's local services, with PID files and logs in the data root."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil

from appliance.errors import CorpusBoxError
from appliance.supervisor.spec import ServiceSpec


@dataclass
class ServiceStatus:
    name: str
    state: str  # running | stopped | unhealthy | stale
    pid: int | None = None
    port: int | None = None
    healthy: bool = False
    uptime_s: float | None = None
    log: str | None = None
    message: str = ""

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


class Supervisor:
    """Manages a set of ServiceSpecs as detached processes (each in its own process group)."""

    def __init__(self, home: Path, specs: list[ServiceSpec], start_timeout: float = 60.0,
                 stop_timeout: float = 15.0) -> None:
        self.home = home
        self.specs = {s.name: s for s in specs}
        self.order = [s.name for s in specs]
        self.start_timeout = start_timeout
        self.stop_timeout = stop_timeout
        self.run_dir = home / "run"
        self.log_dir = home / "logs"

    # ----- state ---------------------------------------------------------------------------
    def _pidfile(self, name: str) -> Path:
        return self.run_dir / f"{name}.pid"

    def _read_pid(self, name: str) -> tuple[int, float] | None:
        path = self._pidfile(name)
        try:
            data = json.loads(path.read_text())
            return int(data["pid"]), float(data["create_time"])
        except (OSError, ValueError, KeyError):
            return None

    def _live_process(self, name: str) -> psutil.Process | None:
        """The recorded process if it is still the same process (not a recycled PID)."""
        recorded = self._read_pid(name)
        if recorded is None:
            return None
        pid, created = recorded
        try:
            proc = psutil.Process(pid)
            if abs(proc.create_time() - created) > 1.0 or proc.status() == psutil.STATUS_ZOMBIE:
                return None
            return proc
        except psutil.Error:
            return None

    def status(self, name: str) -> ServiceStatus:
        spec = self.specs[name]
        log = str(self.log_dir / f"{name}.log")
        proc = self._live_process(name)
        if proc is None:
            stale = self._pidfile(name).exists()
            msg = "stale PID file (the process is gone); `corpusbox up` will clean it" if stale else ""
            return ServiceStatus(name, "stale" if stale else "stopped", port=spec.port, log=log, message=msg)
        healthy = self._healthy(spec)
        return ServiceStatus(name, "running" if healthy else "unhealthy", proc.pid, spec.port, healthy,
                             time.time() - proc.create_time(), log,
                             "" if healthy else f"process is up but does not answer; see {log}")

    def pid(self, name: str) -> int | None:
        """The service's process if it still runs (no health check: cheap enough to poll)."""
        proc = self._live_process(name)
        return proc.pid if proc is not None else None

    def alive(self, name: str) -> bool:
        return self.pid(name) is not None

    def statuses(self) -> list[ServiceStatus]:
        return [self.status(n) for n in self.order]

    # ----- start ---------------------------------------------------------------------------
    def start(self, name: str) -> ServiceStatus:
        """Start a service unless it already runs; wait until it is healthy."""
        spec = self.specs[name]
        if self._live_process(name) is not None:
            return self._wait_healthy(spec)
        self._pidfile(name).unlink(missing_ok=True)  # stale PID file from a crash
        self._check_ports(spec)
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log_path = self.log_dir / f"{name}.log"
        with open(log_path, "ab") as log:
            log.write(f"\n--- {time.strftime('%Y-%m-%d %H:%M:%S')} starting {name}\n".encode())
            log.flush()
            proc = subprocess.Popen(  # noqa: S603 - argv built by the box, not from user text
                spec.argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                cwd=spec.cwd, env={**os.environ, **spec.env}, start_new_session=True,
            )
        created = psutil.Process(proc.pid).create_time()
        tmp = self._pidfile(name).with_suffix(".tmp")
        tmp.write_text(json.dumps({"pid": proc.pid, "create_time": created, "argv": spec.argv}))
        os.replace(tmp, self._pidfile(name))
        return self._wait_healthy(spec, proc)

    def _wait_healthy(self, spec: ServiceSpec, proc: subprocess.Popen[bytes] | None = None) -> ServiceStatus:
        deadline = time.monotonic() + self.start_timeout
        if proc is not None and spec.port is None and not spec.health_url:
            time.sleep(1.0)  # nothing to poll: give a portless worker a moment to fail on start-up
        while time.monotonic() < deadline:
            if proc is not None and proc.poll() is not None:
                self._pidfile(spec.name).unlink(missing_ok=True)
                raise CorpusBoxError(
                    f"service {spec.name} exited during start (status {proc.returncode})",
                    hint=f"read {self.log_dir / (spec.name + '.log')} for the reason",
                )
            if self._healthy(spec):
                return self.status(spec.name)
            time.sleep(0.2)
        raise CorpusBoxError(
            f"service {spec.name} did not become healthy within {self.start_timeout:.0f} s",
            hint=f"read {self.log_dir / (spec.name + '.log')}; `corpusbox down` stops what started",
        )

    def _check_ports(self, spec: ServiceSpec) -> None:
        for port in spec.all_ports():
            if _port_in_use(spec.host, port):
                owner = _port_owner(port)
                raise CorpusBoxError(
                    f"cannot start {spec.name}: port {port} on {spec.host} is already in use{owner}",
                    hint="stop that process, or choose other ports in the configuration "
                    "(storage.s3_port, storage.internal_port_base)",
                )

    def _healthy(self, spec: ServiceSpec) -> bool:
        if spec.health_url:
            try:
                with urllib.request.urlopen(spec.health_url, timeout=2) as resp:  # noqa: S310 - loopback URL
                    return resp.status < 500
            except urllib.error.HTTPError as exc:
                return exc.code < 500
            except (OSError, ValueError):
                return False
        if spec.port is None:
            return True  # a worker without a port is healthy while its process lives (checked by the caller)
        return _port_in_use(spec.host, spec.port)

    # ----- stop ----------------------------------------------------------------------------
    def stop(self, name: str) -> ServiceStatus:
        """SIGTERM the service's process group; SIGKILL it after stop_timeout. Bounded in time."""
        proc = self._live_process(name)
        if proc is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(self.stop_timeout)
            except psutil.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(proc.pid, signal.SIGKILL)
                with contextlib.suppress(psutil.TimeoutExpired):
                    proc.wait(5)
        self._pidfile(name).unlink(missing_ok=True)
        return self.status(name)

    def up(self, names: list[str] | None = None) -> list[ServiceStatus]:
        return [self.start(n) for n in (names or self.order)]

    def down(self, names: list[str] | None = None) -> list[ServiceStatus]:
        return [self.stop(n) for n in reversed(names or self.order)]


def _port_in_use(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def _port_owner(port: int) -> str:
    try:
        for conn in psutil.net_connections(kind="tcp"):
            if conn.laddr and conn.laddr.port == port and conn.status == psutil.CONN_LISTEN and conn.pid:
                return f" by pid {conn.pid} ({psutil.Process(conn.pid).name()})"
    except (psutil.Error, OSError):
        pass
    return ""
