"""The role follower keeps its role's services up: real processes, Patroni's answers stubbed.

The whole pair (real Patroni, etcd, keepalived) is tests/ha/test_pair.py; here only the follower's
own bookkeeping is under test, so Patroni's REST answers are a small stand-in object.
"""

from __future__ import annotations

import os
import signal
import sys
import textwrap
import time
from pathlib import Path

import pytest

from appliance.ha.events import HaEventLog
from appliance.ha.follower import FollowerConfig, RoleFollower
from appliance.ha.patroni_api import MemberState
from appliance.supervisor.spec import ServiceSpec
from appliance.supervisor.supervisor import Supervisor, _port_in_use
from tests.harness.ports import free_port


class StandbyPatroni:
    """What a standby's Patroni answers: a streaming replica whose leader is box a."""

    def node(self) -> dict[str, str]:
        return {"role": "replica", "state": "streaming"}

    def cluster(self) -> list[MemberState]:
        return [MemberState("a", "leader", "running", "10.0.0.1", None, 1),
                MemberState("b", "sync_standby", "streaming", "10.0.0.2", 0, 1)]


@pytest.fixture
def replica(tmp_path: Path) -> tuple[ServiceSpec, Path]:
    """A stand-in object replica: exits at once until `<tmp>/primary-store-up` exists, then serves."""
    gate, port = tmp_path / "primary-store-up", free_port()
    script = tmp_path / "replica.py"
    script.write_text(textwrap.dedent(f"""
        import os, sys
        if not os.path.exists({str(gate)!r}):
            print("primary's filer does not answer", flush=True)
            sys.exit(1)
        os.execv(sys.executable, [sys.executable, "-m", "http.server", "{port}", "--bind", "127.0.0.1"])
    """))
    spec = ServiceSpec(name="objreplica", argv=[sys.executable, str(script)], port=port, host="127.0.0.1",
                       cwd=tmp_path, description="object replica stand-in")
    return spec, gate


def _follower(tmp_path: Path, spec: ServiceSpec) -> RoleFollower:
    home = tmp_path / "home"
    cfg = FollowerConfig(member="b", home=home, pg_data_dir=tmp_path / "pg", pg_bin_dir=tmp_path / "bin",
                         fence_after_s=10, standby_spec=lambda leader: spec, restart_backoff_s=(2.0, 16.0))
    return RoleFollower(StandbyPatroni(), cfg, HaEventLog(home / "ha" / "events.jsonl", "b"))  # type: ignore[arg-type]


def _actions(follower: RoleFollower) -> list[str]:
    return [e["action"] for e in follower.events.journal_events()]


def _supervisor(follower: RoleFollower, spec: ServiceSpec) -> Supervisor:
    return Supervisor(follower.cfg.home, [spec])


def test_when_replica_starts_before_the_primary_store_then_it_is_retried_until_it_runs(
        tmp_path: Path, replica: tuple[ServiceSpec, Path]) -> None:
    spec, gate = replica
    follower = _follower(tmp_path, spec)
    try:
        assert follower.step(now=100.0) == "standby"
        assert _actions(follower) == ["ha.service_failed", "ha.role"]
        failed = follower.events.journal_events()[0]
        assert failed["result"] == "error" and failed["service"] == "objreplica" and failed["retry_in_s"] == 2.0
        assert "exited during start" in failed["error"] and "objreplica.log" in failed["hint"]

        follower.step(now=101.0)  # within the pause: not tried again
        assert _actions(follower).count("ha.service_failed") == 1
        follower.step(now=102.5)  # still failing: the pause doubles
        assert [e.get("retry_in_s") for e in follower.events.journal_events()
                if e["action"] == "ha.service_failed"] == [2.0, 4.0]

        gate.touch()  # the primary's store answers now
        follower.step(now=105.0)
        assert not _supervisor(follower, spec).alive("objreplica")  # its pause runs until 106.5
        follower.step(now=107.0)
        assert _supervisor(follower, spec).alive("objreplica")
        restarted = follower.events.journal_events()[-1]
        assert (restarted["action"], restarted["after_failures"], restarted["result"]) == \
            ("ha.service_restarted", 2, "ok")
    finally:
        _supervisor(follower, spec).stop("objreplica")


def _with_store_up(tmp_path: Path, replica: tuple[ServiceSpec, Path]) -> tuple[RoleFollower, Supervisor]:
    """A follower whose replica can start (the primary's store answers)."""
    spec, gate = replica
    gate.touch()
    follower = _follower(tmp_path, spec)
    return follower, _supervisor(follower, spec)


def test_when_a_running_replica_dies_then_it_is_started_again_and_a_crash_loop_backs_off(
        tmp_path: Path, replica: tuple[ServiceSpec, Path]) -> None:
    follower, sup = _with_store_up(tmp_path, replica)
    try:
        follower.step(now=100.0)
        assert sup.alive("objreplica") and _actions(follower) == ["ha.role"]
        follower.step(now=101.0)
        assert _actions(follower) == ["ha.role"]  # running: nothing to do, nothing journalled

        _kill(sup)
        follower.step(now=102.0)  # the first exit is restarted at once
        assert sup.alive("objreplica")
        assert _actions(follower)[-2:] == ["ha.service_exited", "ha.service_restarted"]

        _kill(sup)
        follower.step(now=103.0)  # a second exit soon after waits for the pause
        assert not sup.alive("objreplica")
        follower.step(now=105.5)
        assert sup.alive("objreplica")
        assert [e.get("exits") for e in follower.events.journal_events() if e["action"] == "ha.service_exited"] \
            == [1, 2]

        follower.step(now=125.0)  # up longer than the longest pause: the streak is forgotten
        _kill(sup)
        follower.step(now=126.0)
        assert sup.alive("objreplica")
        assert follower.events.journal_events()[-2]["exits"] == 1
    finally:
        sup.stop("objreplica")


def _kill(sup: Supervisor) -> None:
    """kill -9 the replica's process group (never group 0: that is this test's own) and wait until it is gone."""
    pid = sup.pid("objreplica")
    assert pid is not None
    os.killpg(pid, signal.SIGKILL)
    _wait_gone(sup)


def _wait_gone(sup: Supervisor) -> None:
    """Until the killed replica is gone and its port closed (as by the follower's next poll)."""
    spec = sup.specs["objreplica"]
    deadline = time.monotonic() + 10
    while (sup.alive("objreplica") or _port_in_use(spec.host, spec.port or 0)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not sup.alive("objreplica")


def test_when_the_standby_replica_is_down_then_ha_status_names_it(tmp_path: Path,
                                                                   replica: tuple[ServiceSpec, Path]) -> None:
    from appliance.ha.service import _replica_problems

    spec, gate = replica
    home = tmp_path / "home"
    (home / "ha").mkdir(parents=True)
    (home / "ha" / "follower.json").write_text('{"member": "b"}')
    problems = _replica_problems(home)
    assert len(problems) == 1 and "object replica is not running" in problems[0] and "objreplica.log" in problems[0]

    gate.touch()
    sup = Supervisor(home, [spec])
    sup.start("objreplica")
    try:
        assert _replica_problems(home) == []
    finally:
        sup.stop("objreplica")
    (home / "ha" / "follower.json").write_text('{"member": "b", "objreplica": false}')  # MinIO replicates itself
    assert _replica_problems(home) == []


def test_when_the_follower_is_told_to_stop_then_the_services_it_started_stop_too(
        tmp_path: Path, replica: tuple[ServiceSpec, Path]) -> None:
    follower, sup = _with_store_up(tmp_path, replica)
    polls = iter([False, False, True])  # two polls, then SIGTERM (what `corpusbox down` sends)
    try:
        follower.run(interval_s=0.01, should_stop=lambda: next(polls))
        assert not sup.alive("objreplica")
        stopped = follower.events.journal_events()[-1]
        assert (stopped["action"], stopped["stopped"]) == ("ha.follower_stopped", ["objreplica"])
    finally:
        sup.stop("objreplica")


def test_when_fencing_then_a_hung_primary_service_is_stopped_without_waiting_on_its_health_check(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A service that accepts connections but never answers (hung) is stopped by its PID; fencing asks no health URL
    (each such request could hold the fence up to 2 s per service before anything is stopped)."""
    port = free_port()
    script = tmp_path / "hung.py"
    script.write_text(textwrap.dedent(f"""
        import socket, time
        s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", {port})); s.listen(8)
        while True:
            time.sleep(60)  # accepts at the kernel, never answers
    """))
    plain = ServiceSpec(name="ingest", argv=[sys.executable, str(script)], port=port, host="127.0.0.1", cwd=tmp_path,
                        description="a hung primary service")
    home = tmp_path / "home"
    Supervisor(home, [plain]).start("ingest")  # healthy by its open port
    checked = ServiceSpec(name="ingest", argv=plain.argv, port=port, host="127.0.0.1", cwd=tmp_path,
                          health_url=f"http://127.0.0.1:{port}/health", description="the same, as the box runs it")
    cfg = FollowerConfig(member="a", home=home, pg_data_dir=tmp_path / "pg", pg_bin_dir=tmp_path / "bin",
                         fence_after_s=10, primary_specs=[checked])
    follower = RoleFollower(StandbyPatroni(), cfg, HaEventLog(home / "ha" / "events.jsonl", "a"))  # type: ignore[arg-type]
    sup = Supervisor(home, [checked])
    try:
        assert sup.alive("ingest")

        def no_health_check(self, spec):  # noqa: ANN001 - the signature of Supervisor._healthy
            raise AssertionError(f"fencing asked {spec.name}'s health URL")

        monkeypatch.setattr(Supervisor, "_healthy", no_health_check)
        follower.fence("lease lost")
        assert not sup.alive("ingest")
        fenced = follower.events.journal_events()[-1]
        assert (fenced["action"], fenced["stopped"]) == ("ha.fenced", ["ingest"])
    finally:
        monkeypatch.undo()
        sup.stop("ingest")
