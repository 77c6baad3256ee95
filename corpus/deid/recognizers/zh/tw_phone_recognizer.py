"""Taiwanese phone numbers: 09xx-xxx-xxx mobiles and (0x) xxxx-xxxx landlines, optional +886."""

from __future__ import annotations

import re
from typing import Iterator

from corpus.deid.entities import EntityType
from corpus.deid.recognizers.zh._base import Span, ZhRecognizer


class TwPhoneRecognizer(ZhRecognizer):
    """Finds Taiwanese mobile and landline numbers in the usual written forms."""

    ENTITY = EntityType.PHONE.value
    ENTITIES = (ENTITY,)
    PATTERNS = (
        re.compile(r"(?<![0-9A-Za-z.])(?:(?:\+|00)886[ \-]?9|09)\d{2}[ \-]?\d{3}[ \-]?\d{3}(?![0-9A-Za-z])"),
        re.compile(
            r"(?<![0-9A-Za-z.])(?:(?:\+|00)886[ \-]?\(?0?\d{1,2}\)?|[(（]0\d{1,2}[)）]|0\d{1,2})"
            r"[ \-]?\d{3,4}[ \-]?\d{4}(?:[ ]?(?:#|分機|轉)[ ]?\d{1,5})?(?![0-9A-Za-z])"
        ),
    )
    SCORE = 0.85

    def find(self, text: str) -> Iterator[Span]:
        """Yield every Taiwanese phone-shaped number."""
        for pattern in self.PATTERNS:
            for m in pattern.finditer(text):
                yield Span(m.start(), m.end(), self.ENTITY, self.SCORE)
