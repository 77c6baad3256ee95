"""`corpusbox source add --ages`: the age scope reaches the source's settings and its policy version."""

from __future__ import annotations

import json
from pathlib import Path

from appliance.box import Box
from appliance.services import tokens, users
from tests.conftest import ADMIN_PASSWORD


def test_when_a_source_is_added_with_every_age_then_its_settings_and_policy_version_say_so(  # type: ignore[no-untyped-def]
        cli, box: Box, tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "n1.txt").write_text("Pt is a 67 yo man, seen in clinic.\n", encoding="utf-8")
    env = {"CORPUSBOX_TOKEN": tokens.create_session(box, users.verify_password(box, "admin", ADMIN_PASSWORD))}
    every = cli("source", "add", "every-age", str(folder), "--ages", "all", "--json", env=env)
    hipaa = cli("source", "add", "hipaa", str(folder), "--json", env=env)
    assert every.exit_code == 0 and hipaa.exit_code == 0, every.output + hipaa.output
    every_view, hipaa_view = json.loads(every.stdout), json.loads(hipaa.stdout)
    assert every_view["settings"]["ages"] == "all"
    assert hipaa_view["settings"].get("ages", "over_89") == "over_89"
    assert every_view["policy_version"] != hipaa_view["policy_version"]  # the scope is part of what was applied


def test_when_the_age_scope_is_misspelt_then_the_error_names_the_choices_and_nothing_is_added(  # type: ignore[no-untyped-def]
        cli, box: Box, tmp_path: Path) -> None:
    env = {"CORPUSBOX_TOKEN": tokens.create_session(box, users.verify_password(box, "admin", ADMIN_PASSWORD))}
    bad = cli("source", "add", "teens", str(tmp_path), "--ages", "teens", env=env)
    assert bad.exit_code != 0
    assert "--ages over-89" in bad.output and "--ages all" in bad.output
    listed = cli("source", "list", "--json", env=env)
    assert "teens" not in [s["name"] for s in json.loads(listed.stdout)]
