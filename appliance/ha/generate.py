"""Configuration for Patroni, etcd, keepalived and object replication, generated from one PairSpec.

Everything here is a pure function of the pair description, the member name, the shared
credentials and where files go on that member; `write_member_bundle` writes the lot.
"""

from __future__ import annotations

import hashlib
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from appliance.ha.credentials import PairCredentials
from appliance.ha.settings import PairSpec


@dataclass(frozen=True)
class MemberPaths:
    """Where one member keeps its HA files (defaults follow the Ansible roles)."""

    conf_dir: Path
    pg_data_dir: Path
    etcd_data_dir: Path
    run_dir: Path
    watchdog: bool = True  # False on test rigs: a software watchdog would reset the whole machine
    pg_run_dir: Path | None = None  # PostgreSQL's socket and Patroni's pgpass (owned by postgres)

    @classmethod
    def default(cls, pair: PairSpec, home: Path) -> MemberPaths:
        return cls(home / "ha" / "generated", pair.pg_data_dir, pair.etcd_data_dir, home / "run",
                   pg_run_dir=Path("/var/run/postgresql"))

    @property
    def postgres_run_dir(self) -> Path:
        return self.pg_run_dir or self.run_dir


def cluster_token(pair: PairSpec) -> str:
    """Unique per pair, so that two pairs on one network never merge."""
    names = "-".join(sorted(m.name for m in pair.members))
    return f"{pair.scope}-" + hashlib.sha1(f"{pair.scope}:{names}".encode()).hexdigest()[:12]


def etcd_argv(pair: PairSpec, name: str, paths: MemberPaths, etcd: str = "etcd") -> list[str]:
    """The etcd command line of one member (box or witness)."""
    me, p = pair.member(name), pair.ports
    cluster = ",".join(f"{m.name}=http://{m.address}:{p.etcd_peer}" for m in pair.members)
    return [
        etcd, "--name", me.name, "--data-dir", str(paths.etcd_data_dir),
        "--listen-peer-urls", f"http://{me.address}:{p.etcd_peer}",
        "--listen-client-urls", f"http://{me.address}:{p.etcd_client},http://127.0.0.1:{p.etcd_client}",
        "--advertise-client-urls", f"http://{me.address}:{p.etcd_client}",
        "--initial-advertise-peer-urls", f"http://{me.address}:{p.etcd_peer}",
        "--initial-cluster", cluster, "--initial-cluster-token", cluster_token(pair),
        "--initial-cluster-state", "new",
        "--heartbeat-interval", str(pair.timing.etcd_heartbeat_ms),
        "--election-timeout", str(pair.timing.etcd_election_ms),
        "--auto-compaction-retention", "1", "--enable-v2=false",
    ]


def pg_hba(pair: PairSpec, creds: PairCredentials, name: str) -> list[str]:
    """Host-based access: replication from the peer only; scram everywhere over TCP."""
    peer = pair.peer(name).address
    own = pair.member(name).address
    rules = ["local all all peer"]
    rules += [f"host all all {a}/32 scram-sha-256" for a in ("127.0.0.1", own, peer)]
    # 127.0.0.1 too: Patroni reads the local timeline over a replication connection before a rewind.
    rules += [f"host replication {creds.replication_user} {a}/32 scram-sha-256" for a in ("127.0.0.1", own, peer)]
    rules += [f"host all all {cidr} scram-sha-256" for cidr in pair.client_cidrs]
    return rules


def patroni_config(pair: PairSpec, name: str, creds: PairCredentials, paths: MemberPaths) -> dict[str, Any]:
    """Patroni's YAML for one box: synchronous replication, pg_rewind, timing from the pair."""
    me, p, t = pair.member(name), pair.ports, pair.timing
    parameters = {
        "wal_level": "replica", "hot_standby": "on", "wal_log_hints": "on", "max_wal_senders": 10,
        "max_replication_slots": 10, "wal_keep_size": "1GB", "password_encryption": "scram-sha-256",
        "synchronous_commit": "on",
    }
    return {
        "scope": pair.scope, "namespace": "/service/", "name": me.name,
        "log": {"level": "INFO"},
        "restapi": {
            "listen": f"0.0.0.0:{p.patroni_rest}", "connect_address": f"{me.address}:{p.patroni_rest}",
            "authentication": {"username": creds.restapi_user, "password": creds.restapi_password},
        },
        "etcd3": {"hosts": [f"{m.address}:{p.etcd_client}" for m in pair.members], "protocol": "http"},
        "bootstrap": {
            "dcs": {
                "ttl": t.ttl, "loop_wait": t.loop_wait, "retry_timeout": t.retry_timeout,
                "maximum_lag_on_failover": 1048576,
                # RPO 0: a commit returns only once the standby has it (see docs/operators/ha.md).
                "synchronous_mode": True, "synchronous_mode_strict": pair.synchronous_mode_strict,
                "postgresql": {"use_pg_rewind": True, "use_slots": True, "parameters": parameters},
            },
            "initdb": [{"encoding": "UTF8"}, {"locale": "C.UTF-8"}, "data-checksums"],
            "post_bootstrap": str(paths.conf_dir / "post-bootstrap.sh"),
        },
        "postgresql": {
            "listen": f"0.0.0.0:{p.postgres}", "connect_address": f"{me.address}:{p.postgres}",
            "data_dir": str(paths.pg_data_dir), "bin_dir": str(pair.pg_bin_dir),
            "pgpass": str(paths.postgres_run_dir / "pgpass-patroni"),
            "authentication": {
                "superuser": {"username": creds.superuser, "password": creds.superuser_password},
                "replication": {"username": creds.replication_user, "password": creds.replication_password},
                "rewind": {"username": creds.rewind_user, "password": creds.rewind_password},
            },
            # Local, per member: each box's socket dir (two members may share a filesystem in tests).
            "parameters": {"unix_socket_directories": str(paths.postgres_run_dir)},
            "pg_hba": pg_hba(pair, creds, name),
            # A re-clone must not wait for a spread checkpoint (minutes) on the primary.
            "basebackup": [{"checkpoint": "fast"}],
            # A former primary that cannot be rewound is re-cloned instead of staying down.
            "remove_data_directory_on_rewind_failure": True,
            "remove_data_directory_on_diverged_timelines": True,
        },
        "watchdog": {"mode": pair.watchdog_mode if paths.watchdog else "off",
                     "device": "/dev/watchdog", "safety_margin": 5},
        "tags": {"nofailover": False, "noloadbalance": False, "clonefrom": False, "nosync": False},
    }


def post_bootstrap_script(pair: PairSpec, creds: PairCredentials) -> str:
    """Runs once on the first primary (Patroni itself creates the replication and rewind roles)."""
    return (
        "#!/bin/sh\n# Patroni post_bootstrap: $1 is a libpq connection string to the new cluster.\nset -e\n"
        f"psql \"$1\" -v ON_ERROR_STOP=1 <<'SQL'\n"
        f"CREATE DATABASE {pair.app_database};\nSQL\n"
    )


def check_primary_script(pair: PairSpec, name: str, polls: int = 5, state_dir: Path | None = None,
                         late_checks: int = 2) -> str:
    """keepalived's health check: succeed only while Patroni says this box is the primary.

    keepalived runs it once a second (whole seconds only). On the box holding the VIP, 'not primary'
    (an HTTP error) or no Patroni at all (connection refused) fails at once and keepalived drops the
    VIP (fall 1). An answer that does not come in time (curl's exit 28: Patroni busy while etcd elects
    a new leader, or a loaded box) keeps the VIP for up to ``late_checks`` checks in a row, counted in
    a file under ``state_dir`` (one per caller, $1: keepalived or the guard). That is far inside the
    leader key's ttl, so a slow answer does not cost the VIP while a hung Patroni still loses it.
    Without ``state_dir``, or when the count cannot be written, a late answer fails like a 'no'.
    A standby keeps asking every 0.1 s for most of the second, so that a box just promoted takes the
    VIP about a tenth of a second later rather than at the next run.
    """
    url = shlex.quote(f"http://{pair.member(name).address}:{pair.ports.patroni_rest}/primary")
    holds_vip = f"ip -o addr show dev {pair.interface_of(name)} | grep -q ' inet {pair.vip_address}/'"
    lines = [
        "#!/bin/sh",
        "# keepalived vrrp_script: 200 from Patroni's /primary only on the leader. $1: the caller.",
        f'primary() {{ curl --silent --fail --output /dev/null --max-time "$1" {url}; }}',
    ]
    if state_dir is None:
        clear, tolerate = ":", []
    else:
        late = shlex.quote(str(state_dir / "check-primary.late.")) + '"${1:-keepalived}"'
        clear = f"rm -f {late}"
        tolerate = [
            '    if [ "$rc" -eq 28 ]; then',
            f"        n=$(( $(cat {late} 2>/dev/null || echo 0) + 1 ))",
            f'        [ "$n" -le {late_checks} ] && echo "$n" > {late} 2>/dev/null && exit 0',
            "    fi",
        ]
    lines += [
        'primary 0.8; rc=$?',
        f'[ "$rc" -eq 0 ] && {{ {clear}; exit 0; }}',
        f"if {holds_vip}; then",
        "    # Holding the VIP: a 'no' or no Patroni fails now (fall 1); a late answer is tolerated a few times.",
        *tolerate,
        f"    {clear}; exit 1",
        "fi",
        clear,
        "# A standby: ask again every 0.1 s for most of keepalived's one-second interval.",
        f"for _ in $(seq {polls}); do sleep 0.1; primary 0.2 && exit 0; done",
        "exit 1",
    ]
    return "\n".join(lines) + "\n"


def release_script(pair: PairSpec, name: str, events: Path) -> str:
    """Remove the VIP from this box if present (stop, notify, guard, and before every start)."""
    vip, dev = pair.vip, pair.interface_of(name)
    return (
        "#!/bin/sh\n# Drop the VIP if this box holds it. Safe to run any time.\n"
        f"if ip -o addr show dev {dev} | grep -q ' inet {pair.vip_address}/'; then\n"
        f"    ip addr del {vip} dev {dev} && logger -t corpusbox-ha \"released vip {vip} (${{1:-stop}})\"\n"
        f"    echo \"$(date +%s.%N) vip.released ${{1:-stop}}\" >> {shlex.quote(str(events))}\n"
        "fi\nexit 0\n"
    )


def notify_script(pair: PairSpec, name: str, sbin: Path, events: Path) -> str:
    """keepalived notify: log every transition; any state but MASTER releases the VIP."""
    return (
        "#!/bin/sh\n# $1=INSTANCE $2=name $3=MASTER|BACKUP|FAULT|STOP $4=priority\n"
        f"logger -t corpusbox-ha \"vrrp $2 -> $3 vip={pair.vip}\" 2>/dev/null\n"
        f"echo \"$(date +%s.%N) vrrp.$3\" >> {shlex.quote(str(events))}\n"
        f"case \"$3\" in MASTER) ;; *) {sbin / 'corpusbox-vip-release'} \"notify $3\" ;; esac\nexit 0\n"
    )


def guard_script(pair: PairSpec, name: str, sbin: Path, keepalived_pid: Path, fall: int = 3) -> str:
    """Fencing guard: VIP here but keepalived dead or this box not primary for `fall` s -> drop it."""
    dev = pair.interface_of(name)
    return (
        "#!/bin/sh\n# Covers keepalived killed with -9, which leaves the VIP behind.\nbad=0\nwhile :; do\n"
        f"  if ip -o addr show dev {dev} | grep -q ' inet {pair.vip_address}/'; then\n"
        f"    if ! kill -0 \"$(cat {keepalived_pid} 2>/dev/null)\" 2>/dev/null || "
        f"! {sbin / 'corpusbox-check-patroni-primary'} guard; then bad=$((bad + 1)); else bad=0; fi\n"
        f"    if [ \"$bad\" -ge {fall} ]; then {sbin / 'corpusbox-vip-release'} guard; bad=0; fi\n"
        "  else bad=0; fi\n  sleep 1\ndone\n"
    )


def keepalived_conf(pair: PairSpec, name: str, sbin: Path, script_user: str | None = "keepalived_script") -> str:
    """Both boxes BACKUP with equal priority: Patroni, through the check, decides who holds the VIP."""
    me, peer, t = pair.member(name), pair.peer(name), pair.timing
    dev = pair.interface_of(name)
    security = f"    enable_script_security\n    script_user {script_user}\n" if script_user else ""
    return f"""# Generated by corpusbox ha from the pair description; do not edit by hand.
global_defs {{
    router_id {me.name}
    # VRRPv3 here (not per instance) is what allows a sub-second advert_int.
    vrrp_version 3
{security}    vrrp_garp_master_delay 1
    vrrp_garp_master_refresh 60
}}

vrrp_script chk_patroni_primary {{
    script "{sbin / 'corpusbox-check-patroni-primary'}"
    interval {t.check_interval}
    timeout 1
    fall {t.check_fall}
    rise {t.check_rise}
}}

vrrp_instance CORPUSBOX_VIP {{
    state BACKUP
    interface {dev}
    virtual_router_id {pair.virtual_router_id}
    priority 100
    advert_int {t.advert_int}
    nopreempt
    unicast_src_ip {me.address}
    unicast_peer {{
        {peer.address}
    }}
    virtual_ipaddress {{
        {pair.vip} dev {dev}
    }}
    track_script {{
        chk_patroni_primary
    }}
    notify "{sbin / 'corpusbox-vip-notify'}"
}}
"""


def filer_sync_argv(pair: PairSpec, name: str, primary: str, weed: str = "weed") -> list[str]:
    """On the standby: follow the primary's filer into its own, buckets only, one direction."""
    src, dst = pair.member(primary).address, pair.member(name).address
    a, b = pair.filer_port(primary), pair.filer_port(name)
    return [weed, "filer.sync", f"-a={src}:{a}", f"-b={dst}:{b}", "-isActivePassive",
            "-a.path=/buckets", "-b.path=/buckets", f"-metricsIp={dst}", f"-metricsPort={pair.ports.replica_metrics}"]


def minio_site_replication_script(pair: PairSpec, endpoint_port: int = 9000) -> str:
    """Production store: MinIO site replication between the two boxes (run once, by `ha init`)."""
    a, b = pair.boxes
    return (
        "#!/bin/sh\n# MinIO site replication between the pair; needs MINIO_ROOT_USER/PASSWORD in the env.\nset -e\n"
        f"mc alias set {a.name} https://{a.address}:{endpoint_port} \"$MINIO_ROOT_USER\" \"$MINIO_ROOT_PASSWORD\"\n"
        f"mc alias set {b.name} https://{b.address}:{endpoint_port} \"$MINIO_ROOT_USER\" \"$MINIO_ROOT_PASSWORD\"\n"
        f"mc admin replicate add {a.name} {b.name}\nmc admin replicate info {a.name}\n"
    )


def write_member_bundle(pair: PairSpec, name: str, creds: PairCredentials, paths: MemberPaths,
                        script_user: str | None = "keepalived_script") -> list[Path]:
    """Write every file one member needs under paths.conf_dir; returns the paths written."""
    conf, sbin = paths.conf_dir, paths.conf_dir / "sbin"
    sbin.mkdir(parents=True, exist_ok=True)
    events = paths.run_dir / "ha-vrrp-events.log"
    files: dict[Path, tuple[str, int]] = {
        conf / "etcd.args": ("\n".join(etcd_argv(pair, name, paths)) + "\n", 0o644),
    }
    if name != pair.witness.name:
        files.update({
            conf / "patroni.yml": (yaml.safe_dump(patroni_config(pair, name, creds, paths), sort_keys=False), 0o600),
            conf / "post-bootstrap.sh": (post_bootstrap_script(pair, creds), 0o755),
            conf / "keepalived.conf": (keepalived_conf(pair, name, sbin, script_user), 0o644),
            sbin / "corpusbox-check-patroni-primary": (check_primary_script(pair, name, state_dir=paths.run_dir), 0o755),
            sbin / "corpusbox-vip-release": (release_script(pair, name, events), 0o755),
            sbin / "corpusbox-vip-notify": (notify_script(pair, name, sbin, events), 0o755),
            sbin / "corpusbox-vip-guard": (guard_script(pair, name, sbin, paths.run_dir / "keepalived.pid"), 0o755),
            conf / "minio-site-replication.sh": (minio_site_replication_script(pair), 0o755),
        })
    for path, (text, mode) in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        path.chmod(mode)
    return list(files)
