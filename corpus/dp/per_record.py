"""Per-record Laplace noise for the `noise` policy action: sampled once, stored, reused on re-export."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from corpus.dp import opendp_backend as backend
from corpus.dp.errors import DPError
from corpus.dp.noise_store import NoiseStore


@dataclass(frozen=True)
class NoiseSpec:
    """Bounds and epsilon of one noised field; the sensitivity of one value is upper - lower."""

    epsilon: float
    lower: float
    upper: float
    decimals: int | None = None
    clamp_output: bool = True

    @property
    def sensitivity(self) -> float:
        """Largest change of one clamped value."""
        return float(self.upper - self.lower)

    @property
    def scale(self) -> float:
        """Laplace scale b = sensitivity / epsilon."""
        return self.sensitivity / self.epsilon


class PerRecordNoiser:
    """Adds Laplace(scale) noise to clamped values of one field, reusing stored values."""

    def __init__(self, store: NoiseStore, dataset: str, field: str, spec: NoiseSpec) -> None:
        if not (spec.epsilon > 0 and spec.lower < spec.upper):
            raise DPError("noise needs epsilon > 0 and lower < upper")
        self._store, self._dataset, self._field, self.spec = store, dataset, field, spec
        self._meas = backend.value_noise_measurement(spec.scale)
        self.epsilon = backend.privacy_loss(self._meas, spec.sensitivity)
        self.sampled = 0
        self.reused = 0

    def apply(self, records: Sequence[str], values: Sequence[float | None]) -> list[float | None]:
        """Noisy values for ``records`` (None stays None); new ones are sampled and stored first."""
        wanted = [r for r, v in zip(records, values) if v is not None]
        stored = self._store.get_many(self._dataset, self._field, wanted)
        fresh_recs = [r for r in dict.fromkeys(wanted) if r not in stored]
        if fresh_recs:
            first = {r: v for r, v in zip(records, values) if v is not None}
            clamped = [min(max(float(first[r]), self.spec.lower), self.spec.upper) for r in fresh_recs]
            noisy = self._meas(clamped)
            stored.update(self._store.put_many(self._dataset, self._field, dict(zip(fresh_recs, noisy))))
            self.sampled += len(fresh_recs)
        self.reused += len(wanted) - len(fresh_recs)
        return [None if v is None else self._post(stored[r]) for r, v in zip(records, values)]

    def _post(self, value: float) -> float:
        # Clamping and rounding a released value are post-processing: no extra privacy loss.
        if self.spec.clamp_output:
            value = min(max(value, self.spec.lower), self.spec.upper)
        return value if self.spec.decimals is None else round(value, self.spec.decimals)


def finite_or_none(value: object) -> float | None:
    """A float for numeric input, None for missing or non-numeric values."""
    if value is None:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
