"""Serving statistics per terminal from the server's request log (ids, counts, latencies; never text)."""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from appliance.services.auth import Principal, authorize

if TYPE_CHECKING:
    from appliance.box import Box

REFUSED = (401, 403, 429)


def request_log_path(box: Box) -> Path:
    """Where the inference server appends one JSON line per request."""
    from inference.requestlog import request_log_file
    from inference.settings import inference_settings

    return request_log_file(box.home, inference_settings(box.settings).request_log)


def read_request_log(path: Path, since: str | None = None, until: str | None = None) -> Iterator[dict[str, Any]]:
    """Request records with `since <= ts < until` (ISO UTC strings); unreadable lines are skipped."""
    if not path.is_file():
        return
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            if not isinstance(rec, dict):
                continue
            ts = str(rec.get("ts", ""))[:19]
            if (since and ts < since[:19]) or (until and ts >= until[:19]):
                continue
            yield rec


def terminal_of(rec: dict[str, Any]) -> str:
    """The calling terminal: its account, else its token id."""
    return str(rec.get("user") or rec.get("token_id") or "unknown")


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def terminal_stats(box: Box, principal: Principal, since: str | None = None) -> list[dict[str, Any]]:
    """Per terminal: requests, refused (401/403/429), other errors, tokens, p50/p95 latency, last request."""
    authorize(box, principal, "serve.read", "inference:requests")
    rows: dict[str, dict[str, Any]] = defaultdict(lambda: {"requests": 0, "refused": 0, "errors": 0,
                                                         "prompt_tokens": 0, "completion_tokens": 0,
                                                         "latencies": [], "last": None})
    for rec in read_request_log(request_log_path(box), since):
        row = rows[terminal_of(rec)]
        status = int(rec.get("status", 200) or 200)
        row["requests"] += 1
        row["refused"] += status in REFUSED
        row["errors"] += status >= 400 and status not in REFUSED
        row["prompt_tokens"] += int(rec.get("prompt_tokens") or 0)
        row["completion_tokens"] += int(rec.get("completion_tokens") or 0)
        if status < 400 and isinstance(rec.get("latency_ms"), (int, float)):
            row["latencies"].append(float(rec["latency_ms"]))
        row["last"] = max(filter(None, (row["last"], rec.get("ts"))), default=None)
    out = []
    for terminal, row in sorted(rows.items()):
        lat = row.pop("latencies")
        out.append({"terminal": terminal, **row, "p50_ms": _percentile(lat, 0.5), "p95_ms": _percentile(lat, 0.95)})
    return out
