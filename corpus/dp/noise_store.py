"""Where per-record noisy values live, so a re-export returns them instead of sampling again."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Mapping, Protocol

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker


class NoiseStore(Protocol):
    """Noisy values keyed by (dataset, field, record key); written once, read forever."""

    def get_many(self, dataset: str, field: str, records: Iterable[str]) -> dict[str, float]:
        """The stored values of those records that have one."""
        ...

    def put_many(self, dataset: str, field: str, values: Mapping[str, float]) -> dict[str, float]:
        """Store values not yet stored; return what is stored now for these records (first write wins)."""
        ...


class MemoryNoiseStore:
    """A dict-backed store for one process (tests, dry runs)."""

    def __init__(self) -> None:
        self._data: dict[tuple[str, str, str], float] = {}

    def get_many(self, dataset: str, field: str, records: Iterable[str]) -> dict[str, float]:
        """The stored values of those records that have one."""
        return {r: self._data[(dataset, field, r)] for r in records if (dataset, field, r) in self._data}

    def put_many(self, dataset: str, field: str, values: Mapping[str, float]) -> dict[str, float]:
        """Store values not yet stored; return what is stored now."""
        for rec, value in values.items():
            self._data.setdefault((dataset, field, rec), value)
        return self.get_many(dataset, field, values)


class SqliteNoiseStore:
    """A SQLite file of noisy values (one per dataset/field/record), safe across processes."""

    _SCHEMA = (
        "CREATE TABLE IF NOT EXISTS dp_noise_values (dataset TEXT NOT NULL, field TEXT NOT NULL, "
        "record TEXT NOT NULL, value REAL NOT NULL, PRIMARY KEY (dataset, field, record)) WITHOUT ROWID"
    )
    _CHUNK = 500

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute(self._SCHEMA)

    def get_many(self, dataset: str, field: str, records: Iterable[str]) -> dict[str, float]:
        """The stored values of those records that have one."""
        keys = list(records)
        found: dict[str, float] = {}
        with self._lock:
            for i in range(0, len(keys), self._CHUNK):
                chunk = keys[i : i + self._CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = self._conn.execute(
                    f"SELECT record, value FROM dp_noise_values WHERE dataset=? AND field=? AND record IN ({marks})",
                    (dataset, field, *chunk),
                )
                found.update(rows.fetchall())
        return found

    def put_many(self, dataset: str, field: str, values: Mapping[str, float]) -> dict[str, float]:
        """Store values not yet stored (INSERT OR IGNORE: the first writer wins); return what is stored."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._conn.executemany(
                    "INSERT OR IGNORE INTO dp_noise_values (dataset, field, record, value) VALUES (?, ?, ?, ?)",
                    [(dataset, field, rec, float(v)) for rec, v in values.items()],
                )
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
        return self.get_many(dataset, field, values)

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()


class DatabaseNoiseStore:
    """Noisy values in the box's metadata database (SQLite or PostgreSQL; replicated on an HA pair)."""

    _CHUNK = 500

    def __init__(self, sessions: "sessionmaker[Session]") -> None:
        self._sessions = sessions

    def get_many(self, dataset: str, field: str, records: Iterable[str]) -> dict[str, float]:
        """The stored values of those records that have one."""
        from sqlalchemy import select

        from appliance.db.models import DpNoiseValue as Row

        keys = list(records)
        found: dict[str, float] = {}
        with self._sessions() as session:
            for i in range(0, len(keys), self._CHUNK):
                query = select(Row.record, Row.value).where(
                    Row.dataset == dataset, Row.field == field, Row.record.in_(keys[i : i + self._CHUNK]))
                found.update({r: v for r, v in session.execute(query)})
        return found

    def put_many(self, dataset: str, field: str, values: Mapping[str, float]) -> dict[str, float]:
        """Store values not yet stored (first writer wins, also across processes); return what is stored."""
        from appliance.db.models import DpNoiseValue as Row

        rows = [{"dataset": dataset, "field": field, "record": r, "value": float(v)} for r, v in values.items()]
        with self._sessions() as session, session.begin():
            dialect = session.get_bind().dialect.name
            if dialect == "postgresql":
                from sqlalchemy.dialects.postgresql import insert
            else:
                from sqlalchemy.dialects.sqlite import insert
            for i in range(0, len(rows), self._CHUNK):
                session.execute(insert(Row).values(rows[i : i + self._CHUNK]).on_conflict_do_nothing())
        return self.get_many(dataset, field, values)
