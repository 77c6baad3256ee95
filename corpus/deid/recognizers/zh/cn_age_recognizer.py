"""Ages over 89 in Chinese: 92岁, 九十五岁, 一百零二歲, 年龄：93, 90余岁, 九旬."""

from __future__ import annotations

import re
from typing import Iterator

from corpus.deid.entities import EntityType
from corpus.deid.recognizers.zh._base import Span, ZhRecognizer

_OLD = r"(?:9\d|1[0-4]\d)"
_CN_OLD = r"(?:一百(?:零[一二三四五六七八九]|[一二三四]十[一二三四五六七八九]?|一十[一二三四五六七八九]?)?|九十[一二三四五六七八九]?|百)"
_YEARS = r"(?:周岁|週歲|周歲|岁|歲)"


class CnAgeRecognizer(ZhRecognizer):
    """Finds ages of 90 and above (HIPAA); younger ages and other numbers with units never match."""

    ENTITY = EntityType.AGE.value
    ENTITIES = (ENTITY,)
    PATTERNS = (
        rf"(?<![0-9.]){_OLD}[ ]?(?:多|余|餘|\+)?[ ]?{_YEARS}(?:半)?",
        rf"{_CN_OLD}(?:多|余|餘)?{_YEARS}(?:半)?",
        rf"(?<![0-9.]){_OLD}[ ]?(?:y|Y|yo|yrs|岁龄)(?![A-Za-z])",
        r"(?:九旬|期颐|期頤|百岁老人|百歲老人)",
        rf"(?:年龄|年齡|age|Age|AGE)[ ]?[：:]?[ ]?(?P<v>{_OLD}(?:[ ]?{_YEARS})?)(?![0-9])",
    )
    SCORE = 0.9

    def load(self) -> None:
        """Compile the patterns once."""
        self._compiled = [re.compile(p) for p in self.PATTERNS]

    def find(self, text: str) -> Iterator[Span]:
        """Yield every old-age expression (the number group only after a 年龄 label)."""
        for pattern in self._compiled:
            for m in pattern.finditer(text):
                group = "v" if "v" in pattern.groupindex else 0
                yield Span(m.start(group), m.end(group), self.ENTITY, self.SCORE)
