"""`corpusbox ingest SOURCE`: files of a source into quarantine, with a per-run report; audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from appliance.services.auth import Principal, authorize
from corpus.ingest.runner import Ingestor, IngestReport, Progress
from corpus.services.runs import finish_run, start_run
from corpus.services.sources import get_source
from corpus.sources.registry import connector, location

if TYPE_CHECKING:
    from appliance.box import Box


def ingest(box: Box, principal: Principal, source_name: str, progress: Progress | None = None) -> IngestReport:
    """Ingest every new or changed file of a source; files already ingested are skipped (resumable)."""
    authorize(box, principal, "ingest.run", f"source:{source_name}")
    source = get_source(box, source_name)
    loc = location(box, source.uri)
    files = list(loc.list())
    run_id = start_run(box, principal, "ingest", source, {"files": len(files)})
    ingestor = Ingestor(box, source, run_id, connector(source.kind), progress)
    try:
        report = ingestor.run(files, loc.fetch)
    except BaseException as exc:
        finish_run(box, principal, run_id, "failed", ingestor.report.stats(),
                   {"error": type(exc).__name__, "new": ingestor.report.new}, error=type(exc).__name__)
        raise
    finish_run(box, principal, run_id, "completed", report.stats(), {
        "files": report.files, "new": report.new, "duplicate": report.duplicate, "failed": report.failed,
        "skipped": report.skipped, "documents": report.documents, "failure_codes": report.failure_codes()})
    return report
