"""What left quarantine and how: ingestion and de-identification runs, findings, review risk, snapshots."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import func, select, text

from appliance.db.models import Run, Snapshot, Source
from appliance.reports.model import Section
from appliance.reports.sections.common import NOT_YET, SectionInput, count_map, iso, pick

PIPELINE_KINDS = ("ingest", "deid", "curate", "dicom", "structured")
# Audit actions of pipeline work that has no `runs` row (e.g. structured-field policy runs).
PIPELINE_EVENTS = r"^(ingest|deid|dicom|corpus|curate)\.([a-z_]+\.)*run$"
FINDING_KEYS = ("findings_by_entity", "findings_by_type", "entities", "findings")
RISK_KEYS = ("residual_risk_per_1000", "misses_per_1000")


def _runs(inp: SectionInput, kinds: tuple[str, ...]) -> list[Run]:
    query = (
        select(Run)
        .where(
            Run.kind.in_(kinds), Run.created_at >= inp.period.since_dt, Run.created_at < inp.period.until_dt
        )
        .order_by(Run.id)
    )
    return list(inp.session.scalars(query))


def _findings_total(stats: dict[str, Any]) -> int | None:
    total = pick(stats, "findings_total", "findings.total")
    if isinstance(total, (int, float)):
        return int(total)
    counts = count_map(pick(stats, *FINDING_KEYS))
    return sum(counts.values()) if counts else None


def pipeline_runs(inp: SectionInput) -> Section:
    """Ingestion, de-identification and curation runs with their counts and policy versions."""
    sources = {s.id: s for s in inp.session.scalars(select(Source))}
    rows = []
    for run in _runs(inp, PIPELINE_KINDS):
        src = sources.get(run.source_id) if run.source_id else None
        stats = run.stats or {}
        rows.append(
            {
                "run": run.id,
                "kind": run.kind,
                "source": src.name if src else None,
                "status": run.status,
                "actor": run.actor,
                "started": iso(run.started_at or run.created_at),
                "finished": iso(run.finished_at),
                "documents": pick(stats, "documents", "documents_ok", "files_ok", "objects"),
                "failed": pick(stats, "failed", "documents_failed", "files_failed", "errors_count"),
                "findings": _findings_total(stats),
                "policy_version": pick(stats, "policy_version") or (src.policy_version if src else None),
            }
        )
    linked = {r["run"] for r in rows}
    for e in inp.matching(PIPELINE_EVENTS):
        if pick(e.details, "run_id", "run") in linked:
            continue
        rows.append(
            {
                "run": f"event {e.seq}",
                "kind": e.action,
                "source": e.target,
                "status": e.outcome,
                "actor": e.actor,
                "started": e.ts,
                "finished": e.ts,
                "documents": pick(e.details, "documents", "documents_ok", "files_ok"),
                "failed": pick(e.details, "failed", "documents_failed", "files_failed"),
                "findings": _findings_total(e.details),
                "policy_version": pick(e.details, "policy_version", "policy"),
            }
        )
    totals = {"runs": len(rows), "findings": sum(r["findings"] or 0 for r in rows)}
    return Section(
        "pipeline_runs",
        [
            "run",
            "kind",
            "source",
            "status",
            "actor",
            "started",
            "finished",
            "documents",
            "failed",
            "findings",
            "policy_version",
        ],
        rows,
        None if rows else NOT_YET,
        totals,
    )


def _findings_from_table(inp: SectionInput) -> Counter[str] | None:
    found = inp.find_table("finding", ("entity_type", "entity", "label"))
    if found is None:
        return None
    table, col = found
    where = ""
    params: dict[str, Any] = {}
    if "created_at" in inp.columns(table):
        where, params = (
            " WHERE created_at >= :a AND created_at < :b",
            {"a": inp.period.since_dt, "b": inp.period.until_dt},
        )
    rows = inp.session.execute(
        text(f'SELECT "{col}", COUNT(*) FROM "{table}"{where} GROUP BY "{col}"'), params
    )
    return Counter({str(k): int(n) for k, n in rows})


def findings_by_entity(inp: SectionInput) -> Section:
    """PHI findings per entity type: from a findings table when there is one, else run reports."""
    counts = _findings_from_table(inp)
    origin = "findings table"
    if not counts:
        counts, origin = Counter(), "run reports"
        for run in _runs(inp, PIPELINE_KINDS):
            counts.update(count_map(pick(run.stats or {}, *FINDING_KEYS)))
        for e in inp.matching(PIPELINE_EVENTS):
            counts.update(count_map(pick(e.details, *FINDING_KEYS)))
    rows = [{"entity_type": k, "count": v} for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return Section(
        "findings_by_entity",
        ["entity_type", "count"],
        rows,
        None if rows else NOT_YET,
        {"findings": sum(counts.values()), "from": origin if rows else None},
    )


def review_risk(inp: SectionInput) -> Section:
    """Review-queue results: documents reviewed, misses found, residual risk per 1,000 documents."""
    rows = []
    for run in _runs(inp, ("review",)):
        stats = run.stats or {}
        rows.append(
            {
                "when": iso(run.finished_at or run.created_at),
                "reviewer": run.actor,
                "run": run.id,
                "documents_reviewed": pick(stats, "documents_reviewed", "reviewed", "documents"),
                "misses": pick(stats, "misses", "missed"),
                "misses_per_1000": pick(stats, *RISK_KEYS),
            }
        )
    for e in inp.events:
        if pick(e.details, *RISK_KEYS) is not None and not e.action.startswith("report."):
            rows.append(
                {
                    "when": e.ts,
                    "reviewer": e.actor,
                    "run": pick(e.details, "run_id") or f"event {e.seq}",
                    "documents_reviewed": pick(e.details, "documents_reviewed", "reviewed", "documents"),
                    "misses": pick(e.details, "misses", "missed"),
                    "misses_per_1000": pick(e.details, *RISK_KEYS),
                }
            )
    return Section(
        "review_risk",
        ["when", "reviewer", "run", "documents_reviewed", "misses", "misses_per_1000"],
        rows,
        None if rows else "no review results recorded in this period",
    )


def snapshots(inp: SectionInput) -> Section:
    """Snapshots cut in the period with their parent (lineage), size, policy versions and manifest hash."""
    names = dict(inp.session.execute(select(Snapshot.id, Snapshot.name)).all())
    query = (
        select(Snapshot)
        .where(Snapshot.created_at >= inp.period.since_dt, Snapshot.created_at < inp.period.until_dt)
        .order_by(Snapshot.id)
    )
    rows = []
    for snap in inp.session.scalars(query):
        stats = snap.stats or {}
        versions = pick(stats, "policy_versions", "policy_version")
        rows.append(
            {
                "snapshot": snap.name,
                "created_at": iso(snap.created_at),
                "created_by": snap.created_by,
                "parent": names.get(snap.parent_id) if snap.parent_id else None,
                "documents": pick(stats, "documents", "documents_total", "counts.documents"),
                "sources": pick(stats, "sources"),
                "policy_versions": versions,
                "manifest_sha256": snap.manifest_sha256,
            }
        )
    total = inp.session.scalar(select(func.count()).select_from(Snapshot)) or 0
    return Section(
        "snapshots",
        [
            "snapshot",
            "created_at",
            "created_by",
            "parent",
            "documents",
            "sources",
            "policy_versions",
            "manifest_sha256",
        ],
        rows,
        None if rows else NOT_YET,
        {"in_period": len(rows), "all_time": total},
    )
