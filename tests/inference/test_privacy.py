"""Request logs carry ids and counts only, unless an audited debug switch is on; it expires by itself."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from appliance.db.models import AuditEvent, utcnow
from appliance.errors import CorpusBoxError, PermissionDenied
from appliance.services.auth import Principal
from inference.models import DebugSwitch
from inference.services import debug

SECRET = "Mrs Imogen Quarterfield"


def _lines(served) -> list[dict]:
    return [json.loads(line) for line in served.settings.request_log.read_text().splitlines()]


def test_when_no_debug_switch_then_log_has_counts_but_no_text(served):
    client = served.client()
    client.chat.completions.create(model="triage", messages=[{"role": "user", "content": SECRET}], max_tokens=3)
    with pytest.raises(Exception):
        client.chat.completions.create(model="nope", messages=[{"role": "user", "content": SECRET}])
    raw = served.settings.request_log.read_text()
    assert SECRET not in raw and "Quarterfield" not in raw
    last = _lines(served)[-2:]
    assert last[0]["status"] == 200 and last[0]["completion_tokens"] == 3 and last[0]["token_id"]
    assert last[1]["status"] == 404 and last[1]["error_code"] == "model_not_found"


def test_when_debug_switch_on_then_text_logged_audited_and_it_expires(served):
    with pytest.raises(CorpusBoxError):
        debug.enable(served.box, served.admin, "triage", 600, "too long a window", max_minutes=60)
    with pytest.raises(PermissionDenied):
        debug.enable(served.box, Principal("kiosk", "clinician_terminal", scopes=("inference",)), "triage", 5,
                     "ticket 1: garbled answers")
    switch = debug.enable(served.box, served.admin, "triage", 5, "ticket 1: garbled answers")
    served.refresh()
    client = served.client()
    client.chat.completions.create(model="triage", messages=[{"role": "user", "content": SECRET}], max_tokens=2)
    logged = _lines(served)[-1]
    assert logged["debug"]["switch"] == switch.id and SECRET in logged["debug"]["prompt"]
    with served.box.sessions() as s, s.begin():  # let the clock run out
        s.execute(update(DebugSwitch).where(DebugSwitch.id == switch.id)
                  .values(expires_at=utcnow() - timedelta(seconds=1)))
    served.refresh()
    client.chat.completions.create(model="triage", messages=[{"role": "user", "content": SECRET}], max_tokens=2)
    assert "debug" not in _lines(served)[-1]
    with served.box.sessions() as s:
        actions = list(s.scalars(select(AuditEvent.action).where(AuditEvent.action.like("serve.debug.%"))))
    assert actions.count("serve.debug.enable") == 1


def test_when_switch_disabled_then_it_ends_now_and_is_audited(served):
    debug.enable(served.box, served.admin, "*", 5, "ticket 2: check every deployment")
    ended = debug.disable(served.box, served.admin, "*")
    assert len(ended) == 1 and not debug.active_switches(served.box)
