"""Storage layer vs plain boto3 against the same SeaweedFS, in one run, interleaved.

    .venv/bin/python benchmarks/bench_storage.py [--rounds 5] [--json out.json]

For 1 MB and 64 MB objects it measures put and get throughput of appliance.storage.ObjectStore
(SHA-256 and CRC-32 recorded on put, CRC-32 verified on get) against two baselines doing the plain
operations (put_object / upload_file, get_object().read() / download_file):
- "boto3 default client": boto3 as a user gets it out of the box (client and TransferConfig
  defaults). This is the acceptance comparison: "the layer keeps >= 0.9 of boto3's throughput".
- "boto3": boto3 with the layer's own client and transfer settings, so the ratio isolates what
  the layer's checksums and bookkeeping cost on top of its settings.
Operations run one by one in a rotating order so machine noise hits all three alike; each round
gives a rate per implementation. Reported: the ratio of median rates and the median per-round ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import boto3
from boto3.s3.transfer import TransferConfig

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from appliance.security.secrets import embedded_s3_credentials  # noqa: E402
from appliance.storage.layout import bucket_layout  # noqa: E402
from appliance.storage.s3 import ObjectStore  # noqa: E402
from appliance.supervisor.objectstore import objectstore_spec  # noqa: E402
from appliance.supervisor.supervisor import Supervisor  # noqa: E402
from tests.harness.ports import free_port, free_port_block  # noqa: E402

MB = 1024 * 1024


def timed(fn: Callable[[], None]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--small-ops", type=int, default=30, help="1 MB objects per round")
    parser.add_argument("--large-ops", type=int, default=2, help="64 MB objects per round")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="cbx-bench-"))
    port = free_port()
    sup = Supervisor(home, [objectstore_spec(home, "127.0.0.1", port, free_port_block())], start_timeout=60)
    sup.up()
    try:
        results = run(home, port, args)
    finally:
        sup.down()
        shutil.rmtree(home, ignore_errors=True)  # every round's objects and versions: GBs of disk
    print_report(results)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2))


def run(home: Path, port: int, args: argparse.Namespace) -> dict:  # type: ignore[type-arg]
    access, secret = embedded_s3_credentials(home)
    endpoint = f"http://127.0.0.1:{port}"
    store = ObjectStore(endpoint, access, secret, bucket_prefix="bench-", specs=bucket_layout())
    store.ensure_layout(bucket_layout(), {})
    same = store.client  # identical client settings: measures the layer's own overhead
    plain = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=access, aws_secret_access_key=secret,
                         region_name="us-east-1")
    bucket = store.bucket("curated")
    tcfg = store.transfer
    work = Path(tempfile.mkdtemp(prefix="cbx-bench-data-", dir=home))
    small = os.urandom(MB)
    large = work / "large.bin"
    large.write_bytes(os.urandom(64 * MB))

    cases: dict[str, dict[str, Callable[[int], None]]] = {
        "put 1 MB": {
            "boto3": lambda i: same.put_object(Bucket=bucket, Key=f"b/s{i}", Body=small),
            "boto3 default client": lambda i: plain.put_object(Bucket=bucket, Key=f"p/s{i}", Body=small),
            "layer": lambda i: store.put_bytes("curated", f"l/s{i}", small),
        },
        "get 1 MB": {
            "boto3": lambda i: same.get_object(Bucket=bucket, Key=f"b/s{i}")["Body"].read(),
            "boto3 default client": lambda i: plain.get_object(Bucket=bucket, Key=f"p/s{i}")["Body"].read(),
            "layer": lambda i: store.get_bytes("curated", f"l/s{i}"),
        },
        "put 64 MB": {
            "boto3": lambda i: same.upload_file(str(large), bucket, f"b/L{i}", Config=tcfg),
            "boto3 default client": lambda i: plain.upload_file(str(large), bucket, f"p/L{i}",
                                                                Config=TransferConfig()),
            "layer": lambda i: store.put_file("curated", f"l/L{i}", large),
        },
        "get 64 MB": {
            "boto3": lambda i: same.download_file(bucket, f"b/L{i}", str(work / "b.out"), Config=tcfg),
            "boto3 default client": lambda i: plain.download_file(bucket, f"p/L{i}", str(work / "p.out"),
                                                                  Config=TransferConfig()),
            "layer": lambda i: store.get_file("curated", f"l/L{i}", work / "l.out"),
        },
    }
    out: dict = {"machine": machine(), "date": time.strftime("%Y-%m-%d"), "rounds": args.rounds, "cases": {}}
    for name, impls in cases.items():
        ops = args.small_ops if "1 MB" in name else args.large_ops
        size = MB if "1 MB" in name else 64 * MB
        rates: dict[str, list[float]] = {k: [] for k in impls}
        names = list(impls)
        for r in range(args.rounds):
            secs = dict.fromkeys(names, 0.0)
            for i in range(ops):
                # Operation by operation, in a rotating order: load spikes on a shared machine
                # hit every implementation alike instead of whichever ran during the spike.
                shift = (r * ops + i) % len(names)
                for impl in names[shift:] + names[:shift]:
                    secs[impl] += timed(lambda: impls[impl](i))
            for impl in names:
                rates[impl].append(ops * size / MB / secs[impl])
        med = {k: statistics.median(v) for k, v in rates.items()}
        paired = {base: statistics.median(lay / b for lay, b in zip(rates["layer"], rates[base]))
                  for base in ("boto3", "boto3 default client")}
        out["cases"][name] = {"MB_per_s": med, "ratio_layer_to_boto3": med["layer"] / med["boto3"],
                              "ratio_layer_to_default_boto3": med["layer"] / med["boto3 default client"],
                              "median_round_ratio": paired, "samples": rates}
    return out


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def print_report(results: dict) -> None:  # type: ignore[type-arg]
    print(f"machine: {results['machine']}  date: {results['date']}  rounds: {results['rounds']}")
    print("| case | layer MB/s | boto3 default client MB/s | layer/default (per-round) | "
          "boto3, layer's settings MB/s | layer/that (per-round) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, c in results["cases"].items():
        m, pr = c["MB_per_s"], c["median_round_ratio"]
        print(f"| {name} | {m['layer']:.0f} | {m['boto3 default client']:.0f} | "
              f"{c['ratio_layer_to_default_boto3']:.2f} ({pr['boto3 default client']:.2f}) | "
              f"{m['boto3']:.0f} | {c['ratio_layer_to_boto3']:.2f} ({pr['boto3']:.2f}) |")


if __name__ == "__main__":
    main()
