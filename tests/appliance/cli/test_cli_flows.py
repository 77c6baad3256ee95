"""The CLI as an operator uses it: init, sign in, manage users and tokens, clear errors, JSON output."""

from __future__ import annotations

import json
import tomllib
import os
from pathlib import Path

import pytest

from tests.conftest import write_config
from tests.harness.ports import free_port

PW = "first-admin-passphrase"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'meta.sqlite3'}"


def _init(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("init", "--admin", "root-admin", "--password-stdin", input=PW + "\n")
    assert result.exit_code == 0, result.output


def test_when_not_initialised_then_commands_say_how_to_start(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("user", "list")
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert "corpusbox login" in result.output or "corpusbox init" in result.output


def test_when_initialised_then_operator_is_signed_in(cli) -> None:  # type: ignore[no-untyped-def]
    _init(cli)
    who = json.loads(cli("whoami", "--json").stdout)
    assert who["user"] == "root-admin" and who["role"] == "admin"
    again = cli("init", "--admin", "other", "--password-stdin", input=PW + "\n")
    assert again.exit_code == 2 and "only be created once" in again.output


def test_when_user_lifecycle_then_login_token_logout_work(cli) -> None:  # type: ignore[no-untyped-def]
    _init(cli)
    assert cli("user", "create", "olga", "--role", "data_officer", "--password-stdin",
               input="olgas-passphrase-1\n").exit_code == 0
    users = json.loads(cli("user", "list", "--json").stdout)
    assert {u["name"]: u["role"] for u in users} == {"root-admin": "admin", "olga": "data_officer"}
    assert cli("login", "olga", "--password-stdin", input="olgas-passphrase-1\n").exit_code == 0
    assert json.loads(cli("whoami", "--json").stdout)["user"] == "olga"
    created = json.loads(cli("token", "create", "pipeline", "--scope", "api", "--days", "3", "--json").stdout)
    assert created["token"].startswith("cbx_") and created["scopes"] == ["api"]
    listed = json.loads(cli("token", "list", "--json").stdout)
    assert [t["id"] for t in listed] == [created["id"]] and "token" not in listed[0]
    assert cli("token", "revoke", created["id"]).exit_code == 0
    denied = cli("whoami", env={"CORPUSBOX_TOKEN": created["token"]})
    assert denied.exit_code == 4 and "revoked" in denied.output
    assert cli("logout").exit_code == 0
    assert cli("whoami").exit_code == 4


def test_when_wrong_password_then_refused_without_traceback(cli) -> None:  # type: ignore[no-untyped-def]
    _init(cli)
    result = cli("login", "root-admin", "--password-stdin", input="nope\n")
    assert result.exit_code == 4 and "sign-in failed" in result.output and "Traceback" not in result.output


def test_when_unknown_names_then_clear_errors(cli) -> None:  # type: ignore[no-untyped-def]
    _init(cli)
    missing = cli("user", "show", "ghost")
    assert missing.exit_code == 2 and "no user named 'ghost'" in missing.output and "hint:" in missing.output
    bad_role = cli("user", "create", "x", "--role", "wizard", "--password-stdin", input="long-enough-pw\n")
    assert bad_role.exit_code == 2 and "allowed: admin" in bad_role.output


def test_when_config_malformed_then_cli_names_file_line_and_key(cli, box_env) -> None:  # type: ignore[no-untyped-def]
    cfg = Path(box_env["CORPUSBOX_CONFIG"])
    cfg.write_text(cfg.read_text() + "\n[audit]\nsign_every_events = -4\n")
    result = cli("config", "show")
    line = len(cfg.read_text().splitlines())
    assert result.exit_code == 2
    assert f"{cfg}:{line}" in result.output and "audit.sign_every_events" in result.output


def test_when_database_is_dead_then_error_names_it_and_how_to_start(cli, tmp_path: Path, seaweed) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "deadpg"
    cfg = write_config(home, f"postgresql+psycopg://cbx@127.0.0.1:{free_port()}/cbx", seaweed)
    result = cli("user", "list", env={"CORPUSBOX_HOME": str(home), "CORPUSBOX_CONFIG": str(cfg),
                                      "CORPUSBOX_TOKEN": "cbx_x_y"})
    assert result.exit_code == 3
    assert "not reachable" in result.output and "127.0.0.1" in result.output and "PostgreSQL" in result.output


def test_when_object_store_is_dead_then_status_reports_it(cli, box_env) -> None:  # type: ignore[no-untyped-def]
    _init(cli)
    cfg = Path(box_env["CORPUSBOX_CONFIG"])
    text = cfg.read_text()
    start = text.index("endpoint_url")
    end = text.index("\n", start)
    cfg.write_text(text[:start] + f'endpoint_url = "http://127.0.0.1:{free_port()}"' + text[end:])
    result = cli("status", "--json")
    assert result.exit_code == 0
    storage = json.loads(result.stdout)["storage"]
    assert "not reachable" in storage[0]["error"]
    disk = json.loads(result.stdout)["disk"]
    assert 0 < disk["free_bytes"] <= disk["total_bytes"]
    assert cli("up").exit_code == 3


@pytest.mark.parametrize("args", [["status", "--no-usage"], ["user", "list"], ["token", "list"], ["audit", "list"],
                                  ["config", "show"], ["db", "status"], ["whoami"], ["storage", "list"]])
def test_when_json_requested_then_output_parses(cli, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    _init(cli)
    result = cli(*args, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) is not None


def test_when_config_shown_then_secrets_masked(cli, box_env) -> None:  # type: ignore[no-untyped-def]
    _init(cli)
    secret = [ln for ln in Path(box_env["CORPUSBOX_CONFIG"]).read_text().splitlines() if ln.startswith("secret_key")]
    value = secret[0].split('"')[1]
    out = cli("config", "show").stdout
    assert value not in out and "**********" in out and "[storage]" in out
    shown = tomllib.loads(out)  # what `config show` prints can be pasted into corpusbox.toml
    assert shown["storage"]["backend"] == "s3" and "region" in shown["storage"]
    assert "tls_cert" not in shown["inference"]  # unset: commented out, not written as null


def test_when_audit_verify_after_work_then_ok(cli) -> None:  # type: ignore[no-untyped-def]
    _init(cli)
    cli("user", "create", "zed", "--role", "auditor", "--password-stdin", input="zeds-passphrase\n")
    assert cli("audit", "checkpoint").exit_code == 0
    result = cli("audit", "verify", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["ok"] and report["events_checked"] >= 4


def test_when_doctor_runs_on_an_initialised_box_then_it_is_audited(cli) -> None:  # type: ignore[no-untyped-def]
    _init(cli)
    assert cli("doctor", "--profile", "cpu-dev", "--json").exit_code == 0
    events = json.loads(cli("audit", "list", "--action", "box.doctor", "--json").stdout)
    assert events and events[-1]["outcome"] == "ok" and events[-1]["target"] == "profile:cpu-dev"
    assert events[-1]["details"]["fail"] == 0


def test_when_not_signed_in_then_doctor_runs_as_the_service_account(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("doctor", "--profile", "cpu-dev", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["status"] == "pass"


def test_when_json_requested_then_library_prints_go_to_stderr_not_stdout() -> None:
    import subprocess
    import sys

    script = ("import os, sys\n"
              "sys.argv = ['corpusbox', 'profile', 'list', '--json']\n"
              "from appliance.cli import main\n"
              "from appliance.cli.common import reserve_stdout_for_json\n"
              "reserve_stdout_for_json()\n"
              "print('[WARNING] a library talking on stdout')\n"
              "os.write(1, b'c-level noise\\n')\n"
              "main.run()\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert any(p["name"] == "cpu-dev" for p in json.loads(done.stdout))
    assert "a library talking on stdout" in done.stderr and "c-level noise" in done.stderr
