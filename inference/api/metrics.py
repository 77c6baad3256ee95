"""Prometheus metrics of the API, per deployment and per A/B arm (a private registry per app)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

LATENCY_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60)


class Metrics:
    """Counters and histograms the server exports on /metrics."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        labels = ("model", "arm", "model_ref")
        self.requests = Counter("corpusbox_inference_requests_total", "Requests by outcome",
                                (*labels, "status"), registry=self.registry)
        self.latency = Histogram("corpusbox_inference_request_seconds", "Request latency (full answer)",
                                 labels, buckets=LATENCY_BUCKETS, registry=self.registry)
        self.first_token = Histogram("corpusbox_inference_time_to_first_token_seconds", "Streaming: first token",
                                     labels, buckets=LATENCY_BUCKETS, registry=self.registry)
        self.tokens = Counter("corpusbox_inference_tokens_total", "Tokens processed", (*labels, "kind"),
                              registry=self.registry)
        self.rejected = Counter("corpusbox_inference_rejected_total", "Requests refused before routing",
                                ("reason",), registry=self.registry)
        self.redactions = Counter("corpusbox_inference_guard_redactions_total", "Spans the output guard replaced",
                                  ("model",), registry=self.registry)
        self.in_flight = Gauge("corpusbox_inference_in_flight", "Requests being answered", registry=self.registry)
        self.loaded = Gauge("corpusbox_inference_models_loaded", "Routable API models", registry=self.registry)

    def observe(self, model: str, arm: str, ref: str, status: str, seconds: float, prompt: int, completion: int) -> None:
        self.requests.labels(model, arm, ref, status).inc()
        self.latency.labels(model, arm, ref).observe(seconds)
        self.tokens.labels(model, arm, ref, "prompt").inc(prompt)
        self.tokens.labels(model, arm, ref, "completion").inc(completion)

    def render(self) -> bytes:
        return generate_latest(self.registry)
