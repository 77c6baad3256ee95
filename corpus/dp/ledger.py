"""The privacy-budget ledger: per-dataset total epsilon, atomic check-and-charge, every entry audited."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from appliance.db.engine import transaction
from appliance.db.models import PrivacyBudget, PrivacyRelease
from appliance.services.auth import Principal, authorize
from corpus.dp.aggregates import Release, ReleaseSpec, release
from corpus.dp.errors import BudgetExceededError, DPError, UnknownDatasetError

if TYPE_CHECKING:
    from appliance.box import Box

# OpenDP's maps include float-rounding slack (eps 1.0 may map to 1.0000000093); allow that much.
SLACK = 1e-6


@dataclass
class ReleaseView:
    """One ledger entry as shown to operators (no per-record data)."""

    id: int
    dataset: str
    release_key: str
    kind: str
    mechanism: str
    epsilon: float
    sensitivity: float | None
    lower: float | None
    upper: float | None
    query: dict[str, Any]
    result: dict[str, Any]
    actor: str | None
    created_at: datetime | None
    reused: bool = False

    @classmethod
    def of(cls, row: PrivacyRelease, reused: bool = False) -> "ReleaseView":
        return cls(row.id, row.dataset, row.release_key, row.kind, row.mechanism, row.epsilon, row.sensitivity,
                   row.lower, row.upper, dict(row.query or {}), dict(row.result or {}), row.actor, row.created_at, reused)


@dataclass
class LedgerView:
    """A dataset's budget, what is spent, and every release charged to it."""

    dataset: str
    total_epsilon: float
    spent_epsilon: float
    remaining_epsilon: float
    releases: list[ReleaseView] = field(default_factory=list)


def set_budget(box: "Box", actor: Principal, dataset: str, total_epsilon: float) -> LedgerView:
    """Create or change a dataset's total epsilon (never below what is already spent)."""
    authorize(box, actor, "dp.release", dataset)
    if not total_epsilon > 0:
        raise DPError("total epsilon must be positive")
    with transaction(box.sessions) as s:
        budget = _budget(s, dataset, lock=True, required=False)
        spent = _spent(s, dataset)
        if total_epsilon + SLACK < spent:
            raise DPError(f"dataset {dataset} has already spent epsilon {spent:.4g}; the total cannot go below it")
        before = budget.total_epsilon if budget else None
        if budget is None:
            s.add(PrivacyBudget(dataset=dataset, total_epsilon=total_epsilon, created_by=actor.user))
        else:
            budget.total_epsilon = total_epsilon
        box.audit.record(actor.as_actor(), "dp.budget.set", f"dataset:{dataset}", "ok",
                         {"total_epsilon": total_epsilon, "previous": before, "spent": spent}, session=s)
    return ledger(box, actor, dataset)


def ledger(box: "Box", actor: Principal, dataset: str) -> LedgerView:
    """The dataset's budget and releases, oldest first."""
    authorize(box, actor, "dp.read", dataset)
    with box.sessions() as s:
        budget = _budget(s, dataset)
        rows = s.scalars(select(PrivacyRelease).where(PrivacyRelease.dataset == dataset).order_by(PrivacyRelease.id)).all()
        spent = sum(r.epsilon for r in rows)
        return LedgerView(dataset, budget.total_epsilon, spent, max(budget.total_epsilon - spent, 0.0),
                          [ReleaseView.of(r) for r in rows])


def charged_release(
    box: "Box", actor: Principal, dataset: str, release_key: str, spec: ReleaseSpec, values: Sequence[Any],
    query: dict[str, Any] | None = None,
) -> ReleaseView:
    """Release ``spec`` over ``values`` if the budget allows; a key released before returns its stored result."""
    authorize(box, actor, "dp.release", dataset)
    spec.validate()
    with transaction(box.sessions) as s:
        _budget(s, dataset, lock=True)
        stored = _stored(s, dataset, release_key)
        if stored is not None:
            return ReleaseView.of(stored, reused=True)
        result = release(spec, values)
        row = _charge(box, s, actor, dataset, release_key, result, {**(query or {}), "kind": spec.kind})
    if isinstance(row, BudgetExceededError):
        raise row  # raised after commit, so the audited refusal is kept
    return ReleaseView.of(row)


def charge_per_record(
    box: "Box", actor: Principal, dataset: str, field_name: str, epsilon: float, sensitivity: float,
    lower: float, upper: float,
) -> ReleaseView:
    """Charge a per-record noise field once (re-exports reuse stored values and are not charged again)."""
    authorize(box, actor, "dp.release", dataset)
    with transaction(box.sessions) as s:
        _budget(s, dataset, lock=True)
        key = f"per-record:{field_name}"
        stored = _stored(s, dataset, key)
        if stored is not None:
            return ReleaseView.of(stored, reused=True)
        result = Release("per_record", None, epsilon, sensitivity, sensitivity / epsilon, lower, upper)
        row = _charge(box, s, actor, dataset, key, result, {"field": field_name, "kind": "per_record"})
    if isinstance(row, BudgetExceededError):
        raise row
    return ReleaseView.of(row)


def _charge(
    box: "Box", s: Session, actor: Principal, dataset: str, key: str, result: Release, query: dict[str, Any]
) -> PrivacyRelease | BudgetExceededError:
    """Insert the release and its audit event, or audit a refusal and return (not raise) the error."""
    budget = _budget(s, dataset)
    spent = _spent(s, dataset)
    target = f"dataset:{dataset}"
    if spent + result.epsilon > budget.total_epsilon + SLACK:
        details = {"release_key": key, "epsilon": result.epsilon, "spent": spent, "total": budget.total_epsilon}
        box.audit.record(actor.as_actor(), "dp.release", target, "refused", details, session=s)
        return BudgetExceededError(
            f"release '{key}' needs epsilon {result.epsilon:.4g} but dataset {dataset} has "
            f"{max(budget.total_epsilon - spent, 0):.4g} of {budget.total_epsilon:.4g} left",
            hint="lower --epsilon, reuse an earlier release, or raise the budget with `corpusbox dp budget`",
        )
    value = result.value if not isinstance(result.value, float) else float(result.value)
    row = PrivacyRelease(
        dataset=dataset, release_key=key, kind=result.kind, mechanism=result.mechanism, epsilon=result.epsilon,
        delta=0.0, sensitivity=result.sensitivity, lower=result.lower, upper=result.upper, query=query,
        result={"value": value, "scale": result.scale, **result.details}, actor=actor.user,
    )
    s.add(row)
    s.flush()
    box.audit.record(actor.as_actor(), "dp.release", target, "ok",
                     {"release_key": key, "kind": result.kind, "epsilon": result.epsilon, "spent_after": spent + result.epsilon,
                      "total": budget.total_epsilon, "release_id": row.id}, session=s)
    return row


def _budget(s: Session, dataset: str, lock: bool = False, required: bool = True) -> PrivacyBudget:
    stmt = select(PrivacyBudget).where(PrivacyBudget.dataset == dataset)
    budget = s.scalars(stmt.with_for_update() if lock else stmt).first()
    if budget is None and required:
        raise UnknownDatasetError(f"no privacy budget for dataset {dataset}", hint=f"corpusbox dp budget {dataset} --total EPSILON")
    return budget  # type: ignore[return-value]


def _spent(s: Session, dataset: str) -> float:
    return float(s.scalar(select(func.coalesce(func.sum(PrivacyRelease.epsilon), 0.0)).where(PrivacyRelease.dataset == dataset)) or 0.0)


def _stored(s: Session, dataset: str, key: str) -> PrivacyRelease | None:
    return s.scalars(select(PrivacyRelease).where(PrivacyRelease.dataset == dataset, PrivacyRelease.release_key == key)).first()
