"""E-mail addresses inside CJK text, where regex word boundaries (\\b) do not separate 邮箱 from the address."""

from __future__ import annotations

import re
from typing import Iterator

from corpus.deid.entities import EntityType
from corpus.deid.recognizers.zh._base import Span, ZhRecognizer


class CjkEmailRecognizer(ZhRecognizer):
    """Finds e-mail addresses bounded by ASCII look-arounds, so adjacent Chinese characters do not hide them."""

    ENTITY = EntityType.EMAIL.value
    ENTITIES = (ENTITY,)
    PATTERN = re.compile(
        r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+[@＠][A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,24}(?![A-Za-z])"
    )
    SCORE = 0.95

    def find(self, text: str) -> Iterator[Span]:
        """Yield every e-mail address."""
        for m in self.PATTERN.finditer(text):
            yield Span(m.start(), m.end(), self.ENTITY, self.SCORE)
