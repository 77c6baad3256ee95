"""`deid text|detect`: authorised, audited by input hash and counts, never the text itself."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest

from appliance.box import Box
from appliance.errors import PermissionDenied
from appliance.services import users
from appliance.services.auth import Principal
from corpus.services.quickcheck import deidentify_text, detect_file

NOTE = "Seen by Dr. Alice Jennings on 3/4/2019, MRN 4471239.\n"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'meta.sqlite3'}"


def test_when_text_deidentified_then_audit_names_hash_and_count_not_text(box: Box, admin: Principal) -> None:
    result = deidentify_text(box, admin, NOTE.encode(), "en", "tags")
    assert "Jennings" not in result.text and result.findings
    event = box.audit.events(action="deid.text")[-1]
    assert event.target == f"sha256:{hashlib.sha256(NOTE.encode()).hexdigest()}"
    assert event.details["findings"] == len(result.findings)
    assert "Jennings" not in json.dumps(event.details) and "4471239" not in json.dumps(event.details)


def test_when_input_is_not_utf8_then_failure_is_audited(box: Box, admin: Principal) -> None:
    with pytest.raises(UnicodeDecodeError):
        deidentify_text(box, admin, b"\xff\xfe\x00binary", "en", "tags")
    assert box.audit.events(action="deid.text")[-1].outcome == "failed"


def test_when_auditor_detects_then_refused_and_audited(box: Box, admin: Principal, tmp_path: Path) -> None:
    users.create_user(box, admin, "aud", "auditor", "passphrase-123456")
    auditor = Principal(user="aud", role="auditor", token_id=None, scopes=("cli",))
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "1", "text": NOTE, "language": "en"}) + "\n")
    with pytest.raises(PermissionDenied):
        detect_file(box, auditor, src, io.StringIO(), "auto")
    refused = box.audit.events(outcome="refused", actor="aud")
    assert refused and refused[-1].target == "file:in.jsonl"
    assert not box.audit.events(action="deid.detect")


def test_when_file_detected_then_one_line_per_input_and_counts_audited(box: Box, admin: Principal,
                                                                         tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "1", "text": NOTE, "language": "en"}) + "\nnot json\n")
    sink = io.StringIO()
    stats = detect_file(box, admin, src, sink, "auto")
    lines = sink.getvalue().splitlines()
    assert len(lines) == 2 and stats.errors == 1
    assert box.audit.events(action="deid.detect")[-1].details["spans"] == stats.spans > 0
