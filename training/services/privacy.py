"""DP-SGD and the privacy ledger: a job's target ε is charged to its dataset before training starts.

Charging at submission makes the refusal immediate (a second job that would exceed the budget is
refused and audited) and conservative: the accountant's final ε, recorded after training, is at
most the charged target. A resumed job reuses its charge (same release key).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from appliance.db.engine import transaction
from appliance.db.models import PrivacyRelease
from appliance.services.auth import Principal
from corpus.dp import ledger
from corpus.dp.aggregates import Release
from corpus.dp.errors import BudgetExceededError

if TYPE_CHECKING:
    from appliance.box import Box


def release_key(job_id: int) -> str:
    return f"dp-sgd:job-{job_id}"


def charge_training(box: Box, actor: Principal, dataset: str, job_id: int, epsilon: float, delta: float,
                    max_grad_norm: float) -> dict[str, Any]:
    """Charge a DP-SGD job's target ε to `dataset` (refused, audited, when the budget is short).

    The caller has checked `train.submit`; the data officer's budget is what bounds the spend.
    """
    # TODO(lead/dp owner): a public ledger.charge(...) would replace these private helpers.
    key = release_key(job_id)
    with transaction(box.sessions) as s:
        ledger._budget(s, dataset, lock=True)
        stored = ledger._stored(s, dataset, key)
        if stored is not None:
            return {"dataset": dataset, "release_id": stored.id, "epsilon": stored.epsilon, "reused": True}
        result = Release("dp_sgd", None, epsilon, max_grad_norm, 0.0, None, None, mechanism="gaussian",
                         details={"delta": delta, "job_id": job_id})
        row = ledger._charge(box, s, actor, dataset, key, result, {"kind": "dp_sgd", "job_id": job_id})
        if not isinstance(row, BudgetExceededError):
            row.delta = delta
            info = {"dataset": dataset, "release_id": row.id, "epsilon": epsilon, "reused": False}
    if isinstance(row, BudgetExceededError):
        raise row
    return info


def record_spent(box: Box, actor: Principal, dataset: str, job_id: int, proof: dict[str, Any]) -> None:
    """Store the accountant's final ε with the job's ledger entry (audited)."""
    from sqlalchemy import select

    with transaction(box.sessions) as s:
        row = s.scalars(select(PrivacyRelease).where(PrivacyRelease.dataset == dataset,
                                                     PrivacyRelease.release_key == release_key(job_id))).first()
        if row is None:
            return
        row.result = {**(row.result or {}), "accountant": proof}
        box.audit.record(actor.as_actor(), "dp.training.accounted", f"dataset:{dataset}", "ok",
                         {"job_id": job_id, "charged_epsilon": row.epsilon, "accountant_epsilon": proof.get("epsilon"),
                          "delta": proof.get("delta")}, session=s)
