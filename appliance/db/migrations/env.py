"""Alembic environment: migrations run on the connection CorpusBox hands over (never a hard-coded URL)."""

import importlib

from alembic import context

from appliance.db.models import Base

# Packages that add tables register their models on the same Base (each has its own migration branch).
MODEL_MODULES = ["corpus.models", "training.models", "inference.models", "appliance.ha.models"]
for _name in MODEL_MODULES:
    try:
        importlib.import_module(_name)
    except ModuleNotFoundError as _exc:
        if not (_exc.name and _name.startswith(_exc.name)):
            raise

target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through appliance.db.upgrade() or `corpusbox db upgrade`")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
