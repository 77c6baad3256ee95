"""`corpusbox ingest` prints what a run did, including files that left the source."""

from __future__ import annotations

from pathlib import Path

from appliance.box import Box
from appliance.services import tokens, users
from tests.conftest import ADMIN_PASSWORD


def test_when_a_file_leaves_the_source_then_the_report_line_says_so(cli, box: Box, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "notes"
    folder.mkdir()
    for i in range(3):
        (folder / f"n{i}.txt").write_text(f"Note {i}: patient seen in clinic, stable.\n", encoding="utf-8")
    env = {"CORPUSBOX_TOKEN": tokens.create_session(box, users.verify_password(box, "admin", ADMIN_PASSWORD))}
    assert cli("source", "add", "notes", str(folder), env=env).exit_code == 0
    first = cli("ingest", "notes", env=env)
    assert first.exit_code == 0 and "3 files, 3 new" in first.stdout and "no longer in the source" not in first.stdout
    (folder / "n1.txt").unlink()
    second = cli("ingest", "notes", env=env)
    assert second.exit_code == 0, second.output
    assert "2 files" in second.stdout and "1 no longer in the source" in second.stdout
