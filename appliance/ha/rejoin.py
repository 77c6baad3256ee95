"""Re-join a repaired box as the standby: Patroni rewinds it (pg_rewind), or it is re-cloned.

`corpusbox ha join --rejoin` runs `rejoin_member` with a starter that starts etcd, Patroni and
keepalived on this box (systemd units from the Ansible roles). Patroni rewinds a diverged former
primary on start; if the box has not caught up when that should be done, it is re-cloned from
the primary through Patroni's /reinitialize endpoint.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass

from appliance.errors import Conflict, ServiceUnavailable
from appliance.ha.patroni_api import PatroniClient

SYSTEMD_UNITS = ["etcd", "patroni", "keepalived", "corpusbox-vip-guard"]


@dataclass
class RejoinReport:
    member: str
    leader: str
    method: str  # "rewind/stream" or "reclone"
    seconds: float


def in_sync(peer: PatroniClient, member: str) -> bool:
    """True when the member streams from the leader as its synchronous standby."""
    try:
        return any(m.name == member and m.role == "sync_standby" and m.state == "streaming" for m in peer.cluster())
    except ServiceUnavailable:
        return False


def rejoin_member(member: str, local: PatroniClient, peer: PatroniClient, start: Callable[[], None],
                  release_vip: Callable[[], None], rewind_grace_s: float = 60, timeout_s: float = 600) -> RejoinReport:
    """Bring this box back as the standby of the current primary; re-clone it if rewinding fails."""
    if not _answers_primary(peer):
        raise Conflict("the other box is not the primary: nothing to re-join",
                       hint="bring the pair up first, or fail over to the other box (`corpusbox ha status`)")
    leader = next(m.name for m in peer.cluster() if m.role == "leader")
    if leader == member:
        raise Conflict(f"{member} is the primary already", hint="re-join the other box instead")
    began = time.monotonic()
    release_vip()  # a VIP left behind by a crash must never come back up on the network
    start()
    method = "rewind/stream"
    if not _wait(lambda: in_sync(peer, member), rewind_grace_s):
        method = "reclone"
        local._request("/reinitialize", {"force": True})
        if not _wait(lambda: in_sync(peer, member), timeout_s):
            raise ServiceUnavailable(f"{member} did not catch up with {leader} within {timeout_s:.0f} s",
                                     hint="read Patroni's log on this box (`journalctl -u patroni`)")
    return RejoinReport(member, leader, method, round(time.monotonic() - began, 1))


def systemd_start() -> None:
    """Start the HA units installed by the Ansible roles."""
    subprocess.run(["systemctl", "start", *SYSTEMD_UNITS], check=True, timeout=120)


def _answers_primary(client: PatroniClient) -> bool:
    try:
        return client.is_primary()
    except ServiceUnavailable:
        return False


def _wait(predicate: Callable[[], bool], timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(1)
    return False
