"""`corpusbox deid review`: build the queue, show items, record decisions, estimate residual risk. Audited."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from appliance.db.engine import transaction
from appliance.db.models import utcnow
from appliance.errors import CorpusBoxError, NotFound
from appliance.services.auth import Principal, authorize
from corpus.models import DeidListEntry, DeidOutput, FindingRow, ReviewItem
from corpus.pipeline.run import policy_version
from corpus.review.queue import candidates, curated_text, original_text
from corpus.services.runs import finish_run, start_run
from corpus.services.sources import get_source

if TYPE_CHECKING:
    from appliance.box import Box

VERDICTS = ("ok", "false_positive", "missed")


def build_queue(box: Box, principal: Principal, source_name: str, sample_rate: float = 0.05,
                low_confidence: float = 0.6, max_items: int = 200) -> dict[str, int]:
    """Add sampled documents and low-confidence findings of a source to the queue (idempotent)."""
    authorize(box, principal, "deid.review", f"source:{source_name}")
    source = get_source(box, source_name)
    version = policy_version(box, source)
    added = {"sample": 0, "low_confidence": 0}
    found = candidates(box, source, version, sample_rate, low_confidence, max_items)
    with transaction(box.sessions) as s:
        existing = set(s.scalars(select(ReviewItem.item_key).where(ReviewItem.source_id == source.id)).all())
        for c in found:
            if c["item_key"] not in existing:
                s.add(ReviewItem(source_id=source.id, status="open", decision={}, **c))
                existing.add(c["item_key"])
                added[c["reason"]] += 1
        box.audit.record(principal.as_actor(), "deid.review.queue", f"source:{source_name}", "ok",
                         {"policy_version": version, "sample_rate": sample_rate, "threshold": low_confidence,
                          **added}, session=s)
    return added


def list_items(box: Box, principal: Principal, source_name: str, status: str = "open", limit: int = 20,
               reveal: bool = False) -> list[dict[str, Any]]:
    """Queue items with the de-identified text; `reveal` adds the original span or note (audited)."""
    authorize(box, principal, "deid.review" if reveal else "deid.read", f"source:{source_name}")
    source = get_source(box, source_name)
    with box.sessions() as s:
        rows = s.execute(select(ReviewItem, DeidOutput, FindingRow).join(DeidOutput, DeidOutput.id == ReviewItem.output_id)
                         .outerjoin(FindingRow, FindingRow.id == ReviewItem.finding_id)
                         .where(ReviewItem.source_id == source.id, ReviewItem.status == status)
                         .order_by(ReviewItem.id).limit(limit)).all()
    items = [_item_view(box, source, item, output, finding, reveal) for item, output, finding in rows]
    if reveal and items:
        box.audit.record(principal.as_actor(), "deid.review.view", f"source:{source_name}", "ok",
                         {"items": [i["id"] for i in items]})
    return items


def show_item(box: Box, principal: Principal, item_id: int, reveal: bool = False) -> dict[str, Any]:
    """One queue item with its de-identified text; `reveal` adds the original span or note (audited)."""
    authorize(box, principal, "deid.review" if reveal else "deid.read", f"review:{item_id}")
    with box.sessions() as s:
        row = s.execute(select(ReviewItem, DeidOutput, FindingRow).join(DeidOutput, DeidOutput.id == ReviewItem.output_id)
                        .outerjoin(FindingRow, FindingRow.id == ReviewItem.finding_id)
                        .where(ReviewItem.id == item_id)).first()
        if row is None:
            raise NotFound(f"no review item {item_id}")
        source_name = _source_name(s, row[0].source_id)
    view = _item_view(box, get_source(box, source_name), *row, reveal)
    if reveal:
        box.audit.record(principal.as_actor(), "deid.review.view", f"source:{source_name}", "ok",
                         {"items": [item_id]})
    return view


def _item_view(box: Box, source: Any, item: ReviewItem, output: DeidOutput, finding: FindingRow | None,
               reveal: bool) -> dict[str, Any]:
    view: dict[str, Any] = {"id": item.id, "reason": item.reason, "doc_id": item.doc_id, "status": item.status,
                            "text": curated_text(box, source, output, item.doc_id)}
    if finding is not None:
        view["finding"] = {"entity_type": finding.entity_type, "start": finding.start_char,
                           "end": finding.end_char, "score": finding.score, "recognizer": finding.recognizer}
    if reveal:
        original = original_text(box, source, output, item.doc_id)
        if finding is not None and original is not None:
            view["original_span"] = original[finding.start_char:finding.end_char]
        elif original is not None:
            view["original_text"] = original
    return view


def decide(box: Box, principal: Principal, item_id: int, verdict: str,
           terms: list[tuple[str, str]] | None = None, scope_source: bool = True) -> dict[str, Any]:
    """Record a decision. ok: nothing to change. false_positive: the span joins the allow list.
    missed: each (entity type, term) joins the deny list and counts as a miss."""
    authorize(box, principal, "deid.review", f"review:{item_id}")
    if verdict not in VERDICTS:
        raise CorpusBoxError(f"unknown verdict {verdict!r}", hint=f"use one of: {', '.join(VERDICTS)}")
    terms = list(terms or [])
    with box.sessions() as s:
        item = s.get(ReviewItem, item_id)
        if item is None:
            raise NotFound(f"no review item {item_id}")
        source_name = _source_name(s, item.source_id)
        output = s.get(DeidOutput, item.output_id)
        finding = s.get(FindingRow, item.finding_id) if item.finding_id else None
    source = get_source(box, source_name)
    if verdict == "false_positive":
        if finding is None:
            raise CorpusBoxError("false_positive applies to a finding item", hint="use `missed` or `ok` for a sample")
        if not terms:
            original = original_text(box, source, output, item.doc_id)  # type: ignore[arg-type]
            if original is None:
                raise CorpusBoxError("the original span cannot be shown for this kind", hint="give it with --term TYPE=TEXT")
            terms = [(finding.entity_type, original[finding.start_char:finding.end_char])]
    if verdict == "missed" and not terms:
        raise CorpusBoxError("say what was missed", hint="--term TYPE=TEXT (repeatable), e.g. --term PERSON='J. Doe'")
    kind = "allow" if verdict == "false_positive" else "deny"
    with transaction(box.sessions) as s:
        item = s.get(ReviewItem, item_id)
        item.status = "confirmed" if verdict == "ok" else "corrected"
        item.reviewer, item.decided_at = principal.user, utcnow()
        item.decision = {"verdict": verdict, "misses": len(terms) if verdict == "missed" else 0,
                         "terms": [hashlib.sha256(t.encode()).hexdigest()[:16] for _, t in terms]}
        for etype, term in terms if verdict != "ok" else []:
            _add_term(s, source.id if scope_source else None, kind, etype, term, principal.user, item_id)
        box.audit.record(principal.as_actor(), "deid.review.decide", f"review:{item_id}", "ok",
                         {"verdict": verdict, "list": kind if verdict != "ok" else None, "terms": len(terms),
                          "source": source.name}, session=s)
    return {"id": item_id, "status": "confirmed" if verdict == "ok" else "corrected", "verdict": verdict,
            "list_entries": 0 if verdict == "ok" else len(terms)}


def _add_term(s: Any, source_id: int | None, kind: str, etype: str, term: str, user: str, item_id: int) -> None:
    sha = hashlib.sha256(term.strip().lower().encode()).hexdigest()
    exists = s.scalar(select(DeidListEntry.id).where(DeidListEntry.source_id == source_id, DeidListEntry.list == kind,
                                                     DeidListEntry.entity_type == etype,
                                                     DeidListEntry.term_sha256 == sha))
    if exists is None:
        s.add(DeidListEntry(source_id=source_id, list=kind, entity_type=etype, term=term.strip(), term_sha256=sha,
                            created_by=user, review_item_id=item_id))


def _source_name(s: Any, source_id: int) -> str:
    from appliance.db.models import Source

    return s.get(Source, source_id).name


def estimate(box: Box, principal: Principal, source_name: str) -> dict[str, Any]:
    """Residual risk: misses found in decided sample documents, per 1,000 documents; recorded as a run."""
    authorize(box, principal, "deid.review", f"source:{source_name}")
    source = get_source(box, source_name)
    with box.sessions() as s:
        rows = s.scalars(select(ReviewItem.decision).where(ReviewItem.source_id == source.id,
                                                           ReviewItem.reason == "sample",
                                                           ReviewItem.status != "open")).all()
        open_items = s.scalar(select(func.count()).select_from(ReviewItem).where(
            ReviewItem.source_id == source.id, ReviewItem.status == "open")) or 0
    reviewed = len(rows)
    misses = sum(int((d or {}).get("misses", 0)) for d in rows)
    stats = {"documents_reviewed": reviewed, "misses": misses, "open_items": int(open_items),
             "misses_per_1000": round(1000 * misses / reviewed, 2) if reviewed else None}
    run_id = start_run(box, principal, "review", source, {})
    finish_run(box, principal, run_id, "completed", stats, stats)
    return stats
