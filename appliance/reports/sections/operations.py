"""Serving and running the box: inference usage by terminal, service and failover events."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import text

from appliance.reports.model import Section
from appliance.reports.sections.common import SectionInput, event_row, pick

SERVICE_EVENTS = r"^(service|box|supervisor|ha|failover|db)\."
INFERENCE_EVENTS = r"^(inference|serve)\."


def _usage_from_table(inp: SectionInput) -> list[dict[str, Any]] | None:
    found = inp.find_table("request", ("token_id", "terminal", "actor"))
    if found is None:
        return None
    table, col = found
    cols = inp.columns(table)
    if "created_at" not in cols and "ts" not in cols:
        return None
    ts = "created_at" if "created_at" in cols else "ts"
    model = "model" if "model" in cols else "''"
    sql = (
        f'SELECT "{col}", {model}, COUNT(*) FROM "{table}" WHERE "{ts}" >= :a AND "{ts}" < :b '
        f'GROUP BY "{col}", {model}'
    )
    bounds = (
        {"a": inp.period.since, "b": inp.period.until}
        if ts == "ts"
        else {"a": inp.period.since_dt, "b": inp.period.until_dt}
    )
    return [
        {"terminal": str(t), "model": m or None, "requests": int(n), "refused": 0}
        for t, m, n in inp.session.execute(text(sql), bounds)
    ]


def inference_usage(inp: SectionInput) -> Section:
    """Requests per terminal (token or account) and model; refusals from the audit log."""
    rows = _usage_from_table(inp)
    if not rows:
        counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for e in inp.matching(INFERENCE_EVENTS):
            key = (e.actor, str(pick(e.details, "model", default=e.target)))
            counts[key]["refused" if e.outcome == "refused" else "requests"] += int(
                pick(e.details, "requests", default=1)
            )
        rows = [
            {"terminal": t, "model": m, "requests": c["requests"], "refused": c["refused"]}
            for (t, m), c in sorted(counts.items())
        ]
    return Section(
        "inference_usage",
        ["terminal", "model", "requests", "refused"],
        rows,
        None if rows else "no inference usage recorded in this period",
        {"requests": sum(r["requests"] for r in rows)},
    )


def service_events(inp: SectionInput) -> Section:
    """Service starts and stops, database upgrades, HA switchovers and failovers."""
    rows = [event_row(e) for e in inp.matching(SERVICE_EVENTS)]
    for row, e in zip(rows, inp.matching(SERVICE_EVENTS)):
        row["details"] = ", ".join(f"{k}={v}" for k, v in sorted(e.details.items()))[:120]
    return Section(
        "service_events",
        ["seq", "ts", "actor", "action", "target", "outcome", "details"],
        rows,
        None if rows else "no service or failover events in this period",
        {"events": len(rows), "failovers": sum(1 for r in rows if "failover" in r["action"])},
    )
