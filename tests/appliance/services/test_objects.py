"""Objects written through the service are recorded with their SHA-256, once per version."""

from __future__ import annotations

import hashlib
from pathlib import Path

from appliance.box import Box
from appliance.services import objects


def test_when_bytes_put_then_row_has_sha256_and_size(box: Box) -> None:
    row = objects.put(box, "curated", "x/a.txt", data=b"hello", content_type="text/plain")
    assert row.sha256 == hashlib.sha256(b"hello").hexdigest() and row.size == 5 and row.version_id
    assert objects.find_by_sha256(box, "curated", row.sha256).key == "x/a.txt"


def test_when_file_put_then_row_matches_store_head(box: Box, tmp_path: Path) -> None:
    src = tmp_path / "f.bin"
    src.write_bytes(b"z" * 70_000)
    row = objects.put(box, "models", "m/f.bin", path=src)
    assert box.store.head("models", "m/f.bin").sha256 == row.sha256


def test_when_same_version_recorded_twice_then_one_row(box: Box) -> None:
    stored = box.store.put_bytes("curated", "dup.txt", b"same")
    with box.sessions() as session, session.begin():
        first = objects.record(session, stored)
        second = objects.record(session, stored)
    assert first.id == second.id
