"""The prompt-logging debug switch: explicit, audited, time-limited, per deployment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from sqlalchemy import select

from appliance.db.engine import transaction
from appliance.db.models import utcnow
from appliance.errors import CorpusBoxError
from appliance.services.auth import Principal, authorize
from inference.models import DebugSwitch

if TYPE_CHECKING:
    from appliance.box import Box

ALL = "*"


@dataclass(frozen=True)
class SwitchView:
    id: int
    deployment: str
    enabled_by: str
    reason: str
    started_at: datetime
    expires_at: datetime
    ended_at: datetime | None

    @property
    def active(self) -> bool:
        return self.ended_at is None and _aware(self.expires_at) > utcnow()


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _view(row: DebugSwitch) -> SwitchView:
    return SwitchView(row.id, row.deployment, row.enabled_by, row.reason, _aware(row.started_at),
                      _aware(row.expires_at), _aware(row.ended_at) if row.ended_at else None)


def enable(box: "Box", actor: Principal, deployment: str, minutes: int, reason: str,
           max_minutes: int = 60) -> SwitchView:
    """Log prompt and completion text for `deployment` ('*': all) for `minutes`; audited."""
    authorize(box, actor, "serve.manage", f"debug:{deployment}")
    if not 1 <= minutes <= max_minutes:
        raise CorpusBoxError(f"a debug switch lasts 1 to {max_minutes} minutes, not {minutes}",
                             hint="prompt text is PHI: keep the window as short as the investigation allows")
    if len(reason.strip()) < 8:
        raise CorpusBoxError("say why prompt text must be logged (at least 8 characters)",
                             hint='e.g. --reason "ticket 4411: garbled triage answers"')
    with transaction(box.sessions) as s:
        row = DebugSwitch(deployment=deployment, enabled_by=actor.user, reason=reason.strip()[:500],
                          started_at=utcnow(), expires_at=utcnow() + timedelta(minutes=minutes))
        s.add(row)
        s.flush()
        box.audit.record(actor.as_actor(), "serve.debug.enable", f"deployment:{deployment}",
                         details={"switch": row.id, "minutes": minutes, "reason": row.reason,
                                  "expires_at": row.expires_at.isoformat()}, session=s)
        return _view(row)


def disable(box: "Box", actor: Principal, deployment: str) -> list[SwitchView]:
    """End every active switch on `deployment` now; audited."""
    authorize(box, actor, "serve.manage", f"debug:{deployment}")
    with transaction(box.sessions) as s:
        rows = [r for r in s.scalars(select(DebugSwitch).where(DebugSwitch.deployment == deployment,
                                                               DebugSwitch.ended_at.is_(None)))
                if _view(r).active]
        for row in rows:
            row.ended_at, row.ended_by = utcnow(), actor.user
        box.audit.record(actor.as_actor(), "serve.debug.disable", f"deployment:{deployment}",
                         details={"switches": [r.id for r in rows]}, session=s)
        return [_view(r) for r in rows]


def list_switches(box: "Box", actor: Principal, active_only: bool = True) -> list[SwitchView]:
    authorize(box, actor, "serve.read", "debug")
    return [v for v in _all(box) if v.active or not active_only]


def active_switches(box: "Box") -> dict[str, SwitchView]:
    """Deployment -> the active switch with the latest expiry (the server's view; no permission check)."""
    out: dict[str, SwitchView] = {}
    for view in _all(box, unended=True):
        if view.active and (view.deployment not in out or view.expires_at > out[view.deployment].expires_at):
            out[view.deployment] = view
    return out


def _all(box: "Box", unended: bool = False) -> list[SwitchView]:
    with box.sessions() as s:
        stmt = select(DebugSwitch).order_by(DebugSwitch.id.desc()).limit(200)
        if unended:
            stmt = stmt.where(DebugSwitch.ended_at.is_(None))
        return [_view(r) for r in s.scalars(stmt)]
