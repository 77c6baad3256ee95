"""`corpusbox deid eval` from the command line: the age scope decides which labelled ages count, and says so."""

from __future__ import annotations

import json
from pathlib import Path

from appliance.box import Box
from appliance.services import tokens, users
from tests.conftest import ADMIN_PASSWORD
from tests.corpus.deid.site_notes import write_i2b2

TEXT = "Mr Quorvath is a 67 yo carpenter; his mother is 93 and lives in Ashgrove."
TAGS = [("AGE", "67"), ("PROFESSION", "carpenter"), ("AGE", "93"), ("PATIENT", "Quorvath")]


def _gold(tmp_path: Path) -> Path:
    """An invented note in i2b2 2014 XML, which labels every age (and professions)."""
    return write_i2b2(TEXT, TAGS, tmp_path / "note.xml")


def test_when_gold_labels_every_age_then_the_table_says_what_was_set_aside_and_all_counts_it(
        cli, box: Box, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env = {"CORPUSBOX_TOKEN": tokens.create_session(box, users.verify_password(box, "admin", ADMIN_PASSWORD))}
    gold = _gold(tmp_path)
    hipaa = cli("deid", "eval", str(gold), "--format", "i2b2", env=env)
    assert hipaa.exit_code == 0, hipaa.output
    assert "AGE under 90" in hipaa.stdout and "--ages all" in hipaa.stdout and "recall 1.0000" in hipaa.stdout
    every = cli("deid", "eval", str(gold), "--format", "i2b2", "--ages", "all", "--json", env=env)
    report = json.loads(every.stdout)
    assert report["age_scope"] == "all" and report["by_gold_category"]["AGE"] == {
        "gold_tokens": 2, "caught": 2, "recall": 1.0}
    assert report["set_aside_tokens"] == {"PROFESSION": 1}
    assert [e.details["ages"] for e in box.audit.events(action="deid.eval")] == ["over_89", "all"]


def test_when_the_age_scope_is_unknown_then_the_error_names_the_choices(cli, box: Box, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env = {"CORPUSBOX_TOKEN": tokens.create_session(box, users.verify_password(box, "admin", ADMIN_PASSWORD))}
    result = cli("deid", "eval", str(_gold(tmp_path)), "--format", "i2b2", "--ages", "adults", env=env)
    assert result.exit_code != 0 and "over-89" in result.output and "adults" in result.output
