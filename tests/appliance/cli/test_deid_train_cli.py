"""`corpusbox deid train` from the command line: a site tagger from labelled notes, then removed again."""

from __future__ import annotations

import json
from pathlib import Path

from appliance.box import Box
from appliance.services import tokens, users
from tests.conftest import ADMIN_PASSWORD
from tests.corpus.deid.site_notes import handoff_notes, write_presidio


def test_when_site_notes_are_given_then_a_model_is_trained_reported_and_removable(cli, box: Box,  # type: ignore[no-untyped-def]
                                                                                 tmp_path: Path) -> None:
    gold = write_presidio(handoff_notes(count=12), tmp_path / "site.json")
    env = {"CORPUSBOX_TOKEN": tokens.create_session(box, users.verify_password(box, "admin", ADMIN_PASSWORD))}
    trained = cli("deid", "train", str(gold), "--format", "presidio", "--json", env=env)
    assert trained.exit_code == 0, trained.output
    report = json.loads(trained.stdout)
    assert report["documents"] == 12 and report["phi_tokens"] > 0 and Path(report["model"]).is_file()
    removed = cli("deid", "train", "--remove", env=env)
    assert removed.exit_code == 0 and report["sha256"] in removed.stdout
    assert not Path(report["model"]).exists()


def test_when_gold_file_is_missing_then_the_error_names_it(cli, box: Box, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env = {"CORPUSBOX_TOKEN": tokens.create_session(box, users.verify_password(box, "admin", ADMIN_PASSWORD))}
    result = cli("deid", "train", str(tmp_path / "nope.json"), env=env)
    assert result.exit_code != 0 and "nope.json" in result.output
