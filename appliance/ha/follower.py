"""The role follower: the box's own services follow Patroni's decision about who is primary.

Every second it asks the local Patroni for this box's role. On promotion it starts the
primary-only services (ingestion, de-identification, training scheduling, serving) and stops
the object replica; on demotion it stops them (fencing: they must not write any more) and starts
following the new primary's buckets. A role's service that exits or fails to start (the replica
started before the primary's object store answers, a worker that crashed) is started again at
the next polls, with a growing pause between tries, and every failure and restart is journalled.
If Patroni itself goes silent while PostgreSQL still runs as a primary, the follower stops
PostgreSQL and drops the VIP before the leader key can expire, which is what a hardware watchdog
would do, so a hung or killed Patroni never leaves two writers.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from appliance.errors import CorpusBoxError, ServiceUnavailable
from appliance.ha.events import HaEventLog
from appliance.ha.patroni_api import PatroniClient
from appliance.supervisor.spec import ServiceSpec
from appliance.supervisor.supervisor import Supervisor

PRIMARY, STANDBY, UNKNOWN = "primary", "standby", "unknown"


@dataclass
class FollowerConfig:
    """What one box's follower manages (flat values; built from the pair and the settings)."""

    member: str
    home: Path
    pg_data_dir: Path
    pg_bin_dir: Path
    fence_after_s: float
    primary_specs: list[ServiceSpec] = field(default_factory=list)
    standby_spec: Callable[[str], ServiceSpec | None] = lambda leader: None
    release_vip: list[str] | None = None
    pg_user: str = "postgres"
    restart_backoff_s: tuple[float, float] = (2.0, 60.0)  # first and longest pause between restarts


@dataclass
class _Restarts:
    """One service's failed starts and exits since it last stayed up (restart_backoff_s[1])."""

    streak: int = 0
    retry_at: float = 0.0
    up_since: float | None = None  # the last start that succeeded; None while it is down


class RoleFollower:
    """Polls Patroni; applies the services of the role; fences a primary whose Patroni is gone."""

    def __init__(self, client: PatroniClient, config: FollowerConfig, events: HaEventLog) -> None:
        self.client = client
        self.cfg = config
        self.events = events
        self.role = UNKNOWN
        self.leader: str | None = None
        self._silent_since: float | None = None
        self._fenced = False
        self._seen = False  # never fence a box whose Patroni has not answered yet (still booting)
        self._restarts: dict[str, _Restarts] = {}

    def observe(self) -> tuple[str, str | None]:
        """(role, leader name) as Patroni sees it; UNKNOWN when Patroni does not answer."""
        try:
            node = self.client.node()
        except ServiceUnavailable:
            return UNKNOWN, None
        role = PRIMARY if node.get("role") in ("primary", "master") and node.get("state") == "running" else STANDBY
        leader = self.cfg.member if role == PRIMARY else None
        if role == STANDBY:
            with contextlib.suppress(ServiceUnavailable):
                leader = next((m.name for m in self.client.cluster() if m.role == "leader"), None)
            if leader == self.cfg.member:
                leader = None  # mid-promotion: the key is ours but PostgreSQL is not read-write yet
        return role, leader

    def step(self, now: float | None = None) -> str:
        """One poll: follow a role change, or fence. Returns the role seen."""
        now = time.monotonic() if now is None else now
        role, leader = self.observe()
        if role == UNKNOWN:
            self._silent_since = self._silent_since or now
            if self._seen and not self._fenced and now - self._silent_since >= self.cfg.fence_after_s:
                self.fence(f"patroni silent for {now - self._silent_since:.0f} s")
            return role
        self._silent_since, self._fenced, self._seen = None, False, True
        if role != self.role or (role == STANDBY and leader is not None and leader != self.leader):
            self._apply(role, leader, now)
        else:
            self._keep_running(now)
        return role

    def _apply(self, role: str, leader: str | None, now: float) -> None:
        previous = self.role
        self.role, self.leader = role, leader
        self._restarts.clear()
        if role == PRIMARY:
            self._stop_standby_service()
            started = [s.name for s in self.cfg.primary_specs if self._start(s, now)]
            self.events.record("ha.promoted" if previous != UNKNOWN else "ha.role", role=role, services=started)
        else:
            stopped = self._stop_primary_services()
            spec = self._standby_spec()
            if spec is not None:
                self._stop_standby_service()
                self._start(spec, now)
            self.events.record("ha.demoted" if previous == PRIMARY else "ha.role", role=role, leader=leader,
                               stopped=stopped)

    def _standby_spec(self) -> ServiceSpec | None:
        return self.cfg.standby_spec(self.leader) if self.role == STANDBY and self.leader else None

    def _role_specs(self) -> list[ServiceSpec]:
        """The services this box's current role runs."""
        if self.role == PRIMARY:
            return list(self.cfg.primary_specs)
        spec = self._standby_spec()
        return [spec] if spec is not None else []

    def _pause(self, streak: int) -> float:
        first, longest = self.cfg.restart_backoff_s
        return min(longest, first * 2 ** max(0, streak - 1))

    def _start(self, spec: ServiceSpec, now: float) -> bool:
        """Start one service of the role; a failure is journalled and retried later, never raised."""
        r = self._restarts.setdefault(spec.name, _Restarts())
        try:
            self._supervisor(spec).start(spec.name)
        except CorpusBoxError as exc:
            r.streak, r.up_since = r.streak + 1, None
            r.retry_at = now + self._pause(r.streak)
            self.events.record("ha.service_failed", result="error", service=spec.name, role=self.role,
                               attempt=r.streak, retry_in_s=r.retry_at - now, error=exc.message, hint=exc.hint)
            return False
        if r.streak:
            self.events.record("ha.service_restarted", service=spec.name, role=self.role, after_failures=r.streak)
        r.up_since = now
        return True

    def _keep_running(self, now: float) -> None:
        """Start again a service of the role that exited or never came up (after its pause)."""
        for spec in self._role_specs():
            r = self._restarts.setdefault(spec.name, _Restarts())
            if self._supervisor(spec).alive(spec.name):
                if r.streak and r.up_since is not None and now - r.up_since >= self.cfg.restart_backoff_s[1]:
                    self._restarts[spec.name] = _Restarts(up_since=r.up_since)  # stayed up: start afresh
                continue
            if r.up_since is not None:  # it was running and is gone
                r.streak, r.up_since = r.streak + 1, None
                r.retry_at = now if r.streak == 1 else now + self._pause(r.streak - 1)
                self.events.record("ha.service_exited", result="error", service=spec.name, role=self.role,
                                   exits=r.streak)
            if now >= r.retry_at:
                self._start(spec, now)

    def fence(self, reason: str) -> None:
        """Stop everything that writes: primary services, PostgreSQL (if primary), the VIP."""
        self._fenced = True
        stopped = self._stop_primary_services()
        pg_stopped = self._stop_postgres_if_primary()
        if self.cfg.release_vip:
            subprocess.run(self.cfg.release_vip + ["fence"], check=False, timeout=10)
        self.role = UNKNOWN
        self.events.record("ha.fenced", reason=reason, stopped=stopped, postgres_stopped=pg_stopped)

    def _stop_primary_services(self) -> list[str]:
        """Stop the primary's services that run; returns their names. A PID check, not a health request: fencing
        must not wait up to 2 s on each hung service before it stops it."""
        out = []
        for spec in self.cfg.primary_specs:
            sup = self._supervisor(spec)
            if sup.alive(spec.name):
                sup.stop(spec.name)
                out.append(spec.name)
        return out

    def _stop_standby_service(self) -> list[str]:
        """Stop the object replica; returns its name if it was running."""
        spec = self.cfg.standby_spec(self.cfg.member)
        if spec is None:
            return []
        sup = self._supervisor(spec)
        was_running = sup.alive(spec.name)
        sup.stop(spec.name)
        return [spec.name] if was_running else []

    def _stop_postgres_if_primary(self) -> bool:
        data = self.cfg.pg_data_dir
        pidfile = data / "postmaster.pid"
        if not pidfile.exists() or (data / "standby.signal").exists():
            return False
        with contextlib.suppress(OSError, ValueError):
            if not psutil.pid_exists(int(pidfile.read_text().split()[0])):
                return False
        cmd = [str(self.cfg.pg_bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", self.cfg.pg_user, "--", *cmd]
        return subprocess.run(cmd, check=False, capture_output=True, timeout=30).returncode == 0

    def _supervisor(self, spec: ServiceSpec) -> Supervisor:
        return Supervisor(self.cfg.home, [spec], start_timeout=30, stop_timeout=10)

    def run(self, interval_s: float = 1.0, should_stop: Callable[[], bool] = lambda: False) -> None:
        """Follow until told to stop, then stop the role's services; a failing start is journalled, not fatal."""
        while not should_stop():
            try:
                self.step()
            except CorpusBoxError as exc:
                self.events.record("ha.follower_error", result="error", error=exc.message)
            time.sleep(interval_s)
        self.stop_services()

    def stop_services(self) -> list[str]:
        """Stop every service the follower runs (`corpusbox down`: nothing it started outlives it)."""
        stopped = self._stop_primary_services() + self._stop_standby_service()
        self.events.record("ha.follower_stopped", role=self.role, stopped=stopped)
        return stopped
