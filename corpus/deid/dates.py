"""Parse the common clinical date forms and shift them by a number of days, keeping their format."""

from __future__ import annotations

import datetime as dt
import re
from typing import Callable

MONTHS = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]
REF_YEAR = 2000  # leap year, so a yearless 2/29 still parses

_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_FORMS: list[tuple[str, re.Pattern]] = [
    ("zh", re.compile(r"^(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*[日号])?$")),
    ("iso", re.compile(r"^(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})$")),
    ("mdy", re.compile(r"^(?P<m>\d{1,2})(?P<sep>[/\-.])(?P<d>\d{1,2})(?:(?P=sep)(?P<y>\d{2}|\d{4}))?$")),
    ("dmony", re.compile(r"^(?P<d>\d{1,2})[\s\-]" + _MON + r"[\s\-,]*(?P<y>\d{2}|\d{4})?$", re.I)),
    ("mondy", re.compile(r"^" + _MON + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:,?\s*(?P<y>\d{4}))?$", re.I)),
    ("mony", re.compile(r"^" + _MON + r",?\s+(?:of\s+)?(?P<y>\d{4})$", re.I)),
    ("year", re.compile(r"^(?P<q>')?(?P<y>\d{4}|\d{2})$")),
]


def _year(raw: str | None) -> tuple[int, bool]:
    if not raw:
        return REF_YEAR, False
    y = int(raw)
    if len(raw) == 2:
        y += 1900 if y > 30 else 2000
    return y, True


def _fmt_like(raw: str | None, year: int) -> str:
    return f"{year % 100:02d}" if raw is not None and len(raw) == 2 else str(year)


WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY_FIRST = re.compile(r"^(?P<wd>(?i:mon|tues?|wed|weds|thu|thur|thurs|fri|sat|sun)(?i:day|nesday|sday|rday|urday)?)"
                            r"(?P<dot>\.?)(?P<gap>[ \t]*,?[ \t]+)(?P<rest>\S.*)$")


def _weekday_index(word: str) -> int | None:
    w = word.lower()
    return next((i for i, name in enumerate(WEEKDAYS) if name.startswith(w[:3]) and (w == name or len(w) <= 5)), None)


def _shift_weekday(m: re.Match, days: int) -> str | None:
    """'FRIDAY 9/17' moved by 3 days: 'MONDAY 9/20' (the weekday moves with the date, whatever the year)."""
    index, rest = _weekday_index(m["wd"]), shift_date_text(m["rest"], days)
    if index is None or rest is None:
        return None
    word, name = m["wd"], WEEKDAYS[(index + days) % 7]
    if len(word) > 5:  # written in full
        new = name
    elif len(word) == 4:  # 'Tues', 'Thur', 'Weds'
        new = {"tuesday": "tues", "thursday": "thur", "wednesday": "weds"}.get(name, name[:3])
    else:
        new = name[:3]
    new = new.upper() if word.isupper() else new.capitalize() if word[0].isupper() else new
    return f"{new}{m['dot']}{m['gap']}{rest}"


def shift_date_text(text: str, days: int) -> str | None:
    """Return ``text`` moved by ``days`` in the same written form, or None when not a parseable date.

    A weekday written before the date ('FRIDAY 9/17', 'Tues 3/12') moves with it: left as it was beside a shifted
    date, it would give away the shift modulo seven.
    """
    s = text.strip()
    weekday = _WEEKDAY_FIRST.match(s)
    if weekday:
        return _shift_weekday(weekday, days)
    for form, rx in _FORMS:
        m = rx.match(s)
        if m:
            try:
                return _RENDER[form](m, days)
            except (ValueError, OverflowError):
                return None
    return None


def _shift(y: int, mo: int, d: int, days: int) -> dt.date:
    return dt.date(y, mo, d) + dt.timedelta(days=days)


def _r_zh(m: re.Match, days: int) -> str:
    has_day = m["d"] is not None
    new = _shift(int(m["y"]), int(m["m"]), int(m["d"] or 15), days)
    return f"{new.year}年{new.month}月{new.day}日" if has_day else f"{new.year}年{new.month}月"


def _r_iso(m: re.Match, days: int) -> str:
    new = _shift(int(m["y"]), int(m["m"]), int(m["d"]), days)
    sep = m["sep"]
    return f"{new.year}{sep}{new.month:02d}{sep}{new.day:02d}"


def _r_mdy(m: re.Match, days: int) -> str:
    year, has_year = _year(m["y"])
    new = _shift(year, int(m["m"]), int(m["d"]), days)
    sep = m["sep"]
    out = f"{new.month}{sep}{new.day}"
    return out + (f"{sep}{_fmt_like(m['y'], new.year)}" if has_year else "")


def _r_dmony(m: re.Match, days: int) -> str:
    year, has_year = _year(m["y"])
    new = _shift(year, MONTHS[m["mon"][:3].lower()], int(m["d"]), days)
    mon = MONTH_NAMES[new.month - 1][:3]
    return f"{new.day}-{mon}" + (f"-{_fmt_like(m['y'], new.year)}" if has_year else "")


def _r_mondy(m: re.Match, days: int) -> str:
    year, has_year = _year(m["y"])
    new = _shift(year, MONTHS[m["mon"][:3].lower()], int(m["d"]), days)
    out = f"{MONTH_NAMES[new.month - 1]} {new.day}"
    return out + (f", {new.year}" if has_year else "")


def _r_mony(m: re.Match, days: int) -> str:
    new = _shift(int(m["y"]), MONTHS[m["mon"][:3].lower()], 15, days)
    return f"{MONTH_NAMES[new.month - 1]} {new.year}"


def _r_year(m: re.Match, days: int) -> str:
    year, _ = _year(m["y"])
    new = _shift(year, 7, 1, days)
    return (m["q"] or "") + _fmt_like(m["y"], new.year)


_RENDER: dict[str, Callable[[re.Match, int], str]] = {
    "zh": _r_zh, "iso": _r_iso, "mdy": _r_mdy, "dmony": _r_dmony,
    "mondy": _r_mondy, "mony": _r_mony, "year": _r_year,
}
