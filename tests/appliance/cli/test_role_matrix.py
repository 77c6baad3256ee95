"""Each role is allowed and refused the right commands, through the real `corpusbox` CLI; refusals are audited."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from appliance.box import Box
from appliance.services import tokens, users
from appliance.services.auth import Principal

ROLES = ["admin", "data_officer", "ml_engineer", "auditor", "clinician_terminal"]
READERS = {"admin", "data_officer", "ml_engineer", "auditor"}

# (command, stdin, roles allowed). Everything else must be refused with exit status 5.
MATRIX: list[tuple[list[str], str | None, set[str]]] = [
    (["status", "--json", "--no-usage"], None, READERS),
    (["config", "show", "--json"], None, READERS),
    (["doctor", "--profile", "cpu-dev", "--json"], None, READERS),
    (["profile", "list", "--json"], None, READERS),
    (["user", "list", "--json"], None, {"admin", "auditor"}),
    (["user", "create", "newbie", "--role", "auditor", "--password-stdin"], "a-good-long-password\n", {"admin"}),
    (["token", "create", "ci", "--scope", "api", "--json"], None, {"admin", "data_officer", "ml_engineer"}),
    (["token", "list", "--all", "--json"], None, {"admin", "auditor"}),
    (["audit", "list", "--json"], None, {"admin", "data_officer", "auditor"}),
    (["audit", "verify", "--json", "--no-bucket"], None, {"admin", "auditor"}),
    (["deid", "text", "--language", "en"], "Seen by Dr. Smith on 3/4/2019.\n", {"admin", "data_officer"}),
    (["source", "list", "--json"], None, READERS),
    (["snapshot", "list", "--json"], None, READERS),
    (["dp", "budget", "matrix-ds", "--total", "2", "--json"], None, {"admin", "data_officer"}),
    (["dp", "ledger", "matrix-ds", "--json"], None, READERS),  # the fixture set its budget
    (["train", "list", "--json"], None, READERS),
    (["models", "list", "--json"], None, READERS),
    (["serve", "list", "--json"], None, {"admin", "ml_engineer", "auditor"}),
    (["up", "--json"], None, {"admin"}),
    (["db", "upgrade"], None, {"admin"}),
]


@pytest.fixture
def db_url(tmp_path: Path) -> str:  # the matrix is about roles, not engines: SQLite is enough here
    return f"sqlite:///{tmp_path / 'meta.sqlite3'}"


@pytest.fixture
def role_tokens(box: Box, admin: Principal) -> dict[str, str]:
    from corpus.dp.ledger import set_budget

    set_budget(box, admin, "matrix-ds", 1.0)
    out = {}
    for role in ROLES:
        name = f"u-{role.replace('_', '-')}"
        if role == "admin":
            name = "admin"
        else:
            users.create_user(box, admin, name, role, None if role == "clinician_terminal" else "passphrase-123456")
        scope = ["inference"] if role == "clinician_terminal" else ["cli"]
        owner = tokens.resolve(box, tokens.create_session(box, users.verify_password(box, "admin",
                                                                                       "correct-horse-battery")))
        out[role] = tokens.create_token(box, owner, f"matrix-{role}", scope, owner=name).secret
    return out


@pytest.mark.parametrize("role", ROLES)
def test_when_role_runs_each_command_then_allowed_or_refused(role: str, cli, role_tokens, box: Box) -> None:  # type: ignore[no-untyped-def]
    for args, stdin, allowed in MATRIX:
        result = cli(*args, input=stdin, env={"CORPUSBOX_TOKEN": role_tokens[role]})
        label = f"{role}: corpusbox {' '.join(args)}"
        if role in allowed:
            assert result.exit_code == 0, f"{label} should be allowed; got {result.exit_code}: {result.output}"
            if "--json" in args:
                json.loads(result.stdout)
        else:
            assert result.exit_code == 5, f"{label} should be refused; got {result.exit_code}: {result.output}"
            assert "may not" in result.output and "Traceback" not in result.output
    refused = box.audit.events(outcome="refused")
    expected = sum(1 for _, _, allowed in MATRIX if role not in allowed)
    assert len([e for e in refused if e.role == role]) == expected
