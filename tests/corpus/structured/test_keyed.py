"""Keyed pseudonyms: stable per key, different across keys and patients, aligned with the text engine."""

from __future__ import annotations

import pytest

from corpus.structured import keyed

KEY = b"k" * 32


def test_when_value_repeats_then_pseudonym_repeats_and_ignores_case_and_spaces():
    assert keyed.pseudonym(KEY, "PATIENT", "P001") == keyed.pseudonym(KEY, "PATIENT", " p001 ")


def test_when_patient_or_key_differs_then_pseudonym_differs():
    assert keyed.pseudonym(KEY, "PATIENT", "P001") != keyed.pseudonym(KEY, "PATIENT", "P002")
    assert keyed.pseudonym(KEY, "PATIENT", "P001") != keyed.pseudonym(b"x" * 32, "PATIENT", "P001")


def test_when_no_key_is_given_then_keyed_operations_refuse():
    with pytest.raises(keyed.MissingKeyError):
        keyed.pseudonym(b"", "PATIENT", "P001")


def test_when_date_offset_is_derived_then_it_is_nonzero_and_bounded():
    offsets = {keyed.date_offset_days(KEY, f"P{i}", 30) for i in range(500)}
    assert 0 not in offsets and min(offsets) >= -30 and max(offsets) <= 30 and len(offsets) > 40


def test_when_text_engine_shifts_dates_then_structured_fields_shift_alike():
    anonymize = pytest.importorskip("corpus.deid.anonymize")
    assert keyed.date_offset_days(KEY, "P001", 365) == anonymize.date_offset_days(KEY, "P001", 365)
    assert keyed.pseudonym(KEY, "MEDICAL_RECORD_NUMBER", "MRN 1") == anonymize.hmac_pseudonym(KEY, "MEDICAL_RECORD_NUMBER", "MRN 1")
