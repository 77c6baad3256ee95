"""The `auditship` local service: `corpusbox audit ship --follow` under the supervisor."""

from __future__ import annotations


from appliance.config import Settings
from appliance.errors import ConfigError
from appliance.supervisor.spec import ServiceSpec, box_cli


def auditship_service_spec(settings: Settings) -> ServiceSpec:
    """Ship audit events to `audit.ship_to` continuously (no port: health is the process itself)."""
    if settings.audit.ship_to is None:
        raise ConfigError("service 'auditship' needs audit.ship_to", hint="set [audit] ship_to = \"/var/log/...\"")
    argv, env = box_cli(settings.home, settings.config_file,
                        "audit", "ship", "--follow", "--output", str(settings.audit.ship_to))
    return ServiceSpec(name="auditship", argv=argv, env=env, description="audit log shipping to the SIEM file")
