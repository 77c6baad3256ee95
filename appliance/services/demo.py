"""`corpusbox demo`: the main job end to end on the embedded defaults.

Each product area contributes a stage (see DEMO_STAGES); a stage whose package is not installed
is skipped. Every stage goes through the same services as the CLI and is audited like any work.
"""

from __future__ import annotations

import importlib
import json
import secrets as pysecrets
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from sqlalchemy import select

from appliance.box import Box
from appliance.db.models import User
from appliance.errors import AuthenticationError
from appliance.security.secrets import write_private
from appliance.services import audit as audit_service
from appliance.services import boxops, objects, tokens, users
from appliance.services.auth import Principal

Say = Callable[[str], None]

# Stages after the core, in order: name -> "module:function(box, principal, say) -> dict".
DEMO_STAGES: list[tuple[str, str]] = [
    ("corpus", "corpus.demo:stage"),
    ("training", "training.demo:stage"),
    ("inference", "inference.demo:stage"),
]


@dataclass
class StageResult:
    name: str
    ok: bool
    seconds: float
    summary: dict[str, Any] = field(default_factory=dict)


@dataclass
class DemoReport:
    home: str
    admin: str
    stages: list[StageResult] = field(default_factory=list)
    session_token: str | None = None
    next_steps: list[str] = field(default_factory=list)


def _quiet(_: str) -> None:
    pass


def _admin_principal(box: Box, principal: Principal | None, say: Say) -> tuple[Principal, str | None]:
    """The admin the demo acts as; bootstraps the box on first run."""
    if principal is not None:
        return principal, None
    secret_file = box.home / "secrets" / "demo-admin.json"
    box.home.mkdir(parents=True, exist_ok=True)
    box.migrate()  # idempotent: creates the schema on a fresh box, upgrades an older one
    if users.count_users(box) == 0:
        password = pysecrets.token_urlsafe(18)
        boxops.init_box(box, "admin", password)
        write_private(secret_file, json.dumps({"user": "admin", "password": password}).encode())
        say(f"  created admin 'admin'; its password is in {secret_file} (readable by you only)")
    if not secret_file.exists():
        raise AuthenticationError("this box already has users; the demo needs a signed-in admin",
                                  hint="run `corpusbox login NAME` as an admin, then `corpusbox demo` again")
    creds = json.loads(secret_file.read_text())
    user = users.verify_password(box, creds["user"], creds["password"])
    token = tokens.create_session(box, user)
    return tokens.resolve(box, token), token


def _timed(name: str, fn: Callable[[], dict[str, Any]], report: DemoReport, say: Say) -> dict[str, Any]:
    say(f"[{name}]")
    start = time.monotonic()
    summary = fn()
    report.stages.append(StageResult(name, True, round(time.monotonic() - start, 2), summary))
    return summary


def run_demo(box: Box, principal: Principal | None = None, keep_running: bool = True,
             say: Say | None = None) -> DemoReport:
    """Start the box, exercise storage, users and the audit trail, then run each area's stage."""
    say = say or _quiet
    say(f"CorpusBox demo on {box.home}")
    actor, session_token = _admin_principal(box, principal, say)
    report = DemoReport(str(box.home), actor.user, session_token=session_token)

    def services() -> dict[str, Any]:
        started = boxops.up(box, actor)
        for st in started:
            say(f"  {st.name}: {st.state} on port {st.port}")
        protections = [box.store.describe(spec) for spec in _layout()]
        for p in protections:
            lock = p["object_lock"]["Mode"].lower() if p["object_lock"] else "no lock"
            say(f"  bucket {p['bucket']}: versioning {p['versioning']}, {lock}, {p['encryption']}")
        return {"services": [s.to_dict() for s in started], "buckets": protections}

    _timed("services", services, report, say)
    _timed("storage", lambda: _storage_stage(box, actor, say), report, say)
    _timed("users", lambda: _users_stage(box, actor, say), report, say)
    for name, target in DEMO_STAGES:
        stage = _load_stage(target)
        if stage is not None:
            _timed(name, lambda stage=stage: stage(box, actor, say), report, say)
    _timed("audit", lambda: _audit_stage(box, actor, say), report, say)
    if not keep_running:
        boxops.down(box, actor)
    report.next_steps = [
        "corpusbox status                 # services, buckets, audit head",
        "corpusbox audit tail             # the audit log as it grows",
        "corpusbox audit verify           # check the hash chain and signed heads",
        "corpusbox user list              # who may do what",
        "corpusbox down                   # stop the services",
    ]
    say("try next:\n  " + "\n  ".join(report.next_steps))
    return report


def _layout() -> list[Any]:
    from appliance.storage.layout import bucket_layout

    return bucket_layout()


def _load_stage(target: str) -> Callable[..., dict[str, Any]] | None:
    module, func = target.split(":")
    try:
        return getattr(importlib.import_module(module), func)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return None
        raise


def _storage_stage(box: Box, actor: Principal, say: Say) -> dict[str, Any]:
    body = f"CorpusBox demo object written {time.strftime('%Y-%m-%dT%H:%M:%S')}\n".encode()
    stored = objects.put(box, "curated", "demo/hello.txt", data=body, content_type="text/plain")
    back = box.store.get_bytes("curated", "demo/hello.txt")
    box.audit.record(actor.as_actor(), "storage.put", "curated/demo/hello.txt",
                     details={"sha256": stored.sha256, "bytes": stored.size, "object_row": stored.id})
    say(f"  wrote and read back curated/demo/hello.txt, sha256 {stored.sha256[:16]}… verified")
    refused = False
    try:
        box.store.presign_get("quarantine", "anything")
    except Exception:  # noqa: BLE001 - the refusal is the point
        refused = True
    say(f"  download links for the quarantine bucket refused: {'yes' if refused else 'NO'}")
    return {"sha256": stored.sha256, "roundtrip_ok": back == body, "quarantine_link_refused": refused}


def _users_stage(box: Box, actor: Principal, say: Say) -> dict[str, Any]:
    created = []
    path = box.home / "secrets" / "demo-users.json"
    known = json.loads(path.read_text()) if path.exists() else {}
    for name, role in (("demo-officer", "data_officer"), ("demo-engineer", "ml_engineer"),
                       ("demo-auditor", "auditor")):
        with box.sessions() as session:
            exists = session.scalar(select(User).where(User.name == name)) is not None
        if not exists:
            known[name] = pysecrets.token_urlsafe(15)
            users.create_user(box, actor, name, role, known[name])
            created.append(name)
    write_private(path, json.dumps(known).encode())
    say(f"  users: {', '.join(created) or 'demo users already present'} (passwords in {path})")
    auditor = Principal("demo-auditor", "auditor")
    try:
        users.create_user(box, auditor, "should-not-exist", "admin", pysecrets.token_urlsafe(15))
        refused = False
    except Exception:  # noqa: BLE001 - expected refusal
        refused = True
    say(f"  an auditor trying to create a user was refused (and audited): {'yes' if refused else 'NO'}")
    return {"created": created, "auditor_refused": refused}


def _audit_stage(box: Box, actor: Principal, say: Say) -> dict[str, Any]:
    head = audit_service.checkpoint(box, actor)
    report = audit_service.verify(box, actor)
    say(f"  signed head at event {head.seq if head else '-'} copied to the audit bucket (compliance lock)")
    say(f"  audit verify: {'OK' if report.ok else 'FAILED'} — {report.events_checked} events, "
        f"{report.heads_checked} signed heads checked")
    return {"ok": report.ok, "events": report.events_checked, "heads": report.heads_checked}
