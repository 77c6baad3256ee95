"""The A/B gate: the margin decides, every decision is stored and audited, rollback restores."""

from __future__ import annotations

from sqlalchemy import select

from appliance.db.models import AuditEvent
from tests.training.conftest import job_yaml
from inference.services import deployments
from training import gate, registry
from training.importers import import_hf_dir
from training.spec import DataSpec


def _decide(ca: float, ba: float, margin: float = 2.0) -> gate.GateDecision:
    cand = registry.ModelRecord(1, "m", 2, "adapter", "s3://models/x/", "a", "registered")
    base = registry.ModelRecord(2, "m", 1, "adapter", "s3://models/y/", "b", "serving")
    scores = lambda acc: {"task_accuracy": acc, "perplexity": 3.0, "eval_set_sha256": "e"}
    return gate._decide(cand, base, scores(ca), scores(ba), margin, "now")


def test_when_gain_below_margin_then_not_promoted():
    assert not _decide(0.715, 0.70).promoted  # +1.5 points
    assert _decide(0.72, 0.70).promoted  # +2.0 points
    assert not _decide(0.80, 0.70, margin=15).promoted
    assert not _decide(float("nan"), 0.7).promoted


def test_when_promoted_then_serving_changes_audited_and_rollback_restores(box, admin, tiny_dir, notes_a):
    data = DataSpec(path=notes_a, format="labelled")
    v1 = import_hf_dir(box, admin, tiny_dir, "triage")
    first = gate.promote(box, admin, v1.ref, data=data, task_items=8, seq_len=32)
    assert first.promoted and first.baseline is None
    v2 = import_hf_dir(box, admin, tiny_dir, "triage")
    refused = gate.promote(box, admin, v2.ref, margin_points=50, data=data, task_items=8, seq_len=32)
    assert not refused.promoted and refused.baseline == v1.ref
    deployments.create_deployment(box, admin, "triage", v1.ref)
    assert refused.candidate_accuracy == refused.baseline_accuracy  # same weights, same items
    assert registry.resolve(box, "triage:2").status == "rejected"
    assert registry.resolve(box, "triage").ref == v1.ref  # resolve() without version = serving
    ok = gate.promote(box, admin, v2.ref, margin_points=-100, data=data, task_items=8, seq_len=32)
    assert ok.promoted and registry.resolve(box, "triage").ref == v2.ref
    assert deployments.show_deployment(box, admin, "triage").serving == v2.ref  # the deployment followed
    assert registry.resolve(box, "triage:1").status == "retired"
    assert len(registry.resolve(box, "triage:2").metrics["gate_history"]) == 2
    assert gate.rollback(box, admin, "triage") == {"rolled_back": "triage:2", "serving": "triage:1"}
    assert registry.resolve(box, "triage").ref == v1.ref
    assert deployments.show_deployment(box, admin, "triage").serving == v1.ref
    with box.sessions() as s:
        events = s.execute(select(AuditEvent.action, AuditEvent.outcome).where(
            AuditEvent.action.in_(["model.promote", "model.rollback"]))).all()
    assert [tuple(e) for e in events] == [("model.promote", "ok"), ("model.promote", "refused"),
                                          ("model.promote", "ok"), ("model.rollback", "ok")]


def test_when_auditor_promotes_then_refused(box, admin, tiny_dir):
    import pytest

    from appliance.errors import PermissionDenied
    from appliance.services.auth import Principal

    rec = import_hf_dir(box, admin, tiny_dir, "triage")
    with pytest.raises(PermissionDenied):
        gate.promote(box, Principal("aud", "auditor"), rec.ref)
    assert job_yaml  # fixture module import used by other tests
