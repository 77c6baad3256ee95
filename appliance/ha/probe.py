"""A commit probe: numbered rows committed through the VIP, to measure failover time and prove RPO 0.

Each commit the server acknowledges is remembered with its time. After a failover, every
acknowledged row must be on the new primary (checked row by row); the failover time is from
the fault to the first acknowledged commit that was *attempted* after it.
"""

from __future__ import annotations

import itertools
import statistics
import threading
import time
import uuid
from dataclasses import dataclass, field

TABLE = "corpusbox_ha_probe"


@dataclass
class ProbeResult:
    """What the probe saw: acknowledged commits and failed attempts, with monotonic times."""

    run: str
    acked: list[tuple[int, float, float]] = field(default_factory=list)  # (n, attempt start, ack time)
    failures: list[float] = field(default_factory=list)  # start times of attempts that failed

    @property
    def failed(self) -> int:
        return len(self.failures)

    def first_ack_after(self, t: float) -> float | None:
        """Seconds from the fault at t to the first commit acknowledged once the fault took effect.

        A commit that slips in while the fault is still being injected does not count: the clock
        runs until the first acknowledged commit attempted after the first failure after t.
        """
        failed_after = [f for f in self.failures if f >= t]
        start = failed_after[0] if failed_after else t
        later = [ack for _, began, ack in self.acked if began >= start]
        return min(later) - t if later else None

    def longest_pause(self, since: float) -> float:
        """Longest gap between consecutive acknowledged commits after `since` (the outage clients saw)."""
        acks = [since] + sorted(ack for _, _, ack in self.acked if ack >= since)
        return max((b - a for a, b in itertools.pairwise(acks)), default=0.0)


class CommitProbe:
    """Commits row after row through `dsn` in a background thread, reconnecting after errors."""

    def __init__(self, dsn: str, interval_s: float = 0.05) -> None:
        self.dsn = dsn
        self.interval_s = interval_s
        self.result = ProbeResult(run=uuid.uuid4().hex[:12])
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def setup(self, within_s: float = 0.0) -> None:
        """Create the probe's table, retrying connection errors for up to ``within_s`` seconds (a client's
        reconnect, e.g. while a VIP that has just moved settles); the last error is raised after that."""
        import psycopg

        deadline = time.monotonic() + within_s
        while True:
            try:
                with psycopg.connect(self.dsn, autocommit=True) as conn:
                    conn.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (run text, n bigint, at timestamptz DEFAULT now(),"
                                 " PRIMARY KEY (run, n))")
                return
            except psycopg.OperationalError:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.2)

    def start(self) -> CommitProbe:
        self._thread = threading.Thread(target=self._loop, name="ha-commit-probe", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> ProbeResult:
        self._stop.set()
        if self._thread:
            self._thread.join(15)
        return self.result

    def _loop(self) -> None:
        import psycopg

        conn = None
        n = 0
        while not self._stop.is_set():
            start = time.monotonic()
            try:
                if conn is None:
                    conn = psycopg.connect(self.dsn, autocommit=True)
                n += 1
                conn.execute(f"INSERT INTO {TABLE} (run, n) VALUES (%s, %s)", (self.result.run, n))
                self.result.acked.append((n, start, time.monotonic()))
            except psycopg.Error:
                self.result.failures.append(start)
                if conn is not None:
                    conn.close()
                conn = None
            self._stop.wait(self.interval_s)
        if conn is not None:
            conn.close()


def missing_commits(dsn: str, result: ProbeResult) -> list[int]:
    """Acknowledged rows that are not in the database behind `dsn` (must be empty: RPO 0)."""
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        present = {row[0] for row in conn.execute(f"SELECT n FROM {TABLE} WHERE run = %s", (result.run,))}
    return [n for n, _, _ in result.acked if n not in present]


def summary(seconds: list[float]) -> dict[str, float]:
    """Median and max of a list of failover times."""
    return {"n": len(seconds), "median_s": round(statistics.median(seconds), 2), "max_s": round(max(seconds), 2),
            "min_s": round(min(seconds), 2)}
