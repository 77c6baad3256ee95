"""Shared secrets of the pair (database roles, Patroni REST): generated once, identical on both boxes."""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from appliance.errors import ConfigError
from appliance.security.secrets import secrets_dir, write_private


@dataclass(frozen=True)
class PairCredentials:
    """Passwords the two boxes must share; kept in <home>/secrets/ha-credentials.json (0600)."""

    superuser_password: str
    replication_password: str
    rewind_password: str
    restapi_password: str
    superuser: str = "postgres"
    replication_user: str = "replicator"
    rewind_user: str = "rewind"
    restapi_user: str = "patroni"

    @classmethod
    def generate(cls) -> PairCredentials:
        return cls(*(secrets.token_urlsafe(24) for _ in range(4)))


def credentials_path(home: Path) -> Path:
    return secrets_dir(home) / "ha-credentials.json"


def save_credentials(home: Path, creds: PairCredentials) -> Path:
    path = credentials_path(home)
    write_private(path, json.dumps(asdict(creds)).encode())
    return path


def load_credentials(home: Path) -> PairCredentials:
    """The pair's credentials, as copied from the first box."""
    path = credentials_path(home)
    if not path.exists():
        raise ConfigError(f"{path}: the pair's credentials are missing",
                          hint="copy secrets/ha-credentials.json from the first box (mode 0600), then retry")
    return PairCredentials(**json.loads(path.read_text()))
