"""Replacement operators: tags, Faker surrogates, per-patient date shifts, keyed HMAC, redaction."""

from __future__ import annotations

import hashlib
import hmac
import random
import re
from functools import lru_cache

from corpus.deid.dates import shift_date_text
from corpus.deid.entities import NAME_TYPES, category_of, tag_for
from corpus.deid.policy import DeidPolicy


class MissingKeyError(ValueError):
    """Raised when a keyed operator (surrogate, date_shift, hmac) runs without a key."""


def _digest(key: bytes, *parts: str) -> bytes:
    if not key:
        raise MissingKeyError("this policy needs the box's de-identification key")
    return hmac.new(key, "\x00".join(parts).encode("utf-8"), hashlib.sha256).digest()


def _norm(value: str) -> str:
    return re.sub(r"\s+", " ", value.strip().lower())


def date_offset_days(key: bytes, patient_key: str, max_days: int) -> int:
    """Per-patient, non-zero shift in [-max_days, max_days] derived from HMAC(key, patient)."""
    n = int.from_bytes(_digest(key, "date-shift", patient_key)[:8], "big")
    offset = n % (2 * max_days) - max_days
    return offset if offset < 0 else offset + 1


def hmac_pseudonym(key: bytes, entity_type: str, value: str, length: int = 12) -> str:
    """Keyed pseudonym: the same value always maps to the same token under one key."""
    return f"{entity_type}_{_digest(key, 'pseudonym', entity_type, _norm(value)).hex()[:length]}"


@lru_cache(maxsize=4)
def _faker(locale: str):
    from faker import Faker

    return Faker(locale)


def _shape_like(value: str, rng: random.Random) -> str:
    """Same-shape random identifier: digits stay digits, letters stay letters of the same case."""
    out = []
    for ch in value:
        if ch.isdigit():
            out.append(str(rng.randrange(10)))
        elif ch.isascii() and ch.isalpha():
            c = chr(rng.randrange(26) + 65)
            out.append(c if ch.isupper() else c.lower())
        else:
            out.append(ch)
    return "".join(out)


def _match_case(template: str, value: str) -> str:
    if template.isupper():
        return value.upper()
    if template.islower():
        return value.lower()
    return value


def surrogate(value: str, entity_type: str, seed: bytes, language: str) -> str:
    """Realistic replacement seeded by ``seed`` (so one patient's value always maps the same)."""
    fake = _faker("zh_CN" if language.startswith("zh") else "en_US")
    fake.seed_instance(int.from_bytes(seed[:8], "big"))
    rng = random.Random(seed)
    cat = category_of(entity_type)
    if entity_type in NAME_TYPES:
        words = value.split()
        if language.startswith("zh"):
            return fake.name()
        parts = [fake.first_name() for _ in words[:-1]] + [fake.last_name()]
        return _match_case(value, " ".join(parts))
    if entity_type == "PHONE":
        return _shape_like(value, rng)
    if entity_type == "EMAIL":
        return fake.email()
    if entity_type in ("HOSPITAL", "ORGANIZATION"):
        return _match_case(value, fake.company() if not language.startswith("zh") else fake.company())
    if entity_type == "LOCATION":
        return _match_case(value, fake.city())
    if cat == "ID" or entity_type in ("IP_ADDRESS", "AGE"):
        return _shape_like(value, rng)
    return _shape_like(value, rng)


def replacement_for(
    value: str, entity_type: str, policy: DeidPolicy, language: str, patient_key: str, key: bytes
) -> str:
    """The replacement text for one finding under ``policy``."""
    op = policy.operator_for(entity_type)
    if op == "keep":
        return value
    if op == "redact":
        return policy.redaction
    if op == "hmac":
        return hmac_pseudonym(key, entity_type, value, policy.hmac_length)
    if op == "date_shift" or (op == "surrogate" and entity_type == "DATE"):
        days = date_offset_days(key, patient_key, policy.date_shift_max_days)
        return shift_date_text(value, days) or tag_for(entity_type, language)
    if op == "surrogate":
        seed = _digest(key, "surrogate", patient_key, entity_type, _norm(value))
        return surrogate(value, entity_type, seed, language)
    return tag_for(entity_type, language)


def apply_policy(
    text: str, findings: list, policy: DeidPolicy, language: str = "en", patient_key: str = "", key: bytes = b""
) -> tuple[str, list]:
    """Replace non-overlapping ``findings`` in ``text``; returns new text and (finding, replacement) pairs."""
    pieces, replacements, pos = [], [], 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.start < pos:
            continue
        rep = replacement_for(text[f.start : f.end], f.entity_type, policy, language, patient_key, key)
        pieces += [text[pos : f.start], rep]
        replacements.append((f, rep))
        pos = f.end
    pieces.append(text[pos:])
    return "".join(pieces), replacements
