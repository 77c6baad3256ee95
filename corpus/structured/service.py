"""Running a structured policy on the box: charge DP noise fields, transform, audit the outcome."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from appliance.services.auth import Principal, authorize
from corpus.dp.noise_store import DatabaseNoiseStore
from corpus.structured.fhir import transform_fhir_files
from corpus.structured.policy import FhirPolicy, NotesPolicy, TablePolicy
from corpus.structured.report import BatchReport
from corpus.structured.rules import RuleContext
from corpus.structured.tables import transform_tables
from corpus.structured.text import TextDeidentifier

if TYPE_CHECKING:
    from appliance.box import Box


def noise_store(box: "Box") -> DatabaseNoiseStore:
    """The box's store of per-record noisy values: in the metadata database, so a pair replicates them."""
    return DatabaseNoiseStore(box.sessions)


def run_policy(
    box: "Box", actor: Principal, policy: TablePolicy | FhirPolicy | NotesPolicy, paths: list[Path], out_dir: Path,
    text: TextDeidentifier | None = None,
) -> BatchReport:
    """De-identify ``paths`` into ``out_dir``; noise fields are charged to the ledger once, first."""
    from corpus.dp import ledger

    authorize(box, actor, "deid.run", policy.name)
    for name, rule in policy.noise_rules().items():
        ledger.charge_per_record(box, actor, policy.dataset or "", name, rule.epsilon, rule.sensitivity,  # type: ignore[arg-type]
                                 rule.lower, rule.upper)  # type: ignore[arg-type]
    store = noise_store(box) if policy.noise_rules() else None
    ctx = RuleContext(key=box.pseudonym_key(), text=text, noise_store=store, dataset=policy.dataset)
    if isinstance(policy, FhirPolicy):
        report = transform_fhir_files(paths, out_dir, policy, ctx)
    else:
        table = policy.as_table() if isinstance(policy, NotesPolicy) else policy
        report = transform_tables(paths, out_dir, table, ctx)
    summary = report.to_dict()
    box.audit.record(actor.as_actor(), "deid.structured.run", f"policy:{policy.name}",
                     "ok" if not report.failed else "failed",
                     {"files_ok": summary["ok"], "files_failed": summary["failed"],
                      "unknown_dropped": summary["unknown_dropped"],
                      "errors": [{"file": Path(f.source).name, "code": f.error_code} for f in report.failed]})
    return report
