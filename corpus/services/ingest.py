"""`corpusbox ingest SOURCE`: files of a source into quarantine, with a per-run report; audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select

from appliance.errors import CorpusBoxError
from appliance.services.auth import Principal, authorize
from corpus.ingest.runner import Ingestor, IngestReport, Progress
from corpus.models import CURRENT, IngestFile
from corpus.services.runs import finish_run, start_run
from corpus.services.sources import get_source
from corpus.sources.registry import connector, location

if TYPE_CHECKING:
    from appliance.box import Box
    from appliance.db.models import Source


def ingest(box: Box, principal: Principal, source_name: str, progress: Progress | None = None) -> IngestReport:
    """Ingest every new or changed file of a source; files already ingested are skipped (resumable)."""
    authorize(box, principal, "ingest.run", f"source:{source_name}")
    source = get_source(box, source_name)
    loc = location(box, source.uri)
    files = list(loc.list())
    if not files:
        _refuse_empty_listing(box, source)
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
        "skipped": report.skipped, "removed": report.removed, "documents": report.documents,
        "failure_codes": report.failure_codes()})
    return report


def _refuse_empty_listing(box: Box, source: Source) -> None:
    """An empty listing of a source with files is far likelier an unmounted share than a deleted export."""
    with box.sessions() as s:
        current = s.scalar(select(func.count()).select_from(IngestFile).where(
            IngestFile.source_id == source.id, IngestFile.status.in_(CURRENT)))
    if current:
        raise CorpusBoxError(f"source {source.name!r} lists no files, but {current} were ingested before; "
                             "ingesting would mark them all removed",
                             hint="check that the folder or prefix is mounted and readable; to retire the "
                                  "source's documents, leave it out of new snapshots")
