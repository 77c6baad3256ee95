"""The HA service layer: pair a box, re-join it, report the pair, switch over, test a failover.

CLI, console and API call these; each checks `ha.read`/`ha.manage` and audits what it changes.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from appliance.box import Box
from appliance.errors import Conflict, CorpusBoxError, ServiceUnavailable
from appliance.ha.credentials import PairCredentials, credentials_path, load_credentials, save_credentials
from appliance.ha.events import HaEventLog
from appliance.ha.generate import MemberPaths, write_member_bundle
from appliance.ha.patroni_api import MemberState, PatroniClient
from appliance.ha.probe import CommitProbe, missing_commits
from appliance.ha.runtime import OBJREPLICA
from appliance.ha.settings import PairSpec, dump_pair, load_pair, pair_path, parse_pair
from appliance.services.auth import Principal
from appliance.services.boxops import authorize_local
from appliance.supervisor.supervisor import Supervisor


@dataclass
class PairResult:
    member: str
    pair_file: str
    credentials_file: str
    generated: list[str]
    next_steps: list[str]


@dataclass
class HaStatus:
    member: str | None
    scope: str
    vip: str
    vip_here: bool
    members: list[dict[str, Any]]
    leader: str | None
    sync_standby: str | None
    etcd: dict[str, bool]
    pending_events: int
    problems: list[str] = field(default_factory=list)


def local_member(home: Path) -> str:
    """This box's member name, recorded by `ha init`/`ha join`."""
    path = home / "ha" / "member"
    if not path.exists():
        raise CorpusBoxError("this box is not part of a pair", hint="run `corpusbox ha init` or `corpusbox ha join`")
    return path.read_text().strip()


def init_pair(box: Box, actor: Principal, pair_text: str, member: str) -> PairResult:
    """Store the pair description, create the shared credentials and this box's configuration."""
    authorize_local(box, actor, "ha.manage")
    pair = parse_pair(pair_text)
    pair.member(member)
    if member == pair.witness.name:
        raise CorpusBoxError(f"{member} is the witness; run `ha init` on a box",
                             hint="the witness only runs etcd: copy ha/generated/etcd.args there")
    if not credentials_path(box.home).exists():
        save_credentials(box.home, PairCredentials.generate())
    result = _write_member(box, pair, member)
    other = pair.peer(member).name
    result.next_steps = [
        f"copy {result.pair_file} and {result.credentials_file} (mode 0600) to box {other} and to the witness",
        f"on {other}: `corpusbox ha join --member {other}`",
        "start etcd on all three members, then Patroni and keepalived on both boxes (Ansible playbook ha.yml)",
    ]
    _audit(box, actor, "ha.init", member, {"vip": pair.vip, "boxes": [b.name for b in pair.boxes],
                                           "witness": pair.witness.name, "strict": pair.synchronous_mode_strict})
    return result


def join_pair(box: Box, actor: Principal, member: str) -> PairResult:
    """Second box: generate its configuration from the copied pair description and credentials."""
    authorize_local(box, actor, "ha.manage")
    pair = load_pair(pair_path(box.home))
    load_credentials(box.home)
    result = _write_member(box, pair, member)
    result.next_steps = ["start etcd, Patroni (it clones the primary) and keepalived on this box"]
    _audit(box, actor, "ha.join", member, {"vip": pair.vip})
    return result


def _write_member(box: Box, pair: PairSpec, member: str) -> PairResult:
    ha_dir = box.home / "ha"
    ha_dir.mkdir(parents=True, exist_ok=True)
    pair_path(box.home).write_text(dump_pair(pair))
    (ha_dir / "member").write_text(member + "\n")
    paths = MemberPaths.default(pair, box.home)
    files = write_member_bundle(pair, member, load_credentials(box.home), paths)
    follower = {"member": member, "home": str(box.home), "pair_file": str(pair_path(box.home)),
                "patroni_url": f"http://{pair.member(member).address}:{pair.ports.patroni_rest}",
                "config": str(box.settings.config_file or box.home / "corpusbox.toml"),
                "primary_services": _primary_services(pair), "weed": _weed(),
                "health_port": pair.ports.follower,
                "release_vip": [str(paths.conf_dir / "sbin" / "corpusbox-vip-release")]}
    (ha_dir / "follower.json").write_text(json.dumps(follower, indent=2))
    return PairResult(member, str(pair_path(box.home)), str(credentials_path(box.home)),
                      [str(f) for f in files] + [str(ha_dir / "follower.json")], [])


def _primary_services(pair: PairSpec) -> list[str]:
    names = list(pair.primary_services)
    if pair.standby_serves_inference and "inference" in names:
        names.remove("inference")  # the standby keeps serving (read-only): it never stops
    return names


def _weed() -> str:
    beside = Path(sys.executable).with_name("weed")
    return str(beside) if beside.exists() else (shutil.which("weed") or "weed")


def _clients(box: Box, pair: PairSpec) -> dict[str, PatroniClient]:
    creds = load_credentials(box.home)
    return {b.name: PatroniClient(f"http://{b.address}:{pair.ports.patroni_rest}", creds.restapi_user,
                                  creds.restapi_password) for b in pair.boxes}


def cluster_view(clients: dict[str, PatroniClient]) -> list[MemberState]:
    """The cluster as the first answering member sees it."""
    for client in clients.values():
        try:
            return client.cluster()
        except ServiceUnavailable:
            continue
    raise ServiceUnavailable("no Patroni member answers", hint="check patroni on both boxes (`systemctl status patroni`)")


def status(box: Box, actor: Principal) -> HaStatus:
    """Who leads, who is in sync, lag, etcd health, VIP placement and waiting HA events."""
    authorize_local(box, actor, "ha.read")
    pair = load_pair(pair_path(box.home))
    member = local_member(box.home)
    problems: list[str] = []
    try:
        view = cluster_view(_clients(box, pair))
    except ServiceUnavailable as exc:
        view, problems = [], [exc.message]
    leader = next((m.name for m in view if m.role == "leader"), None)
    sync = next((m.name for m in view if m.role == "sync_standby"), None)
    if leader and not sync:
        problems.append("no synchronous standby: commits are on one box only until the standby re-joins")
    etcd = {m.name: _etcd_healthy(m.address, pair.ports.etcd_client) for m in pair.members}
    if sum(etcd.values()) < 2:
        problems.append("etcd has no quorum: no failover is possible")
    if leader and member != leader and member in {m.name for m in view}:
        problems += _replica_problems(box.home)
    journal = HaEventLog(box.home / "ha" / "events.jsonl", member)
    return HaStatus(member, pair.scope, pair.vip, _vip_here(pair, member), [vars(m) for m in view], leader, sync,
                    etcd, len(journal.journal_events()), problems)


def _replica_problems(home: Path) -> list[str]:
    """On the standby: is the follower's object replica (filer.sync) running?"""
    try:
        doc = json.loads((home / "ha" / "follower.json").read_text())
    except (OSError, ValueError):
        return []
    if not doc.get("objreplica", True) or Supervisor(home, []).alive(OBJREPLICA):
        return []
    return [f"the object replica is not running on this standby: objects written on the primary are not "
            f"copied here; the follower retries it (events ha.service_failed), see {home / 'logs'}/{OBJREPLICA}.log"]


def _etcd_healthy(address: str, port: int) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(f"http://{address}:{port}/health", timeout=1) as resp:
            return json.loads(resp.read()).get("health") == "true"
    except (OSError, ValueError):
        return False


def _vip_here(pair: PairSpec, member: str) -> bool:
    out = subprocess.run(["ip", "-o", "addr", "show"], capture_output=True, text=True, check=False).stdout
    return f" {pair.vip_address}/" in out


def switchover(box: Box, actor: Principal, candidate: str | None = None, timeout_s: float = 30) -> dict[str, Any]:
    """Planned switchover for maintenance: the primary hands over to the in-sync standby."""
    authorize_local(box, actor, "ha.manage")
    pair = load_pair(pair_path(box.home))
    clients = _clients(box, pair)
    view = cluster_view(clients)
    leader = next((m.name for m in view if m.role == "leader"), None)
    if leader is None:
        raise Conflict("the pair has no leader right now", hint="wait for the failover to finish; `corpusbox ha status`")
    target = candidate or pair.peer(leader).name
    if target == leader:
        raise Conflict(f"{target} is already the primary", hint="name the other box with --to")
    start = time.monotonic()
    clients[leader].switchover(leader, target)
    _wait(lambda: _is_primary(clients[target]), timeout_s, f"{target} did not become primary")
    took = round(time.monotonic() - start, 2)
    _audit(box, actor, "ha.switchover", target, {"from": leader, "to": target, "seconds": took})
    return {"from": leader, "to": target, "seconds": took}


def failover_test(box: Box, actor: Principal, switch_back: bool = True) -> dict[str, Any]:
    """On a live pair: commit through the VIP during a switchover; time it and check every commit."""
    authorize_local(box, actor, "ha.manage")
    pair = load_pair(pair_path(box.home))
    creds = load_credentials(box.home)
    dsn = (f"host={pair.vip_address} port={pair.ports.postgres} user={creds.superuser} "
           f"password={creds.superuser_password} dbname={pair.app_database} connect_timeout=1 tcp_user_timeout=1000")
    probe = CommitProbe(dsn)
    probe.setup()
    probe.start()
    time.sleep(2)
    t0 = time.monotonic()
    try:
        moved = switchover(box, actor)
        _wait(lambda: probe.result.first_ack_after(t0) is not None, 30, "no commit through the VIP")
        time.sleep(1)
    finally:
        result = probe.stop()
    missing = missing_commits(dsn, result)
    report = {"switchover": moved, "write_gap_s": round(result.longest_pause(t0 - 1), 2),
              "acked": len(result.acked), "missing_acked": len(missing), "passed": not missing}
    if switch_back:
        report["switched_back"] = switchover(box, actor, moved["from"])
    _audit(box, actor, "ha.failover_test", pair.scope, report, "ok" if not missing else "failed")
    return report


def _is_primary(client: PatroniClient) -> bool:
    try:
        return client.is_primary()
    except ServiceUnavailable:
        return False


def _wait(predicate: Callable[[], bool], timeout_s: float, message: str) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    raise ServiceUnavailable(f"{message} within {timeout_s:.0f} s", hint="`corpusbox ha status` shows the pair")


def _audit(box: Box, actor: Principal, action: str, target: str, details: dict[str, Any],
           outcome: str = "ok") -> None:
    from appliance.services.boxops import record_if_initialised

    record_if_initialised(box, actor, action, target, outcome, details)


def rejoin(box: Box, actor: Principal, member: str) -> Any:
    """A repaired former primary comes back as the standby, with one command."""
    from appliance.ha.rejoin import rejoin_member, systemd_start

    authorize_local(box, actor, "ha.manage")
    pair = load_pair(pair_path(box.home))
    clients = _clients(box, pair)
    release = MemberPaths.default(pair, box.home).conf_dir / "sbin" / "corpusbox-vip-release"
    report = rejoin_member(member, clients[member], clients[pair.peer(member).name], systemd_start,
                           lambda: subprocess.run([str(release), "rejoin"], check=False, timeout=10))
    _audit(box, actor, "ha.rejoin", member, vars(report))
    return report
