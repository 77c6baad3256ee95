"""Generalisations of quasi-identifiers: age bands with a 90+ top code, ZIP3, year, date shift."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from corpus.structured.errors import ValueFormatError

# HIPAA Safe Harbor (45 CFR 164.514(b)(2)(i)(B)): three-digit ZIP prefixes whose population is
# 20,000 or fewer (2000 census, as listed by HHS) are replaced by "000".
RESTRICTED_ZIP3 = frozenset(
    "036 059 063 102 203 556 692 790 821 823 830 831 878 879 884 890 893".split()
)

_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)")
_DATE = re.compile(
    r"^(?P<y>\d{4})(?:(?P<s1>[-/.]?)(?P<m>\d{2})(?:(?P<s2>[-/.]?)(?P<d>\d{2}))?)?(?P<rest>[T ].*)?$"
)


def age_band(value: Any, width: int = 10, top_code: int = 90) -> str:
    """'40-49' for 45 with width 10; every age >= top_code becomes e.g. '90+'."""
    age = _number(value)
    if age < 0 or age > 150:
        raise ValueFormatError("age out of range", hint="ages must lie in 0..150")
    if age >= top_code:
        return f"{top_code}+"
    low = int(age // width) * width
    high = min(low + width - 1, top_code - 1)
    return f"{low}-{high}"


def top_code_age(value: Any, top_code: int = 90) -> str:
    """The age itself, except that every age >= top_code becomes '90+'."""
    age = _number(value)
    return f"{top_code}+" if age >= top_code else str(int(age))


def zip3(value: Any, restricted: frozenset[str] = RESTRICTED_ZIP3) -> str:
    """First three digits of a postal code; sparsely populated prefixes become '000'."""
    digits = re.sub(r"\D", "", str(value))
    if len(digits) < 3:
        raise ValueFormatError("postal code has fewer than three digits")
    prefix = digits[:3]
    return "000" if prefix in restricted else prefix


def year_of(value: Any, reference: dt.date | None = None, top_code: int = 90) -> str:
    """The year of a date; with a reference date, years implying an age >= top_code are pooled."""
    if isinstance(value, (dt.date, dt.datetime)):
        year = value.year
    else:
        match = _DATE.match(str(value).strip())
        if not match:
            raise ValueFormatError("value is not a date", hint="use YYYY-MM-DD, YYYYMMDD or ISO 8601")
        year = int(match["y"])
    if reference is not None and reference.year - year >= top_code:
        return f"<={reference.year - top_code}"
    return str(year)


def shift_date(value: Any, days: int) -> Any:
    """The date moved by ``days``, in the format it came in (text, date or datetime)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value + dt.timedelta(days=days)
    text = str(value).strip()
    if len(text) == 10 and text[4] == "-" and text[7] == "-":  # fast path: ISO date
        try:
            return (dt.date.fromisoformat(text) + dt.timedelta(days=days)).isoformat()
        except ValueError:
            raise ValueFormatError("value is not a valid calendar date") from None
    match = _DATE.match(text)
    if not match:
        raise ValueFormatError("value is not a date", hint="use YYYY-MM-DD, YYYYMMDD or ISO 8601")
    try:
        base = dt.date(int(match["y"]), int(match["m"] or 7), int(match["d"] or (15 if match["m"] else 1)))
    except ValueError as exc:
        raise ValueFormatError("value is not a valid calendar date") from exc
    new = base + dt.timedelta(days=days)
    out = f"{new.year:04d}"
    if match["m"]:
        out += f"{match['s1']}{new.month:02d}"
    if match["d"]:
        out += f"{match['s2']}{new.day:02d}"
    return out + (match["rest"] or "")


def parse_number(value: Any) -> float:
    """A float from a number or numeric text ('45', '45Y', '45 years')."""
    return _number(value)


def _number(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueFormatError("value is not a number")
    if isinstance(value, (int, float)):
        return float(value)
    match = _NUMBER.match(str(value))
    if not match:
        raise ValueFormatError("value is not a number")
    return float(match.group(1))
