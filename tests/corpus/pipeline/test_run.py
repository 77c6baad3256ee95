"""De-identification runs in-process on a real box: resume, idempotent commits, policy versions."""

from __future__ import annotations

import random
from pathlib import Path

from sqlalchemy import func, select

from appliance.box import Box
from appliance.services.auth import Principal
from corpus.models import DeidListEntry, DeidOutput, FindingRow
from corpus.pipeline.run import commit, plan, policy_version
from corpus.pipeline.work import PartResult
from corpus.sample import write_notes
from corpus.services import deid, ingest, sources


def _source(box: Box, admin: Principal, tmp_path: Path) -> None:
    write_notes(tmp_path / "notes", random.Random(9), count=4)
    sources.add_source(box, admin, "notes", str(tmp_path / "notes"), part_documents=2)
    ingest.ingest(box, admin, "notes")


def test_when_run_twice_then_the_second_does_nothing_and_findings_are_not_doubled(
    box: Box, admin: Principal, tmp_path: Path
) -> None:
    _source(box, admin, tmp_path)
    first = deid.run_deid(box, admin, "notes", executor="local")
    assert first.parts == 2 + 3 and first.documents == 2 + 6  # 2 .txt notes; 6 JSONL records in parts of 2
    with box.sessions() as s:
        findings = s.scalar(select(func.count()).select_from(FindingRow))
    again = deid.run_deid(box, admin, "notes", executor="local")
    assert (again.parts, again.parts_done_before) == (0, 5)
    with box.sessions() as s:
        assert s.scalar(select(func.count()).select_from(FindingRow)) == findings == first.findings


def test_when_a_result_is_committed_twice_then_one_row_remains(box: Box, admin: Principal, tmp_path: Path) -> None:
    _source(box, admin, tmp_path)
    src = sources.get_source(box, "notes")
    version = policy_version(box, src)
    item = plan(box, src, version)[0][0]
    result = PartResult(item.sha256, item.part, "k", "0" * 64, 1, [("d", "PERSON", 0, 4, 0.9, "R")])
    commit(box, src, None, version, result)  # type: ignore[arg-type]
    commit(box, src, None, version, result)  # type: ignore[arg-type]
    with box.sessions() as s:
        assert s.scalar(select(func.count()).select_from(DeidOutput)) == 1
        assert s.scalar(select(func.count()).select_from(FindingRow)) == 1


def test_when_lists_change_then_the_policy_version_changes_and_every_part_is_planned(
    box: Box, admin: Principal, tmp_path: Path
) -> None:
    _source(box, admin, tmp_path)
    deid.run_deid(box, admin, "notes", executor="local")
    src = sources.get_source(box, "notes")
    before = policy_version(box, src)
    with box.sessions() as s, s.begin():
        s.add(DeidListEntry(source_id=src.id, list="deny", entity_type="PERSON", term="Holter", term_sha256="x"))
    after = policy_version(box, src)
    assert after != before and len(plan(box, src, after)[0]) == 5
