"""Metadata database: models, engines, sessions and migrations."""

from appliance.db.engine import check_connection, make_engine, session_factory, transaction, upgrade
from appliance.db.models import Base

__all__ = ["Base", "check_connection", "make_engine", "session_factory", "transaction", "upgrade"]
