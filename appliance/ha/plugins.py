"""Supervisor services contributed by HA (registered in appliance.box.SERVICE_PLUGINS by name)."""

from __future__ import annotations

import sys

from appliance.config import Settings
from appliance.supervisor.spec import ServiceSpec


def follower_service_spec(settings: Settings) -> ServiceSpec:
    """`ha-follower`: starts/stops the primary-only services as Patroni promotes or demotes this box."""
    from appliance.ha.settings import load_pair, pair_path

    follower = settings.home / "ha" / "follower.json"
    port = load_pair(pair_path(settings.home)).ports.follower
    return ServiceSpec(
        name="ha-follower",
        argv=[sys.executable, "-m", "appliance.ha.runtime", str(follower)],
        env={"CORPUSBOX_HOME": str(settings.home)},
        cwd=settings.home,
        port=port,
        health_url=f"http://127.0.0.1:{port}/",
        description="HA role follower (services follow the Patroni primary; fences a silent primary)",
    )
