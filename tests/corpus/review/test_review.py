"""Review on a real box: queue, reveal (audited), corrections into allow/deny lists, residual risk."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from sqlalchemy import select

from appliance.box import Box
from appliance.db.models import AuditEvent
from appliance.errors import PermissionDenied
from appliance.services import tokens, users
from appliance.services.auth import Principal
from corpus.curate.build import PartRef, read_part
from corpus.models import DeidListEntry, DeidOutput
from corpus.pipeline.run import policy_version
from corpus.sample import write_notes
from corpus.services import deid, ingest, review, sources


@pytest.fixture
def officer(box: Box, admin: Principal) -> Principal:
    users.create_user(box, admin, "olivia", "data_officer", "officer-password-1")
    return tokens.resolve(box, tokens.create_session(box, users.verify_password(box, "olivia", "officer-password-1")))


def _texts(box: Box, source: str) -> str:
    src = sources.get_source(box, source)
    version = policy_version(box, src)
    with box.sessions() as s:
        rows = s.scalars(select(DeidOutput).where(DeidOutput.source_id == src.id,
                                                  DeidOutput.policy_version == version)).all()
    return "\n".join(d["text"] for r in rows for d in read_part(box, PartRef(source, r.curated_key, r.sha256, r.documents)))


def test_when_officer_corrects_items_then_lists_change_the_next_run_and_risk_is_recorded(
    box: Box, admin: Principal, officer: Principal, tmp_path: Path
) -> None:
    write_notes(tmp_path / "notes", random.Random(4), count=6)
    sources.add_source(box, officer, "notes", str(tmp_path / "notes"))
    ingest.ingest(box, officer, "notes")
    deid.run_deid(box, officer, "notes", executor="local")
    assert "Holter" in _texts(box, "notes") or "echocardiogram" in _texts(box, "notes")
    added = review.build_queue(box, officer, "notes", sample_rate=1.0, low_confidence=1.01, max_items=50)
    assert added["sample"] == 10 and added["low_confidence"] > 0
    items = review.list_items(box, officer, "notes", reveal=True, limit=200)
    finding = next(i for i in items if i["reason"] == "low_confidence" and i["finding"]["entity_type"] == "DATE")
    assert finding["original_span"] and finding["original_span"] not in finding["text"]
    review.decide(box, officer, finding["id"], "false_positive")
    sample = next(i for i in items if i["reason"] == "sample")
    term = "Holter" if "Holter" in _texts(box, "notes") else "echocardiogram"
    review.decide(box, officer, sample["id"], "missed", [("PERSON", term)])
    with box.sessions() as s:
        lists = {(e.list, e.entity_type) for e in s.scalars(select(DeidListEntry)).all()}
        actions = set(s.scalars(select(AuditEvent.action)).all())
    assert lists == {("allow", "DATE"), ("deny", "PERSON")}
    assert {"deid.review.view", "deid.review.decide", "deid.review.queue"} <= actions
    rerun = deid.run_deid(box, officer, "notes", executor="local")
    assert rerun.parts > 0  # a new policy version: every part again
    texts = _texts(box, "notes")
    assert term not in texts and finding["original_span"] in texts
    risk = review.estimate(box, officer, "notes")
    assert risk["documents_reviewed"] == 1 and risk["misses"] == 1 and risk["misses_per_1000"] == 1000.0


def test_when_admin_asks_to_see_phi_then_refused(box: Box, admin: Principal, tmp_path: Path) -> None:
    write_notes(tmp_path / "notes", random.Random(4), count=2)
    sources.add_source(box, admin, "notes", str(tmp_path / "notes"))
    with pytest.raises(PermissionDenied):
        review.list_items(box, admin, "notes", reveal=True)
