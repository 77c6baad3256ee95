"""Mainland Chinese mobile numbers: 1[3-9]x xxxx xxxx, optional +86 / 0086, spaces or dashes."""

from __future__ import annotations

import re
from typing import Iterator

from corpus.deid.entities import EntityType
from corpus.deid.recognizers.zh._base import Span, ZhRecognizer


class CnMobilePhoneRecognizer(ZhRecognizer):
    """Finds 11-digit mobile numbers (13x-19x) with or without the country code and separators."""

    ENTITY = EntityType.PHONE.value
    ENTITIES = (ENTITY,)
    PATTERN = re.compile(
        r"(?<![0-9A-Za-z.+])"
        r"(?:(?:\+|00)?86[ \-]?|[(（]\+?86[)）][ \-]?)?"
        r"1[3-9]\d(?:[ \-]?\d{4}){2}"
        r"(?![0-9A-Za-z])"
    )
    SCORE = 0.9

    def find(self, text: str) -> Iterator[Span]:
        """Yield every mobile-shaped number."""
        for m in self.PATTERN.finditer(text):
            yield Span(m.start(), m.end(), self.ENTITY, self.SCORE)
