"""The privacy-budget ledger: budgets, what is spent, releases and refused releases."""

from __future__ import annotations

from collections import Counter, defaultdict

from sqlalchemy import func, select

from appliance.db.models import PrivacyBudget, PrivacyRelease
from appliance.reports.model import Section
from appliance.reports.sections.common import NOT_YET, SectionInput, iso


def privacy_budget(inp: SectionInput) -> Section:
    """Per dataset: total epsilon, spent to date, remaining, and releases/refusals in the period."""
    spent = dict(
        inp.session.execute(
            select(PrivacyRelease.dataset, func.sum(PrivacyRelease.epsilon)).group_by(PrivacyRelease.dataset)
        ).all()
    )
    in_period: Counter[str] = Counter()
    eps_period: dict[str, float] = defaultdict(float)
    for rel in _releases(inp):
        in_period[rel.dataset] += 1
        eps_period[rel.dataset] += rel.epsilon
    refused = Counter(
        e.target.removeprefix("dataset:")
        for e in inp.events
        if e.action.startswith("dp.") and e.outcome == "refused"
    )
    rows = []
    for b in inp.session.scalars(select(PrivacyBudget).order_by(PrivacyBudget.dataset)):
        used = float(spent.get(b.dataset) or 0.0)
        rows.append(
            {
                "dataset": b.dataset,
                "total_epsilon": b.total_epsilon,
                "spent_epsilon": round(used, 6),
                "remaining_epsilon": round(b.total_epsilon - used, 6),
                "epsilon_in_period": round(eps_period[b.dataset], 6),
                "releases_in_period": in_period[b.dataset],
                "refused_in_period": refused[b.dataset],
            }
        )
    totals = {
        "spent_epsilon": round(sum(r["spent_epsilon"] for r in rows), 6),
        "releases_in_period": sum(in_period.values()),
        "refused_in_period": sum(refused.values()),
    }
    return Section(
        "privacy_budget",
        [
            "dataset",
            "total_epsilon",
            "spent_epsilon",
            "remaining_epsilon",
            "epsilon_in_period",
            "releases_in_period",
            "refused_in_period",
        ],
        rows,
        None if rows else "no privacy budgets set",
        totals,
    )


def _releases(inp: SectionInput) -> list[PrivacyRelease]:
    query = (
        select(PrivacyRelease)
        .where(
            PrivacyRelease.created_at >= inp.period.since_dt, PrivacyRelease.created_at < inp.period.until_dt
        )
        .order_by(PrivacyRelease.id)
    )
    return list(inp.session.scalars(query))


def privacy_releases(inp: SectionInput) -> Section:
    """Each differentially private release charged in the period (aggregates only, no per-record data)."""
    rows = [
        {
            "release": r.id,
            "created_at": iso(r.created_at),
            "dataset": r.dataset,
            "kind": r.kind,
            "mechanism": r.mechanism,
            "epsilon": r.epsilon,
            "delta": r.delta,
            "actor": r.actor,
        }
        for r in _releases(inp)
    ]
    return Section(
        "privacy_releases",
        ["release", "created_at", "dataset", "kind", "mechanism", "epsilon", "delta", "actor"],
        rows,
        None if rows else NOT_YET,
        {"epsilon": round(sum(r["epsilon"] for r in rows), 6)},
    )
