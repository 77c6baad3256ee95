"""A real SeaweedFS for tests, started through the box's own supervisor code path."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from appliance.security.secrets import embedded_s3_credentials
from appliance.supervisor.objectstore import objectstore_spec
from appliance.supervisor.supervisor import Supervisor
from tests.harness.ports import free_port, free_port_block


# Every test box gets its own bucket prefix, so the session store holds hundreds of buckets (one
# volume each). Volumes are sparse files; the default cap (free disk / volume size) ran out on CI.
_VOLUME_MAX = 5000


class SeaweedServer:
    def __init__(self) -> None:
        self.home = Path(tempfile.mkdtemp(prefix="cbx-s3-"))
        self.port = free_port()
        self.base = free_port_block()
        self.supervisor = Supervisor(self.home, [objectstore_spec(self.home, "127.0.0.1", self.port, self.base,
                                                                      volume_max=_VOLUME_MAX)],
                                     start_timeout=60, stop_timeout=10)

    def start(self) -> "SeaweedServer":
        self.supervisor.up()
        return self

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def credentials(self) -> tuple[str, str]:
        return embedded_s3_credentials(self.home)

    def stop(self) -> None:
        self.supervisor.down()
        shutil.rmtree(self.home, ignore_errors=True)
