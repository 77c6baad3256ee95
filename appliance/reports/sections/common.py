"""What every section gets, and small helpers for reading other packages' data defensively."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from appliance.audit.log import EventView
from appliance.reports.period import Period


@dataclass
class SectionInput:
    """The open session, the period, and the period's audit events in sequence order."""

    session: Session
    period: Period
    events: list[EventView]
    request_log: Path | None = None

    def matching(self, pattern: str) -> list[EventView]:
        """Events whose action matches a regular expression."""
        rx = re.compile(pattern)
        return [e for e in self.events if rx.search(e.action)]

    def has_table(self, name: str) -> bool:
        return inspect(self.session.connection()).has_table(name)

    def columns(self, table: str) -> set[str]:
        return {c["name"] for c in inspect(self.session.connection()).get_columns(table)}

    def find_table(self, name_part: str, any_columns: Iterable[str]) -> tuple[str, str] | None:
        """A table whose name contains `name_part` and one of `any_columns`: (table, column)."""
        insp = inspect(self.session.connection())
        for table in sorted(insp.get_table_names()):
            if name_part not in table:
                continue
            cols = {c["name"] for c in insp.get_columns(table)}
            for col in any_columns:
                if col in cols:
                    return table, col
        return None


def iso(value: datetime | str | None) -> str | None:
    """A timestamp as ISO text in UTC (naive datetimes from SQLite are UTC)."""
    if value is None or isinstance(value, str):
        return value
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def pick(data: Mapping[str, Any] | None, *keys: str, default: Any = None) -> Any:
    """The first of `keys` present in `data` (dotted keys reach into nested dicts)."""
    for key in keys:
        node: Any = data or {}
        for part in key.split("."):
            node = node.get(part) if isinstance(node, Mapping) else None
            if node is None:
                break
        if node is not None:
            return node
    return default


def count_map(value: Any) -> dict[str, int]:
    """A {name: count} mapping from a dict, or from a list of {entity/type, count} records."""
    out: dict[str, int] = {}
    if isinstance(value, Mapping):
        for k, v in value.items():
            if isinstance(v, (int, float)):
                out[str(k)] = out.get(str(k), 0) + int(v)
            elif isinstance(v, Mapping) and isinstance(v.get("count"), (int, float)):
                out[str(k)] = out.get(str(k), 0) + int(v["count"])
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, Mapping):
                name = pick(item, "entity_type", "entity", "type", "label")
                if name is not None:
                    out[str(name)] = out.get(str(name), 0) + int(item.get("count", 1))
    return out


def event_row(e: EventView, *extra: str) -> dict[str, Any]:
    """The standard columns of an audit event, plus chosen detail keys."""
    row: dict[str, Any] = {
        "seq": e.seq,
        "ts": e.ts,
        "actor": e.actor,
        "role": e.role,
        "action": e.action,
        "target": e.target,
        "outcome": e.outcome,
    }
    for key in extra:
        row[key] = pick(e.details, key)
    return row


NOT_YET = "no data in this period"
