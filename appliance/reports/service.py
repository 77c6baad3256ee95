"""Report services for auditors and admins: compliance reports and evidence bundles, every one audited."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from appliance.audit.chain import now_iso
from appliance.audit.verify import VerifyReport, parse_head, verify_chain
from appliance.box import Box
from appliance.errors import CorpusBoxError
from appliance.reports import assemble, bundle, writers
from appliance.reports.i18n import LANGS
from appliance.reports.model import ComplianceReport
from appliance.reports.period import Period
from appliance.security import secrets
from appliance.services import audit as audit_service
from appliance.services.auth import Principal, authorize

Format = Literal["pdf", "csv", "json", "bundle"]
FORMATS = ("pdf", "csv", "json", "bundle")


@dataclass
class ReportResult:
    """Where a report went and what it holds (for the CLI and the audit event)."""

    path: str
    format: str
    lang: str
    period: dict[str, str]
    files: dict[str, str] = field(default_factory=dict)
    chain_ok: bool = True
    summary: dict[str, Any] = field(default_factory=dict)


def _meta(box: Box, principal: Principal, lang: str) -> dict[str, Any]:
    from importlib.metadata import PackageNotFoundError, version

    try:
        product = version("corpusbox")
    except PackageNotFoundError:
        product = "dev"
    return {
        "box_name": box.settings.box_name,
        "box_id": secrets.box_id(box.home),
        "generated_at": now_iso(),
        "generated_by": principal.user,
        "generated_role": principal.role,
        "lang": lang,
        "corpusbox_version": product,
    }


def _check(fmt: str, lang: str) -> None:
    if fmt not in FORMATS:
        raise CorpusBoxError(f"unknown format {fmt!r}", hint=f"use one of: {', '.join(FORMATS)}")
    if lang not in LANGS:
        raise CorpusBoxError(f"unknown language {lang!r}", hint=f"use one of: {', '.join(LANGS)}")


def build(box: Box, principal: Principal, period: Period, lang: str = "en") -> ComplianceReport:
    """Verify the chain, sign its head, and assemble the report's data (needs report.read)."""
    authorize(box, principal, "report.read", "report")
    verification = _verify_chain(box, principal)
    head = box.audit.sign_head()
    chain = assemble.chain_section(box, verification, head)
    return assemble.build_compliance(box, period, _meta(box, principal, lang), chain)


def _verify_chain(box: Box, principal: Principal) -> VerifyReport:
    """The chain check every report carries; for readers without audit.verify, done on their behalf."""
    if principal.may("audit.verify"):
        return audit_service.verify(box, principal)
    keys = {box.audit.key_id: box.audit.public_key()}
    try:
        bucket_heads = [parse_head(doc) for doc in box.audit_sink.heads()]
    except CorpusBoxError:
        bucket_heads = None
    report = verify_chain(box.sessions, keys, secrets.box_id(box.home), bucket_heads)
    details: dict[str, Any] = {
        "events": report.events_checked,
        "heads": report.heads_checked,
        "via": "report",
    }
    if report.first_bad:
        details["first_bad"] = {"seq": report.first_bad.seq, "kind": report.first_bad.kind}
    box.audit.record(principal.as_actor(), "audit.verify", "audit", "ok" if report.ok else "failed", details)
    return report


def _evidence(box: Box, report: ComplianceReport) -> dict[str, bytes]:
    """The audit events from the period's first event up to the signed head that vouches for them."""
    last = report.summary["last_seq"] or 0
    head = assemble.anchor_head(box, last)
    events = assemble.evidence_events(box, report.summary["first_seq"], head.seq if head else -1)
    doc = {
        "anchor_head": assemble.head_dict(head, report.meta["box_id"]),
        "verification": report.chain["verification"],
        "period_first_seq": report.summary["first_seq"],
        "period_last_seq": report.summary["last_seq"],
    }
    lines = "".join(json.dumps(e, sort_keys=True, ensure_ascii=False) + "\n" for e in events)
    return {"audit/events.jsonl": lines.encode(), "audit/chain-head.json": writers.to_json(doc)}


def _render(box: Box, report: ComplianceReport, fmt: str, lang: str) -> dict[str, bytes]:
    from appliance.reports.pdf import render_compliance_pdf

    if fmt == "json":
        return {"report.json": writers.to_json(report.to_dict())}
    if fmt == "csv":
        return writers.csv_files(report)
    if fmt == "pdf":
        return {f"report.{lang}.pdf": render_compliance_pdf(report, lang)}
    files = {
        "report.json": writers.to_json(report.to_dict()),
        f"report.{lang}.pdf": render_compliance_pdf(report, lang),
    }
    files.update({f"csv/{name}": data for name, data in writers.csv_files(report).items()})
    files.update(_evidence(box, report))
    info = {
        "box_id": report.meta["box_id"],
        "box_name": report.meta["box_name"],
        "period": report.period,
        "created_at": report.meta["generated_at"],
        "created_by": report.meta["generated_by"],
    }
    return bundle.sign_bundle(files, info, secrets.signing_key(box.home))


def _write(path: Path, fmt: str, files: dict[str, bytes]) -> None:
    if fmt in ("pdf", "json"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(next(iter(files.values())))
    else:
        bundle.write_files(path, files)


def compliance_report(
    box: Box,
    principal: Principal,
    period: Period,
    fmt: str,
    output: Path,
    lang: str = "en",
    force: bool = False,
) -> ReportResult:
    """Produce a compliance report (pdf, csv, json) or a signed evidence bundle at `output`; audited."""
    _check(fmt, lang)
    bundle.check_output(output, force)
    report = build(box, principal, period, lang)
    files = _render(box, report, fmt, lang)
    _write(output, fmt, files)
    hashes = {name: bundle.sha256(data) for name, data in sorted(files.items())}
    ok = bool(report.chain["verification"]["ok"])
    details = {
        **period.to_dict(),
        "format": fmt,
        "lang": lang,
        "output": output.name,
        "files": len(files),
        "sha256": hashes.get(bundle.MANIFEST) or next(iter(hashes.values())),
        "chain_ok": ok,
        "events": report.summary["events"],
    }
    box.audit.record(
        principal.as_actor(), "report.compliance", f"report:{period.start}..{period.end}", details=details
    )
    return ReportResult(str(output), fmt, lang, period.to_dict(), hashes, ok, report.summary)


def model_report(
    box: Box,
    principal: Principal,
    name: str,
    output: Path,
    version: int | None = None,
    lang: str = "en",
    fmt: str = "pdf",
    prompts: list[str] | None = None,
    method: str = "grad_x_input",
    max_new_tokens: int = 12,
    force: bool = False,
) -> ReportResult:
    """A transparency report for one registered model (pdf or json); audited."""
    from appliance.reports import transparency
    from appliance.reports.attribution import METHODS
    from appliance.reports.model_pdf import render_model_pdf

    _check("pdf" if fmt in ("pdf", "json") else fmt, lang)
    if fmt not in ("pdf", "json") or method not in METHODS:
        raise CorpusBoxError(
            f"unsupported format {fmt!r} or method {method!r}",
            hint=f"--format pdf or json; --method {' or '.join(METHODS)}",
        )
    bundle.check_output(output, force)
    authorize(box, principal, "report.read", f"model:{name}")
    authorize(box, principal, "model.read", f"model:{name}")
    row = transparency.find_model(box, name, version)
    report = transparency.build_model_report(box, row, lang, prompts, method, max_new_tokens)
    report.meta = _meta(box, principal, lang)
    data = render_model_pdf(report, lang) if fmt == "pdf" else writers.to_json(report.to_dict())
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    digest = bundle.sha256(data)
    box.audit.record(
        principal.as_actor(),
        "report.model",
        f"model:{row.name}:{row.version}",
        details={
            "format": fmt,
            "lang": lang,
            "output": output.name,
            "sha256": digest,
            "examples": len(report.examples),
            "method": method,
        },
    )
    return ReportResult(
        str(output),
        fmt,
        lang,
        {},
        {output.name: digest},
        True,
        {
            "model": row.name,
            "version": row.version,
            "examples": len(report.examples),
            "examples_note": report.examples_note,
        },
    )
