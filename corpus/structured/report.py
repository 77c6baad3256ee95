"""Per-file results and batch reports: counts, names of columns and errors; never values."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from corpus.structured.rules import FieldStats


@dataclass
class FileResult:
    """The outcome for one input file."""

    source: str
    output: str | None = None
    ok: bool = True
    records: int = 0
    error_code: str | None = None
    error: str | None = None
    unknown_dropped: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    skipped_records: list[dict[str, Any]] = field(default_factory=list)
    fields: dict[str, FieldStats] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON output and the audit log."""
        data = {k: v for k, v in self.__dict__.items() if k != "fields"}
        data["fields"] = {k: s.to_dict() for k, s in self.fields.items()}
        return data


@dataclass
class BatchReport:
    """The outcomes of a batch: failed files do not stop the others."""

    files: list[FileResult] = field(default_factory=list)

    @property
    def failed(self) -> list[FileResult]:
        """Files that produced no output."""
        return [f for f in self.files if not f.ok]

    def unknown_dropped(self) -> list[str]:
        """Every column or path dropped because the policy did not name it."""
        return sorted({u for f in self.files for u in f.unknown_dropped})

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON output."""
        return {
            "files": [f.to_dict() for f in self.files],
            "ok": len(self.files) - len(self.failed),
            "failed": len(self.failed),
            "unknown_dropped": self.unknown_dropped(),
        }
