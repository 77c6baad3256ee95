"""Machine-readable outputs: the report as JSON, and one CSV per section (UTF-8 with BOM for spreadsheets)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from appliance.reports.model import ComplianceReport, Section


def to_json(data: Any) -> bytes:
    """Stable, pretty JSON (sorted keys, UTF-8) so equal reports hash equal."""
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n").encode()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def section_csv(section: Section) -> bytes:
    """One section as CSV: a header of column names, then every row (nothing truncated)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(section.columns)
    for row in section.rows:
        writer.writerow([_cell(row.get(c)) for c in section.columns])
    return ("\ufeff" + buf.getvalue()).encode()


def summary_csv(report: ComplianceReport) -> bytes:
    """Period, counts and the audit-chain result as key,value rows."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["key", "value"])
    rows: list[tuple[str, Any]] = [("from", report.period["from"]), ("to", report.period["to"])]
    rows += [(f"meta.{k}", v) for k, v in sorted(report.meta.items())]
    rows += [(f"summary.{k}", v) for k, v in report.summary.items()]
    verification = report.chain["verification"]
    rows += [
        (f"chain.{k}", verification.get(k))
        for k in ("ok", "events_checked", "heads_checked", "last_seq", "last_hash", "first_bad")
    ]
    rows += [(f"chain.head.{k}", v) for k, v in (report.chain.get("head") or {}).items()]
    for key, value in rows:
        writer.writerow([key, _cell(value)])
    return ("\ufeff" + buf.getvalue()).encode()


def csv_files(report: ComplianceReport) -> dict[str, bytes]:
    """File name -> bytes for the CSV form of the report."""
    files = {"summary.csv": summary_csv(report)}
    for section in report.sections:
        files[f"{section.key}.csv"] = section_csv(section)
    return files
