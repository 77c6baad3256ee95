"""Builds the server from a box and settings, and runs it under uvicorn (HTTP or HTTPS)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from appliance.errors import ConfigError
from inference.api.handler import InferenceHandler
from inference.engines import build_engine
from inference.engines.base import Engine
from inference.manager import ModelManager, ModelSource, RegistrySource
from inference.settings import InferenceSettings

if TYPE_CHECKING:
    from appliance.box import Box


def build_handler(box: "Box", settings: InferenceSettings, source: ModelSource | None = None) -> InferenceHandler:
    """The handler with a model manager loading from the registry through the configured engines."""

    def factory(kind: str, path: Path) -> Engine:
        return build_engine(kind, path, device=settings.device, quantization=settings.quantization,
                            max_batch_size=settings.max_batch_size, batch_wait_ms=settings.batch_wait_ms,
                            cpu_threads=settings.engine_cpu_threads())

    return InferenceHandler(box, settings, ModelManager(source or RegistrySource(box), factory))


def uvicorn_config(app: Any, settings: InferenceSettings) -> Any:
    """A uvicorn Config: TLS when cert and key are set; uvicorn's access log off (ours has no PHI either)."""
    import uvicorn

    tls: dict[str, Any] = {}
    if settings.tls_cert and settings.tls_key:
        for path in (settings.tls_cert, settings.tls_key):
            if not Path(path).is_file():
                raise ConfigError(f"inference TLS file {path} does not exist", hint="fix inference.tls_cert / tls_key")
        tls = {"ssl_certfile": str(settings.tls_cert), "ssl_keyfile": str(settings.tls_key)}
    return uvicorn.Config(app, host=settings.host, port=settings.port, access_log=False, log_level="warning",
                          timeout_graceful_shutdown=10, **tls)


def serve(box: "Box", settings: InferenceSettings) -> None:
    """Run the API in the foreground until interrupted."""
    import uvicorn

    from inference.api.app import create_app

    box.require_schema()
    uvicorn.Server(uvicorn_config(create_app(build_handler(box, settings)), settings)).run()
