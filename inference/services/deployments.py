"""Deployments: which registry model a name serves, its A/B candidate, department adapters, promotion.

Every change is audited in the transaction that makes it. The running server re-reads the
deployments table every `reload_interval_s` and loads or unloads models to match, so none of
these functions needs a restart. The registry's statuses belong to the training gate
(`training.gate`); `follow_registry` is the hook it calls after a promotion or rollback so every
deployment serving that model name switches to the registry's serving version. `promote` and
`rollback` here move one deployment's traffic (e.g. an A/B candidate) without touching the registry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from appliance.db.engine import transaction
from appliance.db.models import Deployment, Model
from appliance.errors import Conflict, CorpusBoxError, NotFound
from appliance.services.auth import Principal, authorize
from inference.engines import ENGINES
from inference.models import DeploymentEvent

if TYPE_CHECKING:
    from appliance.box import Box

NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
SERVING = "serving"  # training.registry.SERVING


@dataclass
class DeploymentView:
    """A deployment as the CLI, console and server see it (model refs resolved)."""

    name: str
    engine: str
    status: str
    serving: str | None
    serving_model_id: int | None
    candidate: str | None
    candidate_model_id: int | None
    candidate_weight: float
    adapters: list[dict[str, Any]] = field(default_factory=list)
    updated_at: datetime | None = None


def _view(s: Any, row: Deployment) -> DeploymentView:
    def ref(model_id: int | None) -> str | None:
        model = s.get(Model, model_id) if model_id else None
        return f"{model.name}:{model.version}" if model else None

    return DeploymentView(row.name, row.engine, row.status, ref(row.serving_model_id), row.serving_model_id,
                          ref(row.candidate_model_id), row.candidate_model_id, float(row.candidate_weight or 0),
                          [dict(a) for a in (row.adapters or [])], row.updated_at)


def _model(s: Any, ref: str) -> Model:
    from training.registry import parse_ref

    name, version = parse_ref(ref)
    stmt = select(Model).where(Model.name == name)
    row = s.scalar(stmt.where(Model.version == version)) if version is not None else \
        s.scalar(stmt.order_by(Model.version.desc()).limit(1))
    if row is None:
        raise NotFound(f"no model {ref} in the registry", hint="`corpusbox models list` shows registered models")
    return row


def _row(s: Any, name: str) -> Deployment:
    row = s.scalar(select(Deployment).where(Deployment.name == name))
    if row is None:
        raise NotFound(f"no deployment named {name!r}", hint="`corpusbox serve list` shows deployments")
    return row


def create_deployment(box: "Box", actor: Principal, name: str, model: str, engine: str = "transformers") -> DeploymentView:
    """A new deployment serving `model` (a registry ref) under `name` (the API's model id)."""
    authorize(box, actor, "serve.manage", f"deployment:{name}")
    if not NAME.match(name):
        raise CorpusBoxError(f"deployment name {name!r} is not allowed",
                             hint="lower-case letters, digits, '.', '_' and '-', up to 64 characters")
    if engine not in ENGINES:
        raise CorpusBoxError(f"unknown engine {engine!r}", hint=f"choose one of {', '.join(ENGINES)}")
    with transaction(box.sessions) as s:
        if s.scalar(select(Deployment).where(Deployment.name == name)) is not None:
            raise Conflict(f"deployment {name!r} already exists", hint="change it with `corpusbox serve weights`")
        target = _model(s, model)
        row = Deployment(name=name, engine=engine, serving_model_id=target.id, candidate_weight=0.0, adapters=[],
                         status="active")
        s.add(row)
        s.add(DeploymentEvent(deployment=name, action="create", model_id=target.id, actor=actor.user))
        box.audit.record(actor.as_actor(), "serve.deployment.create", f"deployment:{name}",
                         details={"model": f"{target.name}:{target.version}", "engine": engine}, session=s)
        s.flush()
        return _view(s, row)


def list_deployments(box: "Box", actor: Principal) -> list[DeploymentView]:
    authorize(box, actor, "serve.read", "deployments")
    return active_deployments(box, include_inactive=True)


def show_deployment(box: "Box", actor: Principal, name: str) -> DeploymentView:
    authorize(box, actor, "serve.read", f"deployment:{name}")
    with box.sessions() as s:
        return _view(s, _row(s, name))


def active_deployments(box: "Box", include_inactive: bool = False) -> list[DeploymentView]:
    """Deployments for the server's reload loop (no permission check: the server is the box itself)."""
    with box.sessions() as s:
        stmt = select(Deployment).order_by(Deployment.name)
        if not include_inactive:
            stmt = stmt.where(Deployment.status == "active")
        return [_view(s, row) for row in s.scalars(stmt)]


def set_candidate(box: "Box", actor: Principal, name: str, model: str | None, weight: float) -> DeploymentView:
    """Route `weight` (0..1) of traffic to candidate `model` (None keeps the current candidate)."""
    authorize(box, actor, "serve.manage", f"deployment:{name}")
    if not 0.0 <= weight <= 1.0:
        raise CorpusBoxError(f"candidate weight {weight} is outside 0..1", hint="e.g. 0.1 sends 10% to the candidate")
    with transaction(box.sessions) as s:
        row = _row(s, name)
        if model is not None:
            row.candidate_model_id = _model(s, model).id
        if row.candidate_model_id is None and weight > 0:
            raise CorpusBoxError(f"deployment {name!r} has no candidate model", hint="pass --candidate NAME[:VERSION]")
        row.candidate_weight = weight
        box.audit.record(actor.as_actor(), "serve.deployment.weights", f"deployment:{name}",
                         details={"candidate_model_id": row.candidate_model_id, "weight": weight}, session=s)
        s.flush()
        return _view(s, row)


def load_adapter(box: "Box", actor: Principal, name: str, adapter: str, model: str) -> DeploymentView:
    """Serve LoRA adapter `model` as `<deployment>/<adapter>` (a department's model)."""
    authorize(box, actor, "serve.manage", f"deployment:{name}")
    if not NAME.match(adapter):
        raise CorpusBoxError(f"adapter name {adapter!r} is not allowed", hint="lower-case letters, digits, . _ -")
    with transaction(box.sessions) as s:
        row = _row(s, name)
        target = _model(s, model)
        if target.kind != "adapter":
            raise CorpusBoxError(f"{target.name}:{target.version} is a {target.kind} model, not a LoRA adapter")
        entries = [a for a in (row.adapters or []) if a.get("name") != adapter]
        row.adapters = entries + [{"name": adapter, "model_id": target.id, "ref": f"{target.name}:{target.version}"}]
        box.audit.record(actor.as_actor(), "serve.adapter.load", f"deployment:{name}/{adapter}",
                         details={"model": f"{target.name}:{target.version}"}, session=s)
        s.flush()
        return _view(s, row)


def unload_adapter(box: "Box", actor: Principal, name: str, adapter: str) -> DeploymentView:
    """Stop serving `<deployment>/<adapter>`; running requests on it finish first."""
    authorize(box, actor, "serve.manage", f"deployment:{name}")
    with transaction(box.sessions) as s:
        row = _row(s, name)
        entries = [a for a in (row.adapters or []) if a.get("name") != adapter]
        if len(entries) == len(row.adapters or []):
            raise NotFound(f"deployment {name!r} has no adapter {adapter!r}")
        row.adapters = entries
        box.audit.record(actor.as_actor(), "serve.adapter.unload", f"deployment:{name}/{adapter}", session=s)
        s.flush()
        return _view(s, row)


def set_status(box: "Box", actor: Principal, name: str, status: str) -> DeploymentView:
    """'active' serves the deployment, 'paused' unloads it without deleting it."""
    authorize(box, actor, "serve.manage", f"deployment:{name}")
    if status not in ("active", "paused"):
        raise CorpusBoxError(f"unknown status {status!r}", hint="active or paused")
    with transaction(box.sessions) as s:
        row = _row(s, name)
        row.status = status
        box.audit.record(actor.as_actor(), f"serve.deployment.{'resume' if status == 'active' else 'pause'}",
                         f"deployment:{name}", session=s)
        s.flush()
        return _view(s, row)


def promote(box: "Box", actor: Principal, name: str, model: str | None = None) -> DeploymentView:
    """Send all of this deployment's traffic to `model` (default: its A/B candidate)."""
    authorize(box, actor, "serve.manage", f"deployment:{name}")
    with transaction(box.sessions) as s:
        row = _row(s, name)
        target = _model(s, model) if model else (s.get(Model, row.candidate_model_id) if row.candidate_model_id else None)
        if target is None:
            raise CorpusBoxError(f"deployment {name!r} has no candidate to promote", hint="name a model to promote")
        previous = row.serving_model_id
        _swap_serving(row, target.id)
        s.add(DeploymentEvent(deployment=name, action="promote", model_id=target.id, previous_model_id=previous,
                              actor=actor.user))
        box.audit.record(actor.as_actor(), "serve.deployment.promote", f"deployment:{name}",
                         details={"model": f"{target.name}:{target.version}", "previous_model_id": previous}, session=s)
        s.flush()
        return _view(s, row)


def rollback(box: "Box", actor: Principal, name: str) -> DeploymentView:
    """Serve again the model this deployment's last promotion (or registry follow) replaced."""
    authorize(box, actor, "serve.manage", f"deployment:{name}")
    with transaction(box.sessions) as s:
        row = _row(s, name)
        last = s.scalar(select(DeploymentEvent).where(DeploymentEvent.deployment == name,
                                                      DeploymentEvent.action.in_(["promote", "follow"]),
                                                      DeploymentEvent.model_id == row.serving_model_id)
                        .order_by(DeploymentEvent.id.desc()).limit(1))
        if last is None or last.previous_model_id is None:
            raise Conflict(f"deployment {name!r} has no earlier model to roll back to")
        current = row.serving_model_id
        _swap_serving(row, last.previous_model_id)
        s.add(DeploymentEvent(deployment=name, action="rollback", model_id=last.previous_model_id,
                              previous_model_id=current, actor=actor.user))
        box.audit.record(actor.as_actor(), "serve.deployment.rollback", f"deployment:{name}",
                         details={"model_id": last.previous_model_id, "replaced_model_id": current}, session=s)
        s.flush()
        return _view(s, row)


def _swap_serving(row: Deployment, model_id: int) -> None:
    row.serving_model_id = model_id
    if row.candidate_model_id == model_id:
        row.candidate_model_id, row.candidate_weight = None, 0.0


def follow_registry(box: "Box", actor: Principal, name: str) -> list[DeploymentView]:
    """Point every deployment serving a version of `name` at the registry's serving version (gate hook)."""
    authorize(box, actor, "model.manage", f"model:{name}")
    changed = []
    with transaction(box.sessions) as s:
        serving = s.scalar(select(Model).where(Model.name == name, Model.status == SERVING)
                           .order_by(Model.version.desc()).limit(1))
        if serving is None:
            return []
        versions = select(Model.id).where(Model.name == name)
        for row in s.scalars(select(Deployment).where(Deployment.serving_model_id.in_(versions))):
            if row.serving_model_id == serving.id:
                continue
            previous = row.serving_model_id
            _swap_serving(row, serving.id)
            s.add(DeploymentEvent(deployment=row.name, action="follow", model_id=serving.id,
                                  previous_model_id=previous, actor=actor.user))
            box.audit.record(actor.as_actor(), "serve.deployment.follow", f"deployment:{row.name}",
                             details={"model": f"{serving.name}:{serving.version}", "previous_model_id": previous},
                             session=s)
            changed.append(row)
        s.flush()
        return [_view(s, r) for r in changed]
