"""The synthetic Chinese generator: exact offsets, both scripts, disjoint tune/holdout material."""

import json

import pytest

from corpus.deid.entities import is_known
from corpus.deid.synth.zh import generate, templates_holdout, templates_tune
from corpus.deid.synth.zh.__main__ import main
from corpus.deid.synth.zh.vocab import vocab


@pytest.fixture(scope="module")
def holdout():
    return generate("holdout", 120, seed=3)


@pytest.mark.parametrize("split", ["tune", "holdout", "hand"])
def test_when_generated_then_every_span_matches_its_offsets(split):
    for record in generate(split, 80, seed=11):
        text = record["full_text"]
        for span in record["spans"]:
            assert text[span["start_position"] : span["end_position"]] == span["entity_value"]
            assert is_known(span["entity_type"])


def test_when_generated_then_both_scripts_and_all_doc_types_present(holdout):
    scripts = {r["metadata"]["script"] for r in holdout}
    assert scripts == {"Hans", "Hant"}
    assert {r["template_id"] for r in holdout} == {t[0] for t in templates_holdout.TEMPLATES}


def test_when_same_seed_then_same_documents():
    assert generate("holdout", 5, seed=9) == generate("holdout", 5, seed=9)
    assert generate("holdout", 5, seed=9) != generate("holdout", 5, seed=10)


def test_tune_and_holdout_vocabularies_are_disjoint():
    tune, hold = vocab("tune"), vocab("holdout")
    for field in ("surnames", "compound_surnames", "given_names", "provinces", "cities", "districts", "streets", "company_prefixes"):
        assert not set(getattr(tune, field)) & set(getattr(hold, field)), field


def test_tune_and_holdout_templates_are_disjoint():
    tune_lines = {line for t in templates_tune.TEMPLATES for line in t[2].splitlines() if len(line) > 8}
    hold_lines = {line for t in templates_holdout.TEMPLATES for line in t[2].splitlines() if len(line) > 8}
    assert not tune_lines & hold_lines


def test_holdout_uses_forms_tune_never_uses(holdout):
    tune_values = {s["entity_value"] for r in generate("tune", 300, seed=3) for s in r["spans"]}
    hold_values = [s["entity_value"] for r in holdout for s in r["spans"]]
    assert any("民國" in v for v in hold_values)
    assert any(c in v for v in hold_values for c in "〇零") and not any(c in v for v in tune_values for c in "〇零")
    assert not any("民國" in v for v in tune_values)


def test_when_cli_runs_then_json_file_written(tmp_path):
    out = tmp_path / "h.json"
    assert main(["--split", "holdout", "--n", "4", "--seed", "7", "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data) == 4 and {"full_text", "spans", "template_id", "metadata"} <= set(data[0])
