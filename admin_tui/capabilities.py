"""Which optional parts of the product are installed: screens show a clear panel for missing ones."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType


@dataclass(frozen=True)
class Capability:
    """An optional service module and what it provides, in the operator's words."""

    module: str
    provides: str


CAPABILITIES: dict[str, Capability] = {
    "sources": Capability("corpus.services.sources", "sources and ingestion runs"),
    "runs": Capability("corpus.services.runs", "ingestion and de-identification runs"),
    "findings": Capability("corpus.services.findings", "findings by entity type"),
    "review": Capability("corpus.services.review", "the review queue"),
    "snapshots": Capability("corpus.services.snapshots", "snapshots and their diffs"),
    "jobs": Capability("training.services.jobs", "training jobs"),
    "registry": Capability("training.gate", "the model registry, A/B gate, promotion and rollback"),
    "serving": Capability("inference.services.deployments", "deployments and serving metrics"),
    "debug": Capability("inference.services.debug", "debug switches"),
    "serving_stats": Capability("inference.services.stats", "latency percentiles and token rates"),
    "reports": Capability("appliance.reports.service", "compliance reports"),
    "ha": Capability("appliance.ha.service", "the high-availability pair"),
}


def load(name: str) -> ModuleType | None:
    """The service module behind a capability, or None when it is not installed yet."""
    cap = CAPABILITIES[name]
    try:
        return importlib.import_module(cap.module)
    except ModuleNotFoundError as exc:
        if exc.name and cap.module.startswith(exc.name):
            return None
        raise


def missing_text(name: str) -> str:
    """The sentence a screen shows where a capability is not installed."""
    cap = CAPABILITIES[name]
    return f"{cap.provides}: not available yet on this box (service {cap.module} is not installed)"
