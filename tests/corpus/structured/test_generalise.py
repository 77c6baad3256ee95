"""Generalisation table tests, including near-misses that must be rejected."""

from __future__ import annotations

import datetime as dt

import pytest

from corpus.structured import generalise as g
from corpus.structured.errors import ValueFormatError


@pytest.mark.parametrize("age, band", [(0, "0-9"), (9, "0-9"), ("45", "40-49"), ("45Y", "40-49"), (89, "80-89"),
                                       (89.9, "80-89"), (90, "90+"), (104, "90+")])
def test_when_age_is_banded_then_ninety_and_over_are_pooled(age, band):
    assert g.age_band(age) == band


def test_when_band_width_is_five_then_the_last_band_stops_below_top_code():
    assert g.age_band(87, width=5) == "85-89" and g.age_band(3, width=5) == "0-4"


@pytest.mark.parametrize("bad", ["unknown", "", -1, 200, True])
def test_when_age_is_not_an_age_then_value_error(bad):
    with pytest.raises(ValueFormatError):
        g.age_band(bad)


@pytest.mark.parametrize("code, out", [("02139", "021"), ("02139-4307", "021"), (2139, "213"), ("03601", "000"),
                                       ("89301", "000"), ("100080", "100")])
def test_when_zip_is_truncated_then_sparse_prefixes_become_000(code, out):
    assert g.zip3(code) == out


def test_when_zip_has_fewer_than_three_digits_then_value_error():
    with pytest.raises(ValueFormatError):
        g.zip3("A1")


@pytest.mark.parametrize("value, out", [("1977-02-01", "1977"), ("19770201", "1977"), (dt.date(1977, 2, 1), "1977"),
                                        ("1930-01-01", "<=1935")])
def test_when_year_is_taken_then_ages_over_top_code_are_pooled(value, out):
    assert g.year_of(value, reference=dt.date(2025, 6, 1)) == out


@pytest.mark.parametrize("value, days, out", [
    ("2024-03-05", 10, "2024-03-15"), ("20240305", -5, "20240229"), ("2024/03/05", 1, "2024/03/06"),
    ("2024-03-05T10:00:00Z", 30, "2024-04-04T10:00:00Z"), ("2024-03-05 10:00", 1, "2024-03-06 10:00"),
    ("2024-03", 31, "2024-04"), (dt.date(2024, 1, 1), -1, dt.date(2023, 12, 31)),
])
def test_when_date_is_shifted_then_format_is_kept(value, days, out):
    assert g.shift_date(value, days) == out


@pytest.mark.parametrize("bad", ["March 5", "2024-13-01", "2024-02-30", "n/a"])
def test_when_date_is_not_a_date_then_value_error(bad):
    with pytest.raises(ValueFormatError):
        g.shift_date(bad, 3)
