"""Verification of the audit chain: finds edited, deleted, inserted, reordered or truncated events."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from appliance.audit.chain import GENESIS, event_hash, head_payload
from appliance.db.models import AuditEvent, AuditHead


@dataclass
class Problem:
    seq: int
    kind: str
    message: str


@dataclass
class VerifyReport:
    ok: bool = True
    events_checked: int = 0
    heads_checked: int = 0
    last_seq: int = 0
    last_hash: str = GENESIS
    problems: list[Problem] = field(default_factory=list)

    @property
    def first_bad(self) -> Problem | None:
        return min(self.problems, key=lambda p: p.seq) if self.problems else None

    def add(self, seq: int, kind: str, message: str) -> None:
        self.ok = False
        self.problems.append(Problem(seq, kind, message))

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["first_bad"] = asdict(self.first_bad) if self.first_bad else None
        return data


def verify_events(rows: Iterable[AuditEvent], report: VerifyReport) -> dict[int, str]:
    """Walk the chain in sequence order; returns seq -> stored hash for head checks."""
    expected_seq, prev = 1, GENESIS
    hashes: dict[int, str] = {}
    for row in rows:
        report.events_checked += 1
        if row.seq != expected_seq:
            if row.seq > expected_seq:
                missing = f"{expected_seq}" if row.seq == expected_seq + 1 else f"{expected_seq}-{row.seq - 1}"
                report.add(expected_seq, "deleted", f"event {missing} missing: the chain jumps to {row.seq}")
            else:
                report.add(row.seq, "reordered", f"event {row.seq} appears after {expected_seq - 1}")
        recomputed = event_hash(row.seq, row.ts, row.actor, row.role, row.action, row.target, row.outcome,
                                row.details, row.prev_hash)
        if recomputed != row.hash:
            report.add(row.seq, "edited", f"event {row.seq} ({row.action}) does not match its hash: it was edited")
        elif row.prev_hash != prev:
            report.add(row.seq, "inserted",
                       f"event {row.seq} does not link to the event before it: an event was inserted, "
                       "removed or rewritten before it")
        hashes[row.seq] = row.hash
        prev, expected_seq = row.hash, row.seq + 1
        report.last_seq, report.last_hash = row.seq, row.hash
    return hashes


def verify_heads(
    heads: Iterable[dict[str, Any]], hashes: dict[int, str], keys: dict[str, Ed25519PublicKey],
    report: VerifyReport, box: str, where: str,
) -> None:
    """Check each signed head: a valid signature by a known key, over a hash the chain still has."""
    for head in heads:
        report.heads_checked += 1
        seq = int(head["seq"])
        key = keys.get(head["key_id"])
        payload = head_payload(head.get("box_id", box), seq, head["hash"], head["signed_at"], head["key_id"])
        if key is None:
            report.add(seq, "unknown-key", f"{where} head at event {seq} is signed by unknown key {head['key_id']}")
            continue
        try:
            key.verify(bytes.fromhex(head["signature"]), payload)
        except (InvalidSignature, ValueError):
            report.add(seq, "bad-signature", f"{where} head at event {seq} has an invalid signature")
            continue
        if seq not in hashes:
            report.add(seq, "truncated", f"{where} head signed event {seq}, which is no longer in the log")
        elif hashes[seq] != head["hash"]:
            report.add(seq, "rewritten", f"event {seq} differs from the hash signed in the {where} head")


def verify_chain(
    sessions: sessionmaker[Session],
    keys: dict[str, Ed25519PublicKey],
    box: str,
    bucket_heads: list[dict[str, Any]] | None = None,
) -> VerifyReport:
    """Verify every event and every signed head (database copies and, if given, the bucket's)."""
    report = VerifyReport()
    with sessions() as session:
        rows = session.execute(select(AuditEvent).order_by(AuditEvent.seq).execution_options(yield_per=2000))
        hashes = verify_events((r[0] for r in rows), report)
        db_heads = [
            {"seq": h.seq, "hash": h.hash, "signed_at": h.signed_at, "key_id": h.key_id, "signature": h.signature}
            for h in session.scalars(select(AuditHead).order_by(AuditHead.seq))
        ]
    verify_heads(db_heads, hashes, keys, report, box, "database")
    if bucket_heads is not None:
        verify_heads(bucket_heads, hashes, keys, report, box, "audit-bucket")
    return report


def parse_head(document: bytes) -> dict[str, Any]:
    return json.loads(document)
