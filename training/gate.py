"""The A/B promotion gate: a candidate replaces the serving model only if it beats it by a margin.

Both models are evaluated on the same items (the candidate's snapshot test split); the margin is
in percentage points of task accuracy (default 2). Every decision, promoted or not, is stored on
the candidate and written to the audit log with the numbers. Rollback restores the model a
promotion replaced.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from appliance.db.engine import transaction
from appliance.db.models import Job, Model
from appliance.services.auth import Principal, authorize
from training import evaluation, registry
from training.data import open_source
from training.errors import JobStateError
from training.registry import SERVING, ModelRecord
from training.spec import DataSpec, JobSpec

if TYPE_CHECKING:
    from appliance.box import Box

DEFAULT_MARGIN_POINTS = 2.0


@dataclass
class GateDecision:
    """The outcome of one promotion attempt, with the numbers behind it."""

    candidate: str
    baseline: str | None
    promoted: bool
    reason: str
    margin_points: float
    candidate_accuracy: float | None
    baseline_accuracy: float | None
    candidate_perplexity: float | None
    baseline_perplexity: float | None
    eval_set_sha256: str | None
    decided_at: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def serving_model(box: Box, name: str) -> ModelRecord | None:
    """The version of `name` now serving, if any."""
    with box.sessions() as s:
        model_id = s.scalar(select(Model.id).where(Model.name == name, Model.status == SERVING)
                            .order_by(Model.version.desc()).limit(1))
    return registry.get(box, model_id) if model_id else None


def promote(box: Box, principal: Principal, ref: str, margin_points: float = DEFAULT_MARGIN_POINTS,
            data: DataSpec | None = None, task_items: int = 64, seq_len: int = 128) -> GateDecision:
    """Evaluate candidate and baseline on the same set; promote only if accuracy gains >= margin."""
    authorize(box, principal, "model.manage", ref)
    cand = registry.resolve(box, *registry.parse_ref(ref))
    serving = serving_model(box, cand.name)
    if serving is not None and serving.id == cand.id:
        raise JobStateError(f"{cand.ref} is already serving")
    baseline = serving or (registry.get(box, cand.base_model_id) if cand.base_model_id else None)
    now = datetime.now(UTC).isoformat()
    if baseline is None:
        decision = GateDecision(cand.ref, None, True, "no serving model and no base to compare with",
                                margin_points, None, None, None, None, None, now)
    else:
        data, seq_len = _eval_data(box, cand, data, seq_len)
        docs = list(open_source(box, data).documents("test"))
        c = _score(box, cand, docs, data, seq_len, task_items)
        b = _score(box, baseline, docs, data, seq_len, task_items)
        decision = _decide(cand, baseline, c, b, margin_points, now)
    _apply(box, principal, cand, serving, decision)
    if decision.promoted:
        _follow(box, principal, cand.name)
    return decision


def _follow(box: Box, principal: Principal, name: str) -> None:
    """Deployments serving a version of `name` switch to the registry's serving version."""
    from inference.services.deployments import follow_registry

    follow_registry(box, principal, name)


def _decide(cand: ModelRecord, base: ModelRecord, c: dict[str, Any], b: dict[str, Any], margin: float,
            now: str) -> GateDecision:
    ca, ba = c.get("task_accuracy"), b.get("task_accuracy")
    if ca is None or ba is None or math.isnan(ca) or math.isnan(ba):
        promoted, reason = False, "no task accuracy on this evaluation set (needs >= 2 labels in the test split)"
    else:
        gain = (ca - ba) * 100
        promoted = gain >= margin
        reason = f"accuracy {ca:.1%} vs {ba:.1%}: {gain:+.1f} points ({'>=' if promoted else '<'} margin {margin:g})"
    return GateDecision(cand.ref, base.ref, promoted, reason, margin, ca, ba, c.get("perplexity"),
                        b.get("perplexity"), c["eval_set_sha256"], now)


def _eval_data(box: Box, cand: ModelRecord, data: DataSpec | None, seq_len: int) -> tuple[DataSpec, int]:
    if data is not None:
        return data, seq_len
    if cand.job_id is None:
        raise JobStateError(f"{cand.ref} was not trained here; say which snapshot to evaluate on",
                            hint="pass --snapshot NAME")
    with box.sessions() as s:
        job = s.get(Job, cand.job_id)
        spec = JobSpec.model_validate({k: v for k, v in job.spec.items() if not k.startswith("_")})
    return spec.data, min(spec.training.seq_len, seq_len)


def _score(box: Box, record: ModelRecord, docs: list[dict[str, Any]], data: DataSpec, seq_len: int,
           items: int) -> dict[str, Any]:
    model, tokenizer = evaluation.load_for_eval(box, record)
    return evaluation.evaluate(model, tokenizer, docs, data, seq_len, items)


def _apply(box: Box, principal: Principal, cand: ModelRecord, serving: ModelRecord | None,
           decision: GateDecision) -> None:
    with transaction(box.sessions) as s:
        row = s.get(Model, cand.id)
        gates = list((row.metrics or {}).get("gate_history", []))
        row.metrics = {**(row.metrics or {}), "gate": decision.to_dict(),
                       "gate_history": [*gates, decision.to_dict()]}
        if decision.promoted:
            if serving is not None:
                s.get(Model, serving.id).status = "retired"
            row.status = SERVING
            row.lineage = {**(row.lineage or {}), "replaced_model_id": serving.id if serving else None}
        else:
            row.status = "rejected"
        box.audit.record(principal.as_actor(), "model.promote", f"model:{cand.ref}",
                         "ok" if decision.promoted else "refused", decision.to_dict(), session=s)


def rollback(box: Box, principal: Principal, name: str) -> dict[str, Any]:
    """Put back the model the current serving version replaced (audited)."""
    authorize(box, principal, "model.manage", name)
    current = serving_model(box, name)
    if current is None:
        raise JobStateError(f"no version of {name} is serving", hint="promote one with `corpusbox models promote`")
    previous_id = current.lineage.get("replaced_model_id")
    with transaction(box.sessions) as s:
        s.get(Model, current.id).status = "rolled_back"
        previous = s.get(Model, previous_id) if previous_id else None
        if previous is not None:
            previous.status = SERVING
        restored = f"{previous.name}:{previous.version}" if previous else None
        box.audit.record(principal.as_actor(), "model.rollback", f"model:{current.ref}", "ok",
                         {"restored": restored}, session=s)
    if restored:
        _follow(box, principal, name)
    return {"rolled_back": current.ref, "serving": restored}
