"""Ship the audit log as JSON lines to a file a SIEM collector (rsyslog, Filebeat) reads.

Resumable and exactly-once per event: the last shipped sequence number is kept next to the
output in `<file>.seq`, written only after the lines are flushed to disk. Events of every process
are shipped, because the shipper reads the database, not an in-process hook.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict
from pathlib import Path
from typing import Callable

from appliance.audit.log import AuditLog


def _offset_path(output: Path) -> Path:
    return output.with_name(output.name + ".seq")


def shipped_seq(output: Path) -> int:
    """The last sequence number already in the output file (0 if none)."""
    try:
        return int(_offset_path(output).read_text().strip() or 0)
    except (OSError, ValueError):
        return 0


def ship_once(log: AuditLog, output: Path, batch: int = 1000) -> int:
    """Append every event not shipped yet; returns how many were appended."""
    output.parent.mkdir(parents=True, exist_ok=True)
    last = shipped_seq(output)
    total = 0
    while True:
        events = log.events(since_seq=last, limit=batch)
        if not events:
            return total
        with open(output, "a", encoding="utf-8") as fh:
            for event in events:
                fh.write(json.dumps(asdict(event), ensure_ascii=False, sort_keys=True) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        last = events[-1].seq
        tmp = _offset_path(output).with_suffix(".tmp")
        tmp.write_text(f"{last}\n")
        os.replace(tmp, _offset_path(output))
        total += len(events)


def ship_forever(log: AuditLog, output: Path, interval_s: float = 2.0,
                 should_stop: Callable[[], bool] = lambda: False) -> None:
    """Keep shipping new events until `should_stop()` says so."""
    while not should_stop():
        ship_once(log, output)
        time.sleep(interval_s)
