"""The pair description: two boxes and a witness, their addresses, the VIP, ports and timing.

It lives in `<home>/ha/pair.toml` (written by `corpusbox ha init`, copied to the other box for
`corpusbox ha join`) and is the single source from which every HA configuration is generated.
"""

from __future__ import annotations

import ipaddress
import tomllib
from pathlib import Path

from pydantic import Field, ValidationError, field_validator, model_validator

from appliance.config import Section
from appliance.errors import ConfigError


class Member(Section):
    """One member of the pair's etcd cluster: a box, or the witness."""

    name: str = Field(pattern=r"^[a-z][a-z0-9-]{0,30}$", description="Short host name (etcd and Patroni member).")
    address: str = Field(description="Address on the cluster network (etcd, replication, VRRP).")
    interface: str | None = Field(None, description="Interface carrying the VIP; default pair.interface.")
    filer_port: int | None = Field(None, ge=1, le=55535, description="Override of ports.filer for this member.")

    @field_validator("address")
    @classmethod
    def _routable(cls, value: str) -> str:
        addr = ipaddress.ip_address(value)
        if str(addr) == "127.0.0.1":
            # Patroni's --validate-config refuses it and a pair on one loopback cannot fail over.
            raise ValueError("127.0.0.1 cannot be a member address; use the box's cluster address")
        return str(addr)


class Ports(Section):
    """Ports of the HA engines (the same on every member)."""

    etcd_client: int = Field(2379, ge=1, le=65535, description="etcd client port.")
    etcd_peer: int = Field(2380, ge=1, le=65535, description="etcd peer port.")
    patroni_rest: int = Field(8008, ge=1, le=65535, description="Patroni REST API (keepalived polls /primary).")
    postgres: int = Field(5432, ge=1, le=65535, description="PostgreSQL port (clients use VIP:port).")
    filer: int = Field(19388, ge=1, le=55535, description="SeaweedFS filer port (gRPC is +10000) for filer.sync.")
    follower: int = Field(8010, ge=1, le=65535, description="Role follower's health endpoint (loopback).")
    replica_metrics: int = Field(19399, ge=1, le=65535, description="filer.sync metrics port (its health check).")


class Timing(Section):
    """Failure detection and takeover timing. Stock Patroni refuses ttl < 20."""

    ttl: int = Field(20, ge=20, description="Leader key lifetime (s): a dead primary is replaced after this.")
    loop_wait: int = Field(1, ge=1, description="Seconds between Patroni's HA loop runs.")
    retry_timeout: int = Field(8, ge=1, description="Seconds Patroni retries etcd/PostgreSQL before demoting.")
    advert_int: float = Field(0.2, gt=0, le=255, description="VRRPv3 advert interval (sub-second allowed).")
    check_interval: int = Field(1, ge=1, description="Seconds between keepalived's /primary checks (whole s).")
    check_fall: int = Field(
        1, ge=1, description="Failed checks before keepalived leaves MASTER (a demoted box drops the VIP at once).")
    check_rise: int = Field(1, ge=1, description="Good checks before keepalived may take the VIP.")
    fence_after_s: float = Field(
        10.0, gt=0, description="Patroni silent this long while PostgreSQL is primary: the follower fences it."
    )
    etcd_heartbeat_ms: int = Field(100, ge=10, description="etcd raft heartbeat (ms).")
    etcd_election_ms: int = Field(1000, ge=100, description="etcd raft election timeout (ms).")

    @model_validator(mode="after")
    def _patroni_rule(self) -> Timing:
        if self.loop_wait + 2 * self.retry_timeout > self.ttl:
            raise ValueError("loop_wait + 2 * retry_timeout must not exceed ttl (Patroni's rule)")
        return self


class PairSpec(Section):
    """Two boxes, one witness, one VIP: everything the HA configuration is generated from."""

    scope: str = Field("corpusbox", pattern=r"^[a-z][a-z0-9-]{0,30}$", description="Cluster name (etcd prefix).")
    boxes: list[Member] = Field(min_length=2, max_length=2, description="The two boxes, first = initial primary.")
    witness: Member = Field(description="Third etcd member (small VM or existing server), no database.")
    vip: str = Field(description="Virtual IP WITH prefix length, e.g. 10.20.0.50/24; clinical terminals use it.")
    interface: str = Field("eth0", description="Interface carrying the VIP (Member.interface overrides).")
    virtual_router_id: int = Field(51, ge=1, le=255, description="VRRP router id, unique on the VLAN.")
    client_cidrs: list[str] = Field(default_factory=list, description="Networks allowed to reach PostgreSQL.")
    synchronous_mode_strict: bool = Field(
        False, description="True: refuse writes while no standby confirms them (strictness over availability).")
    watchdog_mode: str = Field("automatic", pattern="^(off|automatic|required)$",
                               description="Patroni watchdog: off, automatic (use it when present), required.")
    pg_bin_dir: Path = Field(Path("/usr/lib/postgresql/15/bin"), description="PostgreSQL binaries.")
    pg_data_dir: Path = Field(Path("/var/lib/postgresql/15/patroni"), description="Patroni's data directory.")
    etcd_data_dir: Path = Field(Path("/var/lib/etcd/corpusbox"), description="etcd data directory.")
    app_database: str = Field("corpusbox", description="Database the box's metadata lives in.")
    primary_services: list[str] = Field(
        default_factory=lambda: ["ray", "inference"],
        description="Supervisor services only the primary runs (started on promotion, stopped on demotion).")
    standby_serves_inference: bool = Field(
        False, description="The standby keeps `inference` running read-only instead of stopping it.")
    ports: Ports = Field(default_factory=Ports)
    timing: Timing = Field(default_factory=Timing)

    @field_validator("vip")
    @classmethod
    def _vip_has_prefix(cls, value: str) -> str:
        if "/" not in value:
            raise ValueError("vip needs a prefix length, e.g. 10.20.0.50/24")
        ipaddress.ip_interface(value)
        return value

    @model_validator(mode="after")
    def _distinct(self) -> PairSpec:
        names = [m.name for m in self.members]
        addrs = [m.address for m in self.members]
        if len(set(names)) != 3 or len(set(addrs)) != 3:
            raise ValueError("the boxes and the witness need distinct names and addresses")
        if self.vip_address in addrs:
            raise ValueError("the VIP must not be a member's own address")
        return self

    @property
    def members(self) -> list[Member]:
        """The etcd members: both boxes, then the witness."""
        return [*self.boxes, self.witness]

    @property
    def vip_address(self) -> str:
        return str(ipaddress.ip_interface(self.vip).ip)

    def member(self, name: str) -> Member:
        """A member by name (a box or the witness)."""
        for m in self.members:
            if m.name == name:
                return m
        raise ConfigError(f"no member named {name!r} in the pair",
                          hint=f"members: {', '.join(m.name for m in self.members)}")

    def peer(self, name: str) -> Member:
        """The other box."""
        box = self.member(name)
        return next(b for b in self.boxes if b.name != box.name)

    def filer_port(self, name: str) -> int:
        return self.member(name).filer_port or self.ports.filer

    def interface_of(self, name: str) -> str:
        return self.member(name).interface or self.interface


class HaSettings(Section):
    """The `[ha]` section of corpusbox.toml: whether this box is paired, and which member it is."""

    enabled: bool = Field(False, description="This box is one of a hot-standby pair.")
    member: str | None = Field(None, description="This box's member name in the pair description.")
    pair_file: Path | None = Field(None, description="Pair description; default <home>/ha/pair.toml.")


def pair_path(home: Path) -> Path:
    return home / "ha" / "pair.toml"


def parse_pair(text: str, source: str = "pair description") -> PairSpec:
    """Validate a pair description (TOML text)."""
    try:
        return PairSpec.model_validate(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}", hint="fix the line named above") from exc
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'pair'}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"{source}: invalid pair description: {problems}",
                          hint="see docs/operators/ha.md for an example pair.toml") from exc


def load_pair(path: Path) -> PairSpec:
    """Read the pair description file."""
    if not path.exists():
        raise ConfigError(f"{path}: no pair description", hint="run `corpusbox ha init --pair FILE` first")
    return parse_pair(path.read_text(encoding="utf-8"), str(path))


def dump_pair(pair: PairSpec) -> str:
    """The pair description as TOML (what `corpusbox ha init` stores and the other box copies)."""
    data = pair.model_dump(mode="json")
    lines: list[str] = []
    tables: list[tuple[str, dict]] = []
    for key, value in data.items():
        if isinstance(value, dict):
            tables.append((key, value))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            tables.extend((f"[{key}]", item) for item in value)
        elif value is not None:
            lines.append(f"{key} = {_toml_value(value)}")
    for name, table in tables:
        lines.append(f"\n[{name}]")
        lines.extend(f"{k} = {_toml_value(v)}" for k, v in table.items() if v is not None)
    return "\n".join(lines) + "\n"


def _toml_value(value: object) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(str(value))
