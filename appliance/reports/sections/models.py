"""What each model was trained on and who promoted it: jobs, registered models, promotions with gates."""

from __future__ import annotations

from sqlalchemy import func, select

from appliance.db.models import Job, JobMetric, Model, Snapshot
from appliance.reports.model import Section
from appliance.reports.sections.common import NOT_YET, SectionInput, event_row, iso, pick

PROMOTION_EVENTS = r"^models?\.(promote|rollback|gate|evaluate)"
# Column -> detail keys that may hold it (training.gate.GateDecision first, older spellings after).
GATE_FIELDS = {
    "promoted": ("promoted", "decision"),
    "candidate_accuracy": ("candidate_accuracy", "candidate_score"),
    "baseline_accuracy": ("baseline_accuracy", "serving_score"),
    "margin_points": ("margin_points", "margin"),
    "candidate_perplexity": ("candidate_perplexity",),
    "baseline_perplexity": ("baseline_perplexity",),
    "reason": ("reason", "restored"),
}


def _snapshot_names(inp: SectionInput) -> dict[int, str]:
    return dict(inp.session.execute(select(Snapshot.id, Snapshot.name)).all())


def training_jobs(inp: SectionInput) -> Section:
    """Jobs submitted in the period: data (snapshot), base model, method and DP epsilon."""
    snaps = _snapshot_names(inp)
    eps = dict(
        inp.session.execute(
            select(JobMetric.job_id, func.max(JobMetric.value))
            .where(JobMetric.name.in_(("epsilon", "dp_epsilon")))
            .group_by(JobMetric.job_id)
        ).all()
    )
    query = select(Job).where(Job.created_at >= inp.period.since_dt, Job.created_at < inp.period.until_dt)
    rows = []
    for job in inp.session.scalars(query.order_by(Job.id)):
        spec = job.spec or {}
        rows.append(
            {
                "job": job.id,
                "name": job.name,
                "status": job.status,
                "snapshot": snaps.get(job.snapshot_id) if job.snapshot_id else pick(spec, "snapshot"),
                "base_model": job.base_model or pick(spec, "base_model", "model.base"),
                "method": pick(spec, "method", "training.method"),
                "dp_target_epsilon": pick(spec, "dp_sgd.target_epsilon", "dp_sgd.epsilon"),
                "dp_epsilon_spent": eps.get(job.id),
                "created_by": job.created_by,
                "started": iso(job.started_at),
                "finished": iso(job.finished_at),
            }
        )
    return Section(
        "training_jobs",
        [
            "job",
            "name",
            "status",
            "snapshot",
            "base_model",
            "method",
            "dp_target_epsilon",
            "dp_epsilon_spent",
            "created_by",
            "started",
            "finished",
        ],
        rows,
        None if rows else NOT_YET,
        {"jobs": len(rows)},
    )


def registered_models(inp: SectionInput) -> Section:
    """Every registered model as of report time, with its lineage (snapshot, job, parent) and hash."""
    snaps = _snapshot_names(inp)
    rows = []
    for m in inp.session.scalars(select(Model).order_by(Model.name, Model.version)):
        rows.append(
            {
                "model": m.name,
                "version": m.version,
                "kind": m.kind,
                "status": m.status,
                "snapshot": snaps.get(m.snapshot_id) if m.snapshot_id else None,
                "job": m.job_id,
                "parent": m.parent_id,
                "sha256": m.sha256,
                "created_at": iso(m.created_at),
                "created_by": m.created_by,
                "in_period": inp.period.contains(m.created_at),
            }
        )
    return Section(
        "registered_models",
        [
            "model",
            "version",
            "kind",
            "status",
            "snapshot",
            "job",
            "parent",
            "sha256",
            "created_at",
            "created_by",
            "in_period",
        ],
        rows,
        None if rows else "no models registered",
        {"models": len(rows)},
    )


def promotions(inp: SectionInput) -> Section:
    """Promotions, rollbacks and gate evaluations with the numbers the gate decided on."""
    rows = []
    for e in inp.matching(PROMOTION_EVENTS):
        row = event_row(e)
        row.update({col: pick(e.details, *keys) for col, keys in GATE_FIELDS.items()})
        rows.append(row)
    return Section(
        "promotions",
        ["seq", "ts", "actor", "action", "target", "outcome", *GATE_FIELDS],
        rows,
        None if rows else NOT_YET,
        {"events": len(rows)},
    )
