"""Typed configuration: one TOML file plus environment overrides, read once at the entry point.

Where the file is: ``--config``, else ``CORPUSBOX_CONFIG``, else ``$CORPUSBOX_HOME/corpusbox.toml``.
``CORPUSBOX_HOME`` defaults to a per-user data root (``$XDG_DATA_HOME/corpusbox`` or
``~/.local/share/corpusbox``). Any key can be overridden from the environment as
``CORPUSBOX_<SECTION>__<KEY>`` (for example ``CORPUSBOX_DATABASE__URL``).
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from pathlib import Path
from typing import Any, Literal, Mapping

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from appliance.errors import ConfigError
from inference.settings import InferenceSettings

ENV_PREFIX = "CORPUSBOX_"
# Variables with the prefix that are not configuration keys.
RESERVED_ENV = {"CORPUSBOX_HOME", "CORPUSBOX_CONFIG", "CORPUSBOX_TOKEN", "CORPUSBOX_PASSWORD", "CORPUSBOX_DEBUG",
                "CORPUSBOX_CJK_FONT", "CORPUSBOX_RAY_ADDRESS", "CORPUSBOX_CONVERT_CACHE"}


class Section(BaseModel):
    """Base of every configuration section: unknown keys are errors, not silently ignored."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class StorageSettings(Section):
    """Object store (S3 API): embedded SeaweedFS by default, MinIO or Ceph RGW in production."""

    backend: Literal["embedded", "s3"] = Field(
        "embedded", description="'embedded' starts SeaweedFS on loopback; 's3' uses endpoint_url."
    )
    endpoint_url: str | None = Field(None, description="S3 endpoint for backend 's3' (MinIO, Ceph RGW).")
    access_key: SecretStr | None = Field(None, description="S3 access key (embedded: generated).")
    secret_key: SecretStr | None = Field(None, description="S3 secret key (embedded: generated).")
    region: str = Field("us-east-1", description="S3 region name sent in signatures.")
    bucket_prefix: str = Field("", description="Prefix for every bucket name, e.g. 'cbx-' on a shared store.")
    host: str = Field("127.0.0.1", description="Address the embedded store listens on (loopback only).")
    s3_port: int = Field(8333, ge=1, le=65535, description="Embedded S3 port.")
    internal_port_base: int = Field(
        19300, ge=1024, le=55000, description="First of the embedded store's internal ports (master, volume, filer)."
    )
    embedded_volume_max: int = Field(
        0, ge=0, description="Embedded store: most SeaweedFS volumes (one per bucket at least); 0 = free disk / volume size."
    )
    quarantine_retention_days: int = Field(
        30, ge=1, description="Governance-mode lock on raw PHI objects in the quarantine bucket."
    )
    audit_retention_days: int = Field(
        3650, ge=1, description="Compliance-mode lock on signed audit heads in the audit bucket."
    )
    multipart_threshold_mb: int = Field(16, ge=5, description="Objects larger than this are uploaded in parts.")
    multipart_chunk_mb: int = Field(16, ge=5, description="Part size for multipart uploads.")
    max_concurrency: int = Field(8, ge=1, le=64, description="Parallel part transfers per object.")
    max_attempts: int = Field(5, ge=1, le=20, description="Attempts per request (exponential backoff).")
    connect_timeout_s: float = Field(3.0, gt=0, description="Seconds to wait for a connection.")
    verify_tls: bool = Field(True, description="Verify the endpoint's TLS certificate.")
    request_checksums: Literal["crc32", "signed-payload"] = Field(
        "crc32", description="How request bodies are protected in transit: a CRC-32 checksum header the "
        "server verifies (default), or a SHA-256-signed payload for stores without flexible checksums."
    )


class DatabaseSettings(Section):
    """Metadata database: an SQLite file by default, PostgreSQL by URL in production and HA."""

    url: SecretStr | None = Field(
        None, description="SQLAlchemy URL; default sqlite:///<home>/corpusbox.sqlite3."
    )
    echo: bool = Field(False, description="Log every SQL statement (debugging only).")


class AuditSettings(Section):
    """Audit log: hash-chained events whose head is signed and copied to the audit bucket."""

    sign_every_events: int = Field(50, ge=1, description="Sign the chain head at least every N events.")
    sign_every_seconds: int = Field(300, ge=1, description="...and at least every N seconds with new events.")
    ship_to: Path | None = Field(
        None, description="Append every event as a JSON line to this file for a SIEM (service 'auditship')."
    )


class SecuritySettings(Section):
    """Operators, sessions and API tokens."""

    session_hours: int = Field(12, ge=1, le=24 * 30, description="Lifetime of a `corpusbox login` session.")
    token_default_days: int = Field(90, ge=1, le=3650, description="Default lifetime of an API token.")
    min_password_length: int = Field(10, ge=8, description="Minimum password length for new passwords.")


class HardwareSettings(Section):
    """Hardware profile and telemetry."""

    profile: str | None = Field(None, description="Firmware profile name; None auto-detects.")
    telemetry_interval_s: float = Field(5.0, gt=0, description="Seconds between telemetry samples.")
    telemetry_retention_samples: int = Field(720, ge=10, description="Samples kept (bounded retention).")
    metrics_port: int = Field(9464, ge=1, le=65535, description="Port of the box's Prometheus metrics endpoint.")


class SupervisorSettings(Section):
    """Local services started by `corpusbox up`."""

    start_timeout_s: float = Field(60.0, gt=0, description="Seconds a service may take to become healthy.")
    stop_timeout_s: float = Field(15.0, gt=0, description="Seconds before a stopping service is killed.")
    services: list[str] = Field(
        default_factory=lambda: ["objectstore", "telemetry"],
        description="Services `corpusbox up` starts, in order.",
    )


class Settings(Section):
    """The whole effective configuration of a box."""

    home: Path = Field(description="Data root: database, keys, logs, embedded object store.")
    config_file: Path | None = Field(None, description="The TOML file these settings were read from.")
    box_name: str = Field("corpusbox", description="Human name of this box (shown in reports).")
    storage: StorageSettings = Field(default_factory=StorageSettings)
    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    audit: AuditSettings = Field(default_factory=AuditSettings)
    security: SecuritySettings = Field(default_factory=SecuritySettings)
    hardware: HardwareSettings = Field(default_factory=HardwareSettings)
    supervisor: SupervisorSettings = Field(default_factory=SupervisorSettings)
    inference: InferenceSettings = Field(default_factory=InferenceSettings)

    @property
    def database_url(self) -> str:
        """The database URL, defaulting to the SQLite file in the data root."""
        if self.database.url is not None:
            return self.database.url.get_secret_value()
        return f"sqlite:///{self.home / 'corpusbox.sqlite3'}"

    def path(self, *parts: str) -> Path:
        """A path inside the data root."""
        return self.home.joinpath(*parts)


def default_home(env: Mapping[str, str]) -> Path:
    """The data root: CORPUSBOX_HOME, else the per-user data directory."""
    if env.get("CORPUSBOX_HOME"):
        return Path(env["CORPUSBOX_HOME"]).expanduser()
    xdg = env.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "corpusbox"


def config_path(explicit: str | Path | None, env: Mapping[str, str]) -> Path:
    """Which configuration file applies (it may not exist yet)."""
    if explicit:
        return Path(explicit).expanduser()
    if env.get("CORPUSBOX_CONFIG"):
        return Path(env["CORPUSBOX_CONFIG"]).expanduser()
    return default_home(env) / "corpusbox.toml"


def load_settings(explicit: str | Path | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Read the TOML file (if present) and the environment into validated settings."""
    env = os.environ if env is None else env
    path = config_path(explicit, env)
    data: dict[str, Any] = {}
    text = ""
    if path.exists():
        text = _read_text(path)
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}", hint="fix the line named above") from exc
    elif explicit:
        raise ConfigError(f"{path}: configuration file not found", hint="check the --config path")
    _merge(data, _env_overrides(env))
    data.setdefault("home", str(default_home(env)))
    data["config_file"] = str(path) if path.exists() else None
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe_validation(exc, path, text), hint=_fix_hint(path)) from exc


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start})", hint="save the file as UTF-8") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}", hint="check its permissions") from exc


def _env_overrides(env: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in env.items():
        if not name.startswith(ENV_PREFIX) or name in RESERVED_ENV:
            continue
        parts = [p.lower() for p in name[len(ENV_PREFIX):].split("__") if p]
        if not parts:
            continue
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = _env_value(value)
    return out


def _env_value(value: str) -> Any:
    """Environment values may be JSON (lists, numbers); anything else is a plain string."""
    if value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _merge(base: dict[str, Any], extra: Mapping[str, Any]) -> None:
    for key, value in extra.items():
        if isinstance(value, Mapping) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value


def _describe_validation(exc: ValidationError, path: Path, text: str) -> str:
    lines = []
    for err in exc.errors():
        loc = [str(p) for p in err["loc"]]
        key = ".".join(loc)
        line = _line_of(text, loc)
        where = f"{path}:{line}" if line else f"{path} (or environment)"
        got = err.get("input")
        shown = "" if isinstance(got, (dict, list)) or got is None else f" (got {got!r})"
        lines.append(f"{where}: key '{key}': {err['msg']}{shown}")
    return "invalid configuration:\n  " + "\n  ".join(lines)


def _fix_hint(path: Path) -> str:
    return f"edit {path} or the CORPUSBOX_* environment; `corpusbox config show --defaults` lists every key"


def _line_of(text: str, loc: list[str]) -> int | None:
    """Best-effort line number of a key in TOML text: its [section] then `key =`."""
    if not text or not loc:
        return None
    section, key = (".".join(loc[:-1]), loc[-1])
    current = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        header = re.match(r"^\[([^\[\]]+)\]", line)
        if header:
            current = header.group(1).strip()
            if current == ".".join(loc):
                return number
            continue
        match = re.match(r"^([A-Za-z0-9_\-\.\"]+)\s*=", line)
        if match and current == section and match.group(1).strip('"') == key:
            return number
    return None


def masked_dict(settings: Settings) -> dict[str, Any]:
    """The settings as plain data with every secret replaced by asterisks."""
    return json.loads(settings.model_dump_json())


def defaults_dict(home: Path) -> dict[str, Any]:
    """Every key with its default value (for `config show --defaults`)."""
    return masked_dict(Settings(home=home))
