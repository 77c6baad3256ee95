"""The S3 object store layer: SHA-256 on every object, streaming multipart, retries with backoff.

The same code talks to the embedded SeaweedFS, MinIO and Ceph RGW; it uses only the S3 features
those three share (versioning, object lock, SSE-S3, multipart, tagging, presigned GET).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import IO, Any, Iterator

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, EndpointConnectionError

from appliance.errors import CorpusBoxError, IntegrityError, NotFound, ServiceUnavailable
from appliance.storage.layout import BucketSpec

SHA_KEY = "sha256"
READ_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class StoredObject:
    bucket: str
    key: str
    size: int
    sha256: str | None
    version_id: str | None = None
    etag: str | None = None
    last_modified: datetime | None = None


class HashingReader(io.RawIOBase):
    """A read-only stream that hashes what passes through it (one pass: no second read of the data)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self.digest = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def file_sha256(path: str | os.PathLike[str]) -> str:
    """SHA-256 of a file, read in large blocks (hashlib releases the GIL while it works)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(8 * READ_CHUNK):
            digest.update(block)
    return digest.hexdigest()


class OrderedHashingWriter(io.RawIOBase):
    """A seekable sink for parallel ranged downloads that hashes the file in order while it fills.

    Parts land out of order; a background thread hashes the contiguous prefix as it grows, so
    verification overlaps the transfer instead of re-reading the file afterwards.
    """

    def __init__(self, raw: IO[bytes], size: int) -> None:
        self._fd = raw.fileno()
        self._size = size
        self._pos = 0
        self._ranges: list[tuple[int, int]] = []
        self._done = 0  # end of the contiguous prefix written so far
        self._hashed = 0
        self._digest = hashlib.sha256()
        self._cond = threading.Condition()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._hash_loop, name="sha256-follower", daemon=True)

    def __enter__(self) -> "OrderedHashingWriter":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with self._cond:
            self._size = min(self._size, self._done) if exc[0] else self._size
            self._cond.notify_all()
        self._thread.join()
        if self._error and not exc[0]:
            raise self._error

    def seekable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        self._pos = offset if whence == 0 else (self._pos + offset if whence == 1 else self._size + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def write(self, data: Any) -> int:
        n = os.pwrite(self._fd, data, self._pos)
        start, self._pos = self._pos, self._pos + n
        with self._cond:
            self._ranges.append((start, self._pos))
            self._ranges.sort()
            while self._ranges and self._ranges[0][0] <= self._done:
                self._done = max(self._done, self._ranges.pop(0)[1])
            self._cond.notify_all()
        return n

    def _hash_loop(self) -> None:
        try:
            while True:
                with self._cond:
                    while self._hashed >= self._done and self._hashed < self._size:
                        self._cond.wait()
                    end = self._done
                    if self._hashed >= self._size:
                        return
                while self._hashed < end:
                    chunk = os.pread(self._fd, min(8 * READ_CHUNK, end - self._hashed), self._hashed)
                    self._digest.update(chunk)
                    self._hashed += len(chunk)
        except BaseException as exc:  # noqa: BLE001 - reported to the caller on exit
            self._error = exc

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


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
    ) -> None:
        self.endpoint_url = endpoint_url
        self.prefix = bucket_prefix
        config = Config(
            s3={"addressing_style": "path"},
            retries={"max_attempts": max_attempts, "mode": "standard"},  # exponential backoff with jitter
            connect_timeout=connect_timeout,
            read_timeout=120,
            max_pool_connections=max(10, max_concurrency * 2),
            request_checksum_calculation="when_required",
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
        sha = hashlib.sha256(data).hexdigest()
        extra = self._extra(bucket, content_type, {**(metadata or {}), SHA_KEY: sha}, retain_until)
        with self._errors(f"{bucket}/{key}"):
            resp = self.client.put_object(Bucket=self.bucket(bucket), Key=key, Body=data, **extra)
        return StoredObject(bucket, key, len(data), sha, resp.get("VersionId"), resp.get("ETag"))

    def put_file(
        self, bucket: str, key: str, path: str | os.PathLike[str], content_type: str | None = None,
        metadata: dict[str, str] | None = None,
    ) -> StoredObject:
        """Store a file. Large files go up in parallel parts; the SHA-256 travels in the metadata.

        Hashing first costs one read from the page cache (~1 GB/s) and saves the extra requests a
        hash-while-uploading scheme needs, since S3 metadata is fixed when an upload starts.
        """
        size = os.path.getsize(path)
        if size < self.threshold:
            return self.put_bytes(bucket, key, Path(path).read_bytes(), content_type, metadata)
        sha = file_sha256(path)
        extra = self._extra(bucket, content_type, {**(metadata or {}), SHA_KEY: sha}, None)
        with self._errors(f"{bucket}/{key}"):
            # s3transfer aborts the multipart upload on failure, so nothing half-written is visible.
            self.client.upload_file(str(path), self.bucket(bucket), key, ExtraArgs=extra, Config=self.transfer)
        return StoredObject(bucket, key, size, sha)

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
            sha = reader.digest.hexdigest()
            head = self.client.head_object(Bucket=self.bucket(bucket), Key=key)
            version = head.get("VersionId")
            tagging = {"TagSet": [{"Key": SHA_KEY, "Value": sha}]}
            args = {"VersionId": version} if version else {}
            self.client.put_object_tagging(Bucket=self.bucket(bucket), Key=key, Tagging=tagging, **args)
        return StoredObject(bucket, key, reader.size, sha, version, head.get("ETag"))

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
        sha = resp.get("Metadata", {}).get(SHA_KEY) or self._tag_sha(bucket, key, resp.get("VersionId"))
        return StoredObject(bucket, key, resp["ContentLength"], sha, resp.get("VersionId"), resp.get("ETag"),
                            resp.get("LastModified"))

    def _tag_sha(self, bucket: str, key: str, version_id: str | None) -> str | None:
        args = {"VersionId": version_id} if version_id else {}
        with self._errors(f"{bucket}/{key}"):
            tags = self.client.get_object_tagging(Bucket=self.bucket(bucket), Key=key, **args)["TagSet"]
        return next((t["Value"] for t in tags if t["Key"] == SHA_KEY), None)

    def get_bytes(self, bucket: str, key: str, version_id: str | None = None, verify: bool = True) -> bytes:
        """Read a whole object; with `verify`, refuse it if its SHA-256 does not match."""
        args = {"VersionId": version_id} if version_id else {}
        with self._errors(f"{bucket}/{key}"):
            resp = self.client.get_object(Bucket=self.bucket(bucket), Key=key, **args)
            data = resp["Body"].read()
        if verify:
            expected = resp.get("Metadata", {}).get(SHA_KEY) or self._tag_sha(bucket, key, resp.get("VersionId"))
            self._check(bucket, key, expected, hashlib.sha256(data).hexdigest())
        return data

    def get_file(
        self, bucket: str, key: str, dest: str | os.PathLike[str], version_id: str | None = None, verify: bool = True
    ) -> StoredObject:
        """Download to `dest` in parallel ranges, hashing as the file fills; renamed only once verified."""
        dest = Path(dest)
        tmp = dest.with_name(f".{dest.name}.part")
        head = self.head(bucket, key, version_id)
        if head is None:
            raise NotFound(f"{bucket}/{key}: no such object")
        args = {"VersionId": head.version_id} if head.version_id else None
        try:
            with open(tmp, "w+b") as raw, OrderedHashingWriter(raw, head.size) as sink:
                with self._errors(f"{bucket}/{key}"):
                    self.client.download_fileobj(self.bucket(bucket), key, sink, ExtraArgs=args,
                                                 Config=self.transfer)
            digest = sink.hexdigest()
            if verify:
                self._check(bucket, key, head.sha256, digest)
            os.replace(tmp, dest)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        return StoredObject(bucket, key, head.size, digest, head.version_id, head.etag)

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
    def _check(bucket: str, key: str, expected: str | None, actual: str) -> None:
        if expected is not None and expected != actual:
            raise IntegrityError(f"{bucket}/{key}: SHA-256 mismatch (stored {expected[:12]}…, read {actual[:12]}…)",
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
