"""Serving and running the box: inference usage by terminal, service and failover events."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from appliance.reports.model import Section
from appliance.reports.sections.common import SectionInput, event_row, pick

SERVICE_EVENTS = r"^(service|box|supervisor|ha|failover|db|serve)\."
INFERENCE_EVENTS = r"^inference\."


def _usage_from_log(inp: SectionInput) -> list[dict[str, Any]] | None:
    """Requests per terminal and model from the inference server's JSON-lines request log."""
    path = inp.request_log
    if path is None or not path.is_file():
        return None
    from inference.services.stats import REFUSED, read_request_log, terminal_of

    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for rec in read_request_log(path, inp.period.since, inp.period.until):
        key = (terminal_of(rec), str(rec.get("model_ref") or rec.get("model") or ""))
        counts[key]["requests"] += 1
        counts[key]["refused"] += int(rec.get("status", 200) in REFUSED)
        counts[key]["tokens"] += int(rec.get("prompt_tokens") or 0) + int(rec.get("completion_tokens") or 0)
    return [
        {"terminal": t, "model": m, "requests": c["requests"], "refused": c["refused"], "tokens": c["tokens"]}
        for (t, m), c in sorted(counts.items())
    ]


def inference_usage(inp: SectionInput) -> Section:
    """Requests per terminal (token or account) and model; refusals from the audit log."""
    rows = _usage_from_log(inp)
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
        ["terminal", "model", "requests", "refused", "tokens"],
        rows,
        None if rows else "no inference usage recorded in this period",
        {"requests": sum(r["requests"] for r in rows)},
    )


def service_events(inp: SectionInput) -> Section:
    """Service starts and stops, database upgrades, serving configuration, HA switchovers and failovers."""
    rows = [event_row(e) for e in inp.matching(SERVICE_EVENTS)]
    for row, e in zip(rows, inp.matching(SERVICE_EVENTS)):
        row["details"] = ", ".join(f"{k}={v}" for k, v in sorted(e.details.items()))[:120]
    return Section(
        "service_events",
        ["seq", "ts", "actor", "action", "target", "outcome", "details"],
        rows,
        None if rows else "no service or failover events in this period",
        {
            "events": len(rows),
            "failovers": sum(
                1 for r in rows if r["action"] == "ha.promoted" or r["action"].startswith("failover")
            ),
            "switchovers": sum(1 for r in rows if r["action"] == "ha.switchover"),
        },
    )
