"""Roles and the permissions each grants. The single source of truth for who may do what."""

from __future__ import annotations

from enum import StrEnum
from fnmatch import fnmatchcase


class Role(StrEnum):
    ADMIN = "admin"
    DATA_OFFICER = "data_officer"
    ML_ENGINEER = "ml_engineer"
    AUDITOR = "auditor"
    CLINICIAN_TERMINAL = "clinician_terminal"


# Every permission the product checks, with what it guards. Names are <noun>.<verb>.
PERMISSIONS: dict[str, str] = {
    "box.read": "see service status, hardware, telemetry and storage usage",
    "box.manage": "start and stop services, initialise and upgrade the box",
    "config.read": "see the effective configuration (secrets masked)",
    "user.read": "list users and tokens",
    "user.manage": "create, change, disable users; revoke anyone's tokens",
    "token.own": "create, list and revoke one's own API tokens",
    "audit.read": "read the audit log",
    "audit.verify": "verify the audit chain and sign its head",
    "source.read": "list sources and runs",
    "source.manage": "register and change sources",
    "ingest.run": "ingest raw data into quarantine",
    "deid.read": "see de-identification runs and finding counts",
    "deid.run": "run de-identification",
    "deid.review": "see original PHI next to replacements and correct findings",
    "snapshot.read": "list and inspect snapshots",
    "snapshot.create": "cut snapshots",
    "snapshot.export": "export a snapshot's de-identified documents",
    "dp.read": "read the privacy-budget ledger",
    "dp.release": "make differentially private releases and set budgets",
    "train.read": "list jobs, logs and metrics",
    "train.submit": "submit, cancel and resume training jobs",
    "model.read": "list models and their lineage",
    "model.manage": "import, promote and roll back models",
    "serve.read": "see deployments and serving metrics",
    "serve.manage": "change deployments, weights, adapters and the debug switch",
    "inference.use": "call the inference API",
    "report.read": "produce and verify compliance reports",
    "ha.read": "see the HA pair's state",
    "ha.manage": "initialise the pair, switch over, run failover tests",
}

_READ_ONLY = sorted(p for p in PERMISSIONS if p.endswith((".read", ".verify")))

ROLE_PERMISSIONS: dict[Role, frozenset[str]] = {
    # Admins run the box but do not look at raw PHI: review is the data officers' duty.
    Role.ADMIN: frozenset(set(PERMISSIONS) - {"deid.review"}),
    Role.DATA_OFFICER: frozenset(
        {
            "box.read", "config.read", "token.own", "audit.read", "source.read", "source.manage",
            "ingest.run", "deid.read", "deid.run", "deid.review", "snapshot.read", "snapshot.create",
            "snapshot.export", "dp.read", "dp.release", "model.read", "train.read", "report.read",
        }
    ),
    Role.ML_ENGINEER: frozenset(
        {
            "box.read", "config.read", "token.own", "source.read", "deid.read", "snapshot.read",
            "snapshot.export", "dp.read", "train.read", "train.submit", "model.read", "model.manage",
            "serve.read", "serve.manage", "inference.use",
        }
    ),
    # Auditors read everything (never raw PHI) and change nothing.
    Role.AUDITOR: frozenset(set(_READ_ONLY) | {"report.read"}),
    Role.CLINICIAN_TERMINAL: frozenset({"inference.use"}),
}

# Token scopes narrow what a token may do beyond its owner's role.
SCOPES: dict[str, str] = {
    "cli": "operate the box from the command line and console",
    "inference": "call the inference API only",
    "api": "use the management API",
}
SCOPE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "cli": ("*",),
    "api": ("*",),
    "inference": ("inference.use", "serve.read"),
}


def parse_role(value: str) -> Role:
    """The Role named by `value`, or ValueError listing the allowed names."""
    try:
        return Role(value)
    except ValueError:
        allowed = ", ".join(r.value for r in Role)
        raise ValueError(f"unknown role {value!r}; allowed: {allowed}") from None


def role_allows(role: Role | str, permission: str) -> bool:
    """Whether `role` grants `permission`."""
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}")
    return permission in ROLE_PERMISSIONS[Role(role)]


def scopes_allow(scopes: list[str] | tuple[str, ...], permission: str) -> bool:
    """Whether any of a token's scopes covers `permission`."""
    for scope in scopes:
        for pattern in SCOPE_PERMISSIONS.get(scope, ()):
            if fnmatchcase(permission, pattern):
                return True
    return False
