"""Prometheus exposition of the latest sample, and the small exporter process that serves it.

Run as `python -m appliance.hardware.telemetry.exporter --home H --port P` (the supervisor does)
or `corpusbox telemetry serve`. It samples every interval, keeps the bounded history on disk,
and answers `/metrics` (Prometheus text format) and `/healthz`.
"""

from __future__ import annotations

import argparse
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from appliance.hardware.telemetry.models import TelemetrySample
from appliance.hardware.telemetry.sampler import Sampler
from appliance.hardware.telemetry.store import TelemetryStore, telemetry_db_path

log = logging.getLogger(__name__)
_GPU_LABELS = ["gpu", "uuid"]
_GPU_GAUGES = [  # (metric suffix, help, sample attribute, scale)
    ("utilization_ratio", "GPU busy fraction.", "utilization_pct", 0.01),
    ("memory_used_bytes", "GPU framebuffer in use.", "memory_used_bytes", 1),
    ("memory_total_bytes", "GPU framebuffer size.", "memory_total_bytes", 1),
    ("temperature_celsius", "GPU core temperature.", "temperature_c", 1),
    ("power_watts", "GPU board power draw.", "power_w", 1),
    ("ecc_volatile_uncorrected_errors", "Uncorrected ECC errors since driver load.",
     "ecc_volatile_uncorrected", 1),
]


def _gauge(name: str, doc: str, value: float, labels: dict[str, str] | None = None) -> GaugeMetricFamily:
    fam = GaugeMetricFamily(f"corpusbox_{name}", doc, labels=list(labels or {}))
    fam.add_metric(list((labels or {}).values()), value)
    return fam


def sample_metrics(s: TelemetrySample) -> Iterator[Metric]:
    """Metric families for one sample."""
    yield _gauge("telemetry_sample_timestamp_seconds", "Unix time of the latest sample.", s.ts)
    yield _gauge("cpu_utilization_ratio", "CPU busy fraction over all cores.", s.cpu_percent / 100)
    yield _gauge("load1", "1-minute load average.", s.load1)
    yield _gauge("memory_used_bytes", "RAM in use.", s.memory_used_bytes)
    yield _gauge("memory_total_bytes", "RAM installed.", s.memory_total_bytes)
    yield _gauge("disk_used_bytes", "Used space on the data root.", s.disk_used_bytes, {"path": s.disk_path})
    yield _gauge("disk_total_bytes", "Size of the data root.", s.disk_total_bytes, {"path": s.disk_path})
    for direction, value in (("received", s.net_rx_bytes), ("sent", s.net_tx_bytes)):
        fam = CounterMetricFamily(f"corpusbox_network_{direction}_bytes",
                                  f"Bytes {direction} on non-loopback interfaces.")
        fam.add_metric([], value)
        yield fam
    yield _gauge("gpu_count", "GPUs visible to NVML (0 without a driver).", len(s.gpus))
    for suffix, doc, attr, scale in _GPU_GAUGES:
        fam = GaugeMetricFamily(f"corpusbox_gpu_{suffix}", doc, labels=_GPU_LABELS)
        for g in s.gpus:
            value = getattr(g, attr)
            if value is not None:
                fam.add_metric([str(g.index), g.uuid or ""], value * scale)
        yield fam


class LatestSampleCollector:
    """A prometheus_client collector that renders whatever sample it holds."""

    def __init__(self) -> None:
        self.sample: TelemetrySample | None = None

    def collect(self) -> Iterator[Metric]:
        if self.sample is not None:
            yield from sample_metrics(self.sample)


def render_metrics(sample: TelemetrySample) -> bytes:
    """Prometheus text exposition of one sample."""
    collector = LatestSampleCollector()
    collector.sample = sample
    registry = CollectorRegistry(auto_describe=False)
    registry.register(collector)  # type: ignore[arg-type]
    return generate_latest(registry)


class Exporter:
    """Sampling loop + HTTP server; `start()` returns once the port is bound."""

    def __init__(self, home: Path, port: int, host: str = "127.0.0.1", interval_s: float = 5.0,
                 retention: int = 720, sampler: Sampler | None = None) -> None:
        self.interval_s = interval_s
        self.store = TelemetryStore(telemetry_db_path(home), retention)
        self.sampler = sampler or Sampler(home)
        self.collector = LatestSampleCollector()
        self.registry = CollectorRegistry(auto_describe=False)
        self.registry.register(self.collector)  # type: ignore[arg-type]
        self._stop = threading.Event()
        self.server = ThreadingHTTPServer((host, port), _handler(self))
        self.port = self.server.server_address[1]

    def tick(self) -> TelemetrySample:
        """Take, keep and publish one sample."""
        sample = self.sampler.sample()
        self.store.append(sample)
        self.collector.sample = sample
        return sample

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.tick()
            except Exception:  # keep serving the last good sample; the error goes to the log
                log.exception("telemetry sample failed")
            self._stop.wait(self.interval_s)

    def start(self) -> None:
        """Take a first sample, then sample and serve in background threads."""
        self.tick()
        threading.Thread(target=self._loop, name="telemetry-sampler", daemon=True).start()
        threading.Thread(target=self.server.serve_forever, name="metrics-http", daemon=True).start()

    def stop(self) -> None:
        """Stop sampling and serving."""
        self._stop.set()
        self.server.shutdown()
        self.server.server_close()
        self.sampler.close()

    def serve_forever(self) -> None:
        """Start and block until interrupted."""
        self.start()
        try:
            self._stop.wait()
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()


def _handler(exporter: Exporter) -> type[BaseHTTPRequestHandler]:
    """Request handler bound to one exporter."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.split("?")[0] == "/metrics":
                self._reply(200, generate_latest(exporter.registry), CONTENT_TYPE_LATEST)
            elif self.path == "/healthz":
                self._reply(200, b"ok\n", "text/plain")
            else:
                self._reply(404, b"not found\n", "text/plain")

        def _reply(self, code: int, body: bytes, ctype: str) -> None:
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:  # scrapes every 15 s would flood the log
            pass

    return Handler


def main(argv: list[str] | None = None) -> None:
    """Entry point of the exporter process."""
    parser = argparse.ArgumentParser(description="CorpusBox telemetry exporter")
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--port", type=int, default=9464)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--interval", type=float, default=5.0)
    parser.add_argument("--retention", type=int, default=720)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    Exporter(args.home, args.port, args.host, args.interval, args.retention).serve_forever()


if __name__ == "__main__":
    main()
