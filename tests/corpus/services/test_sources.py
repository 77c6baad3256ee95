"""Registering sources: kinds, policies, names; audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from appliance.box import Box
from appliance.db.models import AuditEvent
from appliance.errors import Conflict, CorpusBoxError
from appliance.services.auth import Principal
from corpus.sample import write_sample
from corpus.services import sources


def test_when_sources_are_added_then_kinds_and_default_policies_apply(box: Box, admin: Principal, tmp_path: Path) -> None:
    sample = write_sample(tmp_path / "s")
    assert sources.add_source(box, admin, "fhir", str(sample.fhir)).policy == "fhir-default"
    assert sources.add_source(box, admin, "ct", str(sample.dicom)).kind == "dicom"
    assert sources.add_source(box, admin, "notes", str(sample.notes)).policy is None
    assert sources.add_source(box, admin, "visits", str(sample.table), policy_file=sample.table_policy).kind == "table"
    assert [v.name for v in sources.list_sources(box, admin)] == ["ct", "fhir", "notes", "visits"]
    with box.sessions() as s:
        assert len(s.scalars(select(AuditEvent).where(AuditEvent.action == "source.add")).all()) == 4


def test_when_input_is_wrong_then_errors_say_what_to_do(box: Box, admin: Principal, tmp_path: Path) -> None:
    sample = write_sample(tmp_path / "s")
    with pytest.raises(CorpusBoxError, match="needs a policy"):
        sources.add_source(box, admin, "visits", str(sample.table), "table")
    with pytest.raises(CorpusBoxError, match="is a table policy"):
        sources.add_source(box, admin, "notes", str(sample.notes), "notes", sample.table_policy)
    with pytest.raises(CorpusBoxError, match="invalid source name"):
        sources.add_source(box, admin, "Bad Name", str(sample.notes))
    sources.add_source(box, admin, "notes", str(sample.notes))
    with pytest.raises(Conflict):
        sources.add_source(box, admin, "notes", str(sample.notes))
