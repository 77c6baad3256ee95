"""The hot-standby pair for real: etcd x3, Patroni x2, keepalived x2 in network namespaces.

One pair per module (about 15 s to start): a whole-box crash with a writer committing through
the VIP (RPO 0, failover time, objects, role-following, re-join), then a network cut (split brain).
The >= 5-kill measurement is benchmarks/bench_failover.py, not a test.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator

import pytest

from appliance.box import Box
from appliance.config import Settings
from appliance.ha import service
from appliance.ha.probe import CommitProbe, missing_commits
from appliance.ha.rejoin import rejoin_member
from appliance.ha.runtime import OBJREPLICA
from appliance.services.auth import Principal
from appliance.supervisor.supervisor import Supervisor
from tests.harness.ha_pair import HaPair, missing_requirements

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


@pytest.fixture(scope="module")
def pair() -> Iterator[HaPair]:
    reason = missing_requirements()
    if reason:
        pytest.skip(reason)
    with HaPair(objects=True) as rig:
        yield rig


def _s3(pair: HaPair, name: str):  # type: ignore[no-untyped-def]
    import boto3
    from botocore.config import Config

    access, secret = pair.s3_credentials()
    return boto3.client("s3", endpoint_url=pair.s3_endpoint(name), aws_access_key_id=access,
                        aws_secret_access_key=secret, region_name="us-east-1",
                        config=Config(retries={"max_attempts": 6, "mode": "standard"}, connect_timeout=2, read_timeout=5))


def _readable(pair: HaPair, name: str, bucket: str, keys: list[str]) -> bool:
    try:
        client = _s3(pair, name)
        return all(client.get_object(Bucket=bucket, Key=k)["Body"].read() == k.encode() * 100 for k in keys)
    except Exception:  # noqa: BLE001 - not replicated yet
        return False


def _store_up(pair: HaPair) -> bool:
    try:
        return all(_s3(pair, n).list_buckets() is not None for n in ("a", "b"))
    except Exception:  # noqa: BLE001 - still starting
        return False


def test_when_primary_box_crashes_then_standby_takes_over_without_losing_a_commit(pair: HaPair) -> None:
    pair.wait("a primary with the VIP", lambda: pair.primary() == "a" and pair.vip_holders() == ["a"], 30)
    pair.wait("ingest on a", lambda: pair.service_running("a"), 20)
    assert not pair.service_running("b"), "primary-only service must not run on the standby"

    bucket, keys = "ha-objects", [f"doc-{i}" for i in range(5)]
    pair.wait("object stores", lambda: _store_up(pair), 30)
    _s3(pair, "a").create_bucket(Bucket=bucket)
    put_at = time.monotonic()
    for key in keys:
        _s3(pair, "a").put_object(Bucket=bucket, Key=key, Body=key.encode() * 100)
    pair.wait("objects on b", lambda: _readable(pair, "b", bucket, keys), 60)
    lag = time.monotonic() - put_at

    probe = CommitProbe(pair.vip_dsn())
    probe.setup()
    probe.start()
    time.sleep(2)
    t_kill = time.monotonic()
    pair.crash_box("a")
    pair.wait("b primary with the VIP", lambda: pair.is_primary("b") and pair.vip_holders() == ["b"], 45)
    pair.wait("a write through the VIP", lambda: probe.result.first_ack_after(t_kill) is not None, 15)
    time.sleep(1)
    result = probe.stop()

    failover = result.first_ack_after(t_kill)
    print(f"\nwhole-box failover {failover:.1f} s, {len(result.acked)} commits acked, object lag {lag:.1f} s")
    assert failover is not None and failover < 30
    assert missing_commits(pair.dsn(pair.members["b"].address), result) == []
    assert _readable(pair, "b", bucket, keys)
    pair.wait("ingest on b", lambda: pair.service_running("b"), 20)
    assert any(e["action"] == "ha.promoted" for e in pair.events("b"))

    # Re-join (what `corpusbox ha join --rejoin` runs): the crashed box comes back as the standby.
    def power_on() -> None:
        pair.start_etcd("a")
        pair.start_box("a")

    report = rejoin_member("a", pair.patroni("a"), pair.patroni("b"), start=power_on,
                           release_vip=lambda: pair.restore_link("a"), rewind_grace_s=60, timeout_s=120)
    assert (report.leader, report.method) == ("b", "rewind/stream")
    assert pair.primary() == "b" and pair.vip_holders() == ["b"]
    assert not pair.service_running("a")

    # The re-joined box follows the new primary's buckets; a replica that dies is started again.
    replica = Supervisor(pair.members["a"].root / "home", [])
    pair.wait("object replica on a", lambda: replica.alive(OBJREPLICA), 30)
    _s3(pair, "b").put_object(Bucket=bucket, Key="after-failover", Body=b"after-failover" * 100)
    pair.wait("b's new object on a", lambda: _readable(pair, "a", bucket, ["after-failover"]), 60)
    seen, pid = len(pair.events("a")), replica.pid(OBJREPLICA)
    assert pid is not None  # never os.kill(0, ...): that is this test's own process group
    os.kill(pid, signal.SIGKILL)

    def restarted() -> bool:
        after = [e["action"] for e in pair.events("a")[seen:] if e.get("service") == OBJREPLICA]
        return after[:1] == ["ha.service_exited"] and after[-1:] == ["ha.service_restarted"]
    pair.wait("the replica restarted on a", restarted, 30)
    _s3(pair, "b").put_object(Bucket=bucket, Key="after-restart", Body=b"after-restart" * 100)
    pair.wait("the next object on a", lambda: _readable(pair, "a", bucket, ["after-restart"]), 60)

    # `corpusbox ha status` as box a's operator sees it (through the service layer).
    box = Box(Settings(home=pair.members["a"].root / "home"))
    try:
        st = service.status(box, Principal("os:root", "admin"))
    finally:
        box.close()
    assert (st.leader, st.sync_standby, st.member) == ("b", "a", "a") and all(st.etcd.values())
    assert st.problems == []


def test_when_primary_is_cut_off_then_at_most_one_side_accepts_writes(pair: HaPair) -> None:
    pair.wait("a primary", lambda: pair.primary() is not None, 30)
    old = pair.primary()
    assert old is not None
    new = "a" if old == "b" else "b"
    pair.wait(f"{new} in sync", lambda: pair.sql_in(new, "SELECT 1").returncode == 0, 30)
    pair.sql_in(old, "CREATE TABLE IF NOT EXISTS split_probe (side text, at timestamptz DEFAULT now())")

    pair.isolate(old)
    both, accepted = [], {old: 0, new: 0}
    deadline = time.monotonic() + 45
    while time.monotonic() < deadline:
        ok = {name: pair.sql_in(name, f"INSERT INTO split_probe (side) VALUES ('{name}')").returncode == 0
              for name in (old, new)}
        for name, good in ok.items():
            accepted[name] += good
        if all(ok.values()):
            both.append(time.monotonic())
        assert len(pair.vip_holders()) <= 1, "two boxes hold the VIP"
        if ok[new] and not ok[old]:
            break
        time.sleep(0.5)
    assert both == [], "both sides accepted writes at the same time"
    assert pair.is_primary(new)
    # Patroni's REST API on the cut-off box keeps answering /primary until its own view of the
    # leader key expires (ttl after its last successful update: a fraction of a second after the
    # key expired in etcd); its PostgreSQL is already being stopped and commits nothing meanwhile.
    pair.wait("cut-off box no longer claims primary", lambda: not pair.is_primary(old), 10)
    assert pair.sql_in(old, "INSERT INTO split_probe (side) VALUES ('late')").returncode != 0
    pair.wait("VIP on the new primary", lambda: pair.vip_holders() == [new], 15)
    pair.wait("primary-only services stopped on the cut-off box", lambda: not pair.service_running(old), 20)
    pair.heal(old)


def _settled(pair: HaPair, hold_s: float = 5.0) -> bool:
    """The same box is primary and alone holds the VIP at both ends of ``hold_s`` seconds."""
    first = pair.primary()
    if first is None or pair.vip_holders() != [first]:
        return False
    time.sleep(hold_s)
    return pair.primary() == first and pair.vip_holders() == [first]


def test_when_keepalived_is_killed_or_witness_stops_then_no_duplicate_vip_and_writes_go_on(pair: HaPair) -> None:
    pair.wait("a primary", lambda: pair.primary() is not None, 30)
    # The test before heals a cut-off box: start from a pair that has settled after it (one CI run saw the roles
    # move once more while the healed box rejoined, inside this test's window), so what is measured is this test's.
    pair.wait("the pair settled: one primary holding the VIP for a while", lambda: _settled(pair), 60)
    primary = pair.primary()
    assert primary is not None
    pair.wait_sync_standby("a" if primary == "b" else "b", 60)  # the healed box streams again
    pair.wait("VIP on the primary", lambda: pair.vip_holders() == [primary], 30)

    pair.kill_keepalived(primary)  # kill -9 leaves the address behind: the guard must remove it
    pair.wait("VIP released by the guard", lambda: pair.vip_holders() == [], 10)
    pair.start_keepalived(primary)  # systemd's Restart=always
    pair.wait("VIP back on the primary", lambda: pair.vip_holders() == [primary], 15)
    # A client reaching a VIP that has just come back reconnects until it answers (one CI run saw the first
    # connection reset right after the VIP returned); the claim below starts once SQL is served through it.
    probe = CommitProbe(pair.vip_dsn())
    probe.setup(within_s=10)

    pair.stop_witness()  # 2 of 3 etcd members remain: no failover, writes continue
    probe.start()
    time.sleep(pair.pair.timing.ttl / 2)
    result = probe.stop()
    assert pair.primary() == primary and len(result.acked) > 10 and result.failed == 0, (
        f"{len(result.acked)} commits acknowledged, {result.failed} failed after the witness stopped\n"
        + pair.diagnostics())
