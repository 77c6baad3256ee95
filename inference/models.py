"""Tables the inference server adds (Alembic branch 'inference', revision i0801)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from appliance.db.models import Base, utcnow


class DebugSwitch(Base):
    """A time-limited permission to log prompt and completion text for one deployment ('*': all)."""

    __tablename__ = "inference_debug_switches"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deployment: Mapped[str] = mapped_column(String(128))
    enabled_by: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ended_by: Mapped[str | None] = mapped_column(String(64))


class DeploymentEvent(Base):
    """Which model a deployment served before each promotion, so a rollback knows where to go."""

    __tablename__ = "inference_deployment_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deployment: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(32))
    model_id: Mapped[int | None] = mapped_column(Integer)
    previous_model_id: Mapped[int | None] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
