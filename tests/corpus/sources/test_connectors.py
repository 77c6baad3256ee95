"""Connectors on good and malformed files: each bad file gets a named error code, no content in messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus.sample import write_sample
from corpus.services.sources import default_policy
from corpus.sources.base import SourceSettings
from corpus.sources.registry import connector, guess_kind, location
from corpus.structured.errors import InputError
from corpus.structured.policy import load_policy, parse_policy


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return write_sample(tmp_path_factory.mktemp("sample"))


def _code(kind: str, path: Path, policy=None, **settings) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError) as exc:
        connector(kind).check(path, SourceSettings(kind=kind, **settings), policy)
    assert "Eleanor" not in exc.value.message
    return exc.value.code


def test_when_sample_is_checked_then_every_kind_counts_its_documents(sample) -> None:  # type: ignore[no-untyped-def]
    notes = connector("notes")
    assert notes.check(sample.notes / "note_000.txt", SourceSettings(kind="notes"), None).documents == 1
    assert notes.check(sample.notes / "notes.jsonl", SourceSettings(kind="notes"), None).documents == 10
    table = load_policy(sample.table_policy)
    assert connector("table").check(sample.table / "visits.csv", SourceSettings(kind="table"), table).documents == 10
    fhir = parse_policy(default_policy("fhir"))
    assert connector("fhir").check(sample.fhir / "bundle.json", SourceSettings(kind="fhir"), fhir).documents == 7
    dicom = parse_policy(default_policy("dicom"))
    assert connector("dicom").check(sample.dicom / "ct_000.dcm", SourceSettings(kind="dicom"), dicom).documents == 1


def test_when_note_is_not_utf8_then_bad_encoding(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Patient Jos\xe9 seen today".encode("latin-1"))
    assert _code("notes", bad) == "bad_encoding"
    connector("notes").check(bad, SourceSettings(kind="notes", encoding="latin-1"), None)


def test_when_jsonl_has_no_usable_record_then_invalid_jsonl_and_bad_lines_are_skipped(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": 3}\nnot json\n', encoding="utf-8")
    assert _code("notes", bad) == "invalid_jsonl"
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text('{"text": "fine note"}\nnot json\n', encoding="utf-8")
    check = connector("notes").check(mixed, SourceSettings(kind="notes"), None)
    assert check.documents == 1 and check.skipped == [{"line": 2, "reason": "not JSON"}]


def test_when_csv_lacks_policy_columns_then_table_schema(sample, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "wrong.csv"
    bad.write_text("id,who,when\n1,x,y\n", encoding="utf-8")
    assert _code("table", bad, load_policy(sample.table_policy)) == "table_schema"


def test_when_fhir_is_invalid_then_invalid_fhir(sample, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    policy = parse_policy(default_policy("fhir"))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"resourceType": "Observation", "id": "o1"}), encoding="utf-8")  # lacks status, code
    assert _code("fhir", bad, policy) == "invalid_fhir"
    broken = tmp_path / "broken.json"
    broken.write_text('{"resourceType": "Bundle", "entry": [', encoding="utf-8")
    assert _code("fhir", broken, policy) == "invalid_fhir"


def test_when_dicom_is_truncated_then_dicom_corrupt(sample, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = (sample.dicom / "ct_000.dcm").read_bytes()
    bad = tmp_path / "truncated.dcm"
    bad.write_bytes(data[: len(data) // 2])
    assert _code("dicom", bad, parse_policy(default_policy("dicom"))) == "dicom_corrupt"


def test_when_folder_is_listed_then_sorted_relative_paths_and_kind_guessed(sample) -> None:  # type: ignore[no-untyped-def]
    files = [f.path for f in location(None, str(sample.notes)).list()]
    assert files == sorted(files) and "notes.jsonl" in files
    assert guess_kind(location(None, str(sample.dicom))) == "dicom"
    assert guess_kind(location(None, str(sample.table))) == "table"
