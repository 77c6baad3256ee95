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
from tests.corpus.deid.site_notes import handoff_notes, write_presidio

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


def _gold_file(tmp_path: Path) -> Path:
    """Invented labelled notes in presidio-research JSON: a name after a hand-off cue no rule knows."""
    return write_presidio(handoff_notes(), tmp_path / "site-gold.json")


def test_when_site_model_trained_then_installed_audited_by_hash_and_used_by_eval(box: Box, admin: Principal,
                                                                                  tmp_path: Path) -> None:
    from corpus.services.quickcheck import evaluate_gold, remove_site_model, site_model_file, train_site_model

    gold = _gold_file(tmp_path)
    before = evaluate_gold(box, admin, gold, "presidio", None)
    report = train_site_model(box, admin, gold, "presidio")
    assert site_model_file(box) == report.path and report.documents == 30
    event = box.audit.events(action="deid.train")[-1]
    assert event.outcome == "ok" and event.details["sha256"] == report.sha256 and event.details["previous_sha256"] is None
    assert "quorvath" not in json.dumps(event.details)
    after = evaluate_gold(box, admin, gold, "presidio", None)
    rules_only = evaluate_gold(box, admin, gold, "presidio", None, site=False)
    assert after.overall.recall > before.overall.recall == rules_only.overall.recall
    assert box.audit.events(action="deid.eval")[-2].details["site_model"] == report.sha256
    assert remove_site_model(box, admin) == report.sha256 and site_model_file(box) is None
    assert box.audit.events(action="deid.untrain")[-1].details["sha256"] == report.sha256


def test_when_site_model_trained_then_pipeline_policy_version_changes(box: Box, admin: Principal,
                                                                      tmp_path: Path) -> None:
    from corpus.pipeline.run import policy_version, worker_spec
    from corpus.services.quickcheck import remove_site_model, train_site_model

    source = _any_source(box, admin, tmp_path)
    plain = policy_version(box, source)
    report = train_site_model(box, admin, _gold_file(tmp_path), "presidio")
    assert policy_version(box, source) != plain
    spec = worker_spec(box, source, plain)
    assert spec.site_model == str(report.path) and spec.site_model_sha256 == report.sha256
    remove_site_model(box, admin)
    assert policy_version(box, source) == plain and worker_spec(box, source, plain).site_model is None


def test_when_site_model_retrained_at_same_path_then_workers_get_the_new_digest(box: Box, admin: Principal,
                                                                                tmp_path: Path) -> None:
    from corpus.pipeline.run import policy_version, worker_spec
    from corpus.services.quickcheck import train_site_model

    source = _any_source(box, admin, tmp_path)
    first = train_site_model(box, admin, _gold_file(tmp_path), "presidio")
    v1 = policy_version(box, source)
    assert worker_spec(box, source, v1).site_model_sha256 == first.sha256
    fewer = write_presidio(handoff_notes(count=12), tmp_path / "fewer.json")
    second = train_site_model(box, admin, fewer, "presidio")
    assert second.path == first.path and second.sha256 != first.sha256
    v2 = policy_version(box, source)
    assert v2 != v1 and worker_spec(box, source, v2).site_model_sha256 == second.sha256


def test_when_auditor_trains_then_refused(box: Box, admin: Principal, tmp_path: Path) -> None:
    from corpus.services.quickcheck import site_model_file, train_site_model

    users.create_user(box, admin, "aud2", "auditor", "passphrase-123456")
    auditor = Principal(user="aud2", role="auditor", token_id=None, scopes=("cli",))
    with pytest.raises(PermissionDenied):
        train_site_model(box, auditor, _gold_file(tmp_path), "presidio")
    assert site_model_file(box) is None


def _any_source(box: Box, admin: Principal, tmp_path: Path):
    from corpus.services import sources

    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "n1.txt").write_text("handoff to Quorvath at 0700.\n")
    sources.add_source(box, admin, "notes", str(folder), kind="notes")
    return sources.get_source(box, "notes")


def test_when_every_age_is_asked_then_detect_finds_young_ages_and_the_audit_records_the_scope(
        box: Box, admin: Principal, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "1", "text": "A 67 yo man seen in clinic.", "language": "en"}) + "\n")
    found = {}
    for scope in ("over_89", "all"):
        sink = io.StringIO()
        detect_file(box, admin, src, sink, "auto", ages=scope)
        found[scope] = [(s["start"], s["entity_type"]) for s in json.loads(sink.getvalue())["spans"]]
    assert found == {"over_89": [], "all": [(2, "AGE")]}
    assert [e.details["ages"] for e in box.audit.events(action="deid.detect")] == ["over_89", "all"]
