"""The S3 object store layer: SHA-256 on every object, streaming multipart, retries with backoff.

The same code talks to the embedded SeaweedFS, MinIO and Ceph RGW; it uses only the S3 features
those three share (versioning, object lock, SSE-S3, multipart, tagging, presigned GET).

Integrity: every object carries the SHA-256 of its content (its identity, recorded in the DB and
in manifests) and a CRC-32 of the whole content, both computed by this layer from the source
bytes. Every read is checked against the CRC-32 (4 GB/s, so the check costs a read a few per
cent); `full=True` recomputes the SHA-256 instead, for callers that compare identities. Requests
carry a CRC-32 checksum header the server can verify instead of a SHA-256-signed payload, so
hashing each part a second time is not needed (S3's own default integrity check is CRC-based).
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import IO, Any, Iterator

import boto3
from boto3.s3.transfer import TransferConfig, create_transfer_manager
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, EndpointConnectionError
from s3transfer.subscribers import BaseSubscriber

from appliance.errors import CorpusBoxError, IntegrityError, NotFound, ServiceUnavailable
from appliance.storage.checksums import (
    CRC_KEY,
    SHA_KEY,
    Checksums,
    DownloadSink,
    HashingReader,
    file_checksums,
    file_sha256,
)
from appliance.storage.layout import BucketSpec

__all__ = ["CRC_KEY", "SHA_KEY", "AuditBucketSink", "ObjectStore", "StoredObject", "file_sha256"]


@dataclass(frozen=True)
class StoredObject:
    bucket: str
    key: str
    size: int
    sha256: str | None
    version_id: str | None = None
    etag: str | None = None
    last_modified: datetime | None = None
    crc32: str | None = None


class ObjectStore:
    """Buckets and objects on an S3 endpoint, with the box's layout and integrity rules."""

    def __init__(
        self,
        endpoint_url: str,
        access_key: str,
        secret_key: str,
        region: str = "us-east-1",
        bucket_prefix: str = "",
        multipart_threshold: int = 16 * 1024 * 1024,
        chunk_size: int = 16 * 1024 * 1024,
        max_concurrency: int = 8,
        max_attempts: int = 5,
        connect_timeout: float = 3.0,
        verify_tls: bool = True,
        specs: list[BucketSpec] | None = None,
        request_checksums: str = "crc32",
    ) -> None:
        self.endpoint_url = endpoint_url
        self.prefix = bucket_prefix
        config = Config(
            # By default the payload is not SHA-256-signed part by part: requests carry a signed CRC-32
            # checksum header instead, and this layer hashes the whole content itself (module doc).
            # Stores without flexible checksums get the signed payload back ("signed-payload").
            s3={"addressing_style": "path", "payload_signing_enabled": request_checksums != "crc32"},
            retries={"max_attempts": max_attempts, "mode": "standard"},  # exponential backoff with jitter
            connect_timeout=connect_timeout,
            read_timeout=120,
            max_pool_connections=max(10, max_concurrency * 2),
            request_checksum_calculation="when_supported" if request_checksums == "crc32" else "when_required",
            response_checksum_validation="when_required",
        )
        self.client = boto3.session.Session().client(
            "s3", endpoint_url=endpoint_url, aws_access_key_id=access_key, aws_secret_access_key=secret_key,
            region_name=region, config=config, verify=verify_tls,
        )
        self.threshold = multipart_threshold
        self.transfer = TransferConfig(
            multipart_threshold=multipart_threshold, multipart_chunksize=chunk_size,
            max_concurrency=max_concurrency, use_threads=True,
        )
        self._specs: dict[str, BucketSpec] = {spec.name: spec for spec in specs or []}

    # ----- buckets -------------------------------------------------------------------------
    def bucket(self, name: str) -> str:
        """The real bucket name for a logical one (with the configured prefix)."""
        return f"{self.prefix}{name}"

    def ping(self) -> None:
        """Raise ServiceUnavailable naming the endpoint if the store does not answer."""
        with self._errors("object store"):
            self.client.list_buckets()

    def ensure_layout(self, specs: list[BucketSpec], retention_days: dict[str, int]) -> list[str]:
        """Create missing buckets and apply versioning, lock and encryption; returns those created."""
        created = []
        with self._errors("object store"):
            existing = {b["Name"] for b in self.client.list_buckets().get("Buckets", [])}
            for spec in specs:
                name = self.bucket(spec.name)
                if name not in existing:
                    self.client.create_bucket(Bucket=name, ObjectLockEnabledForBucket=spec.object_lock is not None)
                    created.append(spec.name)
                self._apply(spec, name, retention_days.get(spec.name, 1))
                self._specs[spec.name] = spec
        return created

    def _apply(self, spec: BucketSpec, name: str, days: int) -> None:
        if spec.versioning:
            self.client.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        if spec.object_lock:
            rule = {"DefaultRetention": {"Mode": spec.object_lock.upper(), "Days": days}}
            self.client.put_object_lock_configuration(
                Bucket=name, ObjectLockConfiguration={"ObjectLockEnabled": "Enabled", "Rule": rule}
            )
        if spec.encrypted:
            self.client.put_bucket_encryption(
                Bucket=name,
                ServerSideEncryptionConfiguration={
                    "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
                },
            )

    def describe(self, spec: BucketSpec) -> dict[str, Any]:
        """The protection actually in force on a bucket, read back from the server."""
        name = self.bucket(spec.name)
        with self._errors("object store"):
            versioning = self.client.get_bucket_versioning(Bucket=name).get("Status", "Off")
            lock = None
            if spec.object_lock:
                rule = self.client.get_object_lock_configuration(Bucket=name)["ObjectLockConfiguration"]
                lock = rule.get("Rule", {}).get("DefaultRetention")
            enc = self.client.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]
        algo = enc["Rules"][0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"]
        return {"bucket": name, "versioning": versioning, "object_lock": lock, "encryption": algo}

    def usage(self, bucket: str) -> dict[str, int]:
        """Object count and bytes in a bucket (latest versions)."""
        count = size = 0
        for obj in self.list(bucket):
            count += 1
            size += obj.size
        return {"objects": count, "bytes": size}

    # ----- writing -------------------------------------------------------------------------
    def put_bytes(
        self, bucket: str, key: str, data: bytes, content_type: str | None = None,
        metadata: dict[str, str] | None = None, retain_until: datetime | None = None,
    ) -> StoredObject:
        """Store bytes in one request with their SHA-256 in the object's metadata."""
        sums = Checksums.of(data)
        extra = self._extra(bucket, content_type, {**(metadata or {}), **sums.metadata()}, retain_until)
        with self._errors(f"{bucket}/{key}"):
            resp = self.client.put_object(Bucket=self.bucket(bucket), Key=key, Body=data, **extra)
        return StoredObject(bucket, key, len(data), sums.sha256, resp.get("VersionId"), resp.get("ETag"),
                            crc32=sums.crc32)

    def put_file(
        self, bucket: str, key: str, path: str | os.PathLike[str], content_type: str | None = None,
        metadata: dict[str, str] | None = None,
    ) -> StoredObject:
        """Store a file. Large files go up in parallel parts; the SHA-256 travels in the metadata.

        Hashing first costs one read from the page cache and saves the extra requests a
        hash-while-uploading scheme needs, since S3 metadata is fixed when an upload starts.
        """
        size = os.path.getsize(path)
        if size < self.threshold:
            return self.put_bytes(bucket, key, Path(path).read_bytes(), content_type, metadata)
        sums = file_checksums(path)
        extra = self._extra(bucket, content_type, {**(metadata or {}), **sums.metadata()}, None)
        with self._errors(f"{bucket}/{key}"):
            # s3transfer aborts the multipart upload on failure, so nothing half-written is visible.
            self.client.upload_file(str(path), self.bucket(bucket), key, ExtraArgs=extra, Config=self.transfer)
        return StoredObject(bucket, key, size, sums.sha256, crc32=sums.crc32)

    def put_stream(
        self, bucket: str, key: str, stream: IO[bytes], content_type: str | None = None,
        metadata: dict[str, str] | None = None,
    ) -> StoredObject:
        """Store a stream of unknown length with multipart upload; the object appears only when complete."""
        reader = HashingReader(stream)
        extra = self._extra(bucket, content_type, metadata or {}, None)
        with self._errors(f"{bucket}/{key}"):
            # s3transfer aborts the multipart upload on failure, so nothing half-written is visible.
            self.client.upload_fileobj(reader, self.bucket(bucket), key, ExtraArgs=extra, Config=self.transfer)
            sums = reader.digest
            head = self.client.head_object(Bucket=self.bucket(bucket), Key=key)
            version = head.get("VersionId")
            tagging = {"TagSet": [{"Key": k, "Value": v} for k, v in sums.metadata().items()]}
            args = {"VersionId": version} if version else {}
            self.client.put_object_tagging(Bucket=self.bucket(bucket), Key=key, Tagging=tagging, **args)
        return StoredObject(bucket, key, sums.size, sums.sha256, version, head.get("ETag"), crc32=sums.crc32)

    def _extra(
        self, bucket: str, content_type: str | None, metadata: dict[str, str], retain_until: datetime | None
    ) -> dict[str, Any]:
        extra: dict[str, Any] = {"Metadata": metadata}
        spec = self._specs.get(bucket)
        if spec is None or spec.encrypted:
            extra["ServerSideEncryption"] = "AES256"
        if content_type:
            extra["ContentType"] = content_type
        if retain_until is not None and spec is not None and spec.object_lock:
            extra["ObjectLockMode"] = spec.object_lock.upper()
            extra["ObjectLockRetainUntilDate"] = retain_until
        return extra

    # ----- reading -------------------------------------------------------------------------
    def head(self, bucket: str, key: str, version_id: str | None = None) -> StoredObject | None:
        """What is stored under a key, with its SHA-256, or None if nothing is."""
        args = {"VersionId": version_id} if version_id else {}
        try:
            with self._errors(f"{bucket}/{key}"):
                resp = self.client.head_object(Bucket=self.bucket(bucket), Key=key, **args)
        except NotFound:
            return None
        sums = self._recorded(bucket, key, resp)
        return StoredObject(bucket, key, resp["ContentLength"], sums.get(SHA_KEY), resp.get("VersionId"),
                            resp.get("ETag"), resp.get("LastModified"), sums.get(CRC_KEY))

    def _recorded(self, bucket: str, key: str, resp: dict[str, Any]) -> dict[str, str]:
        """The checksums recorded with an object: in its metadata, or in tags for streamed uploads."""
        meta = resp.get("Metadata", {})
        if meta.get(SHA_KEY):
            return {k: meta[k] for k in (SHA_KEY, CRC_KEY) if meta.get(k)}
        args = {"VersionId": resp["VersionId"]} if resp.get("VersionId") else {}
        with self._errors(f"{bucket}/{key}"):
            tags = self.client.get_object_tagging(Bucket=self.bucket(bucket), Key=key, **args)["TagSet"]
        return {t["Key"]: t["Value"] for t in tags if t["Key"] in (SHA_KEY, CRC_KEY) and t["Value"]}

    def get_bytes(
        self, bucket: str, key: str, version_id: str | None = None, verify: bool = True, full: bool = False
    ) -> bytes:
        """Read a whole object; with `verify`, refuse it if it does not match its recorded checksum.

        The check is the CRC-32 recorded at write time; `full` recomputes the SHA-256 instead.
        """
        args = {"VersionId": version_id} if version_id else {}
        with self._errors(f"{bucket}/{key}"):
            resp = self.client.get_object(Bucket=self.bucket(bucket), Key=key, **args)
            data = resp["Body"].read()
        if verify:
            recorded = self._recorded(bucket, key, resp)
            self._check(bucket, key, recorded, Checksums.of(data, sha256=full or CRC_KEY not in recorded))
        return data

    def get_file(
        self, bucket: str, key: str, dest: str | os.PathLike[str], version_id: str | None = None,
        verify: bool = True, full: bool = False,
    ) -> StoredObject:
        """Download to `dest` in parallel ranges, checked as the file fills; renamed only once verified.

        The returned SHA-256 is the recorded one (the content matched its CRC-32), or with `full`
        the one recomputed from the bytes received.
        """
        dest = Path(dest)
        tmp = dest.with_name(f".{dest.name}.part")
        head = self.head(bucket, key, version_id)
        if head is None:
            raise NotFound(f"{bucket}/{key}: no such object")
        args = {"VersionId": head.version_id} if head.version_id else None
        try:
            want_sha = full or head.crc32 is None
            with open(tmp, "w+b") as raw, DownloadSink(raw, head.size, sha256=want_sha) as sink:
                with self._errors(f"{bucket}/{key}"), \
                        create_transfer_manager(self.client, self.transfer) as tm:
                    # The size is known from the HEAD above: s3transfer need not send its own.
                    tm.download(self.bucket(bucket), key, sink, extra_args=args,
                                subscribers=[_KnownSize(head.size)]).result()
            if verify:
                self._check(bucket, key, {SHA_KEY: head.sha256 or "", CRC_KEY: head.crc32 or ""}, sink.sums)
            os.replace(tmp, dest)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        sha = sink.sums.sha256 or head.sha256
        return StoredObject(bucket, key, head.size, sha, head.version_id, head.etag, crc32=sink.sums.crc32)

    def open(self, bucket: str, key: str, version_id: str | None = None) -> Any:
        """A streaming body for large objects (the caller reads and closes it)."""
        args = {"VersionId": version_id} if version_id else {}
        with self._errors(f"{bucket}/{key}"):
            return self.client.get_object(Bucket=self.bucket(bucket), Key=key, **args)["Body"]

    def list(self, bucket: str, prefix: str = "") -> Iterator[StoredObject]:
        """Objects under a prefix, in key order (latest versions; SHA-256 not fetched)."""
        paginator = self.client.get_paginator("list_objects_v2")
        with self._errors(f"{bucket}/{prefix}"):
            for page in paginator.paginate(Bucket=self.bucket(bucket), Prefix=prefix):
                for obj in page.get("Contents", []):
                    yield StoredObject(bucket, obj["Key"], obj["Size"], None, None, obj.get("ETag"),
                                       obj.get("LastModified"))

    def delete(self, bucket: str, key: str) -> None:
        """Delete the latest version (versioned buckets keep history; locks refuse early deletes)."""
        with self._errors(f"{bucket}/{key}"):
            self.client.delete_object(Bucket=self.bucket(bucket), Key=key)

    def presign_get(self, bucket: str, key: str, expires_s: int = 900) -> str:
        """A time-limited download link; refused for buckets that are never served."""
        spec = self._specs.get(bucket)
        if spec is not None and not spec.servable:
            raise CorpusBoxError(f"objects in bucket '{bucket}' are never served",
                                 hint="export de-identified data from the curated or snapshots bucket")
        return self.client.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket(bucket), "Key": key}, ExpiresIn=expires_s
        )

    # ----- helpers -------------------------------------------------------------------------
    @staticmethod
    def _check(bucket: str, key: str, recorded: dict[str, str], read: Checksums) -> None:
        """Compare what was read with what was recorded: the SHA-256 when computed, else the CRC-32."""
        name, want, got = ("SHA-256", recorded.get(SHA_KEY), read.sha256) if read.sha256 else \
            ("CRC-32", recorded.get(CRC_KEY), read.crc32)
        if want and want != got:
            raise IntegrityError(f"{bucket}/{key}: {name} mismatch (stored {want[:12]}…, read {got[:12]}…)",
                                 hint="the object was altered or corrupted; restore it from its previous version")

    @contextlib.contextmanager
    def _errors(self, what: str) -> Iterator[None]:
        try:
            yield
        except EndpointConnectionError as exc:
            raise ServiceUnavailable(
                f"object store at {self.endpoint_url} is not reachable",
                hint="start the embedded store with `corpusbox up`, or check storage.endpoint_url",
            ) from exc
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code in ("NoSuchKey", "404", "NotFound", "NoSuchVersion"):
                raise NotFound(f"{what}: no such object") from exc
            if code == "NoSuchBucket":
                raise NotFound(f"{what}: bucket does not exist", hint="run `corpusbox up` to create the buckets") from exc
            if code in ("InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied"):
                raise CorpusBoxError(f"{what}: object store refused the request ({code})",
                                     hint="check the storage credentials, or an object lock protects it") from exc
            raise CorpusBoxError(f"{what}: object store error {code}: {exc}") from exc
        except BotoCoreError as exc:
            raise ServiceUnavailable(f"object store at {self.endpoint_url}: {exc}",
                                     hint="check that the store is running (`corpusbox status`)") from exc


class _KnownSize(BaseSubscriber):  # type: ignore[misc]
    """Tells s3transfer an object's size so it skips its own HEAD request."""

    def __init__(self, size: int) -> None:
        self._size = size

    def on_queued(self, future: Any, **kwargs: Any) -> None:
        future.meta.provide_transfer_size(self._size)


class AuditBucketSink:
    """Writes signed audit heads to the audit bucket under compliance-mode retention."""

    def __init__(self, store: ObjectStore, retention_days: int) -> None:
        self._store = store
        self._days = retention_days

    def put_head(self, seq: int, document: bytes) -> str:
        key = f"heads/{seq:012d}.json"
        until = datetime.now(timezone.utc) + timedelta(days=self._days)
        self._store.put_bytes("audit", key, document, "application/json", retain_until=until)
        return key

    def put_public_key(self, key: str, pem: bytes) -> None:
        name = f"keys/{key}.pem"
        if self._store.head("audit", name) is None:
            self._store.put_bytes("audit", name, pem, "application/x-pem-file")

    def heads(self) -> list[bytes]:
        return [self._store.get_bytes("audit", o.key) for o in self._store.list("audit", "heads/")]

    def public_keys(self) -> dict[str, bytes]:
        return {
            o.key.removeprefix("keys/").removesuffix(".pem"): self._store.get_bytes("audit", o.key)
            for o in self._store.list("audit", "keys/")
        }
