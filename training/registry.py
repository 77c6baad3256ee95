"""The model registry: base models, adapters and full fine-tunes in the `models` bucket, with lineage.

Stable API for the inference server: `resolve(box, name, version=None) -> ModelRecord` and
`materialize(box, record) -> Path` (a local, SHA-256-verified copy under the data root).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from appliance.db.engine import transaction
from appliance.db.models import Job, Model, Snapshot
from appliance.services.auth import Principal, authorize
from appliance.storage.layout import MODELS
from training import artifacts
from training.errors import ModelNotFound

if TYPE_CHECKING:
    from appliance.box import Box

KINDS = ("base", "adapter", "full")
SERVING = "serving"


@dataclass
class ModelRecord:
    """One registered model version as services and the inference server see it."""

    id: int
    name: str
    version: int
    kind: str
    uri: str
    sha256: str | None
    status: str
    base_model_id: int | None = None
    base: str | None = None
    parent_id: int | None = None
    parent: str | None = None
    job_id: int | None = None
    snapshot_id: int | None = None
    snapshot: str | None = None
    metrics: dict[str, Any] = field(default_factory=dict)
    lineage: dict[str, Any] = field(default_factory=dict)
    created_by: str | None = None
    created_at: datetime | None = None

    @property
    def ref(self) -> str:
        return f"{self.name}:{self.version}"

    @property
    def prefix(self) -> str:
        """Key prefix of its files in the models bucket."""
        return self.uri.split(f"{MODELS}/", 1)[1] if f"{MODELS}/" in self.uri else self.uri

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ref": self.ref}


def parse_ref(ref: str) -> tuple[str, int | None]:
    """'name' or 'name:version' -> (name, version or None)."""
    name, _, version = ref.partition(":")
    if version and not version.isdigit():
        raise ModelNotFound(f"model reference {ref!r}: the version after ':' must be a number")
    return name, int(version) if version else None


def resolve(box: Box, name: str, version: int | None = None) -> ModelRecord:
    """A model by name and version; without a version, the serving one, else the newest."""
    if version is None and ":" in name:
        name, version = parse_ref(name)
    with box.sessions() as s:
        stmt = select(Model).where(Model.name == name)
        if version is not None:
            row = s.scalar(stmt.where(Model.version == version))
        else:
            row = s.scalar(stmt.where(Model.status == SERVING).order_by(Model.version.desc()).limit(1)) or \
                s.scalar(stmt.order_by(Model.version.desc()).limit(1))
        if row is None:
            label = f"{name}:{version}" if version is not None else name
            raise ModelNotFound(f"no model {label} in the registry",
                                hint="list models with `corpusbox models list`; import one with `corpusbox models import`")
        return _record(s, row)


def get(box: Box, model_id: int) -> ModelRecord:
    """A model by database id."""
    with box.sessions() as s:
        row = s.get(Model, model_id)
        if row is None:
            raise ModelNotFound(f"no model with id {model_id}")
        return _record(s, row)


def materialize(box: Box, record: ModelRecord) -> Path:
    """A local copy of the model's directory (cached under the data root), verified by SHA-256."""
    dest = box.home / "cache" / "models" / record.name / f"v{record.version}-{(record.sha256 or 'none')[:12]}"
    if artifacts.verify_local(dest):
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    return artifacts.download_dir(box, record.prefix, dest, expected_sha=record.sha256)


def list_models(box: Box, principal: Principal, name: str | None = None) -> list[ModelRecord]:
    """Every registered model version (optionally one name), newest first."""
    authorize(box, principal, "model.read", name or "models")
    with box.sessions() as s:
        stmt = select(Model).order_by(Model.name, Model.version.desc())
        if name:
            stmt = stmt.where(Model.name == name)
        return [_record(s, row) for row in s.scalars(stmt)]


def show_model(box: Box, principal: Principal, ref: str) -> dict[str, Any]:
    """A model with its full lineage: base, parent chain, snapshot, job file, files and hashes."""
    authorize(box, principal, "model.read", ref)
    record = resolve(box, *parse_ref(ref))
    chain, cur = [], record
    while cur.parent_id is not None and len(chain) < 50:
        cur = get(box, cur.parent_id)
        chain.append(cur.ref)
    found = artifacts.read_manifest(box, record.prefix)
    files = found[0]["files"] if found else {}
    job_file = None
    if record.job_id is not None:
        with box.sessions() as s:
            job = s.get(Job, record.job_id)
            job_file = (job.spec or {}).get("_file") if job else None
    return {**record.to_dict(), "parents": chain, "files": files, "job_file": job_file}


def next_version(box: Box, name: str) -> int:
    with box.sessions() as s:
        return int(s.scalar(select(func.coalesce(func.max(Model.version), 0)).where(Model.name == name)) or 0) + 1


def register(box: Box, principal: Principal, *, name: str, kind: str, local_dir: Path,
             base_model_id: int | None = None, parent_id: int | None = None, job_id: int | None = None,
             snapshot_id: int | None = None, metrics: dict[str, Any] | None = None,
             lineage: dict[str, Any] | None = None, action: str = "model.register") -> ModelRecord:
    """Upload a model directory and record it, audited in the same transaction."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    version = next_version(box, name)
    prefix = f"registry/{name}/v{version}"
    manifest, sha = artifacts.upload_dir(box, local_dir, prefix, {"name": name, "version": version, "kind": kind})
    with transaction(box.sessions) as s:
        row = Model(name=name, version=version, kind=kind, base_model_id=base_model_id, parent_id=parent_id,
                    job_id=job_id, snapshot_id=snapshot_id, uri=f"s3://{MODELS}/{prefix}/", sha256=sha,
                    metrics=metrics or {}, lineage=lineage or {}, status="registered", created_by=principal.user)
        s.add(row)
        s.flush()
        box.audit.record(principal.as_actor(), action, f"model:{name}:{version}", "ok",
                         {"sha256": sha, "kind": kind, "files": len(manifest["files"]), "job_id": job_id,
                          "snapshot_id": snapshot_id, "base_model_id": base_model_id, "parent_id": parent_id},
                         session=s)
        return _record(s, row)


def update_metrics(box: Box, principal: Principal, model_id: int, metrics: dict[str, Any]) -> None:
    """Merge evaluation results into a model's metrics (audited)."""
    with transaction(box.sessions) as s:
        row = s.get(Model, model_id)
        if row is None:
            raise ModelNotFound(f"no model with id {model_id}")
        row.metrics = {**(row.metrics or {}), **metrics}
        box.audit.record(principal.as_actor(), "model.evaluate", f"model:{row.name}:{row.version}", "ok",
                         {"keys": sorted(metrics)}, session=s)


def _record(s: Any, row: Model) -> ModelRecord:
    def ref(model_id: int | None) -> str | None:
        other = s.get(Model, model_id) if model_id else None
        return f"{other.name}:{other.version}" if other else None

    snap = s.get(Snapshot, row.snapshot_id) if row.snapshot_id else None
    return ModelRecord(row.id, row.name, row.version, row.kind, row.uri, row.sha256, row.status,
                       row.base_model_id, ref(row.base_model_id), row.parent_id, ref(row.parent_id), row.job_id,
                       row.snapshot_id, snap.name if snap else None, dict(row.metrics or {}),
                       json.loads(json.dumps(row.lineage or {})), row.created_by, row.created_at)
