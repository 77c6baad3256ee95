"""`corpusbox train` and `corpusbox models` through Typer's runner against a real box."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

PW = "correct-horse-battery-cli"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'meta.sqlite3'}"


@pytest.fixture
def signed_in(cli):  # type: ignore[no-untyped-def]
    result = cli("init", "--admin", "root-admin", "--password-stdin", input=PW + "\n")
    assert result.exit_code == 0, result.output
    return cli


def test_when_model_imported_then_list_and_show_give_lineage(signed_in, tiny_dir):
    cli = signed_in
    imported = cli("models", "import", str(tiny_dir), "--name", "tiny", "--json")
    assert imported.exit_code == 0, imported.output
    assert json.loads(imported.stdout)["ref"] == "tiny:1"
    listed = json.loads(cli("models", "list", "--json").stdout)
    assert [m["ref"] for m in listed] == ["tiny:1"] and listed[0]["kind"] == "base"
    shown = json.loads(cli("models", "show", "tiny", "--json").stdout)
    assert "model.safetensors" in shown["files"] and shown["lineage"]["source"] == "local:tiny-llama"
    assert cli("models", "show", "tiny").exit_code == 0


def test_when_job_file_wrong_then_error_names_key_without_traceback(signed_in, tmp_path):
    bad = tmp_path / "job.yaml"
    bad.write_text("name: x\ndata: {snapshot: s}\nmethod: dora\n")
    result = signed_in("train", "submit", str(bad))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "key 'method'" in result.output and "'lora', 'qlora' or 'full'" in result.output


def test_when_named_things_missing_then_clear_errors(signed_in, tmp_path):
    job = tmp_path / "job.yaml"
    job.write_text("name: x\nbase_model: nope\ndata: {snapshot: s}\n")
    result = signed_in("train", "submit", str(job))
    assert result.exit_code == 2 and "no model nope in the registry" in result.output
    assert json.loads(signed_in("train", "list", "--json").stdout) == []
    assert signed_in("train", "logs", "99").exit_code == 2
    assert signed_in("models", "rollback", "nope").exit_code != 0
