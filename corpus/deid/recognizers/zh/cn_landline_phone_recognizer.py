"""Chinese landline and fax numbers: area code (区号) + 7-8 digits, +86, extensions, 400/800 lines."""

from __future__ import annotations

import re
from typing import Iterator

from corpus.deid.entities import EntityType
from corpus.deid.recognizers.zh._base import Span, ZhRecognizer


class CnLandlinePhoneRecognizer(ZhRecognizer):
    """Finds 0xx(x)-xxxxxxx(x) numbers, bracketed area codes, and bare local numbers after a phone label."""

    ENTITY = EntityType.PHONE.value
    ENTITIES = (ENTITY,)
    EXTENSION = r"(?:[ ]?(?:转|轉|分机|分機|ext\.?|-)[ ]?\d{1,5})?"
    PATTERNS = (
        re.compile(
            r"(?<![0-9A-Za-z.])(?:(?:\+|00)86[ \-]?)?(?:[(（]0?\d{2,3}[)）][ \-]?|0\d{2,3}[ \-]?)"
            r"[2-9]\d{2,3}[ \-]?\d{4}" + EXTENSION + r"(?![0-9A-Za-z])"
        ),
        re.compile(r"(?<![0-9A-Za-z.])[48]00[ \-]?\d{3}[ \-]?\d{4}(?![0-9A-Za-z])"),
    )
    LABELLED = re.compile(
        r"(?:电话|電話|座机|座機|传真|傳真|联系方式|聯繫方式|联系电话|tel|Tel|TEL|Fax|FAX|分机|分機)"
        r"(?:号码|號碼|号|號)?[：:\s]*(?:为|為|是)?[ ]?"
        r"(?P<v>\d{3,4}[ \-]?\d{4}" + EXTENSION + r")(?![0-9A-Za-z])"
    )
    SCORE = 0.85

    def find(self, text: str) -> Iterator[Span]:
        """Yield area-coded numbers anywhere and short local numbers only after a label."""
        for pattern in self.PATTERNS:
            for m in pattern.finditer(text):
                yield Span(m.start(), m.end(), self.ENTITY, self.SCORE)
        for m in self.LABELLED.finditer(text):
            yield Span(m.start("v"), m.end("v"), self.ENTITY, self.SCORE)
