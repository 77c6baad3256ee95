"""The request log: who called which model, how long it took, how many tokens — never the text.

Prompt and completion text are added only while an audited debug switch covers the deployment,
and each such entry names the switch that allowed it.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


def request_log_file(home: Path, configured: str | Path | None) -> Path:
    """The request log of a box: the configured path, else logs/inference-requests.jsonl in its data root."""
    return Path(configured) if configured else home / "logs" / "inference-requests.jsonl"


@dataclass
class RequestRecord:
    """One answered (or refused) request, as logged."""

    request_id: str
    endpoint: str
    token_id: str | None = None
    user: str | None = None
    model: str | None = None
    arm: str | None = None
    model_ref: str | None = None
    stream: bool = False
    status: int = 200
    error_code: str | None = None
    latency_ms: float = 0.0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    finish_reason: str | None = None
    guard_redactions: int = 0
    triage_attempts: int | None = None
    debug: dict[str, Any] | None = field(default=None)
    started: float = field(default_factory=time.monotonic, repr=False)

    def to_json(self) -> str:
        data = asdict(self)
        data.pop("started")
        data["ts"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        data["latency_ms"] = round(self.latency_ms, 2)
        return json.dumps({k: v for k, v in data.items() if v is not None}, ensure_ascii=False)


class RequestLog:
    """Appends JSON lines to a file (0600), one per request."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        if not self.path.exists():
            self.path.touch(mode=0o600)

    def write(self, record: RequestRecord) -> None:
        line = record.to_json() + "\n"
        with self._lock, self.path.open("a", encoding="utf-8") as fh:
            fh.write(line)
