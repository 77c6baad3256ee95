"""A demo-like box for report tests: accounts, refusals, pipeline runs, DP ledger, snapshots, a model.

Rows that other packages will write through their own services (runs, snapshots, jobs, models)
are inserted here with the audit events those services record, so reports can be checked now.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from appliance.audit.log import Actor
from appliance.box import Box
from appliance.config import load_settings
from appliance.db.models import Job, Model, Run, Snapshot, Source
from appliance.errors import AuthenticationError, PermissionDenied
from appliance.services import boxops, tokens, users
from appliance.services.auth import Principal
from tests.conftest import ADMIN_PASSWORD, write_config
from tests.harness.objectstore import SeaweedServer

PASSWORD = "passphrase-123456"
# What training.gate records for a promotion (GateDecision.to_dict()).
GATE = {
    "candidate": "triage:1",
    "baseline": None,
    "promoted": True,
    "reason": "no serving model yet",
    "margin_points": 2.0,
    "candidate_accuracy": 0.71,
    "baseline_accuracy": None,
    "candidate_perplexity": 6.1,
    "baseline_perplexity": None,
    "eval_set_sha256": "e" * 64,
    "decided_at": "2025-01-01T00:00:00Z",
}
# Lines of the inference server's request log (inference.requestlog.RequestRecord): never any text.
REQUESTS = [
    {
        "request_id": f"r{i}",
        "endpoint": "/v1/chat/completions",
        "token_id": "t1",
        "user": "kiosk-1",
        "model": "triage",
        "model_ref": "triage:1",
        "status": 200,
        "prompt_tokens": 20,
        "completion_tokens": 12,
    }
    for i in range(4)
] + [
    {
        "request_id": "r9",
        "endpoint": "/v1/chat/completions",
        "token_id": "t2",
        "user": "kiosk-2",
        "model": "other",
        "status": 429,
    }
]
FINDINGS = {"PERSON": 41, "DATE": 37, "PHONE_NUMBER": 9, "CN_RESIDENT_ID": 4, "LOCATION": 12}


@dataclass
class DemoBox:
    box: Box
    admin: Principal
    auditor: Principal
    auditor_token: str
    today: date
    env: dict[str, str] = field(default_factory=dict)


@pytest.fixture
def db_url(
    tmp_path: Path,
) -> str:  # reports read through SQLAlchemy; engine coverage lives in the core's tests
    return f"sqlite:///{tmp_path / 'meta.sqlite3'}"


def _pipeline(box: Box, officer: Principal) -> None:
    now = datetime.now(UTC)
    with box.sessions() as s, s.begin():
        src = Source(
            name="notes-2024",
            kind="notes",
            uri="/data/notes",
            policy_version="notes-v3",
            created_by=officer.user,
        )
        s.add(src)
        s.flush()
        ingest = Run(
            kind="ingest",
            source_id=src.id,
            status="done",
            actor=officer.user,
            started_at=now,
            finished_at=now,
            stats={"documents": 120, "failed": 2},
        )
        deid = Run(
            kind="deid",
            source_id=src.id,
            status="done",
            actor=officer.user,
            started_at=now,
            finished_at=now,
            stats={"documents": 118, "findings_by_entity": FINDINGS, "policy_version": "notes-v3"},
        )
        review = Run(
            kind="review",
            source_id=src.id,
            status="done",
            actor=officer.user,
            finished_at=now,
            stats={"documents_reviewed": 200, "misses": 1, "residual_risk_per_1000": 5.0},
        )
        s.add_all([ingest, deid, review])
        s.flush()
        base = Snapshot(
            name="snap-a",
            manifest_key="snapshots/snap-a.json",
            manifest_sha256="a" * 64,
            stats={"documents": 118, "policy_versions": ["notes-v3"]},
            created_by=officer.user,
        )
        s.add(base)
        s.flush()
        s.add(
            Snapshot(
                name="snap-b",
                manifest_key="snapshots/snap-b.json",
                manifest_sha256="b" * 64,
                parent_id=base.id,
                stats={"documents": 130},
                created_by=officer.user,
            )
        )
        for run in (ingest, deid, review):
            box.audit.record(
                officer.as_actor(), f"{run.kind}.run", f"run:{run.id}", details={"run_id": run.id}, session=s
            )
        box.audit.record(officer.as_actor(), "snapshot.create", "snapshot:snap-a", session=s)


def _training(box: Box, engineer: Principal) -> None:
    with box.sessions() as s, s.begin():
        snap = s.query(Snapshot).filter_by(name="snap-a").one()
        job = Job(
            name="triage-lora",
            spec={"method": "lora", "dp_sgd": {"target_epsilon": 3.0}},
            status="done",
            snapshot_id=snap.id,
            base_model="smollm2-135m",
            created_by=engineer.user,
        )
        s.add(job)
        s.flush()
        s.add(
            Model(
                name="triage",
                version=1,
                kind="adapter",
                job_id=job.id,
                snapshot_id=snap.id,
                uri="models/triage/1",
                sha256="c" * 64,
                metrics={"eval_loss": 1.9, "accuracy": 0.71},
                status="serving",
                created_by=engineer.user,
            )
        )
        box.audit.record(engineer.as_actor(), "train.submit", f"job:{job.id}", session=s)
    box.audit.record(
        engineer.as_actor(),
        "model.promote",
        "model:triage:1",
        details=GATE,
    )


def _activity(box: Box, admin: Principal, terminal: Principal) -> None:
    boxops.up(box, admin)
    log = box.home / "logs" / "inference-requests.jsonl"
    log.parent.mkdir(parents=True, exist_ok=True)
    ts = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    log.write_text("".join(json.dumps({**r, "ts": ts}) + "\n" for r in REQUESTS) + "not json\n")
    for _ in range(3):
        box.audit.record(terminal.as_actor(), "inference.chat", "model:triage", details={"model": "triage"})
    box.audit.record(
        Actor("kiosk-2", "clinician_terminal"),
        "inference.use",
        "model:other",
        "refused",
        {"reason": "model not in token scope"},
    )


def populate(box: Box, admin: Principal) -> DemoBox:
    """Take a fresh box through a demo-like day."""
    from corpus.dp import ledger

    for name, role in (("audrey", "auditor"), ("dora", "data_officer"), ("emil", "ml_engineer")):
        users.create_user(box, admin, name, role, PASSWORD)
    users.create_user(box, admin, "kiosk-1", "clinician_terminal", None)
    officer, engineer = Principal("dora", "data_officer"), Principal("emil", "ml_engineer")
    with pytest.raises(PermissionDenied):
        users.create_user(box, officer, "sneaky", "admin", PASSWORD)
    with pytest.raises(AuthenticationError):
        users.verify_password(box, "audrey", "wrong-password-here")
    _pipeline(box, officer)
    ledger.set_budget(box, officer, "notes-2024", 2.0)
    ledger.charge_per_record(box, officer, "notes-2024", "age", 0.5, 1.0, 0.0, 100.0)
    ledger.charge_per_record(box, officer, "notes-2024", "los_days", 0.75, 1.0, 0.0, 60.0)
    _training(box, engineer)
    _activity(box, admin, Principal("kiosk-1", "clinician_terminal"))
    auditor = tokens.resolve(box, tokens.create_session(box, users.verify_password(box, "audrey", PASSWORD)))
    secret = tokens.create_token(box, admin, "audit-2025", ["cli"], owner="audrey").secret
    return DemoBox(box, admin, auditor, secret, datetime.now(UTC).date())


@pytest.fixture
def fresh_demo(box: Box, admin: Principal, box_env: dict[str, str]) -> DemoBox:
    """A demo-like box of one's own, for tests that tamper with it."""
    demo = populate(box, admin)
    demo.env = box_env
    return demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, seaweed: SeaweedServer) -> Iterator[DemoBox]:
    """One demo-like box shared by a module's read-only tests (reports only append audit events)."""
    root = tmp_path_factory.mktemp("demo")
    home = root / "home"
    cfg = write_config(home, f"sqlite:///{root / 'meta.sqlite3'}", seaweed)
    env = {"CORPUSBOX_HOME": str(home), "CORPUSBOX_CONFIG": str(cfg)}
    box = Box(load_settings(env={**os.environ, **env}))
    boxops.init_box(box, "admin", ADMIN_PASSWORD)
    box.ensure_buckets()
    admin = tokens.resolve(
        box, tokens.create_session(box, users.verify_password(box, "admin", ADMIN_PASSWORD))
    )
    demo = populate(box, admin)
    demo.env = env
    yield demo
    box.close()


def run_cli(env: dict[str, str], *args: str, token: str = "") -> Result:
    """`corpusbox ...` in-process with the given environment and token."""
    from appliance.cli.main import app

    merged = {**env, "CORPUSBOX_TOKEN": token, "CORPUSBOX_PASSWORD": ""}
    return CliRunner().invoke(app, list(args), env=merged, catch_exceptions=False)
