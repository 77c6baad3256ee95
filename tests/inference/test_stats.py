"""Serving statistics per terminal, read from the request log; serve.read only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from appliance.box import Box
from appliance.errors import PermissionDenied
from appliance.services.auth import Principal
from inference.services.stats import request_log_path, terminal_stats


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'meta.sqlite3'}"


def _log(box: Box, records: list[dict]) -> None:
    path = request_log_path(box)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records) + "{not json\n")


def test_when_requests_logged_then_counted_per_terminal_with_percentiles(box: Box, admin: Principal) -> None:
    ok = {"user": "kiosk-1", "status": 200, "prompt_tokens": 10, "completion_tokens": 5}
    _log(box, [{**ok, "latency_ms": float(ms), "ts": f"2026-12-05T10:00:{ms % 60:02d}Z"} for ms in range(1, 101)]
         + [{"user": "kiosk-1", "status": 429, "ts": "2026-12-05T11:00:00Z"},
            {"user": "kiosk-1", "status": 500, "ts": "2026-12-05T09:00:00Z"},
            {"token_id": "abc123", "status": 401, "ts": "2026-12-05T10:00:00Z"}])
    rows = {r["terminal"]: r for r in terminal_stats(box, admin)}
    k = rows["kiosk-1"]
    assert (k["requests"], k["refused"], k["errors"]) == (102, 1, 1)
    assert (k["prompt_tokens"], k["completion_tokens"]) == (1000, 500)
    assert (k["p50_ms"], k["p95_ms"], k["last"]) == (50.0, 95.0, "2026-12-05T11:00:00Z")
    assert rows["abc123"]["refused"] == 1 and rows["abc123"]["p50_ms"] is None
    later = terminal_stats(box, admin, since="2026-12-05T10:30:00Z")
    assert [(r["terminal"], r["requests"]) for r in later] == [("kiosk-1", 1)]


def test_when_no_log_or_no_permission_then_empty_or_refused(box: Box, admin: Principal) -> None:
    assert terminal_stats(box, admin) == []
    with pytest.raises(PermissionDenied):
        terminal_stats(box, Principal("officer", "data_officer"))
