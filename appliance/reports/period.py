"""The reporting period: whole UTC days, `--from` and `--to` both included."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from appliance.errors import CorpusBoxError

DEFAULT_DAYS = 30


@dataclass(frozen=True)
class Period:
    """From the start of `start` to the end of `end` (UTC)."""

    start: date
    end: date

    @property
    def since(self) -> str:
        """Inclusive lower bound in the audit log's ISO form."""
        return f"{self.start.isoformat()}T00:00:00.000000Z"

    @property
    def until(self) -> str:
        """Exclusive upper bound in the audit log's ISO form."""
        return f"{(self.end + timedelta(days=1)).isoformat()}T00:00:00.000000Z"

    @property
    def since_dt(self) -> datetime:
        return datetime.combine(self.start, datetime.min.time(), tzinfo=UTC)

    @property
    def until_dt(self) -> datetime:
        return datetime.combine(self.end + timedelta(days=1), datetime.min.time(), tzinfo=UTC)

    def contains(self, when: datetime | None) -> bool:
        """Whether a timestamp (naive ones are taken as UTC) falls inside the period."""
        if when is None:
            return False
        aware = when if when.tzinfo else when.replace(tzinfo=UTC)
        return self.since_dt <= aware < self.until_dt

    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]

    def to_dict(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


def _parse(value: str, flag: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise CorpusBoxError(
            f"{flag} {value!r} is not a date", hint="use YYYY-MM-DD (UTC), e.g. 2025-01-31"
        ) from None


def parse_period(start: str | None, end: str | None, today: date | None = None) -> Period:
    """A Period from CLI strings; `--to` defaults to today, `--from` to 30 days before it."""
    today = today or datetime.now(UTC).date()
    last = _parse(end, "--to") if end else today
    first = _parse(start, "--from") if start else last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        raise CorpusBoxError(f"--from {first} is after --to {last}", hint="swap the dates")
    if (last - first).days > 3660:
        raise CorpusBoxError("the period is longer than ten years", hint="report on a shorter period")
    return Period(first, last)
