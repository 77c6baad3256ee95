"""Fixtures for structured de-identification tests: a key, a real text engine, a policy."""

from __future__ import annotations

import pytest

from corpus.structured.policy import TablePolicy, parse_policy
from corpus.structured.text import EngineTextDeidentifier

KEY = b"structured-test-key-0123456789ab"


@pytest.fixture(scope="session")
def text_engine() -> EngineTextDeidentifier:
    """The colleague's real free-text engine (built once per session)."""
    pytest.importorskip("corpus.deid.engine")
    return EngineTextDeidentifier.default(KEY)


@pytest.fixture
def emr_policy() -> TablePolicy:
    return parse_policy({
        "kind": "table", "name": "emr-test", "dataset": "emr-test", "patient_key": "patient_id",
        "record_key": ["patient_id", "visit_date"],
        "columns": {
            "patient_id": {"action": "pseudonymise", "namespace": "PATIENT"},
            "mrn": {"action": "pseudonymise", "namespace": "MEDICAL_RECORD_NUMBER"},
            "name": "drop",
            "ssn": "drop",
            "age": {"action": "generalise", "method": "age_band"},
            "zip": {"action": "generalise", "method": "zip3"},
            "visit_date": {"action": "generalise", "method": "date_shift"},
            "birth_date": {"action": "generalise", "method": "year"},
            "icd10": "keep",
            "glucose": "keep",
            "note": {"action": "free_text", "language": "en"},
        },
    })
