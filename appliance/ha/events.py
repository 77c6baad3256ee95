"""HA events into the audit log, with a local journal for when the database cannot take them.

A box that is being demoted, fenced or cut off cannot write to the (remote) primary's database;
its events wait in `<home>/ha/events.jsonl` and are appended to the audit log, with their original
time, the next time a record succeeds.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from appliance.audit.log import Actor

HA_ACTOR = Actor("ha-follower", "system")


class HaEventLog:
    """record(action, details): audit when possible, journal otherwise; never raises."""

    def __init__(self, journal: Path, member: str, audit_record: Callable[..., int] | None = None) -> None:
        self.journal = journal
        self.member = member
        self._audit = audit_record

    def record(self, action: str, result: str = "ok", **details: Any) -> bool:
        """Returns True when the event (and any waiting ones) reached the audit log."""
        event = {"ts": time.time(), "action": action, "member": self.member, "result": result, **details}
        pending = self._pending() + [event]
        if self._audit is not None:
            try:
                for ev in pending:
                    extra = {k: v for k, v in ev.items() if k not in ("action", "member", "result")}
                    self._audit(HA_ACTOR, ev["action"], ev["member"], ev.get("result", "ok"), extra)
                self.journal.unlink(missing_ok=True)
                return True
            except Exception:  # noqa: BLE001, S110 - database unreachable mid-failover: journal it
                pass
        self.journal.parent.mkdir(parents=True, exist_ok=True)
        with open(self.journal, "a", encoding="utf-8") as out:
            out.write(json.dumps(event) + "\n")
        return False

    def _pending(self) -> list[dict[str, Any]]:
        if not self.journal.exists():
            return []
        out = []
        for line in self.journal.read_text(encoding="utf-8").splitlines():
            try:
                out.append(json.loads(line))
            except ValueError:
                continue
        return out

    def journal_events(self) -> list[dict[str, Any]]:
        """Events still waiting for the audit log (shown by `corpusbox ha status`)."""
        return self._pending()
