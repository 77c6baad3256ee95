"""Database engines and sessions: SQLite in WAL mode by default, PostgreSQL by URL."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Iterator

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from appliance.errors import ConfigError, ServiceUnavailable

MIGRATIONS = Path(__file__).with_name("migrations")


def make_engine(url: str, echo: bool = False) -> Engine:
    """An engine for the URL, with SQLite tuned for concurrent readers and one writer."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigError(f"database URL is malformed: {exc}", hint="use sqlite:///PATH or postgresql+psycopg://...") from exc
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername.startswith("sqlite"):
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, echo=echo, connect_args={"timeout": 30})
        _tune_sqlite(engine)
        return engine
    return create_engine(parsed, echo=echo, pool_pre_ping=True, connect_args={"connect_timeout": 5})


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        # Take transaction control from the driver so BEGIN IMMEDIATE can serialise writers:
        # a read-then-write (the audit chain) must not interleave with another writer.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory whose objects stay readable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


@contextlib.contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error (nothing half-written)."""
    with factory() as session:
        with session.begin():
            yield session


def check_connection(engine: Engine) -> None:
    """Raise ServiceUnavailable, naming the database, when it cannot be reached."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        url = engine.url.render_as_string(hide_password=True)
        hint = (
            "start PostgreSQL (e.g. `systemctl start postgresql`) or point database.url at a running server"
            if engine.url.get_backend_name() == "postgresql"
            else "check that the data root is writable"
        )
        raise ServiceUnavailable(f"database {url} is not reachable: {exc.orig}", hint=hint) from exc


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Apply Alembic migrations up to `revision` (default: every branch's head) on this engine.

    Each package that owns tables (corpus, training, inference, ha) keeps its own Alembic branch
    starting from the core's first revision, so their migrations never conflict.
    """
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def current_revision(engine: Engine) -> str | None:
    """The migration revisions the database is at (comma-separated heads), or None before any."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        heads = MigrationContext.configure(conn).get_current_heads()
    return ",".join(sorted(heads)) or None
