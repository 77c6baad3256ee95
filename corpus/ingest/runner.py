"""Ingestion into quarantine: streaming, resumable, idempotent by content hash, one bad file never stops a run.

Order of effects per file: check it, store the object under its SHA-256, then commit its state row.
A run killed at any point leaves either nothing or an object without a row (re-stored identically on
the next run), never a row without its object.

A source's files are what its location lists now: a path ingested again with new bytes replaces its old
version (one row per path), and a completed run marks the paths no longer listed `removed`, so their
documents leave later snapshots (earlier snapshots keep them: they are immutable).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update

from appliance.db.engine import transaction
from appliance.db.models import Run, Source, StoredObjectRow
from appliance.storage.layout import QUARANTINE
from appliance.storage.s3 import file_sha256
from corpus.keys import quarantine_key
from corpus.models import CURRENT, IngestFile
from corpus.sources.base import Connector, SourceFile, SourceSettings
from corpus.sources.errors import FileTooLargeError, UnreadableFileError
from corpus.structured.errors import InputError
from corpus.structured.policy import parse_policy

if TYPE_CHECKING:
    from appliance.box import Box

Progress = Callable[[int, int, str], None]  # (done, total, status of the last file)
MAX_REPORTED_FAILURES = 200


@dataclass
class IngestReport:
    """What one ingestion run did: counts, and each failure with its named error (no content)."""

    run_id: int
    source: str
    files: int = 0
    new: int = 0
    duplicate: int = 0
    failed: int = 0
    skipped: int = 0  # already ingested by an earlier run (same path, size and time)
    documents: int = 0
    bytes: int = 0
    seconds: float = 0.0
    failures: list[dict[str, Any]] = field(default_factory=list)
    skipped_records: int = 0
    removed: int = 0  # ingested earlier, no longer listed by the source

    def failure_codes(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.failures:
            out[f["code"]] = out.get(f["code"], 0) + 1
        return out

    def stats(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in ("run_id", "source")}


class Ingestor:
    """Ingests the files of one source in one run."""

    def __init__(self, box: Box, source: Source, run_id: int, connector: Connector, progress: Progress | None) -> None:
        self.box, self.source, self.connector = box, source, connector
        self.settings = SourceSettings.model_validate(source.settings)
        self.policy = parse_policy(source.policy, where=f"source {source.name}") if source.policy else None
        self.report = IngestReport(run_id, source.name)
        self.progress = progress or (lambda done, total, status: None)
        self._last_progress = 0.0

    def run(self, files: list[SourceFile], fetch: Callable[[SourceFile], Any]) -> IngestReport:
        start = time.monotonic()
        self.report.files = len(files)
        for i, f in enumerate(files, 1):
            status = self._one(f, fetch)
            self.progress(i, len(files), status)
            self._save_progress(i, len(files))
        self._mark_removed({f.path for f in files})
        self.report.seconds = round(time.monotonic() - start, 3)
        return self.report

    def _one(self, f: SourceFile, fetch: Callable[[SourceFile], Any]) -> str:
        with self.box.sessions() as s:
            row = s.scalar(select(IngestFile).where(IngestFile.source_id == self.source.id, IngestFile.path == f.path))
        if row is not None and row.status != "removed" and row.size == f.size and row.mtime_ns == f.mtime_ns:
            self.report.skipped += 1
            return "skipped"
        if f.size > self.settings.max_file_bytes:
            return self._failed(f, FileTooLargeError(
                f"{Path(f.path).name}: {f.size} bytes is over the source's limit of {self.settings.max_file_bytes}",
                hint="raise --max-file-bytes on the source, or split the export"))
        try:
            with fetch(f) as local:
                check = self.connector.check(local, self.settings, self.policy)
                sha = file_sha256(local)
                if row is not None and row.status in CURRENT and row.sha256 == sha:
                    return self._unchanged(f)
                self._store(local, sha, f)
        except InputError as exc:
            return self._failed(f, exc)
        except OSError as exc:
            return self._failed(f, UnreadableFileError(f"{Path(f.path).name}: cannot be read ({exc.strerror})"))
        return self._commit(f, sha, check.documents, len(check.skipped))

    def _unchanged(self, f: SourceFile) -> str:
        """Same bytes at the same path (only its timestamp moved): already ingested, nothing stored again."""
        with transaction(self.box.sessions) as s:
            row = s.scalar(select(IngestFile).where(IngestFile.source_id == self.source.id,
                                                    IngestFile.path == f.path))
            row.size, row.mtime_ns = f.size, f.mtime_ns
        self.report.skipped += 1
        return "skipped"

    def _store(self, local: Path, sha: str, f: SourceFile) -> None:
        key = quarantine_key(sha)
        if self.box.store.head(QUARANTINE, key) is None:
            self.box.store.put_file(QUARANTINE, key, local, metadata={"source": self.source.name})

    def _commit(self, f: SourceFile, sha: str, documents: int, skipped_records: int) -> str:
        """Record the file for this source: `duplicate` only when another of its paths has the same bytes.

        The object row is written once per quarantine key, whichever source (or earlier version of a path)
        brought the bytes first: content addressing stores them once, but every source gets its file.
        """
        key = quarantine_key(sha)
        with transaction(self.box.sessions) as s:
            twin = s.scalar(select(IngestFile.id).where(
                IngestFile.source_id == self.source.id, IngestFile.sha256 == sha, IngestFile.path != f.path,
                IngestFile.status.in_(CURRENT)).limit(1))
            recorded = s.scalar(select(StoredObjectRow.id).where(
                StoredObjectRow.bucket == QUARANTINE, StoredObjectRow.key == key).limit(1))
            status = "duplicate" if twin is not None else "stored"
            self._upsert(s, f, status=status, sha256=sha, documents=documents, quarantine_key=key,
                         error_code=None, error=None)
            if recorded is None:
                s.add(StoredObjectRow(bucket=QUARANTINE, key=key, sha256=sha, size=f.size,
                                      source_id=self.source.id, run_id=self.report.run_id,
                                      attributes={"documents": documents}))
        self.report.new += status == "stored"
        self.report.duplicate += status == "duplicate"
        self.report.documents += documents
        self.report.bytes += f.size
        self.report.skipped_records += skipped_records
        return "new" if status == "stored" else status

    def _failed(self, f: SourceFile, exc: InputError) -> str:
        code = getattr(exc, "code", "input_error")
        with transaction(self.box.sessions) as s:
            self._upsert(s, f, status="failed", sha256=None, documents=0, quarantine_key=None, error_code=code,
                         error=exc.message[:1000])
        self.report.failed += 1
        if len(self.report.failures) < MAX_REPORTED_FAILURES:
            self.report.failures.append({"path": f.path, "code": code, "error": exc.message[:300]})
        return "failed"

    def _upsert(self, s: Any, f: SourceFile, **values: Any) -> None:
        row = s.scalar(select(IngestFile).where(IngestFile.source_id == self.source.id, IngestFile.path == f.path))
        if row is None:
            row = IngestFile(source_id=self.source.id, path=f.path)
            s.add(row)
        row.size, row.mtime_ns, row.run_id = f.size, f.mtime_ns, self.report.run_id
        for k, v in values.items():
            setattr(row, k, v)

    def _mark_removed(self, listed: set[str]) -> None:
        """Paths ingested earlier that the source no longer lists become `removed` (rows kept for audit)."""
        with self.box.sessions() as s:
            rows = s.execute(select(IngestFile.id, IngestFile.path).where(
                IngestFile.source_id == self.source.id, IngestFile.status != "removed")
                .execution_options(yield_per=5000))
            gone = [i for i, path in rows if path not in listed]
        for start in range(0, len(gone), 1000):
            with transaction(self.box.sessions) as s:
                s.execute(update(IngestFile).where(IngestFile.id.in_(gone[start:start + 1000]))
                          .values(status="removed", run_id=self.report.run_id))
        self.report.removed = len(gone)

    def _save_progress(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last_progress < 2.0 and done < total:
            return
        self._last_progress = now
        with transaction(self.box.sessions) as s:
            run = s.get(Run, self.report.run_id)
            if run is not None:
                run.progress = {"done": done, "total": total, "new": self.report.new,
                                "duplicate": self.report.duplicate, "failed": self.report.failed}
