"""The storage layer against a real SeaweedFS: integrity, multipart, protection, failures."""

from __future__ import annotations

import hashlib
import io
import os
import urllib.request
import uuid
import zlib
from pathlib import Path

import pytest

from appliance.errors import CorpusBoxError, IntegrityError, NotFound, ServiceUnavailable
from appliance.storage.layout import bucket_layout, spec_for
from appliance.storage.s3 import ObjectStore
from tests.harness.objectstore import SeaweedServer
from tests.harness.ports import free_port

MB = 1024 * 1024


@pytest.fixture
def store(seaweed: SeaweedServer) -> ObjectStore:
    access, secret = seaweed.credentials
    s = ObjectStore(seaweed.endpoint, access, secret, bucket_prefix=f"s{uuid.uuid4().hex[:10]}-",
                    multipart_threshold=5 * MB, chunk_size=5 * MB, max_attempts=2, specs=bucket_layout())
    s.ensure_layout(bucket_layout(), {"quarantine": 1, "audit": 1})
    return s


def test_when_layout_applied_then_each_bucket_has_its_protection(store: ObjectStore) -> None:
    q = store.describe(spec_for("quarantine"))
    a = store.describe(spec_for("audit"))
    c = store.describe(spec_for("curated"))
    assert q["versioning"] == "Enabled" and q["object_lock"]["Mode"] == "GOVERNANCE" and q["encryption"] == "AES256"
    assert a["object_lock"]["Mode"] == "COMPLIANCE"
    assert c["object_lock"] is None and c["encryption"] == "AES256"


def test_when_layout_applied_twice_then_nothing_new_is_created(store: ObjectStore) -> None:
    assert store.ensure_layout(bucket_layout(), {}) == []


def test_when_bytes_stored_then_sha256_recorded_and_verified(store: ObjectStore) -> None:
    data = os.urandom(200_000)
    stored = store.put_bytes("curated", "a/b.bin", data)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert store.head("curated", "a/b.bin").sha256 == stored.sha256
    assert store.get_bytes("curated", "a/b.bin") == data


def test_when_large_file_stored_then_multipart_streamed_and_hashed(store: ObjectStore, tmp_path: Path) -> None:
    src = tmp_path / "big.bin"
    src.write_bytes(os.urandom(12 * MB + 123))
    stored = store.put_file("quarantine", "raw/big.bin", src)
    expected = hashlib.sha256(src.read_bytes()).hexdigest()
    assert stored.sha256 == expected and stored.size == src.stat().st_size
    assert store.head("quarantine", "raw/big.bin").sha256 == expected  # kept with the object (tag)
    out = store.get_file("quarantine", "raw/big.bin", tmp_path / "back.bin")
    assert out.sha256 == expected and (tmp_path / "back.bin").read_bytes() == src.read_bytes()
    # Three ranges arrive out of order; their CRC-32s combine to the whole file's.
    assert out.crc32 == f"{zlib.crc32(src.read_bytes()):08x}"
    assert store.get_file("quarantine", "raw/big.bin", tmp_path / "again.bin", full=True).sha256 == expected


def test_when_object_silently_replaced_then_read_is_refused(store: ObjectStore) -> None:
    stored = store.put_bytes("curated", "doc.txt", b"original")
    # Someone writes different bytes but keeps the old checksum metadata.
    store.client.put_object(Bucket=store.bucket("curated"), Key="doc.txt", Body=b"tampered",
                            Metadata={"sha256": stored.sha256})
    with pytest.raises(IntegrityError, match="SHA-256 mismatch"):
        store.get_bytes("curated", "doc.txt")
    assert store.get_bytes("curated", "doc.txt", version_id=stored.version_id) == b"original"


def test_when_object_replaced_with_its_checksums_copied_then_read_is_refused(store: ObjectStore) -> None:
    stored = store.put_bytes("curated", "doc.txt", b"original")
    meta = store.client.head_object(Bucket=store.bucket("curated"), Key="doc.txt")["Metadata"]
    assert set(meta) == {"sha256", "crc32"} and meta["crc32"] == f"{zlib.crc32(b'original'):08x}"
    store.client.put_object(Bucket=store.bucket("curated"), Key="doc.txt", Body=b"tampered", Metadata=meta)
    with pytest.raises(IntegrityError, match="CRC-32 mismatch"):
        store.get_bytes("curated", "doc.txt")
    # A forger who also fixes the CRC-32 is caught by the full check, which recomputes the SHA-256.
    forged = {**meta, "crc32": f"{zlib.crc32(b'tampered'):08x}"}
    store.client.put_object(Bucket=store.bucket("curated"), Key="doc.txt", Body=b"tampered", Metadata=forged)
    with pytest.raises(IntegrityError, match="SHA-256 mismatch"):
        store.get_bytes("curated", "doc.txt", full=True)
    assert store.get_bytes("curated", "doc.txt", version_id=stored.version_id, full=True) == b"original"


def test_when_large_object_corrupted_then_download_refused_and_nothing_left(
    store: ObjectStore, tmp_path: Path
) -> None:
    src = tmp_path / "big.bin"
    src.write_bytes(os.urandom(11 * MB))
    store.put_file("curated", "big.bin", src)
    meta = store.client.head_object(Bucket=store.bucket("curated"), Key="big.bin")["Metadata"]
    bad = bytearray(src.read_bytes())
    bad[7 * MB] ^= 0x01  # one bit flipped in the second part
    store.client.put_object(Bucket=store.bucket("curated"), Key="big.bin", Body=bytes(bad), Metadata=meta)
    for full in (False, True):
        with pytest.raises(IntegrityError, match="mismatch"):
            store.get_file("curated", "big.bin", tmp_path / "out.bin", full=full)
        assert not (tmp_path / "out.bin").exists() and not list(tmp_path.glob(".out.bin*"))


def test_when_upload_stream_fails_midway_then_nothing_is_visible(store: ObjectStore) -> None:
    class Broken(io.RawIOBase):
        def __init__(self) -> None:
            self.sent = 0

        def readable(self) -> bool:
            return True

        def readinto(self, b) -> int:  # type: ignore[no-untyped-def]
            if self.sent > 11 * MB:
                raise OSError("disk read error")
            n = len(b)
            b[:n] = b"x" * n
            self.sent += n
            return n

    with pytest.raises(Exception):
        store.put_stream("curated", "half.bin", io.BufferedReader(Broken()))
    assert store.head("curated", "half.bin") is None


def test_when_quarantine_link_requested_then_refused(store: ObjectStore) -> None:
    store.put_bytes("quarantine", "phi.txt", b"Jane Doe")
    with pytest.raises(CorpusBoxError, match="never served"):
        store.presign_get("quarantine", "phi.txt")


def test_when_curated_link_requested_then_it_downloads(store: ObjectStore) -> None:
    store.put_bytes("curated", "ok.txt", b"de-identified")
    url = store.presign_get("curated", "ok.txt", 60)
    with urllib.request.urlopen(url) as resp:  # noqa: S310 - loopback
        assert resp.read() == b"de-identified"


def test_when_locked_audit_object_deleted_then_refused(store: ObjectStore) -> None:
    stored = store.put_bytes("audit", "heads/1.json", b"{}")
    from botocore.exceptions import ClientError

    with pytest.raises(ClientError, match="AccessDenied"):
        store.client.delete_object(Bucket=store.bucket("audit"), Key="heads/1.json", VersionId=stored.version_id)
    assert store.get_bytes("audit", "heads/1.json", version_id=stored.version_id) == b"{}"


def test_when_key_missing_then_not_found(store: ObjectStore) -> None:
    with pytest.raises(NotFound):
        store.get_bytes("curated", "nope")
    assert store.head("curated", "nope") is None


def test_when_store_is_down_then_error_names_endpoint_and_fix() -> None:
    dead = ObjectStore(f"http://127.0.0.1:{free_port()}", "a", "b", max_attempts=1, connect_timeout=0.5)
    with pytest.raises(ServiceUnavailable) as err:
        dead.ping()
    assert "127.0.0.1" in err.value.message and "corpusbox up" in (err.value.hint or "")


def test_when_listing_then_usage_counts_objects(store: ObjectStore) -> None:
    for i in range(3):
        store.put_bytes("snapshots", f"m/{i}.json", b"{}" * (i + 1))
    assert store.usage("snapshots") == {"objects": 3, "bytes": 12}
    assert [o.key for o in store.list("snapshots", "m/")] == ["m/0.json", "m/1.json", "m/2.json"]


@pytest.mark.parametrize("mode", ["crc32", "signed-payload"])
def test_when_either_request_protection_is_configured_then_objects_round_trip(
    seaweed: SeaweedServer, tmp_path: Path, mode: str
) -> None:
    access, secret = seaweed.credentials
    s = ObjectStore(seaweed.endpoint, access, secret, bucket_prefix=f"m{uuid.uuid4().hex[:10]}-",
                    multipart_threshold=5 * MB, chunk_size=5 * MB, specs=bucket_layout(), request_checksums=mode)
    s.ensure_layout(bucket_layout(), {"quarantine": 1, "audit": 1})
    assert s.client.meta.config.s3["payload_signing_enabled"] is (mode != "crc32")
    src = tmp_path / "f.bin"
    src.write_bytes(os.urandom(6 * MB + 5))
    stored = s.put_file("quarantine", "f.bin", src)
    assert s.get_file("quarantine", "f.bin", tmp_path / "back.bin", full=True).sha256 == stored.sha256
    assert s.get_bytes("curated", s.put_bytes("curated", "b", b"x" * 1000).key) == b"x" * 1000
