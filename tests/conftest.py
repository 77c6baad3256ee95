"""Shared fixtures: a real SeaweedFS, a real PostgreSQL, SQLite files, and initialised boxes on them."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Iterator

import pytest
from typer.testing import CliRunner

from appliance.box import Box
from appliance.config import load_settings
from appliance.services import boxops, tokens, users
from appliance.services.auth import Principal
from tests.harness.objectstore import SeaweedServer
from tests.harness.postgres import PostgresServer, pg_bindir

ADMIN_PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="session")
def seaweed() -> Iterator[SeaweedServer]:
    server = SeaweedServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    bindir = pg_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries not installed (scripts/setup.sh --test installs Debian's postgresql)")
    server = PostgresServer(bindir).start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database on each engine the product supports."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'meta.sqlite3'}"
    server: PostgresServer = request.getfixturevalue("pg_server")
    return server.create_database(f"t_{uuid.uuid4().hex[:12]}")


def write_config(home: Path, db: str, seaweed: SeaweedServer, extra: str = "") -> Path:
    """A configuration file pointing a box at the test database and (a private prefix of) the test store."""
    access, secret = seaweed.credentials
    home.mkdir(parents=True, exist_ok=True)
    path = home / "corpusbox.toml"
    path.write_text(
        f'box_name = "test-box"\n[database]\nurl = "{db}"\n'
        f'[storage]\nbackend = "s3"\nendpoint_url = "{seaweed.endpoint}"\naccess_key = "{access}"\n'
        f'secret_key = "{secret}"\nbucket_prefix = "t{uuid.uuid4().hex[:10]}-"\nmax_attempts = 2\n'
        f'[supervisor]\nservices = []\n{extra}'
    )
    return path


@pytest.fixture
def box_env(tmp_path: Path, db_url: str, seaweed: SeaweedServer) -> dict[str, str]:
    """Environment for a CLI invocation against a fresh box (not yet initialised)."""
    home = tmp_path / "home"
    cfg = write_config(home, db_url, seaweed)
    return {"CORPUSBOX_HOME": str(home), "CORPUSBOX_CONFIG": str(cfg)}


@pytest.fixture
def box(box_env: dict[str, str]) -> Iterator[Box]:
    """An initialised box: schema, buckets, and an admin named 'admin'."""
    settings = load_settings(env={**os.environ, **box_env})
    b = Box(settings)
    boxops.init_box(b, "admin", ADMIN_PASSWORD)
    b.ensure_buckets()
    yield b
    b.close()


@pytest.fixture
def admin(box: Box) -> Principal:
    return tokens.resolve(box, tokens.create_session(box, users.verify_password(box, "admin", ADMIN_PASSWORD)))


@pytest.fixture
def cli(box_env: dict[str, str]):  # type: ignore[no-untyped-def]
    """Invoke `corpusbox ...` in-process against the test box; returns Click's Result."""
    from appliance.cli.main import app

    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
        merged = {**box_env, "CORPUSBOX_TOKEN": "", "CORPUSBOX_PASSWORD": "", **(env or {})}
        return runner.invoke(app, list(args), input=input, env=merged, catch_exceptions=False)

    return invoke
