"""Which ages are PHI: HIPAA's ages over 89 (the default), or every age where a site's policy asks for it.

Safe Harbor names only ages over 89 (ages under 90 keep their clinical value). Some labelled sets mark every
age (i2b2 2014, presidio-research); ``ages="all"`` makes the engine find them too, and the evaluator's scope
says which gold ages count, so a score is never lowered or raised by a convention the engine was not set to.
"""

from __future__ import annotations

import re
from typing import Iterable, Literal

AgeScope = Literal["over_89", "all"]
AGE_SCOPES: tuple[str, ...] = ("over_89", "all")
HIPAA_MIN_AGE = 90

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if i > 1}
_TENS_PLURAL = {w[:-1] + "ies": v for w, v in _TENS.items()}  # 'sixties'
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2, "〇": 0}
_WORD = re.compile(r"[a-z]+")
_DIGITS = re.compile(r"\d+")
_CN = re.compile(r"[零〇一二两三四五六七八九十百]+")


def check_scope(scope: str) -> AgeScope:
    """``scope`` as an AgeScope, or a ValueError that names the choices (accepts 'over-89' too)."""
    value = scope.replace("-", "_").lower()
    if value not in AGE_SCOPES:
        raise ValueError(f"unknown age scope {scope!r}; use over_89 (HIPAA, the default) or all")
    return value  # type: ignore[return-value]


def age_value(text: str) -> int | None:
    """The age a labelled span states ('79', '79yo', '60s', 'sixty-seven', 'ninety', '九十五岁'), or None."""
    m = _DIGITS.search(text)
    if m:
        return int(m.group())
    words = _WORD.findall(text.lower())
    if words:
        total = 0
        for w in words:
            if w == "hundred":
                total = max(total, 1) * 100
            elif w in _TENS or w in _TENS_PLURAL:
                total += _TENS.get(w) or _TENS_PLURAL[w]
            elif w in _UNITS:
                total += _UNITS[w]
        return total or None
    m = _CN.search(text)
    if not m:
        return None
    value = _cn_number(m.group())
    return value * 10 if value and text[m.end():m.end() + 1] == "旬" else value  # 九旬: in the nineties


def _cn_number(s: str) -> int | None:
    """'九十五' -> 95, '一百零二' -> 102, '十八' -> 18, '三' -> 3."""
    total, digit = 0, None
    for ch in s:
        if ch == "百":
            total += (digit if digit is not None else 1) * 100
            digit = None
        elif ch == "十":
            total += (digit if digit is not None else 1) * 10
            digit = None
        else:
            digit = _CN_DIGITS[ch]
    total += digit or 0
    return total or None


def is_scoped_out(text: str, scope: AgeScope) -> bool:
    """True when a labelled age is not PHI under ``scope`` (under 90 with HIPAA's scope); unknown values count."""
    if scope == "all":
        return False
    value = age_value(text)
    return value is not None and value < HIPAA_MIN_AGE


def apply_scope(recognizers: Iterable[object], scope: AgeScope) -> None:
    """Tell every age recognizer in ``recognizers`` which ages to find."""
    for rec in recognizers:
        if hasattr(rec, "every_age"):
            rec.every_age = scope == "all"
