"""Plain-text formatting shared by widgets: sizes, times, percentages (readable without colour)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


def size(n: float | None) -> str:
    """Bytes as a short human size (1.5 GiB)."""
    if n is None:
        return "-"
    value = float(n)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(value) < 1024 or unit == "TiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} PiB"


def when(value: Any) -> str:
    """A timestamp (datetime or ISO string) as 'YYYY-MM-DD HH:MM:SS' UTC."""
    if value is None or value == "":
        return "-"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value[:19]
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%d %H:%M:%S")


def duration(seconds: float | None) -> str:
    """Seconds as '3d 4h', '5h 2m', '12m 3s' or '40s'."""
    if seconds is None:
        return "-"
    s = int(seconds)
    days, s = divmod(s, 86400)
    hours, s = divmod(s, 3600)
    minutes, s = divmod(s, 60)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes}m"
    return f"{minutes}m {s}s" if minutes else f"{s}s"


def pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}%"


def yes_no(value: bool | None) -> str:
    return "-" if value is None else ("yes" if value else "no")
