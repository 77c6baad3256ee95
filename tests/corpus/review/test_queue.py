"""The review queue's choice of low-confidence findings depends on content, not on commit order (real box)."""

from __future__ import annotations

import random
from pathlib import Path

from sqlalchemy import delete, insert, select, update

from appliance.box import Box
from appliance.services.auth import Principal
from corpus.models import DeidOutput, FindingRow
from corpus.pipeline.run import policy_version
from corpus.review.queue import candidates
from corpus.sample import write_notes
from corpus.services import deid, ingest, sources

COLUMNS = ("output_id", "doc_id", "entity_type", "start_char", "end_char", "score", "recognizer")


def _queued(box: Box, max_items: int) -> list[tuple]:
    src = sources.get_source(box, "notes")
    found = candidates(box, src, policy_version(box, src), 0.0, 0.6, max_items)
    ids = [c["finding_id"] for c in found if c["reason"] == "low_confidence"]
    with box.sessions() as s:
        rows = {r.id: r for r in s.scalars(select(FindingRow).where(FindingRow.id.in_(ids))).all()}
        return [(rows[i].doc_id, rows[i].start_char, rows[i].end_char, rows[i].entity_type) for i in ids]


def test_when_scores_tie_and_findings_were_committed_in_another_order_then_the_same_findings_are_queued(
    box: Box, admin: Principal, tmp_path: Path
) -> None:
    write_notes(tmp_path / "notes", random.Random(11), count=4)
    sources.add_source(box, admin, "notes", str(tmp_path / "notes"), part_documents=2)
    ingest.ingest(box, admin, "notes")
    deid.run_deid(box, admin, "notes", executor="local")
    with box.sessions() as s, s.begin():
        s.execute(update(FindingRow).values(score=0.5))  # every score tied
        total = len(s.scalars(select(FindingRow.id)).all())
    assert total > 6
    uninterrupted = _queued(box, 3)
    with box.sessions() as s, s.begin():  # as if a resumed run had committed the last parts first
        rows = s.execute(select(*(getattr(FindingRow, c) for c in COLUMNS)).join(
            DeidOutput, DeidOutput.id == FindingRow.output_id).order_by(
            DeidOutput.input_sha256.desc(), DeidOutput.part.desc(), FindingRow.id.desc())).all()
        s.execute(delete(FindingRow))
        s.execute(insert(FindingRow), [dict(zip(COLUMNS, r)) for r in rows])
    resumed = _queued(box, 3)
    assert len(uninterrupted) == 3 and resumed == uninterrupted
