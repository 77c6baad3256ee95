"""Pipeline runs (ingest, deid, review, snapshot): start and finish them audited; list and show them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from appliance.db.engine import transaction
from appliance.db.models import Run, Source, utcnow
from appliance.errors import NotFound
from appliance.services.auth import Principal, authorize

if TYPE_CHECKING:
    from appliance.box import Box


def start_run(box: Box, principal: Principal, kind: str, source: Source | None,
              details: dict[str, Any] | None = None) -> int:
    """A Run row in state `running`; its start is audited in the same transaction."""
    target = f"source:{source.name}" if source is not None else kind
    with transaction(box.sessions) as s:
        run = Run(kind=kind, source_id=source.id if source else None, status="running", actor=principal.user,
                  started_at=utcnow(), progress={})
        s.add(run)
        s.flush()
        box.audit.record(principal.as_actor(), f"{kind}.start", target, "ok", {"run": run.id, **(details or {})},
                         session=s)
        return run.id


def finish_run(box: Box, principal: Principal, run_id: int, status: str, stats: dict[str, Any],
               audit: dict[str, Any], error: str | None = None) -> None:
    """Close a Run with its report; the audit event (counts only, no PHI) commits with it."""
    with transaction(box.sessions) as s:
        run = s.get(Run, run_id)
        if run is None:
            raise NotFound(f"run {run_id} not found")
        run.status, run.stats, run.error, run.finished_at = status, stats, error, utcnow()
        source = s.get(Source, run.source_id) if run.source_id else None
        target = f"source:{source.name}" if source is not None else run.kind
        outcome = "ok" if status == "completed" else "failed"
        box.audit.record(principal.as_actor(), f"{run.kind}.run", target, outcome, {"run": run_id, **audit}, session=s)


def list_runs(box: Box, principal: Principal, source: str | None = None, kind: str | None = None,
              limit: int = 50) -> list[dict[str, Any]]:
    """Recent runs, newest first, with live progress for running ones."""
    authorize(box, principal, "source.read")
    with box.sessions() as s:
        q = select(Run, Source.name).outerjoin(Source, Source.id == Run.source_id).order_by(Run.id.desc()).limit(limit)
        if source:
            q = q.where(Source.name == source)
        if kind:
            q = q.where(Run.kind == kind)
        return [_view(run, name) for run, name in s.execute(q).all()]


def show_run(box: Box, principal: Principal, run_id: int) -> dict[str, Any]:
    """One run with its full report."""
    authorize(box, principal, "source.read")
    with box.sessions() as s:
        row = s.execute(select(Run, Source.name).outerjoin(Source, Source.id == Run.source_id)
                        .where(Run.id == run_id)).first()
    if row is None:
        raise NotFound(f"no run {run_id}", hint="list runs with `corpusbox source show NAME`")
    return {**_view(row[0], row[1]), "stats": row[0].stats, "error": row[0].error}


def _view(run: Run, source: str | None) -> dict[str, Any]:
    return {"id": run.id, "kind": run.kind, "source": source, "status": run.status, "actor": run.actor,
            "started_at": run.started_at, "finished_at": run.finished_at, "progress": run.progress or {},
            "summary": {k: v for k, v in (run.stats or {}).items() if isinstance(v, (int, float, str))}}
