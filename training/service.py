"""The box's Ray head as a supervised local service (enable "ray" in supervisor.services)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from appliance.config import Settings
from appliance.supervisor.spec import ServiceSpec
from training.scheduler import RAY_PORT


def ray_binary() -> str:
    beside = Path(sys.executable).with_name("ray")
    return str(beside) if beside.exists() else "ray"


def ray_service_spec(settings: Settings) -> ServiceSpec:
    """`ray start --head --block` on loopback; GPUs and CPUs are discovered by Ray itself."""
    temp = settings.home / "ray"
    temp.mkdir(parents=True, exist_ok=True)
    argv = [ray_binary(), "start", "--head", "--block", f"--port={RAY_PORT}", "--node-ip-address=127.0.0.1",
            "--include-dashboard=false", "--disable-usage-stats", f"--temp-dir={temp}"]
    repo = str(Path(__file__).resolve().parent.parent)
    env = {"RAY_USAGE_STATS_ENABLED": "0",
           "PYTHONPATH": os.pathsep.join(filter(None, [repo, os.environ.get("PYTHONPATH")]))}
    return ServiceSpec(name="ray", argv=argv, port=RAY_PORT, env=env,
                       description="Ray head: queues fine-tune jobs and assigns GPUs")
