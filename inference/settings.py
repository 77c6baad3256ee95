"""Typed settings of the inference server (the `[inference]` section of corpusbox.toml)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class InferenceSettings(BaseModel):
    """The OpenAI-compatible server: where it listens, how it batches, what it logs and guards."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    host: str = Field("127.0.0.1", description="Address to listen on; 0.0.0.0 to serve the hospital network.")
    port: int = Field(8800, ge=1, le=65535, description="Port of the API.")
    tls_cert: Path | None = Field(None, description="PEM certificate chain; with tls_key the server speaks HTTPS.")
    tls_key: Path | None = Field(None, description="PEM private key for tls_cert.")
    device: str = Field("auto", description="'auto', 'cpu' or 'cuda[:N]' for the transformers engine.")
    quantization: Literal["8bit", "4bit"] | None = Field(None, description="bitsandbytes quantization (GPU only).")
    cpu_threads: int | None = Field(
        None, ge=1, description="Torch threads of a CPU engine; None: usable cores minus one, so the HTTP event loop "
                                "keeps a core of its own (an OpenMP barrier stalls whenever one of its threads is "
                                "preempted).")
    max_batch_size: int = Field(16, ge=1, le=256, description="Rows decoded together by the batcher.")
    batch_wait_ms: float = Field(5.0, ge=0, le=1000, description="An idle engine starts once no request has "
                                 "arrived for this long (at most 4x), so a burst shares one prefill.")
    max_tokens_limit: int = Field(1024, ge=1, description="Largest max_tokens a request may ask for.")
    default_max_tokens: int = Field(128, ge=1, description="max_tokens when a request gives none.")
    default_rate_limit_per_minute: int | None = Field(
        600, ge=1, description="Requests per minute for tokens that set no limit of their own (None: unlimited).")
    reload_interval_s: float = Field(2.0, gt=0, description="How often the server re-reads deployments.")
    output_guard: bool = Field(False, description="Run the de-identification engine on completions before they leave.")
    output_guard_languages: list[str] = Field(default_factory=lambda: ["en", "zh"],
                                              description="Languages the output guard loads recognizers for.")
    debug_max_minutes: int = Field(60, ge=1, le=24 * 60, description="Longest a prompt-logging debug switch may stay on.")
    request_log: Path | None = Field(None, description="JSON-lines request log; default <home>/logs/inference-requests.jsonl.")
    triage_max_attempts: int = Field(3, ge=1, le=10, description="Tries for a schema-valid answer in triage mode.")

    @model_validator(mode="after")
    def _tls_pair(self) -> "InferenceSettings":
        if (self.tls_cert is None) != (self.tls_key is None):
            raise ValueError("tls_cert and tls_key go together: set both or neither")
        return self

    @property
    def scheme(self) -> str:
        return "https" if self.tls_cert else "http"

    def engine_cpu_threads(self) -> int:
        """`cpu_threads`, or the usable cores minus one (at least one)."""
        if self.cpu_threads:
            return self.cpu_threads
        try:
            cores = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):
            cores = os.cpu_count() or 1
        return max(1, cores - 1)

    def base_url(self) -> str:
        """The URL clients use, e.g. http://127.0.0.1:8800/v1."""
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::") else self.host
        return f"{self.scheme}://{host}:{self.port}/v1"


def inference_settings(settings: object) -> InferenceSettings:
    """The `[inference]` section of the box settings (defaults until the core carries the section)."""
    found = getattr(settings, "inference", None)
    return found if isinstance(found, InferenceSettings) else InferenceSettings()
