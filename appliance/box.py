"""The box: builds engines, stores, the audit log and the supervisor from settings, once per process.

The CLI, the console and the API all get their services from a Box; no UI builds these itself.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session, sessionmaker

from appliance.audit.log import AuditLog
from appliance.config import Settings
from appliance.db.engine import check_connection, current_revision, make_engine, session_factory, upgrade
from appliance.errors import NotInitialisedError
from appliance.security import secrets
from appliance.storage.layout import AUDIT, QUARANTINE, bucket_layout
from appliance.storage.s3 import AuditBucketSink, ObjectStore
from appliance.supervisor.objectstore import objectstore_spec
from appliance.supervisor.spec import ServiceSpec
from appliance.supervisor.supervisor import Supervisor


class Box:
    """Lazily built handles to everything a service needs."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.home = settings.home

    # ----- database ------------------------------------------------------------------------
    @cached_property
    def engine(self) -> Engine:
        return make_engine(self.settings.database_url, echo=self.settings.database.echo)

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        return session_factory(self.engine)

    def migrate(self) -> str | None:
        """Bring the schema to the newest migration; returns the revision."""
        check_connection(self.engine)
        upgrade(self.engine)
        return current_revision(self.engine)

    def require_schema(self) -> None:
        """Fail with a clear message when the database was never initialised."""
        check_connection(self.engine)
        if not inspect(self.engine).has_table("users"):
            raise NotInitialisedError(
                f"the box at {self.home} is not initialised (no schema in {self._db_name()})",
                hint="run `corpusbox init --admin NAME` (or `corpusbox demo`)",
            )

    def _db_name(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    # ----- object store --------------------------------------------------------------------
    @cached_property
    def store(self) -> ObjectStore:
        return ObjectStore(**self.store_params())

    def store_params(self) -> dict[str, Any]:
        """Keyword arguments for this box's ObjectStore (picklable: workers rebuild it elsewhere)."""
        st = self.settings.storage
        if st.backend == "embedded":
            access, secret = secrets.embedded_s3_credentials(self.home)
            endpoint = f"http://{st.host}:{st.s3_port}"
        else:
            if not (st.endpoint_url and st.access_key and st.secret_key):
                raise NotInitialisedError(
                    "storage.backend is 's3' but endpoint_url, access_key or secret_key is missing",
                    hint="set them in the [storage] section of the configuration",
                )
            endpoint, access, secret = (st.endpoint_url, st.access_key.get_secret_value(),
                                        st.secret_key.get_secret_value())
        mb = 1024 * 1024
        return {
            "endpoint_url": endpoint, "access_key": access, "secret_key": secret, "region": st.region,
            "bucket_prefix": st.bucket_prefix, "multipart_threshold": st.multipart_threshold_mb * mb,
            "chunk_size": st.multipart_chunk_mb * mb, "max_concurrency": st.max_concurrency,
            "max_attempts": st.max_attempts, "connect_timeout": st.connect_timeout_s, "verify_tls": st.verify_tls,
            "specs": bucket_layout(), "request_checksums": st.request_checksums,
        }

    def retention_days(self) -> dict[str, int]:
        st = self.settings.storage
        return {QUARANTINE: st.quarantine_retention_days, AUDIT: st.audit_retention_days}

    def ensure_buckets(self) -> list[str]:
        """Create the bucket layout where missing; returns the buckets created."""
        return self.store.ensure_layout(bucket_layout(), self.retention_days())

    @cached_property
    def audit_sink(self) -> AuditBucketSink:
        return AuditBucketSink(self.store, self.settings.storage.audit_retention_days)

    # ----- audit ---------------------------------------------------------------------------
    @cached_property
    def audit(self) -> AuditLog:
        return AuditLog(
            self.sessions,
            secrets.signing_key(self.home),
            secrets.box_id(self.home),
            sink=self.audit_sink,
            sign_every_events=self.settings.audit.sign_every_events,
            sign_every_seconds=self.settings.audit.sign_every_seconds,
        )

    # ----- services ------------------------------------------------------------------------
    def service_specs(self) -> list[ServiceSpec]:
        """The local services this box runs, in start order."""
        st = self.settings.storage
        specs: list[ServiceSpec] = []
        for name in self.settings.supervisor.services:
            if name == "objectstore":
                if st.backend == "embedded":
                    specs.append(objectstore_spec(self.home, st.host, st.s3_port, st.internal_port_base,
                                                   st.embedded_volume_max))
            else:
                specs.append(_plugin_spec(name, self.settings))
        return specs

    @cached_property
    def supervisor(self) -> Supervisor:
        sv = self.settings.supervisor
        return Supervisor(self.home, self.service_specs(), sv.start_timeout_s, sv.stop_timeout_s)

    def pseudonym_key(self) -> bytes:
        return secrets.pseudonym_key(self.home)

    def close(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()


# Services contributed by other packages: name -> "module:function(settings) -> ServiceSpec".
SERVICE_PLUGINS = {
    "telemetry": "appliance.hardware.service:telemetry_service_spec",
    "inference": "inference.service:inference_service_spec",
    "ray": "training.service:ray_service_spec",
    "auditship": "appliance.audit.service:auditship_service_spec",
    "ha-follower": "appliance.ha.plugins:follower_service_spec",
}


def _plugin_spec(name: str, settings: Settings) -> ServiceSpec:
    import importlib

    from appliance.errors import ConfigError

    target = SERVICE_PLUGINS.get(name)
    if target is None:
        raise ConfigError(f"supervisor.services names unknown service {name!r}",
                          hint=f"known services: objectstore, {', '.join(SERVICE_PLUGINS)}")
    module, func = target.split(":")
    try:
        return getattr(importlib.import_module(module), func)(settings)
    except ImportError as exc:
        raise ConfigError(f"service {name!r} is not available in this installation ({exc})",
                          hint="remove it from supervisor.services") from exc
