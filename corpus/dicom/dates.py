"""Per-patient shifts of DICOM DA, TM and DT values (Retain Longitudinal ... Modified Dates)."""

from __future__ import annotations

import datetime as dt
import re

_DA = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_TM = re.compile(r"^(\d{2})(\d{2})?(\d{2})?(\.\d{1,6})?$")
_DT = re.compile(r"^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\.\d{1,6})?([+-]\d{4})?$")


class Shift:
    """A fixed offset of whole days plus seconds; intervals between a patient's events survive."""

    def __init__(self, days: int, seconds: int) -> None:
        self.delta = dt.timedelta(days=days, seconds=seconds)
        self.days, self.seconds = days, seconds

    def date(self, value: str) -> str | None:
        """A DA value moved by the day part (None when it is not a full date)."""
        match = _DA.match(value.strip())
        if not match:
            return None
        try:
            day = dt.date(*map(int, match.groups()))
        except ValueError:
            return None
        return (day + dt.timedelta(days=self.days)).strftime("%Y%m%d")

    def time(self, value: str) -> str | None:
        """A TM value moved by the seconds part, wrapping at midnight (None when unparseable)."""
        parsed = _parse_tm(value)
        if parsed is None:
            return None
        moment, frac = parsed
        return _fmt_tm(moment + dt.timedelta(seconds=self.seconds), frac)

    def date_time(self, date_value: str, time_value: str) -> tuple[str, str] | None:
        """A DA + TM pair moved together, so crossing midnight carries into the date."""
        day, parsed = _DA.match(date_value.strip()), _parse_tm(time_value)
        if not day or parsed is None:
            return None
        try:
            base = dt.datetime(*map(int, day.groups()))
        except ValueError:
            return None
        moment, frac = parsed
        new = base + (moment - dt.datetime(1900, 1, 1)) + self.delta
        return new.strftime("%Y%m%d"), _fmt_tm(new, frac)

    def datetime(self, value: str) -> str | None:
        """A DT value moved by the whole offset, keeping its precision and UTC offset."""
        match = _DT.match(value.strip())
        if not match:
            return None
        y, mo, d, h, mi, s, frac, tz = match.groups()
        try:
            moment = dt.datetime(int(y), int(mo or 1), int(d or 1), int(h or 0), int(mi or 0), int(s or 0))
        except ValueError:
            return None
        new = moment + self.delta
        parts = [f"{new.year:04d}", mo and f"{new.month:02d}", d and f"{new.day:02d}", h and f"{new.hour:02d}",
                 mi and f"{new.minute:02d}", s and f"{new.second:02d}"]
        return "".join(p for p in parts if p) + (frac or "") + (tz or "")


def _parse_tm(value: str) -> tuple[dt.datetime, str] | None:
    match = _TM.match(value.strip().replace(":", ""))
    if not match:
        return None
    h, m, s, frac = match.groups()
    try:
        return dt.datetime(1900, 1, 1, int(h), int(m or 0), int(s or 0)), frac or ""
    except ValueError:
        return None


def _fmt_tm(moment: dt.datetime, frac: str) -> str:
    return moment.strftime("%H%M%S") + frac
