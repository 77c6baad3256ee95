"""Job files: every shipped example validates; mistakes name the key and the allowed values."""

from __future__ import annotations

from pathlib import Path

import pytest

from training.errors import JobSpecError
from training.spec import load_job_file, parse_job

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "training" / "examples").glob("*.yaml"))
MINIMAL = {"name": "j", "data": {"snapshot": "s"}}


def test_examples_exist():
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_when_example_loaded_then_it_validates(path: Path):
    spec, text = load_job_file(path)
    assert spec.name and text.startswith("#")


def test_when_defaults_then_reference_lora_recipe():
    spec = parse_job(MINIMAL)
    assert (spec.lora.r, spec.lora.alpha, spec.lora.dropout, spec.lora.target_modules) == (16, 32, 0.1, "attention")
    assert spec.method == "lora" and spec.recipe_name == "causal_lm" and spec.deepspeed is None


@pytest.mark.parametrize("doc, expected", [
    ({**MINIMAL, "method": "lorax"}, "key 'method': 'lorax' is not allowed; allowed values: 'lora', 'qlora' or 'full'"),
    ({**MINIMAL, "precision": "int4"}, "allowed values: 'fp32', 'bf16', 'fp16' or 'fp8'"),
    ({**MINIMAL, "deepspeed": {"stage": 4}}, "key 'deepspeed.stage': 4 is not allowed; allowed values: 0, 1, 2 or 3"),
    ({**MINIMAL, "lora": {"rank": 8}}, "unknown key 'lora.rank' (allowed here: r, alpha, dropout, target_modules)"),
    ({**MINIMAL, "ewc": {"lamda": 5}}, "unknown key 'ewc.lamda' (allowed here: lambda, fisher_samples, previous_model)"),
    ({"name": "j"}, "missing key 'data'"),
    ({"name": "j", "data": {}}, "set exactly one of data.snapshot or data.path"),
    ({**MINIMAL, "ewc": {"lambda": 10}}, "ewc needs ewc.previous_model"),
    ({**MINIMAL, "dp_sgd": {}, "deepspeed": {"stage": 2}}, "dp_sgd and deepspeed cannot be combined"),
    ({**MINIMAL, "method": "qlora", "precision": "fp32"}, "method 'qlora' computes in bf16/fp16"),
    ({**MINIMAL, "training": {"batch_size": 0}}, "key 'training.batch_size'"),
])
def test_when_key_wrong_then_error_names_it(doc, expected):
    with pytest.raises(JobSpecError) as err:
        parse_job(doc)
    assert expected in str(err.value)
    assert err.value.hint


def test_when_file_missing_or_not_yaml_then_clear_error(tmp_path: Path):
    with pytest.raises(JobSpecError, match="does not exist"):
        load_job_file(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n")
    with pytest.raises(JobSpecError, match="not valid YAML"):
        load_job_file(bad)
    bad.write_text("- a list\n")
    with pytest.raises(JobSpecError, match="YAML mapping"):
        load_job_file(bad)
