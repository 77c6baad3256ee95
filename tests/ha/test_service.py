"""HA service layer and CLI on a real (SQLite/PostgreSQL) box: pairing, status, refusals, audited events."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from appliance.box import Box
from appliance.errors import PermissionDenied
from appliance.ha import service
from appliance.ha.events import HaEventLog
from appliance.services.auth import Principal
from tests.ha.conftest import PAIR_TOML

# Loopback member addresses: nothing listens there, and no traffic leaves the machine.
LOCAL_PAIR = (PAIR_TOML.replace("10.20.0.11", "127.0.1.11").replace("10.20.0.12", "127.0.1.12")
              .replace("10.20.0.13", "127.0.1.13").replace("10.20.0.50", "127.0.1.50")
              .replace("10.20.0.0/24", "127.0.1.0/24"))


def _pair_file(tmp_path: Path) -> Path:
    path = tmp_path / "pair.toml"
    path.write_text(LOCAL_PAIR)
    return path


def test_when_pair_is_initialised_then_configs_are_written_and_audited(box: Box, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("ha", "init", "--pair", str(_pair_file(tmp_path)), "--member", "cbx-a", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert Path(doc["pair_file"]).exists() and (Path(doc["credentials_file"]).stat().st_mode & 0o077) == 0
    generated = {Path(p).name for p in doc["generated"]}
    assert {"patroni.yml", "keepalived.conf", "follower.json", "corpusbox-vip-release"} <= generated
    events = box.audit.events(action="ha.init")
    assert len(events) == 1 and events[0].details["vip"] == "127.0.1.50/24"


def test_when_second_member_joins_then_it_shares_the_pair_credentials(box: Box, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("ha", "init", "--pair", str(_pair_file(tmp_path)), "--member", "cbx-a").exit_code == 0
    first = (box.home / "ha" / "generated" / "patroni.yml").read_text()
    result = cli("ha", "join", "--member", "cbx-b")
    assert result.exit_code == 0, result.output
    second = (box.home / "ha" / "generated" / "patroni.yml").read_text()
    assert "name: cbx-b" in second
    password = json.loads((box.home / "secrets" / "ha-credentials.json").read_text())["replication_password"]
    assert password in first and password in second


def test_when_no_patroni_answers_then_status_says_so(box: Box, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("ha", "init", "--pair", str(_pair_file(tmp_path)), "--member", "cbx-a")
    result = cli("ha", "status", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["leader"] is None and doc["member"] == "cbx-a" and not any(doc["etcd"].values())
    assert any("no Patroni member answers" in p for p in doc["problems"])
    assert any("quorum" in p for p in doc["problems"])


def test_when_pair_description_is_wrong_then_cli_prints_error_and_hint(box: Box, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.toml"
    bad.write_text(LOCAL_PAIR.replace('vip = "127.0.1.50/24"', 'vip = "127.0.1.50"'))
    result = cli("ha", "init", "--pair", str(bad), "--member", "cbx-a")
    assert result.exit_code == 2 and "prefix" in result.output and "hint:" in result.output


def test_when_auditor_switches_over_then_refused_and_audited(box: Box, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied):
        service.switchover(box, Principal("alice", "auditor"))
    assert box.audit.events(action="ha.manage", outcome="refused")


def test_when_database_is_unreachable_then_ha_events_wait_and_reach_the_audit_log_later(box: Box,
                                                                                        tmp_path: Path) -> None:
    def down(*args: object) -> int:
        raise OSError("database unreachable")

    journal = tmp_path / "events.jsonl"
    assert HaEventLog(journal, "cbx-b", down).record("ha.fenced", reason="patroni silent") is False
    assert journal.exists()
    assert HaEventLog(journal, "cbx-b", box.audit.record).record("ha.promoted", role="primary") is True
    actions = [e.action for e in box.audit.events(action="ha.*")]
    assert actions == ["ha.fenced", "ha.promoted"] and not journal.exists()
    assert box.audit.events(action="ha.fenced")[0].target == "cbx-b"
