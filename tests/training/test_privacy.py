"""DP-SGD jobs and the privacy ledger: charged at submission, refused over budget, never twice."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from appliance.db.models import AuditEvent
from corpus.dp import ledger
from corpus.dp.errors import BudgetExceededError
from tests.training.conftest import job_yaml
from training.services import jobs
from training.services.privacy import charge_training


def test_when_second_job_exceeds_budget_then_refused_and_audited(box, admin, tiny_base, notes_a):
    ledger.set_budget(box, admin, "notes-a", 5.0)
    first = jobs.submit(box, admin, text=job_yaml(notes_a, dp_sgd={"target_epsilon": 3.0}), run="none")
    assert first.dp_charge == {"dataset": "notes-a", "release_id": first.dp_charge["release_id"], "epsilon": 3.0,
                               "reused": False}
    with pytest.raises(BudgetExceededError, match="needs epsilon 3 but dataset notes-a has 2 of 5 left"):
        jobs.submit(box, admin, text=job_yaml(notes_a, dp_sgd={"target_epsilon": 3.0}), run="none")
    view = ledger.ledger(box, admin, "notes-a")
    assert view.spent_epsilon == 3.0 and len(view.releases) == 1
    refused = jobs.list_jobs(box, admin, status="refused")
    assert len(refused) == 1
    with box.sessions() as s:
        outcomes = set(s.execute(select(AuditEvent.action, AuditEvent.outcome)).all())
    assert ("dp.release", "refused") in outcomes and ("train.refused", "refused") in outcomes


def test_when_job_charged_again_then_charge_reused(box, admin):
    ledger.set_budget(box, admin, "ds", 2.0)
    a = charge_training(box, admin, "ds", 7, 1.5, 1e-5, 1.0)
    b = charge_training(box, admin, "ds", 7, 1.5, 1e-5, 1.0)
    assert not a["reused"] and b["reused"] and ledger.ledger(box, admin, "ds").spent_epsilon == 1.5


def test_when_no_budget_set_then_dp_job_refused(box, admin, tiny_base, notes_a):
    from corpus.dp.errors import UnknownDatasetError

    with pytest.raises(UnknownDatasetError, match="no privacy budget"):
        jobs.submit(box, admin, text=job_yaml(notes_a, dp_sgd={"target_epsilon": 1.0}), run="none")
