"""Web addresses inside CJK text: scheme or www. URLs and bare domains, stopping at Chinese characters."""

from __future__ import annotations

import re
from typing import Iterator

from corpus.deid.entities import EntityType
from corpus.deid.recognizers.zh._base import Span, ZhRecognizer


class CjkUrlRecognizer(ZhRecognizer):
    """Finds URLs whose ends touch Chinese text (请访问www.example.cn了解), which \\b-based patterns miss."""

    ENTITY = EntityType.URL.value
    ENTITIES = (ENTITY,)
    TLDS = r"(?:com|cn|net|org|edu|gov|tw|hk|mo|info|io|me|cc|co|top|xyz|site|vip|biz|health|med|hospital)"
    PATTERNS = (
        re.compile(r"(?i)(?<![A-Za-z0-9@])(?:https?://|ftp://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+"),
        re.compile(
            rf"(?i)(?<![A-Za-z0-9@.\-])(?:[A-Za-z0-9\-]+\.)+{TLDS}(?:\.[a-z]{{2}})?(?::\d+)?(?:/[A-Za-z0-9\-._~/?#=&%]*)?(?![A-Za-z0-9@])"
        ),
    )
    SCORE = 0.85

    def find(self, text: str) -> Iterator[Span]:
        """Yield every URL-shaped string, without trailing ASCII punctuation."""
        for pattern in self.PATTERNS:
            for m in pattern.finditer(text):
                end = m.end()
                while end > m.start() and text[end - 1] in ".,;:!?)]'\"":
                    end -= 1
                yield Span(m.start(), end, self.ENTITY, self.SCORE)
