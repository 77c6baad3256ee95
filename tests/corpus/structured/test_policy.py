"""Policy validation: errors name the key and the allowed values."""

from __future__ import annotations

import pytest

from corpus.structured.errors import PolicyError
from corpus.structured.policy import FieldRule, load_policy, parse_policy

BASE = {"kind": "table", "name": "t", "patient_key": "pid", "columns": {"pid": "pseudonymise"}}


def test_when_action_is_unknown_then_error_names_key_and_allowed_values():
    with pytest.raises(PolicyError) as err:
        parse_policy({**BASE, "columns": {"pid": "pseudonymise", "mrn": "hash"}})
    text = str(err.value)
    assert "columns.mrn.action" in text and "'hash'" in text
    assert "'keep', 'pseudonymise', 'generalise', 'drop', 'free_text' or 'noise'" in text


def test_when_kind_is_unknown_then_error_lists_kinds():
    with pytest.raises(PolicyError, match="kind' must be one of: table, fhir, notes, dicom"):
        parse_policy({"kind": "spreadsheet", "name": "x"})


def test_when_key_is_misspelt_then_it_is_rejected_not_ignored():
    with pytest.raises(PolicyError, match="columns.pid.namespce: unknown key"):
        parse_policy({**BASE, "columns": {"pid": {"action": "pseudonymise", "namespce": "P"}}})


@pytest.mark.parametrize("rule, message", [
    ({"action": "generalise"}, "generalise needs method"),
    ({"action": "generalise", "method": "decade"}, "'age_band', 'age_top_code', 'zip3', 'year' or 'date_shift'"),
    ({"action": "noise", "epsilon": 1.0}, "noise needs epsilon, lower and upper"),
    ({"action": "noise", "epsilon": 1.0, "lower": 5, "upper": 5}, "lower < upper"),
    ({"action": "noise", "epsilon": 0, "lower": 0, "upper": 5}, "greater than 0"),
])
def test_when_rule_is_incomplete_then_error_says_what_is_missing(rule, message):
    with pytest.raises(PolicyError, match=message):
        parse_policy({**BASE, "dataset": "d", "record_key": ["pid"], "columns": {"pid": "pseudonymise", "v": rule}})


def test_when_noise_rule_has_no_dataset_or_record_key_then_policy_is_invalid():
    noise = {"action": "noise", "epsilon": 1, "lower": 0, "upper": 1}
    with pytest.raises(PolicyError, match="need `dataset`"):
        parse_policy({**BASE, "record_key": ["pid"], "columns": {"pid": "keep", "v": noise}})
    with pytest.raises(PolicyError, match="need record_key"):
        parse_policy({**BASE, "dataset": "d", "columns": {"pid": "keep", "v": noise}})


def test_when_patient_key_has_no_rule_then_policy_is_invalid():
    with pytest.raises(PolicyError, match="patient_key 'pid' must also have a rule"):
        parse_policy({**BASE, "columns": {"age": "keep"}})


def test_when_fhir_resource_is_unsupported_then_allowed_types_are_listed():
    with pytest.raises(PolicyError, match="allowed: Patient, Encounter"):
        parse_policy({"kind": "fhir", "name": "f", "resources": ["Claim"], "paths": {}})


def test_when_shorthand_is_used_then_it_means_the_action():
    assert FieldRule.model_validate("drop").action == "drop"
    assert FieldRule.model_validate({"action": "noise", "epsilon": 1, "lower": 2, "upper": 30}).sensitivity == 28


def test_when_file_is_not_yaml_then_policy_error_names_the_file(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("kind: [table\n")
    with pytest.raises(PolicyError, match="p.yaml is not valid YAML"):
        load_policy(path)
    with pytest.raises(PolicyError, match="cannot read policy"):
        load_policy(tmp_path / "missing.yaml")
