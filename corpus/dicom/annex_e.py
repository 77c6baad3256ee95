"""The PS3.15 Annex E action table (data/annex_e.csv) and how an action is chosen for a tag."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TABLE_PATH = Path(__file__).with_name("data") / "annex_e.csv"

# CID 7050 De-identification Method codes (PS3.16), scheme DCM.
CODE_BASIC = ("113100", "Basic Application Confidentiality Profile")
CODE_CLEAN_PIXELS = ("113101", "Clean Pixel Data Option")
CODE_CLEAN_DESCRIPTORS = ("113105", "Clean Descriptors Option")
CODE_MODIFIED_DATES = ("113107", "Retain Longitudinal Temporal Information Modified Dates Option")
CODE_SAFE_PRIVATE = ("113111", "Retain Safe Private Option")

# Table E.1-1a combinations resolved without per-IOD type information: removal is preferred
# (it never leaks), except X/Z/U* whose sequences are kept with every UID inside replaced.
_RESOLVE = {"X/Z": "X", "X/D": "X", "X/Z/D": "X", "Z/D": "Z", "X/Z/U*": "U*"}
REMOVING = frozenset({"D", "Z", "X", "U", "X/Z", "X/D", "Z/D", "X/Z/D", "X/Z/U*"})


@dataclass(frozen=True)
class AnnexRule:
    """One row of Table E.1-1 (the columns this profile uses)."""

    tag: str
    keyword: str
    vr: str
    basic: str
    modified_dates: str
    clean_descriptors: str

    def action(self, modified_dates: bool, clean_descriptors: bool) -> str:
        """The action to apply under the chosen options: D, Z, X, U, U*, 'C-date' or 'C-text'."""
        if modified_dates and self.modified_dates == "C":
            return "C-date"
        if clean_descriptors and self.clean_descriptors == "C" and self.vr in TEXT_VRS:
            return "C-text"
        return _RESOLVE.get(self.basic, self.basic)


TEXT_VRS = frozenset({"LO", "LT", "SH", "ST", "UT", "UC"})


class ActionTable:
    """Lookup of Annex E rules by tag, including the repeating groups 50xx and 60xx."""

    def __init__(self, rules: list[AnnexRule]) -> None:
        self.rules = rules
        self._exact = {int(r.tag, 16): r for r in rules if "x" not in r.tag}
        self._patterns = [(re.compile("^" + r.tag.replace("x", "[0-9a-f]") + "$"), r) for r in rules if "x" in r.tag]

    def get(self, tag: int) -> AnnexRule | None:
        """The rule for ``tag`` or None (attribute not listed: retained)."""
        rule = self._exact.get(tag)
        if rule is not None or not self._patterns:
            return rule
        group = tag >> 16
        if not (0x5000 <= group <= 0x60FF and group % 2 == 0):
            return None
        text = f"{tag:08x}"
        return next((r for pattern, r in self._patterns if pattern.match(text)), None)


@lru_cache(maxsize=1)
def load_table(path: Path = TABLE_PATH) -> ActionTable:
    """Parse the shipped table once per process."""
    with open(path, encoding="utf-8") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return ActionTable([AnnexRule(**{k: (v or "") for k, v in row.items()}) for row in rows])  # type: ignore[arg-type]
