"""Migrations on SQLite and PostgreSQL: up, down, up again; SQLite in WAL mode."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from appliance.db.engine import check_connection, current_revision, make_engine, upgrade
from appliance.db.models import Base
from appliance.errors import ServiceUnavailable
from tests.harness.ports import free_port


def test_when_upgraded_then_every_model_table_exists_and_downgrade_round_trips(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    rev = current_revision(engine)
    from alembic import command
    from alembic.config import Config

    from appliance.db.engine import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert "users" not in inspect(engine).get_table_names()
    upgrade(engine)
    assert current_revision(engine) == rev
    engine.dispose()


def test_when_sqlite_then_wal_and_foreign_keys_on(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_when_postgres_unreachable_then_error_says_how_to_start_it() -> None:
    engine = make_engine(f"postgresql://cbx@127.0.0.1:{free_port()}/cbx")
    with pytest.raises(ServiceUnavailable) as err:
        check_connection(engine)
    assert "127.0.0.1" in err.value.message and "PostgreSQL" in (err.value.hint or "")
