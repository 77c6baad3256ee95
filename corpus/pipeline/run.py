"""The driver of a de-identification run: plan the parts still missing, run them, commit each with its findings.

Outputs are keyed by (source, input SHA-256, part, policy version): a rerun after a crash plans only the
parts with no committed row, and a part's curated object is the same bytes whoever produces it.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, insert, select

from appliance.db.engine import transaction
from appliance.db.models import Run, Source
from corpus.deid.learned import file_sha256
from corpus.models import CURRENT, DeidListEntry, DeidOutput, FindingRow, IngestFile
from corpus.pipeline.tools import WorkerSpec
from corpus.pipeline.work import PartResult, WorkItem
from corpus.services.quickcheck import site_model_file
from corpus.snapshots.manifest import canonical_json
from corpus.sources.base import SourceSettings
from corpus.sources.registry import connector

if TYPE_CHECKING:
    from appliance.box import Box

PIPELINE_VERSION = "1"
Progress = Callable[[int, int], None]


@dataclass
class DeidReport:
    """What a de-identification run did (counts only)."""

    run_id: int
    source: str
    policy_version: str
    parts: int = 0
    parts_done_before: int = 0
    documents: int = 0
    findings: int = 0
    findings_by_type: dict[str, int] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    failed_parts: int = 0
    workers: int = 0
    executor: str = "ray"
    seconds: float = 0.0
    worker_rss_max: dict[str, int] = field(default_factory=dict)

    def stats(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in ("run_id", "source")}


def lists_for(box: Box, source_id: int) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(allow, deny) terms that apply to a source (its own and the box-wide ones), sorted."""
    with box.sessions() as s:
        rows = s.execute(select(DeidListEntry.list, DeidListEntry.entity_type, DeidListEntry.term).where(
            (DeidListEntry.source_id == source_id) | (DeidListEntry.source_id.is_(None)))).all()
    allow = sorted({(t, term) for kind, t, term in rows if kind == "allow"})
    deny = sorted({(t, term) for kind, t, term in rows if kind == "deny"})
    return allow, deny


def policy_version(box: Box, source: Source) -> str:
    """The full policy version: source policy and settings, allow/deny lists, pipeline version."""
    allow, deny = lists_for(box, source.id)
    data = {"base": source.policy_version, "allow": allow, "deny": deny, "pipeline": PIPELINE_VERSION}
    model, digest = site_model(box)
    if model is not None:  # only then: a box without a site model keeps the versions it always had
        data["site_model"] = digest
    return hashlib.sha256(canonical_json(data)).hexdigest()[:16]


def site_model(box: Box) -> tuple[str | None, str | None]:
    """(path, SHA-256) of the box's site-trained tagger, or (None, None) when it has none."""
    model = site_model_file(box)
    if model is None:
        return None, None
    st = model.stat()
    return str(model), _model_digest(str(model), st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=8)
def _model_digest(path: str, mtime_ns: int, size: int) -> str:
    """A model file's SHA-256, read once per version of the file (a run asks for it for its policy version and for
    its workers; a retrained model has a new mtime and is read again)."""
    return file_sha256(Path(path))


def worker_spec(box: Box, source: Source, version: str) -> WorkerSpec:
    allow, deny = lists_for(box, source.id)
    model, digest = site_model(box)
    return WorkerSpec(source.name, source.id, dict(source.settings), source.policy, version, box.pseudonym_key(),
                      box.store_params(), box.settings.database_url, allow, deny,
                      site_model=model, site_model_sha256=digest)


def current_inputs(source_id: int) -> Select[tuple[str | None]]:
    """The content hashes of a source's files as last ingested (superseded and removed versions excluded)."""
    return select(IngestFile.sha256).where(IngestFile.source_id == source_id, IngestFile.status.in_(CURRENT))


def plan(box: Box, source: Source, version: str) -> tuple[list[WorkItem], int]:
    """Parts not yet de-identified under `version` (sorted), and how many were done before."""
    settings = SourceSettings.model_validate(source.settings)
    splittable = connector(source.kind).splittable
    with box.sessions() as s:
        files = s.execute(select(IngestFile.sha256, IngestFile.documents, IngestFile.path).where(
            IngestFile.source_id == source.id, IngestFile.status.in_(CURRENT))
            .order_by(IngestFile.sha256, IngestFile.path)).all()
        done = set(s.execute(select(DeidOutput.input_sha256, DeidOutput.part).where(
            DeidOutput.source_id == source.id, DeidOutput.policy_version == version)).all())
    items, seen = [], set()
    for sha, documents, path in files:
        if sha in seen:
            continue
        seen.add(sha)
        step = settings.part_documents if splittable else max(documents, 1)
        suffix = PurePosixPath(path).suffix.lower()
        for part, start in enumerate(range(0, max(documents, 1), step)):
            if (sha, part) not in done:
                items.append(WorkItem(sha, part, start, min(start + step, documents), suffix))
    return items, len(done)


def batches(items: list[WorkItem], per_batch: int) -> list[list[WorkItem]]:
    """Consecutive items in groups (a file's parts stay together where they fit)."""
    return [items[i:i + per_batch] for i in range(0, len(items), per_batch)]


def commit(box: Box, source: Source, run_id: int, version: str, result: PartResult) -> None:
    """One part's output row and its findings, in one transaction (idempotent: a row already there wins)."""
    with transaction(box.sessions) as s:
        exists = s.scalar(select(DeidOutput.id).where(
            DeidOutput.source_id == source.id, DeidOutput.input_sha256 == result.sha256,
            DeidOutput.part == result.part, DeidOutput.policy_version == version))
        if exists is not None:
            return
        row = DeidOutput(source_id=source.id, run_id=run_id, input_sha256=result.sha256, part=result.part,
                         policy_version=version, curated_key=result.key, sha256=result.out_sha256,
                         documents=result.documents, findings=len(result.findings), errors=result.errors)
        s.add(row)
        s.flush()
        if result.findings:
            s.execute(insert(FindingRow), [
                {"output_id": row.id, "doc_id": d, "entity_type": t, "start_char": a, "end_char": b, "score": sc,
                 "recognizer": r} for d, t, a, b, sc, r in result.findings])


def save_progress(box: Box, run_id: int, done: int, total: int, report: DeidReport) -> None:
    with transaction(box.sessions) as s:
        run = s.get(Run, run_id)
        if run is not None:
            run.progress = {"done": done, "total": total, "documents": report.documents, "findings": report.findings}


def account(report: DeidReport, result: PartResult) -> None:
    report.documents += result.documents
    report.findings += len(result.findings)
    for _, etype, *_rest in result.findings:
        report.findings_by_type[etype] = report.findings_by_type.get(etype, 0) + 1
    report.errors += [{"input": result.sha256[:16], "part": result.part, **e} for e in result.errors][:50]
    pid = str(result.worker_pid)
    report.worker_rss_max[pid] = max(report.worker_rss_max.get(pid, 0), result.worker_rss)


def execute(box: Box, source: Source, report: DeidReport, items: list[WorkItem], spec: WorkerSpec,
            workers: int, address: str | None, per_batch: int, progress: Progress | None) -> None:
    """Run every planned part and commit results as they arrive."""
    from corpus.pipeline.executor import run_local, run_ray

    groups = batches(items, per_batch)
    stream = run_ray(spec, groups, workers, address) if report.executor == "ray" else run_local(spec, groups)
    done, last = 0, 0.0
    for batch, outcome in stream:
        if isinstance(outcome, BaseException):
            report.failed_parts += len(batch)
            report.errors.append({"input": batch[0].sha256[:16], "code": "task_failed", "error": type(outcome).__name__})
        else:
            for result in outcome:
                commit(box, source, report.run_id, report.policy_version, result)
                account(report, result)
        done += len(batch)
        if progress:
            progress(done, len(items))
        if time.monotonic() - last > 2.0 or done == len(items):
            last = time.monotonic()
            save_progress(box, report.run_id, done, len(items), report)
