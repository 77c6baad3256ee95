"""Box-level operations: initialise, start and stop services, report status."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from appliance.box import Box
from appliance.db.engine import current_revision
from appliance.db.models import AuditEvent, AuditHead, ServiceState, utcnow
from appliance.errors import CorpusBoxError, NotInitialisedError
from appliance.security import secrets
from appliance.services import users
from appliance.services.auth import Principal, authorize
from appliance.storage.layout import bucket_layout
from appliance.supervisor.supervisor import ServiceStatus

DEFAULT_CONFIG = """\
# CorpusBox configuration. Every key is optional; `corpusbox config show --defaults` lists them all.
# Environment overrides: CORPUSBOX_<SECTION>__<KEY>, e.g. CORPUSBOX_DATABASE__URL.
box_name = "corpusbox"

[storage]
backend = "embedded"      # "embedded" (SeaweedFS on loopback) or "s3" (MinIO / Ceph RGW)
s3_port = {s3_port}

[database]
# url = "postgresql+psycopg://corpusbox:PASSWORD@db.example:5432/corpusbox"

[supervisor]
services = {services}
"""


@dataclass
class InitResult:
    home: str
    config_file: str
    database: str
    revision: str | None
    admin: str
    key_id: str
    created_config: bool


def init_box(box: Box, admin: str, password: str) -> InitResult:
    """Create the data root, keys and schema, and the first admin. Refused once users exist."""
    box.home.mkdir(parents=True, exist_ok=True)
    cfg_path = box.settings.config_file or box.home / "corpusbox.toml"
    created = False
    if not cfg_path.exists():
        cfg_path.write_text(DEFAULT_CONFIG.format(
            s3_port=box.settings.storage.s3_port,
            services="[" + ", ".join(f'"{s}"' for s in box.settings.supervisor.services) + "]",
        ))
        created = True
    key = secrets.signing_key(box.home)
    secrets.pseudonym_key(box.home)
    secrets.box_id(box.home)
    revision = box.migrate()
    users.create_user(box, None, admin, "admin", password)
    return InitResult(str(box.home), str(cfg_path), box.engine.url.render_as_string(hide_password=True), revision,
                      admin, secrets.key_id(key.public_key()), created)


def _record_services(box: Box, actor: Principal, action: str, result: list[ServiceStatus]) -> None:
    with box.sessions() as session, session.begin():
        for st in result:
            row = session.get(ServiceState, st.name) or ServiceState(name=st.name, status=st.state)
            row.status, row.pid, row.port = st.state, st.pid, st.port
            row.started_at = utcnow() if st.state == "running" and action == "service.up" else row.started_at
            session.merge(row)
        box.audit.record(actor.as_actor(), action, "services",
                         details={s.name: s.state for s in result}, session=session)


def up(box: Box, actor: Principal, names: list[str] | None = None) -> list[ServiceStatus]:
    """Start the services, create the bucket layout, copy pending audit heads to the bucket."""
    authorize_local(box, actor, "box.manage")
    result = box.supervisor.up(names)
    if any(s.name == "objectstore" for s in result) or box.settings.storage.backend == "s3":
        box.store.ping()
        box.ensure_buckets()
    if _has_schema(box):
        _record_services(box, actor, "service.up", result)
        box.audit.upload_pending()
    return result


def down(box: Box, actor: Principal, names: list[str] | None = None) -> list[ServiceStatus]:
    """Stop the services, newest first, within the configured time bound."""
    authorize_local(box, actor, "box.manage")
    if _has_schema(box):
        box.audit.maybe_sign()
    result = box.supervisor.down(names)
    if _has_schema(box):
        _record_services(box, actor, "service.down", result)
    return result


def authorize_local(box: Box, actor: Principal, permission: str) -> None:
    """Like authorize(), but a box without a schema yet has nobody to ask: the service account acts."""
    if actor.user.startswith("os:") and not _has_schema(box):
        return
    authorize(box, actor, permission, "box")


def record_if_initialised(box: Box, actor: Principal, action: str, target: str, outcome: str,
                          details: dict[str, Any]) -> None:
    """Audit box-level work that may also run before the box exists (then there is no log yet)."""
    if _has_schema(box):
        box.audit.record(actor.as_actor(), action, target, outcome, details)


def _has_schema(box: Box) -> bool:
    try:
        box.require_schema()
        return True
    except NotInitialisedError:
        return False


@dataclass
class BoxStatus:
    home: str
    box_name: str
    services: list[dict[str, Any]]
    database: dict[str, Any]
    storage: list[dict[str, Any]] = field(default_factory=list)
    audit: dict[str, Any] = field(default_factory=dict)
    disk: dict[str, Any] = field(default_factory=dict)


def status(box: Box, actor: Principal, with_usage: bool = True) -> BoxStatus:
    """Services, database, buckets (protection and usage) and audit state."""
    authorize_local(box, actor, "box.read")
    services = [s.to_dict() for s in box.supervisor.statuses()]
    db: dict[str, Any] = {"url": box.engine.url.render_as_string(hide_password=True)}
    try:
        db["revision"] = current_revision(box.engine)
        db["reachable"] = True
    except Exception as exc:  # noqa: BLE001 - status reports what is down rather than failing
        db.update(reachable=False, error=str(exc).splitlines()[0])
    result = BoxStatus(str(box.home), box.settings.box_name, services, db)
    result.storage = _storage_status(box, with_usage)
    result.disk = disk_usage(box.home)
    if db.get("reachable") and db.get("revision"):
        with box.sessions() as session:
            last_seq = session.scalar(select(func.max(AuditEvent.seq))) or 0
            head = session.execute(select(AuditHead).order_by(AuditHead.seq.desc()).limit(1)).scalar()
        result.audit = {"events": last_seq, "signed_head_seq": head.seq if head else None,
                        "signed_at": head.signed_at if head else None,
                        "head_in_bucket": bool(head and head.object_key)}
    return result


def disk_usage(path: Path) -> dict[str, Any]:
    """Free and total bytes of the file system holding the data root (DB, keys, embedded store)."""
    import shutil

    try:
        du = shutil.disk_usage(path)
    except OSError as exc:
        return {"path": str(path), "error": exc.strerror or type(exc).__name__}
    return {"path": str(path), "total_bytes": du.total, "free_bytes": du.free,
            "free_percent": round(100 * du.free / du.total, 1) if du.total else None}


def _storage_status(box: Box, with_usage: bool) -> list[dict[str, Any]]:
    out = []
    try:
        box.store.ping()
    except CorpusBoxError as exc:
        return [{"bucket": "-", "error": exc.message}]
    for spec in bucket_layout():
        entry: dict[str, Any] = {"bucket": spec.name, "purpose": spec.purpose}
        try:
            entry.update(box.store.describe(spec))
            if with_usage:
                entry.update(box.store.usage(spec.name))
        except CorpusBoxError as exc:
            entry["error"] = exc.message
        out.append(entry)
    return out


def uptime(started: datetime | None) -> float | None:
    return (utcnow() - started).total_seconds() if started else None
