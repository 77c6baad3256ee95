"""Chinese resident identity card numbers (居民身份证号码): 18 digits with checksum, 15-digit legacy."""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from corpus.deid.entities import EntityType
from corpus.deid.recognizers.zh._base import Span, ZhRecognizer


class CnResidentIdRecognizer(ZhRecognizer):
    """Finds 18-digit IDs (region, birth date, ISO 7064 MOD 11-2 check) and 15-digit legacy IDs."""

    ENTITY = EntityType.CN_RESIDENT_ID.value
    ENTITIES = (ENTITY,)
    PATTERN_18 = re.compile(
        r"(?<![0-9A-Za-z])([1-9]\d{5})[ ]?((?:18|19|20)\d{2})(\d{2})(\d{2})[ ]?(\d{3}[0-9Xx])(?![0-9A-Za-z])"
    )
    PATTERN_15 = re.compile(r"(?<![0-9A-Za-z])([1-9]\d{5})(\d{2})(\d{2})(\d{2})(\d{3})(?![0-9A-Za-z])")
    # Labels before a number whose checksum fails: a mistyped ID is still an identifier.
    CONTEXT = re.compile(r"(身份证|身份證|证件|證件|公民身份|ID|身份号|身份號)[^\n]{0,8}$")
    PROVINCE_CODES = frozenset(
        [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46]
        + [50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91]
    )
    WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    CHECK_CODES = "10X98765432"
    SCORE_VALID = 1.0
    SCORE_CONTEXT_ONLY = 0.6

    def find(self, text: str) -> Iterator[Span]:
        """Yield valid IDs, and checksum-failing 18-digit ones only right after an ID label."""
        for m in self.PATTERN_18.finditer(text):
            if not self._plausible(m.group(1), m.group(2), m.group(3), m.group(4)):
                continue
            digits = re.sub(r"\s", "", m.group(0))
            if self.checksum_ok(digits):
                yield Span(m.start(), m.end(), self.ENTITY, self.SCORE_VALID)
            elif self.CONTEXT.search(text[max(0, m.start() - 16) : m.start()]):
                yield Span(m.start(), m.end(), self.ENTITY, self.SCORE_CONTEXT_ONLY)
        for m in self.PATTERN_15.finditer(text):
            if self._plausible(m.group(1), "19" + m.group(2), m.group(3), m.group(4)):
                score = self.SCORE_VALID if self.CONTEXT.search(text[max(0, m.start() - 16) : m.start()]) else 0.5
                yield Span(m.start(), m.end(), self.ENTITY, score)

    def _plausible(self, region: str, year: str, month: str, day: str) -> bool:
        if int(region[:2]) not in self.PROVINCE_CODES:
            return False
        try:
            born = dt.date(int(year), int(month), int(day))
        except ValueError:
            return False
        return dt.date(1880, 1, 1) <= born <= dt.date.today()

    @classmethod
    def checksum_ok(cls, digits: str) -> bool:
        """ISO 7064 MOD 11-2 check of an 18-character ID."""
        total = sum(int(d) * w for d, w in zip(digits[:17], cls.WEIGHTS))
        return cls.CHECK_CODES[total % 11] == digits[17].upper()
