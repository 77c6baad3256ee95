"""`corpusbox demo` stage: a synthetic sample of every source kind ingested, de-identified and snapshotted."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from appliance.db.models import Snapshot, Source

if TYPE_CHECKING:
    from appliance.box import Box
    from appliance.services.auth import Principal

SNAPSHOT = "demo-sample"


def stage(box: Box, principal: Principal, say: Callable[[str], None]) -> dict[str, Any]:
    """Write the sample, register four sources, ingest, de-identify (in-process), cut a snapshot."""
    from corpus.sample import write_sample
    from corpus.services import deid, ingest, snapshots, sources

    sample = write_sample(box.home / "demo-sample")
    plan = [("demo-notes", sample.notes, "notes", None), ("demo-visits", sample.table, "table", sample.table_policy),
            ("demo-fhir", sample.fhir, "fhir", None), ("demo-ct", sample.dicom, "dicom", None)]
    summary: dict[str, Any] = {"sources": {}}
    for name, path, kind, policy in plan:
        with box.sessions() as s:
            exists = s.scalar(select(Source.id).where(Source.name == name)) is not None
        if not exists:
            sources.add_source(box, principal, name, str(path), kind, policy)
        report = ingest.ingest(box, principal, name)
        run = deid.run_deid(box, principal, name, executor="local")
        say(f"  {name}: {report.new} new / {report.duplicate} duplicate / {report.failed} failed files, "
            f"{run.documents} documents de-identified, {run.findings} findings replaced")
        summary["sources"][name] = {"files": report.files, "new": report.new, "documents": report.documents,
                                    "findings": run.findings}
    with box.sessions() as s:
        have = s.scalar(select(Snapshot.id).where(Snapshot.name == SNAPSHOT)) is not None
    manifest = (snapshots.show_snapshot(box, principal, SNAPSHOT) if have else
                snapshots.create_snapshot(box, principal, SNAPSHOT, [p[0] for p in plan]))
    say(f"  snapshot {manifest.name}: " + ", ".join(f"{k} {v}" for k, v in manifest.counts.items())
        + f" (content {manifest.content_sha256[:12]}); export with "
        f"`corpusbox snapshot export {manifest.name} --output DIR`")
    summary.update({"snapshot": manifest.name, "counts": manifest.counts, "content_sha256": manifest.content_sha256})
    return summary
