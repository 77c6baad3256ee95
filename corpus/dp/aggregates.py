"""Aggregate releases over a cohort (count, histogram, bounded sum and mean), each with its loss."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any, Sequence

from corpus.dp import opendp_backend as backend
from corpus.dp.errors import DPError

KINDS = ("count", "histogram", "sum", "mean")
OTHER = "__other__"


@dataclass(frozen=True)
class ReleaseSpec:
    """What to release: the query, its bounds and the epsilon it may spend."""

    kind: str
    epsilon: float
    lower: float | None = None
    upper: float | None = None
    categories: tuple[str, ...] = ()

    def validate(self) -> None:
        """Raise DPError when the spec cannot give a bounded-sensitivity release."""
        if self.kind not in KINDS:
            raise DPError(f"unknown release kind {self.kind!r}", hint=f"use one of: {', '.join(KINDS)}")
        if not (self.epsilon > 0 and math.isfinite(self.epsilon)):
            raise DPError("epsilon must be a positive finite number")
        if self.kind in ("sum", "mean"):
            if self.lower is None or self.upper is None or not self.lower < self.upper:
                raise DPError(f"a {self.kind} release needs explicit bounds lower < upper", hint="pass --lower and --upper")
        if self.kind == "histogram" and not self.categories:
            raise DPError("a histogram release needs its categories declared up front", hint="pass --categories a,b,c")

    def sensitivity(self) -> float:
        """L1 sensitivity under adding or removing one record."""
        if self.kind in ("count", "histogram"):
            return 1.0
        return float(max(abs(self.lower), abs(self.upper)))  # type: ignore[arg-type]


@dataclass
class Release:
    """A released value with everything needed to audit it."""

    kind: str
    value: Any
    epsilon: float
    sensitivity: float
    scale: float
    lower: float | None
    upper: float | None
    mechanism: str = "laplace"
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON output and the ledger."""
        return asdict(self)


def release(spec: ReleaseSpec, values: Sequence[Any]) -> Release:
    """Run the spec's OpenDP measurement on ``values`` (one element per record)."""
    spec.validate()
    sens = spec.sensitivity()
    if spec.kind == "count":
        scale = sens / spec.epsilon
        meas = backend.count_measurement(scale)
        value: Any = int(meas([str(v) for v in values]))
    elif spec.kind == "histogram":
        scale = sens / spec.epsilon
        meas = backend.histogram_measurement(spec.categories, scale)
        counts = meas([str(v) for v in values])
        value = dict(zip([*spec.categories, OTHER], (int(c) for c in counts)))
    elif spec.kind == "sum":
        scale = sens / spec.epsilon
        meas = backend.sum_measurement(spec.lower, spec.upper, scale)  # type: ignore[arg-type]
        value = float(meas([float(v) for v in values]))
    else:
        return _mean(spec, [float(v) for v in values])
    return Release(spec.kind, value, backend.privacy_loss(meas, 1), sens, scale, spec.lower, spec.upper)


def _mean(spec: ReleaseSpec, values: list[float]) -> Release:
    # Half the budget to the clamped sum, half to the count; the ratio is post-processing.
    sens = spec.sensitivity()
    sum_scale, count_scale = sens / (spec.epsilon / 2), 1.0 / (spec.epsilon / 2)
    meas = backend.mean_measurement(spec.lower, spec.upper, sum_scale, count_scale)  # type: ignore[arg-type]
    noisy_sum, noisy_count = meas(values)
    mean = min(max(noisy_sum / max(noisy_count, 1), spec.lower), spec.upper)  # type: ignore[type-var]
    details = {"noisy_sum": float(noisy_sum), "noisy_count": int(noisy_count), "count_scale": count_scale}
    return Release("mean", float(mean), backend.privacy_loss(meas, 1), sens, sum_scale, spec.lower, spec.upper, details=details)
