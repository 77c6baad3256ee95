"""Runs de-identification tasks on Ray (a local runtime started in-process, or a cluster by address),
or in-process for small jobs and tests. Results stream back as tasks finish; at most 2x workers in flight.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

from corpus.pipeline.tools import WorkerSpec
from corpus.pipeline.work import PartResult, WorkItem, process

Batch = list[WorkItem]


def run_local(spec: WorkerSpec, batches: list[Batch]) -> Iterator[tuple[Batch, list[PartResult] | BaseException]]:
    """Every batch in this process, one after another."""
    for batch in batches:
        try:
            yield batch, process(spec, batch)
        except Exception as exc:  # noqa: BLE001 - reported per batch; the run goes on
            yield batch, exc


def run_ray(spec: WorkerSpec, batches: list[Batch], workers: int, address: str | None = None,
            on_start: Callable[[], None] | None = None) -> Iterator[tuple[Batch, list[PartResult] | BaseException]]:
    """Batches as Ray tasks (one CPU each), yielded as they complete."""
    import ray

    started_here = False
    if not ray.is_initialized():
        kwargs: dict[str, Any] = {"include_dashboard": False, "logging_level": "ERROR", "log_to_driver": False}
        if address:
            ray.init(address=address, **kwargs)
        else:
            os.environ.setdefault("RAY_DEDUP_LOGS", "0")
            ray.init(num_cpus=workers, **kwargs)
        started_here = True
    if on_start:
        on_start()
    try:
        remote = ray.remote(num_cpus=1, max_retries=2)(process)
        spec_ref = ray.put(spec)
        pending: dict[Any, Batch] = {}
        queue = list(reversed(batches))
        limit = max(1, workers) * 2
        while queue or pending:
            while queue and len(pending) < limit:
                batch = queue.pop()
                pending[remote.remote(spec_ref, batch)] = batch
            done, _ = ray.wait(list(pending), num_returns=1)
            for ref in done:
                batch = pending.pop(ref)
                try:
                    yield batch, ray.get(ref)
                except Exception as exc:  # noqa: BLE001 - a task that failed after its retries
                    yield batch, exc
    finally:
        if started_here:
            ray.shutdown()
