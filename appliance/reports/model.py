"""The report's data: sections of rows with fixed columns, plus the audit-chain evidence."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Section:
    """One table of the report. `note` says why a section is empty (no data yet, feature not installed)."""

    key: str
    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    note: str | None = None
    totals: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ComplianceReport:
    """Everything a compliance report shows, as plain data (JSON-ready)."""

    meta: dict[str, Any]
    period: dict[str, str]
    summary: dict[str, Any]
    sections: list[Section]
    chain: dict[str, Any]

    def section(self, key: str) -> Section:
        for sec in self.sections:
            if sec.key == key:
                return sec
        raise KeyError(key)

    def to_dict(self) -> dict[str, Any]:
        return {
            "meta": self.meta,
            "period": self.period,
            "summary": self.summary,
            "sections": {s.key: s.to_dict() for s in self.sections},
            "chain": self.chain,
        }
