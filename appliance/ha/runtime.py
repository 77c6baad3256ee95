"""Run the role follower from `<home>/ha/follower.json` (written by `corpusbox ha init|join`).

`python -m appliance.ha.runtime FILE` is what the supervisor's `ha-follower` service runs.
"""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path
from typing import Any

from appliance.ha.events import HaEventLog
from appliance.ha.follower import FollowerConfig, RoleFollower
from appliance.ha.generate import filer_sync_argv
from appliance.ha.patroni_api import PatroniClient
from appliance.ha.settings import load_pair
from appliance.supervisor.spec import ServiceSpec

OBJREPLICA = "objreplica"


def spec_from_dict(doc: dict[str, Any]) -> ServiceSpec:
    doc = dict(doc)
    if doc.get("cwd"):
        doc["cwd"] = Path(doc["cwd"])
    doc["extra_ports"] = tuple(doc.get("extra_ports", ()))
    return ServiceSpec(**doc)


def build(doc: dict[str, Any]) -> RoleFollower:
    """The follower described by a follower.json document."""
    home = Path(doc["home"])
    pair = load_pair(Path(doc["pair_file"]))
    member = doc["member"]
    weed = doc.get("weed", "weed")

    def standby_spec(leader: str) -> ServiceSpec | None:
        if not doc.get("objreplica", True):
            return None
        me, port = pair.member(member).address, pair.ports.replica_metrics
        return ServiceSpec(name=OBJREPLICA, argv=filer_sync_argv(pair, member, leader, weed=weed), port=port,
                           host=me, health_url=f"http://{me}:{port}/metrics", cwd=home,
                           description=f"object replica following {leader}")

    primary = [spec_from_dict(s) for s in doc.get("primary_specs", [])]
    if doc.get("config"):
        primary += _box_specs(doc["config"], doc.get("primary_services", pair.primary_services))
    cfg = FollowerConfig(
        member=member, home=home, pg_data_dir=Path(doc.get("pg_data_dir", pair.pg_data_dir)),
        pg_bin_dir=pair.pg_bin_dir, fence_after_s=float(doc.get("fence_after_s", pair.timing.fence_after_s)),
        primary_specs=primary, standby_spec=standby_spec, release_vip=doc.get("release_vip"),
    )
    client = PatroniClient(doc["patroni_url"], timeout=1.0)
    audit = _audit_record(doc["config"]) if doc.get("config") else None
    return RoleFollower(client, cfg, HaEventLog(home / "ha" / "events.jsonl", member, audit))


def _box_specs(config: str, names: list[str]) -> list[ServiceSpec]:
    from appliance.box import Box
    from appliance.config import load_settings

    settings = load_settings(config).model_copy(deep=True)
    # The follower owns these: they are not in supervisor.services on a paired box.
    settings.supervisor.services = list(names)
    return Box(settings).service_specs()


def _audit_record(config: str):  # type: ignore[no-untyped-def]
    from appliance.box import Box
    from appliance.config import load_settings

    box = Box(load_settings(config))
    return box.audit.record


def _serve_health(follower: RoleFollower, port: int) -> None:
    """GET http://127.0.0.1:port/ -> {"member", "role", "leader"} (the supervisor's health check)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = json.dumps({"member": follower.cfg.member, "role": follower.role,
                               "leader": follower.leader}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()


def main(argv: list[str]) -> int:
    doc = json.loads(Path(argv[0]).read_text())
    follower = build(doc)
    stopping = {"now": False}

    def _stop(*_: object) -> None:
        stopping["now"] = True

    signal.signal(signal.SIGTERM, _stop)  # `corpusbox down`
    signal.signal(signal.SIGINT, _stop)  # Ctrl-C on `corpusbox ha follow`
    if doc.get("health_port"):
        _serve_health(follower, int(doc["health_port"]))
    follower.run(float(doc.get("interval_s", 1.0)), should_stop=lambda: stopping["now"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
