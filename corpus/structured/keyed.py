"""Keyed (HMAC-SHA256) pseudonyms and per-patient date offsets derived from the box's secret key.

The derivations match ``corpus.deid.anonymize`` so that a patient's identifiers and dates get the
same replacement in a free-text note and in a table column.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from functools import lru_cache

_SPACES = re.compile(r"\s+")


class MissingKeyError(ValueError):
    """A keyed operation ran without the box's de-identification key."""


def digest(key: bytes, *parts: str) -> bytes:
    """HMAC-SHA256 of the NUL-joined parts under ``key``."""
    if not key:
        raise MissingKeyError("this policy needs the box's de-identification key")
    return hmac.digest(key, "\x00".join(parts).encode("utf-8"), hashlib.sha256)


def normalise(value: str) -> str:
    """Case- and whitespace-insensitive form, so ' MRN 12 ' and 'mrn 12' pseudonymise alike."""
    return _SPACES.sub(" ", value.strip().lower())


def pseudonym(key: bytes, namespace: str, value: str, length: int = 12) -> str:
    """``NAMESPACE_hex``: the same value under one key and namespace always maps to one token."""
    return f"{namespace}_{digest(key, 'pseudonym', namespace, normalise(value)).hex()[:length]}"


def pseudonym_hex(key: bytes, namespace: str, value: str, length: int = 16) -> str:
    """Bare hex pseudonym, for places whose syntax forbids '_' (FHIR ids)."""
    return digest(key, "pseudonym", namespace, normalise(value)).hex()[:length]


def date_offset_days(key: bytes, patient_key: str, max_days: int = 365) -> int:
    """Per-patient, non-zero shift in [-max_days, max_days] derived from HMAC(key, patient)."""
    n = int.from_bytes(digest(key, "date-shift", patient_key)[:8], "big")
    offset = n % (2 * max_days) - max_days
    return offset if offset < 0 else offset + 1


def time_offset_seconds(key: bytes, patient_key: str) -> int:
    """Per-patient, non-zero shift of the time of day in seconds (DICOM modified dates)."""
    n = int.from_bytes(digest(key, "time-shift", patient_key)[:8], "big")
    return 1 + n % 86399


def record_key(key: bytes, dataset: str, *parts: str) -> str:
    """Opaque key of one record (no PHI): where its stored DP noise is found again."""
    return digest(key, "dp-record", dataset, *parts).hex()[:32]


class PseudonymCache:
    """Memoises pseudonyms of one key: identifiers repeat across the rows of a table."""

    def __init__(self, key: bytes, length: int = 12, maxsize: int = 1 << 16) -> None:
        self._key = key
        self._length = length
        self._cached = lru_cache(maxsize=maxsize)(self._compute)

    def _compute(self, namespace: str, value: str) -> str:
        return pseudonym(self._key, namespace, value, self._length)

    def __call__(self, namespace: str, value: str) -> str:
        return self._cached(namespace, value)
