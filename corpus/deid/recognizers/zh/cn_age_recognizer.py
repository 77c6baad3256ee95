"""Ages over 89 in Chinese: 92岁, 九十五岁, 一百零二歲, 年龄：93, 90余岁, 九旬; every age with scope ``all``."""

from __future__ import annotations

import re
from typing import Iterator

from corpus.deid.entities import EntityType
from corpus.deid.recognizers.zh._base import Span, ZhRecognizer

_OLD = r"(?:9\d|1[0-4]\d)"
_CN_OLD = r"(?:一百(?:零[一二三四五六七八九]|[一二三四]十[一二三四五六七八九]?|一十[一二三四五六七八九]?)?|九十[一二三四五六七八九]?|百)"
_YEARS = r"(?:周岁|週歲|周歲|岁|歲)"
_ANY = r"(?:1[0-4]\d|[1-9]?\d)"
_CN_ANY = (r"(?:一百(?:零[一二三四五六七八九]|[一二三四]十[一二三四五六七八九]?)?"
           r"|[二两三四五六七八九]?十[一二三四五六七八九]?|[一二两三四五六七八九])")


class CnAgeRecognizer(ZhRecognizer):
    """Finds ages of 90 and above (HIPAA); younger ages too when ``every_age`` (a number with 岁, or after 年龄)."""

    ENTITY = EntityType.AGE.value
    ENTITIES = (ENTITY,)
    PATTERNS = (
        rf"(?<![0-9.]){_OLD}[ ]?(?:多|余|餘|\+)?[ ]?{_YEARS}(?:半)?",
        rf"{_CN_OLD}(?:多|余|餘)?{_YEARS}(?:半)?",
        rf"(?<![0-9.]){_OLD}[ ]?(?:y|Y|yo|yrs|岁龄)(?![A-Za-z])",
        r"(?:九旬|期颐|期頤|百岁老人|百歲老人)",
        rf"(?:年龄|年齡|age|Age|AGE)[ ]?[：:]?[ ]?(?P<v>{_OLD}(?:[ ]?{_YEARS})?)(?![0-9])",
    )
    YOUNG_PATTERNS = (
        rf"(?<![0-9.]){_ANY}[ ]?(?:多|余|餘|\+)?[ ]?{_YEARS}(?:半)?",
        rf"{_CN_ANY}(?:多|余|餘)?{_YEARS}(?:半)?",
        rf"(?:年龄|年齡|age|Age|AGE)[ ]?[：:]?[ ]?(?P<v>{_ANY}(?:[ ]?{_YEARS})?)(?![0-9])",
    )
    SCORE = 0.9

    def __init__(self, supported_language: str = "zh", name: str | None = None, every_age: bool = False) -> None:
        super().__init__(supported_language=supported_language, name=name)
        self.every_age = every_age

    def load(self) -> None:
        """Compile the patterns once."""
        self._compiled = [re.compile(p) for p in self.PATTERNS]
        self._young = [re.compile(p) for p in self.YOUNG_PATTERNS]

    def find(self, text: str) -> Iterator[Span]:
        """Yield every old-age expression (the number group only after a 年龄 label); every age when ``every_age``."""
        for pattern in self._compiled + (self._young if self.every_age else []):
            for m in pattern.finditer(text):
                group = "v" if "v" in pattern.groupindex else 0
                yield Span(m.start(group), m.end(group), self.ENTITY, self.SCORE)
