"""The hash chain: how an audit event and a signed head are turned into bytes and hashed."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from typing import Any, Mapping

GENESIS = "0" * 64
MAX_DETAILS_BYTES = 16_384


def now_iso() -> str:
    """UTC time in the fixed-width ISO form stored in events (sorts as text)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_details(details: Mapping[str, Any] | None) -> str:
    """Details as canonical JSON. Oversized details are refused: audit rows are not a data store."""
    text = json.dumps(dict(details or {}), sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    if len(text.encode()) > MAX_DETAILS_BYTES:
        raise ValueError(f"audit details too large ({len(text.encode())} bytes > {MAX_DETAILS_BYTES})")
    return text


def event_hash(
    seq: int, ts: str, actor: str, role: str, action: str, target: str, outcome: str, details: str, prev_hash: str
) -> str:
    """SHA-256 over the event's fields and the previous event's hash."""
    body = json.dumps(
        [seq, ts, actor, role, action, target, outcome, details, prev_hash], separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(body.encode()).hexdigest()


def head_payload(box: str, seq: int, head_hash: str, signed_at: str, key: str) -> bytes:
    """The exact bytes an audit-head signature covers."""
    return json.dumps(
        {"box_id": box, "seq": seq, "hash": head_hash, "signed_at": signed_at, "key_id": key},
        sort_keys=True,
        separators=(",", ":"),
    ).encode()
