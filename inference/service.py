"""The `inference` local service: `corpusbox serve` under the supervisor (`corpusbox up`)."""

from __future__ import annotations


from appliance.config import Settings
from appliance.supervisor.spec import ServiceSpec, box_cli
from inference.settings import inference_settings


def inference_service_spec(settings: Settings) -> ServiceSpec:
    """The OpenAI-compatible server on inference.host:port; healthy once /healthz answers."""
    cfg = inference_settings(settings)
    argv, env = box_cli(settings.home, settings.config_file, "serve", "run")
    host = "127.0.0.1" if cfg.host in ("0.0.0.0", "::") else cfg.host
    # Over TLS the certificate may be the hospital's own CA: a TCP connect is the health check then.
    health = None if cfg.tls_cert else f"http://{host}:{cfg.port}/healthz"
    return ServiceSpec(name="inference", argv=argv, port=cfg.port, host=host, health_url=health,
                       env={**env, "TOKENIZERS_PARALLELISM": "false"},
                       description=f"OpenAI-compatible inference API at {cfg.base_url()}")
