"""Bounded telemetry retention in a small SQLite file under `<home>/telemetry/`.

Kept apart from the metadata database: samples arrive every few seconds and are not audit data.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from appliance.hardware.telemetry.models import TelemetrySample

_SCHEMA = "CREATE TABLE IF NOT EXISTS samples (id INTEGER PRIMARY KEY AUTOINCREMENT, ts REAL, body TEXT)"


def telemetry_db_path(home: Path) -> Path:
    """Where a box keeps its telemetry samples."""
    return home / "telemetry" / "samples.sqlite3"


class TelemetryStore:
    """Append samples and keep only the newest `retention` of them."""

    def __init__(self, path: Path, retention: int = 720) -> None:
        self.path, self.retention = path, retention
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")  # the exporter writes while the console reads
            db.execute(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=5)

    def append(self, sample: TelemetrySample) -> None:
        """Store one sample and drop those beyond the retention bound."""
        with self._connect() as db:
            cur = db.execute("INSERT INTO samples (ts, body) VALUES (?, ?)",
                             (sample.ts, sample.model_dump_json()))
            db.execute("DELETE FROM samples WHERE id <= ?", (cur.lastrowid - self.retention,))

    def recent(self, limit: int = 60) -> list[TelemetrySample]:
        """The newest `limit` samples, oldest first (ready to plot)."""
        with self._connect() as db:
            rows = db.execute("SELECT body FROM samples ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return [TelemetrySample.model_validate_json(body) for (body,) in reversed(rows)]

    def count(self) -> int:
        """Samples currently kept."""
        with self._connect() as db:
            return db.execute("SELECT COUNT(*) FROM samples").fetchone()[0]


def recent_samples(home: Path, limit: int = 60) -> list[TelemetrySample]:
    """The console's read path: newest samples of the box at `home` (empty when none yet)."""
    path = telemetry_db_path(home)
    if not path.exists():
        return []
    return TelemetryStore(path).recent(limit)
