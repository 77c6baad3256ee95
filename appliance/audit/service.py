"""The `auditship` local service: `corpusbox audit ship --follow` under the supervisor."""

from __future__ import annotations

import sys

from appliance.config import Settings
from appliance.errors import ConfigError
from appliance.supervisor.spec import ServiceSpec


def auditship_service_spec(settings: Settings) -> ServiceSpec:
    """Ship audit events to `audit.ship_to` continuously (no port: health is the process itself)."""
    if settings.audit.ship_to is None:
        raise ConfigError("service 'auditship' needs audit.ship_to", hint="set [audit] ship_to = \"/var/log/...\"")
    argv = [sys.executable, "-m", "appliance.cli.main"]
    if settings.config_file:
        argv += ["--config", str(settings.config_file)]
    argv += ["audit", "ship", "--follow", "--output", str(settings.audit.ship_to)]
    return ServiceSpec(name="auditship", argv=argv, description="audit log shipping to the SIEM file")
