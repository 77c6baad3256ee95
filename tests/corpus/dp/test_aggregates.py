"""OpenDP releases: the noise has the stated Laplace scale, bounds are explicit, epsilon is OpenDP's own."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from corpus.dp import opendp_backend as backend
from corpus.dp.aggregates import ReleaseSpec, release
from corpus.dp.errors import DPError
from corpus.dp.noise_store import MemoryNoiseStore
from corpus.dp.per_record import NoiseSpec, PerRecordNoiser

DRAWS = 20_000
# OpenDP samples from the OS CSPRNG (no seed); under a correct scale the KS p-value is uniform,
# so a 1e-4 threshold fails a correct implementation once in 10,000 runs, while a scale that is
# off by 10% gives p-values far below it with this many draws (checked below).
ALPHA = 1e-4


def test_when_per_record_noise_is_sampled_then_it_is_laplace_with_the_stated_scale():
    spec = NoiseSpec(epsilon=0.5, lower=0.0, upper=10.0, clamp_output=False)
    noiser = PerRecordNoiser(MemoryNoiseStore(), "d", "f", spec)
    noisy = np.array(noiser.apply([str(i) for i in range(DRAWS)], [5.0] * DRAWS))
    noise = noisy - 5.0
    assert spec.scale == 20.0
    assert stats.kstest(noise, "laplace", args=(0, spec.scale)).pvalue > ALPHA
    assert stats.kstest(noise, "laplace", args=(0, spec.scale * 1.1)).pvalue < ALPHA  # the test has power
    assert noiser.epsilon == pytest.approx(0.5, rel=1e-6)


def test_when_a_sum_is_released_then_noise_matches_sensitivity_over_epsilon():
    meas = backend.sum_measurement(0.0, 4.0, scale=4.0 / 2.0)
    samples = np.array([meas([1.0, 2.0, 3.0]) for _ in range(5_000)]) - 6.0
    assert stats.kstest(samples, "laplace", args=(0, 2.0)).pvalue > ALPHA
    assert backend.privacy_loss(meas, 1) == pytest.approx(2.0, rel=1e-6)


def test_when_a_count_is_released_then_noise_is_integer_with_the_stated_spread():
    spec = ReleaseSpec("count", epsilon=1.0)
    draws = np.array([release(spec, list(range(100))).value for _ in range(4_000)]) - 100
    assert np.issubdtype(draws.dtype, np.integer)
    # Discrete Laplace with scale b=1: P(0) = tanh(1/2b) ~ 0.462, E|X| ~ 0.85.
    assert np.mean(draws == 0) == pytest.approx(np.tanh(0.5), abs=0.03)
    assert np.mean(np.abs(draws)) == pytest.approx(1 / np.sinh(1.0), abs=0.06)


def test_when_values_exceed_bounds_then_they_are_clamped_before_noise():
    result = release(ReleaseSpec("mean", 50.0, lower=0.0, upper=10.0), [1000.0] * 2000)
    assert result.value <= 10.0 and result.value == pytest.approx(10.0, abs=0.5)
    assert result.sensitivity == 10.0 and result.epsilon == pytest.approx(50.0, rel=1e-6)


def test_when_histogram_is_released_then_unknown_categories_land_in_other():
    result = release(ReleaseSpec("histogram", 100.0, categories=("E11", "I10")), ["E11"] * 30 + ["I10"] * 10 + ["J45"] * 5)
    assert set(result.value) == {"E11", "I10", "__other__"}
    assert result.value["E11"] == pytest.approx(30, abs=2) and result.value["__other__"] == pytest.approx(5, abs=2)


@pytest.mark.parametrize("spec, message", [
    (ReleaseSpec("sum", 1.0), "explicit bounds"),
    (ReleaseSpec("mean", 1.0, lower=5, upper=1), "explicit bounds"),
    (ReleaseSpec("histogram", 1.0), "categories declared"),
    (ReleaseSpec("count", 0.0), "positive finite"),
    (ReleaseSpec("median", 1.0), "unknown release kind"),
])
def test_when_spec_lacks_what_bounds_sensitivity_then_it_is_refused(spec, message):
    with pytest.raises(DPError, match=message):
        release(spec, [1.0])
