"""The only module that talks to OpenDP: measurement builders for the Laplace mechanism.

We enable OpenDP's ``contrib`` feature because the Laplace, clamp, sum, count and
count-by-categories constructors live there (OpenDP marks every component that has not yet
finished its own proof review as contrib). We do *not* enable ``floating-point``/``honest-but-
curious``: OpenDP samples Laplace noise on an exact discrete grid and accounts for float
rounding in its privacy maps, which is what defeats the Mironov (2012) attack on naive
``numpy.random.laplace``. Privacy losses reported here are OpenDP's own ``map(d_in)`` values.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Sequence

import opendp.prelude as dp

dp.enable_features("contrib")


def _float_vectors() -> tuple[Any, Any]:
    return dp.vector_domain(dp.atom_domain(T=float, nan=False)), dp.symmetric_distance()


def _text_vectors() -> tuple[Any, Any]:
    return dp.vector_domain(dp.atom_domain(T=str)), dp.symmetric_distance()


def count_measurement(scale: float) -> Any:
    """Number of records + discrete Laplace noise; one added/removed record moves it by 1."""
    return _text_vectors() >> dp.t.then_count() >> dp.m.then_laplace(scale=scale)


def histogram_measurement(categories: Sequence[str], scale: float) -> Any:
    """Counts per known category (plus one 'other' bin) with discrete Laplace noise."""
    return (
        _text_vectors()
        >> dp.t.then_count_by_categories(categories=list(categories))
        >> dp.m.then_laplace(scale=scale)
    )


def sum_measurement(lower: float, upper: float, scale: float) -> Any:
    """Sum of values clamped to [lower, upper] with Laplace noise."""
    return _float_vectors() >> dp.t.then_clamp((lower, upper)) >> dp.t.then_sum() >> dp.m.then_laplace(scale=scale)


def mean_measurement(lower: float, upper: float, sum_scale: float, count_scale: float) -> Any:
    """(noisy clamped sum, noisy count) composed into one measurement; its map is the total loss."""
    count = _float_vectors() >> dp.t.then_count() >> dp.m.then_laplace(scale=count_scale)
    return dp.c.make_composition([sum_measurement(lower, upper, sum_scale), count])


@lru_cache(maxsize=256)
def value_noise_measurement(scale: float) -> Any:
    """Independent Laplace noise added to each element of a float vector (per-record noise)."""
    return dp.m.make_laplace(dp.vector_domain(dp.atom_domain(T=float, nan=False)), dp.l1_distance(T=float), scale=scale)


def privacy_loss(measurement: Any, d_in: float | int) -> float:
    """OpenDP's epsilon for an input distance ``d_in``."""
    return float(measurement.map(d_in))
