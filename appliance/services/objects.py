"""Objects the box writes: stored in the object store, then recorded (with SHA-256) in the database.

The database row is written only after the object is complete in the store, so a crash in
between leaves at worst an unrecorded object (found again by content hash), never a row that
points at nothing. Callers audit at the level of their run, not per object.
"""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from appliance.box import Box
from appliance.db.models import StoredObjectRow
from appliance.storage.s3 import StoredObject


def record(session: Session, stored: StoredObject, source_id: int | None = None, run_id: int | None = None,
           content_type: str | None = None, attributes: dict[str, Any] | None = None) -> StoredObjectRow:
    """Insert (or return the existing) row for a stored object version."""
    version = stored.version_id or ""
    row = session.scalar(select(StoredObjectRow).where(
        StoredObjectRow.bucket == stored.bucket, StoredObjectRow.key == stored.key,
        StoredObjectRow.version_id == version))
    if row is None:
        row = StoredObjectRow(bucket=stored.bucket, key=stored.key, version_id=version, sha256=stored.sha256 or "",
                              size=stored.size, content_type=content_type, source_id=source_id, run_id=run_id,
                              attributes=attributes or {})
        session.add(row)
        session.flush()
    return row


def put(box: Box, bucket: str, key: str, *, data: bytes | None = None, path: str | os.PathLike[str] | None = None,
        content_type: str | None = None, source_id: int | None = None, run_id: int | None = None,
        attributes: dict[str, Any] | None = None) -> StoredObjectRow:
    """Store bytes or a file and record it; returns the database row with its SHA-256."""
    if (data is None) == (path is None):
        raise ValueError("give exactly one of data or path")
    if data is not None:
        stored = box.store.put_bytes(bucket, key, data, content_type)
    else:
        stored = box.store.put_file(bucket, key, path, content_type)  # type: ignore[arg-type]
    with box.sessions() as session, session.begin():
        return record(session, stored, source_id, run_id, content_type, attributes)


def find_by_sha256(box: Box, bucket: str, sha256: str) -> StoredObjectRow | None:
    """An object already stored with this content (for idempotent, content-addressed writes)."""
    with box.sessions() as session:
        return session.scalar(select(StoredObjectRow).where(
            StoredObjectRow.bucket == bucket, StoredObjectRow.sha256 == sha256).limit(1))
