"""Every shipped example policy loads and validates, and there is one per source kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.structured.policy import DicomPolicy, FhirPolicy, NotesPolicy, TablePolicy, load_policy

EXAMPLES = Path(__file__).parents[3] / "corpus" / "policies" / "examples"


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_when_example_is_loaded_then_it_validates(path):
    policy = load_policy(path)
    assert policy.name and policy.description


def test_when_examples_are_listed_then_every_source_kind_has_one():
    kinds = {}
    for path in EXAMPLES.glob("*.yaml"):
        policy = load_policy(path)
        fmt = getattr(policy, "format", None)
        kinds[(type(policy), fmt)] = path.name
    assert (TablePolicy, "csv") in kinds and (TablePolicy, "parquet") in kinds
    assert any(k[0] is FhirPolicy for k in kinds) and any(k[0] is NotesPolicy for k in kinds)
    assert any(k[0] is DicomPolicy for k in kinds)


def test_when_notes_example_runs_then_text_is_deidentified_and_unknown_fields_reported(tmp_path):
    import json

    from corpus.structured.rules import RuleContext
    from corpus.structured.tables import transform_table
    from corpus.structured.text import EngineTextDeidentifier

    pytest.importorskip("corpus.deid.engine")
    policy = load_policy(EXAMPLES / "notes.yaml").as_table()
    src = tmp_path / "notes.jsonl"
    src.write_text(json.dumps({"patient_id": "P1", "note_id": "N1", "note_type": "progress", "author": "Dr X",
                               "written_at": "2024-03-05", "ward": "4B", "text": "Call 617-555-0100 tomorrow."}) + "\n")
    key = b"n" * 32
    result = transform_table(src, tmp_path / "out.jsonl", policy, RuleContext(key=key, text=EngineTextDeidentifier.default(key)))
    row = json.loads((tmp_path / "out.jsonl").read_text())
    assert result.unknown_dropped == ["ward"] and "author" not in row and "ward" not in row
    assert "617-555-0100" not in row["text"] and row["patient_id"].startswith("PATIENT_")
