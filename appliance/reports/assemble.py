"""Assemble a compliance report's data from the database for a period (reads only)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import select

from appliance.audit.log import EventView
from appliance.audit.verify import VerifyReport
from appliance.box import Box
from appliance.db.models import AuditEvent, AuditHead
from appliance.reports.model import ComplianceReport
from appliance.reports.period import Period
from appliance.reports.sections import SECTIONS, SectionInput
from appliance.security import secrets


def period_events(box: Box, period: Period) -> list[EventView]:
    """The audit events whose time falls in the period, in sequence order."""
    return box.audit.events(since=period.since, until=period.until)


def head_dict(head: AuditHead | None, box_id: str) -> dict[str, Any] | None:
    if head is None:
        return None
    return {
        "box_id": box_id,
        "seq": head.seq,
        "hash": head.hash,
        "signed_at": head.signed_at,
        "key_id": head.key_id,
        "signature": head.signature,
    }


def anchor_head(box: Box, last_seq: int) -> AuditHead | None:
    """The first signed head at or after `last_seq`: it vouches for every event up to it."""
    with box.sessions() as s:
        return s.scalars(
            select(AuditHead).where(AuditHead.seq >= last_seq).order_by(AuditHead.seq, AuditHead.id).limit(1)
        ).first()


def chain_section(box: Box, verification: VerifyReport, head: AuditHead | None) -> dict[str, Any]:
    """The audit chain evidence: the verification result at report time and the latest signed head."""
    data = verification.to_dict()
    problems = data.pop("problems")[:20]
    return {
        "verification": {**data, "problems": problems},
        "head": head_dict(head, secrets.box_id(box.home)),
        "key_id": box.audit.key_id,
    }


def summary(events: list[EventView]) -> dict[str, Any]:
    outcomes = Counter(e.outcome for e in events)
    return {
        "events": len(events),
        "ok": outcomes["ok"],
        "refused": outcomes["refused"],
        "failed": outcomes["failed"],
        "users": len({e.actor for e in events}),
        "first_seq": events[0].seq if events else None,
        "last_seq": events[-1].seq if events else None,
    }


def request_log_path(box: Box) -> Path | None:
    """Where the inference server logs requests (token, model, status; never text)."""
    try:
        from inference.services.stats import request_log_path as served_log
    except ImportError:  # inference not installed: no request log to read
        return None
    return served_log(box)


def build_compliance(
    box: Box, period: Period, meta: dict[str, Any], chain: dict[str, Any]
) -> ComplianceReport:
    """Every section of the report for `period`, read in one session."""
    events = period_events(box, period)
    with box.sessions() as session:
        inp = SectionInput(session, period, events, request_log_path(box))
        sections = [fn(inp) for fn in SECTIONS]
    return ComplianceReport(
        meta=meta, period=period.to_dict(), summary=summary(events), sections=sections, chain=chain
    )


def evidence_events(box: Box, first_seq: int | None, last_seq: int) -> list[dict[str, Any]]:
    """Raw audit rows from `first_seq` to `last_seq` (stored text, hashes): what the verifier re-hashes."""
    if first_seq is None or last_seq < first_seq:
        return []
    cols = ("seq", "ts", "actor", "role", "action", "target", "outcome", "details", "prev_hash", "hash")
    with box.sessions() as s:
        rows = s.scalars(
            select(AuditEvent)
            .where(AuditEvent.seq >= first_seq, AuditEvent.seq <= last_seq)
            .order_by(AuditEvent.seq)
        )
        return [{c: getattr(r, c) for c in cols} for r in rows]
