"""Failover time, RPO and object-replication lag of the HA pair, measured over repeated faults.

Stands up the namespace rig of tests/harness/ha_pair.py (root; etcd, keepalived, Patroni), runs a
writer committing through the VIP, and repeatedly breaks the primary:
  crash      whole-box loss: every process kill -9 and the link down (power cut)
  process    kill -9 of Patroni and PostgreSQL only (etcd, keepalived and the box stay up)
  switchover planned switchover through Patroni's REST API (maintenance)
For each fault: seconds from the fault to the first commit acknowledged through the VIP, and a
row-by-row check that every acknowledged commit is on the new primary. Before each crash a few
objects are written to the primary's store; the lag until the standby serves them is recorded
and they are read back on the new primary. After each fault the old primary re-joins as standby.

  sudo .venv/bin/python benchmarks/bench_failover.py --mode crash --kills 5
  sudo .venv/bin/python benchmarks/bench_failover.py --load-test 60   # false failovers under load
  sudo .venv/bin/python benchmarks/bench_failover.py --stall-test 3,6,10 --timing aggressive
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from appliance.ha.probe import CommitProbe, missing_commits, summary
from appliance.ha.settings import Timing
from tests.harness.ha_pair import HaPair, missing_requirements


def s3(pair: HaPair, name: str):  # type: ignore[no-untyped-def]
    import boto3
    from botocore.config import Config

    access, secret = pair.s3_credentials()
    return boto3.client("s3", endpoint_url=pair.s3_endpoint(name), aws_access_key_id=access,
                        aws_secret_access_key=secret, region_name="us-east-1",
                        config=Config(retries={"max_attempts": 6, "mode": "standard"}, connect_timeout=2))


def readable(pair: HaPair, name: str, bucket: str, keys: list[str]) -> bool:
    try:
        client = s3(pair, name)
        return all(client.get_object(Bucket=bucket, Key=k)["Body"].read() == k.encode() * 1000 for k in keys)
    except Exception:  # noqa: BLE001 - not there yet
        return False


def put_objects(pair: HaPair, primary: str, standby: str, round_no: int) -> tuple[str, list[str], float]:
    """Write 10 objects on the primary; seconds until the standby serves all of them."""
    bucket = "bench-objects"
    client = s3(pair, primary)
    if round_no == 0:
        client.create_bucket(Bucket=bucket)
    keys = [f"r{round_no}-obj{i}" for i in range(10)]
    start = time.monotonic()
    for key in keys:
        client.put_object(Bucket=bucket, Key=key, Body=key.encode() * 1000)
    pair.wait("objects on the standby", lambda: readable(pair, standby, bucket, keys), 120)
    return bucket, keys, time.monotonic() - start


def fault(pair: HaPair, mode: str, primary: str, standby: str) -> None:
    if mode == "crash":
        pair.crash_box(primary)
    elif mode == "process":
        pair.crash_database(primary)
    else:
        pair.patroni(primary).switchover(primary, standby)


def recover(pair: HaPair, mode: str, old: str) -> None:
    """The old primary re-joins as standby (pg_rewind or re-clone by Patroni)."""
    if mode == "crash":
        pair.restore_link(old)
        pair.start_etcd(old)
        pair.start_box(old)
    elif mode == "process":
        pair.start_patroni(old)
    pair.wait_sync_standby(old, 120)


PHASES = {  # first log line after the fault that marks each phase (Patroni's log; keepalived's notify log)
    "key_released_s": ("old", "patroni.log", "Leader key released"),
    "promoted_s": ("new", "patroni.log", "promoted self to leader"),
    "vip_dropped_s": ("old", "ha-vrrp-events.log", "vrrp.FAULT"),
    "vip_taken_s": ("new", "ha-vrrp-events.log", "vrrp.MASTER"),
}


def phase_times(pair: HaPair, old: str, new: str, t0_wall: float) -> dict[str, float | None]:
    """Seconds from the fault to each phase (where it happened): what a failover's time is made of."""
    import datetime

    out: dict[str, float | None] = {}
    for key, (who, log, marker) in PHASES.items():
        name = old if who == "old" else new
        path = (pair.paths(name).run_dir if log.startswith("ha-") else pair.members[name].root) / log
        out[key] = None
        for line in path.read_text(errors="replace").splitlines() if path.exists() else []:
            if marker not in line:
                continue
            try:
                at = (float(line.split()[0]) if log.startswith("ha-") else
                      datetime.datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f").timestamp())
            except ValueError:
                continue
            if at >= t0_wall:
                out[key] = round(at - t0_wall, 2)
                break
    return out


def one_round(pair: HaPair, mode: str, round_no: int) -> dict[str, object]:
    primary = pair.primary()
    assert primary, "no primary before the fault"
    standby = "b" if primary == "a" else "a"
    bucket, keys, lag = put_objects(pair, primary, standby, round_no) if pair.objects else ("", [], 0.0)
    probe = CommitProbe(pair.vip_dsn())
    probe.setup()
    probe.start()
    time.sleep(3)
    t0, t0_wall = time.monotonic(), time.time()
    fault(pair, mode, primary, standby)
    pair.wait("new primary with the VIP", lambda: pair.is_primary(standby) and pair.vip_holders() == [standby], 60)
    pair.wait("a commit through the VIP", lambda: probe.result.first_ack_after(t0) is not None, 30)
    promoted = time.monotonic() - t0
    time.sleep(1)
    result = probe.stop()
    missing = missing_commits(pair.dsn(pair.members[standby].address), result)
    row = {"round": round_no, "mode": mode, "old_primary": primary, "failover_s": round(result.first_ack_after(t0), 2),
           "observed_s": round(promoted, 2),
           "longest_pause_s": round(result.longest_pause(t0 - 1), 2), "acked": len(result.acked),
           "failed_attempts": result.failed,
           "missing_acked": len(missing), "object_lag_s": round(lag, 2),
           "objects_on_new_primary": readable(pair, standby, bucket, keys) if keys else None,
           **phase_times(pair, primary, standby, t0_wall)}
    t_rejoin = time.monotonic()
    recover(pair, mode, primary)
    row["rejoin_s"] = round(time.monotonic() - t_rejoin, 1)
    print(json.dumps(row), flush=True)
    return row


def run_faults(mode: str, kills: int, timing: Timing) -> dict[str, object]:
    with HaPair(timing=timing, objects=mode != "switchover") as pair:
        rows = [one_round(pair, mode, i) for i in range(kills)]
    times = [float(r["failover_s"]) for r in rows]
    lags = [float(r["object_lag_s"]) for r in rows]
    return {"mode": mode, "rounds": rows, "failover": summary(times),
            "missing_acked_total": sum(int(r["missing_acked"]) for r in rows),
            "object_lag": summary(lags) if any(lags) else None,
            "phases_median_s": {k: round(statistics.median(v), 2) for k in PHASES
                                if (v := [float(r[k]) for r in rows if r.get(k) is not None])}}


def load_test(seconds: int, timing: Timing, workers: int) -> dict[str, object]:
    """Leader changes while every core is busy and the disk is flushed constantly (no fault injected)."""
    with HaPair(timing=timing, objects=False) as pair:
        probe = CommitProbe(pair.vip_dsn(), interval_s=0.01)
        probe.setup()
        probe.start()
        hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(workers)]
        disk = f"while :; do dd if=/dev/zero of={pair.dir}/io bs=1M count=64 conv=fsync status=none; done"
        hogs.append(subprocess.Popen(["sh", "-c", disk]))
        changes, last, end = 0, pair.primary(), time.monotonic() + seconds
        vip_moves, vip_last, no_vip_s = 0, pair.vip_holders(), 0.0
        try:
            while time.monotonic() < end:
                now = pair.primary()
                if now is not None and now != last:
                    changes += 1
                    last = now
                vip = pair.vip_holders()
                if vip != vip_last:
                    vip_moves += 1
                    vip_last = vip
                no_vip_s += 0.5 if not vip else 0.0
                time.sleep(0.5)
        finally:
            for hog in hogs:
                hog.kill()
            result = probe.stop()
        return {"seconds": seconds, "timing": timing.model_dump(), "busy_workers": workers,
                "leader_changes": changes, "vip_changes": vip_moves, "seconds_without_vip": no_vip_s,
                "commits": len(result.acked), "failed_attempts": result.failed,
                "longest_write_pause_s": round(result.longest_pause(end - seconds), 2)}


def stall_test(stalls: list[float], timing: Timing, target: str = "box") -> dict[str, object]:
    """Freeze (SIGSTOP) for S seconds either the whole primary box, as a swap storm or an I/O stall
    would, or the etcd members of the standby and the witness (the primary loses etcd's quorum).

    Neither should cost a failover; a short retry_timeout makes the primary demote itself (writes
    stop) when etcd does not answer in time.
    """
    import contextlib
    import os
    import signal

    rows = []
    with HaPair(timing=timing, objects=False) as pair:
        probe = CommitProbe(pair.vip_dsn())
        probe.setup()
        probe.start()
        for stall in stalls:
            primary = pair.primary()
            assert primary is not None
            if target == "box":
                pids = pair.members[primary].pids()
            else:
                pids = [m.procs["etcd"].pid for m in pair.members.values() if m.name != primary]
            t0 = time.monotonic()
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGSTOP)
            seen = {primary}
            while time.monotonic() < t0 + stall:
                if target != "box":  # a frozen box's REST API would only time out
                    seen.add(pair.primary() or "none")
                time.sleep(0.2)
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGCONT)
            end = time.monotonic() + timing.ttl + 10
            while time.monotonic() < end:
                seen.add(pair.primary() or "none")
                time.sleep(0.5)
            after = pair.primary()
            rows.append({"stall_s": stall, "target": target, "primary_before": primary, "primary_after": after,
                         "leader_changed": after != primary, "demoted_meanwhile": seen != {primary},
                         "longest_write_pause_s": round(probe.result.longest_pause(t0), 2)})
            print(json.dumps(rows[-1]), flush=True)
            pair.wait_sync_standby("b" if after == "a" else "a", 120)
            time.sleep(2)
        probe.stop()
    return {"stalls": rows, "timing": timing.model_dump(),
            "false_failovers": sum(1 for r in rows if r["leader_changed"]),
            "write_outages": sum(1 for r in rows if r["demoted_meanwhile"])}


TIMINGS = {
    # The pair's defaults: Patroni loops every second, VRRPv3 adverts every 0.2 s, and a demoted
    # box drops the VIP at its first failed check.
    "default": Timing(),
    # Earlier defaults (Patroni's loop every 2 s, 0.5 s adverts, two failed checks to drop the VIP).
    "conservative": Timing(loop_wait=2, advert_int=0.5, check_fall=2),
    # VRRPv3 adverts every 0.1 s: the standby's master-down timer (3 x advert + skew) drops from
    # ~0.72 s to ~0.36 s. Safe because a box whose /primary check fails is in FAULT and never
    # takes the VIP, however late the master's adverts are.
    "vrrp-0.1": Timing(advert_int=0.1),
    # Short DCS retries and a twitchy etcd election: what lower timeouts cost.
    "aggressive": Timing(ttl=20, loop_wait=1, retry_timeout=2, check_interval=1, check_fall=1, check_rise=1,
                         advert_int=0.2, etcd_heartbeat_ms=50, etcd_election_ms=250),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=["crash", "process", "switchover"], default="crash")
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--timing", choices=list(TIMINGS), default="default")
    parser.add_argument("--load-test", type=int, default=0, metavar="SECONDS",
                        help="no faults: count false failovers under CPU and disk load instead")
    parser.add_argument("--stall-test", type=str, default="", metavar="S,S,...",
                        help="no faults: freeze the primary box for each of these seconds instead")
    parser.add_argument("--stall-target", choices=["box", "etcd"], default="box")
    parser.add_argument("--workers", type=int, default=3, help="busy-loop processes for --load-test")
    parser.add_argument("--json", type=Path, help="also write the result here")
    args = parser.parse_args()
    reason = missing_requirements()
    if reason:
        print(f"skipped: {reason}", file=sys.stderr)
        return 2
    timing = TIMINGS[args.timing]
    if args.stall_test:
        result = stall_test([float(x) for x in args.stall_test.split(",")], timing, args.stall_target)
    elif args.load_test:
        result = load_test(args.load_test, timing, args.workers)
    else:
        result = run_faults(args.mode, args.kills, timing)
    result["machine"] = f"{platform.node()} {platform.machine()}, {_cores()} cores"
    result["date"] = time.strftime("%Y-%m-%d %H:%M")
    result["timing_profile"] = args.timing
    print(json.dumps({k: v for k, v in result.items() if k != "rounds"}, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


def _cores() -> int:
    import os

    return os.cpu_count() or 0


if __name__ == "__main__":
    sys.exit(main())
