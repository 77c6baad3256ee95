"""`corpusbox deid run SOURCE`: de-identification at scale on Ray; findings (never text) to the database."""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from appliance.services.auth import Principal, authorize
from corpus.models import DeidOutput, FindingRow
from corpus.pipeline.run import (
    DeidReport,
    Progress,
    current_inputs,
    execute,
    plan,
    policy_version,
    worker_spec,
)
from corpus.services.runs import finish_run, start_run
from corpus.services.sources import get_source
from corpus.structured.policy import parse_policy

if TYPE_CHECKING:
    from appliance.box import Box


def default_workers() -> int:
    """One Ray worker per core of this box."""
    return max(1, os.cpu_count() or 1)


def run_deid(box: Box, principal: Principal, source_name: str, workers: int | None = None,
             address: str | None = None, executor: str = "ray", per_batch: int = 1,
             progress: Progress | None = None) -> DeidReport:
    """De-identify every ingested part of a source not yet done under its current policy version."""
    authorize(box, principal, "deid.run", f"source:{source_name}")
    source = get_source(box, source_name)
    _charge_dp(box, principal, source.policy)
    version = policy_version(box, source)
    items, done_before = plan(box, source, version)
    workers = workers or default_workers()
    run_id = start_run(box, principal, "deid", source, {"policy_version": version, "parts": len(items),
                                                        "workers": workers, "executor": executor})
    report = DeidReport(run_id, source.name, version, parts=len(items), parts_done_before=done_before,
                        workers=workers, executor=executor)
    start = time.monotonic()
    try:
        if items:
            execute(box, source, report, items, worker_spec(box, source, version), workers, address, per_batch,
                    progress)
    except BaseException as exc:
        finish_run(box, principal, run_id, "failed", report.stats(), {"error": type(exc).__name__},
                   error=type(exc).__name__)
        raise
    report.seconds = round(time.monotonic() - start, 3)
    status = "completed" if report.failed_parts == 0 else "failed"
    finish_run(box, principal, run_id, status, report.stats(), {
        "policy_version": version, "parts": report.parts, "documents": report.documents,
        "findings": report.findings, "findings_by_type": report.findings_by_type,
        "failed_parts": report.failed_parts, "error_codes": sorted({e.get("code", "") for e in report.errors})})
    return report


def _charge_dp(box: Box, principal: Principal, policy_data: dict[str, Any] | None) -> None:
    """Per-record noise fields are charged to the privacy ledger once, before any value is drawn."""
    if not policy_data:
        return
    policy = parse_policy(policy_data)
    if not hasattr(policy, "noise_rules"):
        return
    from corpus.dp import ledger

    for name, rule in policy.noise_rules().items():
        ledger.charge_per_record(box, principal, policy.dataset or "", name, rule.epsilon, rule.sensitivity,  # type: ignore[arg-type]
                                 rule.lower, rule.upper)  # type: ignore[arg-type]


def findings_summary(box: Box, principal: Principal, source_name: str | None = None) -> dict[str, Any]:
    """Findings per entity type (current policy versions), with low-confidence counts."""
    from corpus.services.sources import list_sources

    authorize(box, principal, "deid.read")
    out: dict[str, Any] = {}
    for view in list_sources(box, principal):
        if source_name and view.name != source_name:
            continue
        source = get_source(box, view.name)
        version = policy_version(box, source)
        with box.sessions() as s:
            rows = s.execute(select(FindingRow.entity_type, func.count(), func.avg(FindingRow.score))
                             .join(DeidOutput, DeidOutput.id == FindingRow.output_id)
                             .where(DeidOutput.source_id == source.id, DeidOutput.policy_version == version,
                                    DeidOutput.input_sha256.in_(current_inputs(source.id)))
                             .group_by(FindingRow.entity_type).order_by(FindingRow.entity_type)).all()
            docs = s.scalar(select(func.coalesce(func.sum(DeidOutput.documents), 0)).where(
                DeidOutput.source_id == source.id, DeidOutput.policy_version == version,
                DeidOutput.input_sha256.in_(current_inputs(source.id)))) or 0
        out[view.name] = {"policy_version": version, "documents": int(docs),
                          "by_type": {t: {"count": n, "mean_score": round(float(m or 0), 3)} for t, n, m in rows}}
    return out
