"""The doctor's result row and small helpers shared by every check module."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

Status = Literal["pass", "warn", "fail", "skip"]


class CheckRow(BaseModel):
    """One doctor check: what was observed, what the profile expects, and what to do."""

    name: str = Field(..., description="Dotted check id, e.g. `gpu.pcie`.")
    status: Status = Field("pass", description="pass, warn, fail or skip.")
    observed: str = Field("", description="What the machine shows.")
    expected: str = Field("", description="What the profile requires.")
    advice: str = Field("", description="What to do when the row is not a pass.")


def row(name: str, status: Status, observed: str, expected: str, advice: str = "") -> CheckRow:
    """Build a row; advice is dropped on a pass so the table stays quiet."""
    return CheckRow(name=name, status=status, observed=observed, expected=expected,
                    advice="" if status == "pass" else advice)


def version_tuple(text: str | None, base: int = 10) -> tuple[int, ...]:
    """'535.104.05' -> (535, 104, 5); VBIOS strings use base 16; non-numeric parts are dropped."""
    if not text:
        return ()
    parts = re.split(r"[.\-+_]", text.strip())
    out: list[int] = []
    for part in parts:
        try:
            out.append(int(part, base))
        except ValueError:
            break
    return tuple(out)


def at_least(observed: str | None, floor: str, base: int = 10) -> bool:
    """True when `observed` is a version >= `floor`."""
    have = version_tuple(observed, base)
    return bool(have) and have >= version_tuple(floor, base)


def gib(n_bytes: float) -> float:
    """Bytes -> GiB, one decimal."""
    return round(n_bytes / 2**30, 1)


def worst(rows: list[CheckRow]) -> Status:
    """The overall status of a list of rows (fail > warn > pass; all skips = skip)."""
    statuses = {r.status for r in rows}
    for status in ("fail", "warn", "pass"):
        if status in statuses:
            return status  # type: ignore[return-value]
    return "skip"
