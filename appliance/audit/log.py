"""The audit log service: append events to the chain, sign its head, read it back."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterator, Mapping, Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from appliance.audit.chain import GENESIS, canonical_details, event_hash, head_payload, now_iso
from appliance.db.models import AuditEvent, AuditHead
from appliance.security.secrets import key_id, public_pem

# Any 64-bit constant works; it names the PostgreSQL advisory lock that serialises appends.
_PG_LOCK = 0x434278415544  # "CBxAUD"

OUTCOMES = ("ok", "refused", "failed")


class HeadSink(Protocol):
    """Where signed heads are copied (the audit bucket, under compliance-mode lock)."""

    def put_head(self, seq: int, document: bytes) -> str: ...

    def put_public_key(self, key: str, pem: bytes) -> None: ...


@dataclass(frozen=True)
class Actor:
    """Who acts: a user name and role, or a system component."""

    name: str
    role: str


SYSTEM = Actor("system", "system")


@dataclass(frozen=True)
class EventView:
    seq: int
    ts: str
    actor: str
    role: str
    action: str
    target: str
    outcome: str
    details: dict[str, Any]
    hash: str

    @classmethod
    def of(cls, row: AuditEvent) -> "EventView":
        return cls(row.seq, row.ts, row.actor, row.role, row.action, row.target, row.outcome,
                   json.loads(row.details), row.hash)


class AuditLog:
    """Appends hash-chained events; signs the chain head every N events or T seconds."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        signer: Ed25519PrivateKey,
        box: str,
        sink: HeadSink | None = None,
        sign_every_events: int = 50,
        sign_every_seconds: int = 300,
    ) -> None:
        self._sessions = sessions
        self._signer = signer
        self._box = box
        self._sink = sink
        self._every_events = sign_every_events
        self._every_seconds = sign_every_seconds
        self.key_id = key_id(signer.public_key())

    def public_key(self) -> Ed25519PublicKey:
        """The key that verifies this box's head signatures."""
        return self._signer.public_key()

    def record(
        self,
        actor: Actor,
        action: str,
        target: str = "",
        outcome: str = "ok",
        details: Mapping[str, Any] | None = None,
        session: Session | None = None,
    ) -> int:
        """Append one event and return its sequence number.

        Pass the caller's `session` to commit the event atomically with the change it records.
        """
        if outcome not in OUTCOMES:
            raise ValueError(f"outcome must be one of {OUTCOMES}")
        detail_text = canonical_details(details)
        if session is not None:
            return self._append(session, actor, action, target, outcome, detail_text)
        with self._sessions() as own, own.begin():
            seq = self._append(own, actor, action, target, outcome, detail_text)
        self.maybe_sign()
        return seq

    def _append(self, session: Session, actor: Actor, action: str, target: str, outcome: str, details: str) -> int:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
        last = session.execute(select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)).first()
        seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
        ts = now_iso()
        digest = event_hash(seq, ts, actor.name, actor.role, action, target[:255], outcome, details, prev)
        session.add(AuditEvent(seq=seq, ts=ts, actor=actor.name, role=actor.role, action=action,
                               target=target[:255], outcome=outcome, details=details, prev_hash=prev, hash=digest))
        session.flush()
        return seq

    def maybe_sign(self) -> AuditHead | None:
        """Sign the head if enough events or time have passed since the last signature."""
        with self._sessions() as session:
            last_event = session.scalar(select(func.max(AuditEvent.seq))) or 0
            last_head = session.execute(select(AuditHead).order_by(AuditHead.seq.desc()).limit(1)).scalar()
        if last_event == 0 or (last_head and last_head.seq >= last_event):
            return None
        if last_head is not None:
            behind = last_event - last_head.seq
            age = time.time() - _parse_ts(last_head.signed_at)
            if behind < self._every_events and age < self._every_seconds:
                return None
        return self.sign_head()

    def sign_head(self) -> AuditHead | None:
        """Sign the current chain head, store it, and copy it to the audit bucket if reachable."""
        with self._sessions() as session, session.begin():
            last = session.execute(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).scalar()
            if last is None:
                return None
            signed_at = now_iso()
            payload = head_payload(self._box, last.seq, last.hash, signed_at, self.key_id)
            head = AuditHead(seq=last.seq, hash=last.hash, signed_at=signed_at, key_id=self.key_id,
                             signature=self._signer.sign(payload).hex())
            session.add(head)
        self.upload_pending()
        return head

    def upload_pending(self) -> int:
        """Copy signed heads not yet in the audit bucket there; returns how many were copied."""
        if self._sink is None:
            return 0
        copied = 0
        with self._sessions() as session:
            pending = list(session.scalars(
                select(AuditHead).where(AuditHead.object_key.is_(None)).order_by(AuditHead.id)))
        for head in pending:
            try:
                self._sink.put_public_key(self.key_id, public_pem(self._signer.public_key()))
                key = self._sink.put_head(head.seq, head_document(self._box, head))
            except Exception:  # noqa: BLE001 - the store may be down; heads stay pending until next time
                break
            with self._sessions() as session, session.begin():
                session.get(AuditHead, head.id).object_key = key  # type: ignore[union-attr]
            copied += 1
        return copied

    def events(
        self,
        since_seq: int = 0,
        limit: int | None = None,
        actor: str | None = None,
        action: str | None = None,
        outcome: str | None = None,
        since: str | None = None,
        until: str | None = None,
        newest_first: bool = False,
    ) -> list[EventView]:
        """Events matching the filters (time bounds are ISO dates or datetimes, UTC)."""
        query = select(AuditEvent).where(AuditEvent.seq > since_seq)
        if actor:
            query = query.where(AuditEvent.actor == actor)
        if action:
            query = query.where(AuditEvent.action.like(action.replace("*", "%")))
        if outcome:
            query = query.where(AuditEvent.outcome == outcome)
        if since:
            query = query.where(AuditEvent.ts >= since)
        if until:
            query = query.where(AuditEvent.ts < until)
        query = query.order_by(AuditEvent.seq.desc() if newest_first else AuditEvent.seq)
        if limit:
            query = query.limit(limit)
        with self._sessions() as session:
            return [EventView.of(row) for row in session.scalars(query)]

    def follow(self, start_after: int, poll_s: float = 1.0) -> Iterator[EventView]:
        """Yield new events as they are appended (for `audit tail --follow`)."""
        last = start_after
        while True:
            batch = self.events(since_seq=last, limit=500)
            yield from batch
            if batch:
                last = batch[-1].seq
            else:
                time.sleep(poll_s)


def head_document(box: str, head: AuditHead) -> bytes:
    """The JSON document of a signed head as stored in the audit bucket."""
    return json.dumps(
        {"box_id": box, "seq": head.seq, "hash": head.hash, "signed_at": head.signed_at,
         "key_id": head.key_id, "signature": head.signature},
        sort_keys=True, indent=1,
    ).encode()


def _parse_ts(value: str) -> float:
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc).timestamp()
