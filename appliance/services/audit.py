"""Audit services for operators and auditors: read, verify, sign the head."""

from __future__ import annotations

from typing import Iterator

from appliance.audit.log import EventView
from appliance.audit.verify import VerifyReport, parse_head, verify_chain
from appliance.box import Box
from appliance.db.models import AuditHead
from appliance.errors import CorpusBoxError
from appliance.security import secrets
from appliance.services.auth import Principal, authorize


def list_events(box: Box, principal: Principal, **filters: object) -> list[EventView]:
    """Events matching the filters of AuditLog.events (actor, action, outcome, since, until, limit)."""
    authorize(box, principal, "audit.read", "audit")
    return box.audit.events(**filters)  # type: ignore[arg-type]


def follow(box: Box, actor: Principal, last: int = 20) -> Iterator[EventView]:
    """The last `last` events, then new ones as they come (runs until interrupted)."""
    authorize(box, actor, "audit.read", "audit")
    recent = list(reversed(box.audit.events(limit=last, newest_first=True)))
    yield from recent
    yield from box.audit.follow(recent[-1].seq if recent else 0)


def verify(box: Box, actor: Principal, use_bucket: bool = True) -> VerifyReport:
    """Verify the chain and every signed head (database and audit-bucket copies); audited."""
    authorize(box, actor, "audit.verify", "audit")
    keys = {box.audit.key_id: box.audit.public_key()}
    bucket_heads = None
    note = None
    if use_bucket:
        try:
            sink = box.audit_sink
            for kid, pem in sink.public_keys().items():
                keys.setdefault(kid, secrets.load_public_key(pem))
            bucket_heads = [parse_head(doc) for doc in sink.heads()]
        except CorpusBoxError as exc:
            note = f"audit bucket not checked: {exc.message}"
    report = verify_chain(box.sessions, keys, secrets.box_id(box.home), bucket_heads)
    details = {"events": report.events_checked, "heads": report.heads_checked, "bucket_checked": bucket_heads
               is not None}
    if report.first_bad:
        details["first_bad"] = {"seq": report.first_bad.seq, "kind": report.first_bad.kind}
    if note:
        details["note"] = note
    box.audit.record(actor.as_actor(), "audit.verify", "audit", "ok" if report.ok else "failed", details)
    return report


def checkpoint(box: Box, actor: Principal) -> AuditHead | None:
    """Sign the chain head now and copy it to the audit bucket."""
    authorize(box, actor, "audit.verify", "audit")
    box.audit.record(actor.as_actor(), "audit.checkpoint", "audit")
    head = box.audit.sign_head()
    return head
